#pragma once
// TensorView -> LibTorch tensor, and strict by-name weight loading for the
// model families. LibTorch-free header (at::Tensor is only forward-declared);
// include it from core/nn/*.cpp only.
#include "core/weights/safetensors.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace wb {

// A tensor over the view's bytes, with the view's dtype (F32/F16/BF16/F64/
// I64/I32/I16/I8/U8/BOOL). Without `copy` it aliases the bytes (zero copy; the
// caller keeps them alive and must not write to the tensor) unless they are not
// aligned for the element type, in which case it copies. With `copy` the
// result owns its storage. Throws wb::Error naming the tensor for Q8_0 or a
// byte count that disagrees with the shape.
at::Tensor toTorch(const TensorView& view, bool copy = false);

// Hands out a checkpoint's tensors by name, as fp32, checking each shape, and
// at the end checks that every tensor was used. The checkpoint must outlive
// the tensors (F32 ones alias its mapping).
class WeightLoader {
public:
    // `ignorable`: names of tensors that may be present but are not weights
    // (e.g. GPT-2's causal-mask buffers).
    WeightLoader(const ShardedCheckpoint& ckpt, std::string nameForErrors,
                 std::function<bool(const std::string&)> ignorable = {});
    // Large weights (takeWeight) are held in this type: BF16 tensors of a BF16
    // checkpoint alias the file. `progress` gets (bytes taken, checkpoint bytes).
    void setWeightType(bool bf16) { bf16_ = bf16; }
    void setProgress(std::function<void(uint64_t, uint64_t)> progress) { progress_ = std::move(progress); }

    bool has(const std::string& name) const;
    // Throws wb::Error naming the tensor when it is missing, not a float type,
    // or its shape differs from `shape` (both shapes in the message).
    at::Tensor take(const std::string& name, const std::vector<int64_t>& shape);
    // Same, for matrices and embedding tables: in the weight type.
    at::Tensor takeWeight(const std::string& name, const std::vector<int64_t>& shape);
    // A matrix of `shape` [rows, cols], returned transposed: a contiguous
    // [cols, rows] copy in the weight type (the file's pages are released).
    at::Tensor takeWeightTransposed(const std::string& name, const std::vector<int64_t>& shape);
    // Throws wb::Error naming the first tensor not taken (and not ignorable).
    void finish() const;

private:
    const ShardedCheckpoint& ckpt_;
    std::string name_;
    std::function<bool(const std::string&)> ignorable_;
    std::set<std::string> taken_;
    bool bf16_ = false;
    std::function<void(uint64_t, uint64_t)> progress_;
    uint64_t bytesTaken_ = 0;
    uint64_t bytesTotal_ = 0;

    const TensorView& check(const std::string& name, const std::vector<int64_t>& shape);
};

} // namespace wb
