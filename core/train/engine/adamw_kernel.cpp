#include "core/train/engine/adamw_kernel.h"

#include <immintrin.h>

#include <cmath>

namespace wb {
namespace {

void adamwScalar(const AdamwStep& s, float* p, const float* grad, float* m, float* v, int64_t begin, int64_t end)
{
    for (int64_t i = begin; i < end; ++i) {
        const float g = grad[i] * s.gradScale;
        m[i] = m[i] * s.beta1 + g * (1.0f - s.beta1);
        v[i] = v[i] * s.beta2 + g * g * (1.0f - s.beta2);
        const float denom = std::sqrt(v[i]) / s.bias2Sqrt + s.eps;
        p[i] = p[i] * s.decay - s.stepSize * (m[i] / denom);
    }
}

// "avx2" without "fma": the compiler cannot contract a * b + c, which keeps
// the rounding of the scalar loop.
__attribute__((target("avx2"))) int64_t adamwAvx2(const AdamwStep& s, float* p, const float* grad, float* m, float* v,
                                                  int64_t n)
{
    const __m256 scale = _mm256_set1_ps(s.gradScale), b1 = _mm256_set1_ps(s.beta1),
                 oneMinusB1 = _mm256_set1_ps(1.0f - s.beta1), b2 = _mm256_set1_ps(s.beta2),
                 oneMinusB2 = _mm256_set1_ps(1.0f - s.beta2), bias2 = _mm256_set1_ps(s.bias2Sqrt),
                 eps = _mm256_set1_ps(s.eps), decay = _mm256_set1_ps(s.decay), step = _mm256_set1_ps(s.stepSize);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 g = _mm256_mul_ps(_mm256_loadu_ps(grad + i), scale);
        const __m256 mi = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(m + i), b1), _mm256_mul_ps(g, oneMinusB1));
        const __m256 vi =
            _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(v + i), b2), _mm256_mul_ps(_mm256_mul_ps(g, g), oneMinusB2));
        const __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), bias2), eps);
        const __m256 pi = _mm256_sub_ps(_mm256_mul_ps(_mm256_loadu_ps(p + i), decay),
                                        _mm256_mul_ps(step, _mm256_div_ps(mi, denom)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(p + i, pi);
    }
    return i;
}

} // namespace

void adamwUpdate(const AdamwStep& s, float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
                 bool simd)
{
    static const bool hasAvx2 = __builtin_cpu_supports("avx2");
    const int64_t done = simd && hasAvx2 ? adamwAvx2(s, param, grad, expAvg, expAvgSq, n) : 0;
    adamwScalar(s, param, grad, expAvg, expAvgSq, done, n);
}

} // namespace wb
