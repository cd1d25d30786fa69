#pragma once
// Internal to core/nn: hand-written causal self-attention (LibTorch 1.13 has
// no scaled_dot_product_attention).
#include <optional>
#include <vector>

namespace at {
class Tensor;
}

namespace wb {

// q, k, v: [H, T, D] (k/v already expanded to H heads) -> [H, T, D].
// Position i attends to j <= i, and j > i - window when a window is given.
at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                           std::optional<int> window = std::nullopt);

// Throws wb::Error unless ids is non-empty and every id is in [0, vocab).
void checkTokenIds(const std::vector<int>& ids, int vocab);

} // namespace wb
