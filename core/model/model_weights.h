#pragma once
// Tensors that own their bytes, and a model as a configuration plus such
// tensors: what random initialisation and the GGUF / llama2.c importers
// produce, and what the exporters take (as views).
#include "core/model/config.h"
#include "core/weights/tensor_view.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

struct OwnedTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;   // row-major
    std::vector<uint8_t> bytes;

    // A view over `bytes`; valid while this tensor lives and is not resized.
    TensorView view() const;

    // `values` (numel(shape) floats) stored as F32, F16 or BF16 (round to
    // nearest even). Throws wb::Error naming the tensor for another dtype or
    // a count that disagrees with the shape.
    static OwnedTensor fromFloats(std::string name, std::vector<int64_t> shape, std::span<const float> values,
                                  DType dtype = DType::F32);
    // A copy of the view's bytes (same dtype).
    static OwnedTensor copyOf(const TensorView& v);
};

struct ModelWeights {
    ModelConfig config;
    std::vector<OwnedTensor> tensors;   // Hugging Face names

    std::vector<TensorView> views() const;
};

// Output dtypes of the exporters: "f32" "f16" "bf16" "q8_0" (case-insensitive).
// Throws wb::Error naming the value and the accepted ones.
DType exportDTypeFromString(std::string_view s);
// "f32" "f16" "bf16" "q8_0".
std::string exportDTypeName(DType t);

} // namespace wb
