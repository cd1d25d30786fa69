#pragma once
// PyTorch's AdamW update over flat float buffers, in one pass (the step is
// memory bound: seven streams of n floats). No LibTorch here, so the kernel
// can be tested on its own.
#include <cstdint>

namespace wb {

struct AdamwStep {
    float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
    float bias2Sqrt = 1;   // sqrt(1 - beta2^t)
    float stepSize = 0;    // lr / (1 - beta1^t)
    float gradScale = 1;   // the clipping coefficient
    float decay = 1;       // 1 - lr * weight_decay, or 1
};

// For i in [0, n): g = grad[i] * gradScale; m = beta1 m + (1 - beta1) g;
// v = beta2 v + (1 - beta2) g^2; p = p * decay - stepSize * m / (sqrt(v) / bias2Sqrt + eps).
// With simd on an AVX2 CPU eight floats at a time, with the same operations in
// the same order and no fused multiply-add, so the result is bit-identical to
// the scalar loop.
void adamwUpdate(const AdamwStep& s, float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
                 bool simd = true);

} // namespace wb
