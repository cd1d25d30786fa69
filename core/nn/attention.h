#pragma once
// Internal to core/nn (LibTorch .cpp files only): causal self-attention over a
// KV cache, and the cache itself.
#include "core/nn/causal_lm.h"

#include <ATen/core/Tensor.h>

#include <optional>
#include <vector>

namespace wb {

// q: [H, Tq, D]; k, v: [KV, Tk, D] with H a multiple of KV (grouped-query:
// query head h uses key/value head h / (H / KV)); Tk >= Tq. Query i sits at
// absolute position Tk - Tq + i and attends to keys j <= that position, and
// j > position - window when a window is given. Returns [H, Tq, D].
// LibTorch >= 2.0 runs scaled_dot_product_attention; 1.13 a hand-written one.
at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           std::optional<int> window = std::nullopt);

// Throws wb::Error unless ids is non-empty and every id is in [0, vocab).
void checkTokenIds(const std::vector<int>& ids, int vocab);

// Per layer keys and values, preallocated: [KV, capacity, D] fp32 each.
class TorchKvCache final : public KvCache {
public:
    TorchKvCache(int layers, int64_t kvHeads, int capacity, int64_t headDim, const void* owner);
    int length() const override { return length_; }
    int capacity() const override { return capacity_; }
    void truncate(int n) override;
    uint64_t bytes() const override;

    // Checks that `owner` made this cache and that n more tokens fit; throws wb::Error.
    void checkAppend(const void* owner, int n) const;
    // Writes the new keys/values [KV, n, D] of `layer` at positions length()...
    // and returns views of everything held so far: [KV, length()+n, D].
    std::pair<at::Tensor, at::Tensor> append(int layer, const at::Tensor& k, const at::Tensor& v);
    // Advances length() by n after every layer has appended.
    void commit(int n) { length_ += n; }
    // Raw storage of `layer` for the batch-1 fast path (fast_decode.cpp):
    // [KV, capacity, D] fp32, contiguous; positions >= length() are free.
    float* keyData(int layer) { return k_[layer].data_ptr<float>(); }
    float* valueData(int layer) { return v_[layer].data_ptr<float>(); }

private:
    std::vector<at::Tensor> k_, v_;   // per layer [KV, capacity, D]
    int capacity_ = 0;
    int length_ = 0;
    const void* owner_ = nullptr;
};

// Shared checks for step(): the cache belongs to the model, ids are in the
// vocabulary, and they fit (also within max_position_embeddings).
TorchKvCache& checkedCache(KvCache& cache, const void* owner, const std::vector<int>& ids, const ModelConfig& c);
// The capacity check for newCache().
void checkCacheCapacity(int capacity, const ModelConfig& c);

// x @ W^T (+ b) with W in fp32 or bf16; x and the result stay fp32. With bf16
// weights x is rounded to bf16 first, as bf16 inference does everywhere. On a
// CPU without bf16 matrix instructions the products of the bf16 values are
// summed in fp32 through the fp32 GEMM (30x faster there than LibTorch's bf16
// loop, and the result is not rounded to bf16); with them LibTorch's bf16
// matmul runs, whose result is rounded to bf16.
at::Tensor linearMixed(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias = {});
// Rows of a (possibly bf16) table as fp32: [n, C].
at::Tensor embeddingRows(const at::Tensor& table, const at::Tensor& ids);

// A flat float vector from an fp32 tensor.
std::vector<float> toVector(const at::Tensor& t);

} // namespace wb
