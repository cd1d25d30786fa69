#pragma once
// The output layer and the cross-entropy in one, a chunk of rows at a time
// (LibTorch .cpp files only). The [N, V] logits never exist whole: with a
// 151,936-token vocabulary (Qwen2) 4,096 rows of them are 2.5 GB in fp32, and
// the unfused loss keeps three such tensors (logits, log-softmax, gradient).
// Rows whose label is kIgnoreLabel cost nothing: SFT prompts get no logits.
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace wb {

// Sum over rows with a label of -log softmax(hidden[i] . weight^T)[label[i]].
// hidden: [N, C]; weight: [V, C]; labels: [N] int64 (kIgnoreLabel: skipped).
// Returns an fp32 scalar. With gradients on, the gradients of hidden and
// weight are computed here, chunk by chunk, and backward only scales them.
// chunkRows <= 0 picks at least 512 rows and up to 64M logits (256 MB) per
// chunk. Under bf16 autocast
// the matmuls run in bf16 and the softmax in fp32.
at::Tensor headLossSum(const at::Tensor& hidden, const at::Tensor& weight, const at::Tensor& labels,
                       int64_t chunkRows = 0);

} // namespace wb
