#pragma once
// A typed, shaped, non-owning view of tensor bytes inside a weight file (or any
// buffer). Qt-free and LibTorch-free: the model code converts views to tensors.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// Q8_0 is GGML's 8-bit block format: blocks of 32 values along the last
// (row-major) dimension, each an fp16 scale followed by 32 int8.
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL, Q8_0 };

// Names as safetensors writes them: "F32" "F16" "BF16" "F64" "I64" "I32" "I16"
// "I8" "U8" "BOOL"; Q8_0 is "Q8_0".
std::string_view dtypeName(DType t);
std::optional<DType> dtypeFromName(std::string_view name);

// Values per storage block (32 for Q8_0, else 1) and bytes per block.
size_t dtypeBlockValues(DType t);
size_t dtypeBlockBytes(DType t);
// Bytes per element for the plain (non-block) types; 0 for Q8_0.
size_t dtypeSize(DType t);

// Product of the dims, or nullopt when a dim is negative or the product
// overflows int64.
std::optional<int64_t> numel(const std::vector<int64_t>& shape);
// Bytes a tensor of this dtype and shape occupies, or nullopt on a negative
// dim, overflow, or (Q8_0) a last dim that is not a multiple of the block.
std::optional<uint64_t> tensorBytes(DType t, const std::vector<int64_t>& shape);

std::string shapeString(const std::vector<int64_t>& shape); // "[2, 3]"

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;    // row-major (PyTorch) order
    const uint8_t* data = nullptr; // nbytes bytes, little-endian, unaligned
    size_t nbytes = 0;
};

} // namespace wb
