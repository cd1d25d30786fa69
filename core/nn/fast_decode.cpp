// Batch-1 decode kernels and the single-token forward passes; see fast_decode.h.
//
// Layout of the file: bf16 helpers, scalar kernels, AVX2/FMA kernels (built
// with a target attribute, chosen at run time), the tensor views, the worker
// pool, and the GPT-2 and Llama forward passes.
#include "core/nn/fast_decode.h"
#include "core/nn/worker_pool.h"

#include "core/data/record.h"
#include "core/nn/attention.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_X86 1
#define WB_AVX2 __attribute__((target("avx2,fma")))
#else
#define WB_X86 0
#endif

namespace wb::fastdecode {
namespace {

// ---------------------------------------------------------------- bf16 ----

inline float bf16ToFloat(uint16_t b)
{
    const uint32_t u = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

inline const float* f32(const Matrix& w) { return static_cast<const float*>(w.data); }
inline const uint16_t* bf16(const Matrix& w) { return static_cast<const uint16_t*>(w.data); }

// Scratch that lives as long as its thread (the pool's threads persist), so a
// step allocates nothing in the kernels after the first token.
float* threadScratch(int slot, int64_t n)
{
    thread_local std::vector<float> buffers[2];
    std::vector<float>& b = buffers[slot];
    if (int64_t(b.size()) < n) b.resize(size_t(n));
    return b.data();
}

// -------------------------------------------------------------- scalar ----

void dotRowsScalar(const Matrix& w, const float* x, const float* bias, float* y, int64_t r0, int64_t r1)
{
    const int64_t n = w.cols;
    for (int64_t r = r0; r < r1; ++r) {
        float s = 0;
        if (w.bf16) {
            const uint16_t* a = bf16(w) + r * n;
            for (int64_t c = 0; c < n; ++c) s += bf16ToFloat(a[c]) * x[c];
        } else {
            const float* a = f32(w) + r * n;
            for (int64_t c = 0; c < n; ++c) s += a[c] * x[c];
        }
        y[r - r0] = s + (bias ? bias[r] : 0.f);
    }
}

void axpyColsScalar(const Matrix& w, const float* x, const float* bias, float* y, int64_t c0, int64_t c1)
{
    const int64_t m = c1 - c0, out = w.cols;
    std::fill(y, y + m, 0.f);
    for (int64_t i = 0; i < w.rows; ++i) {
        const float xi = x[i];
        if (w.bf16) {
            const uint16_t* a = bf16(w) + i * out + c0;
            for (int64_t c = 0; c < m; ++c) y[c] += bf16ToFloat(a[c]) * xi;
        } else {
            const float* a = f32(w) + i * out + c0;
            for (int64_t c = 0; c < m; ++c) y[c] += a[c] * xi;
        }
    }
    if (bias)
        for (int64_t c = 0; c < m; ++c) y[c] += bias[c0 + c];
}

void layerNormScalar(const float* x, const float* weight, const float* bias, float eps, int64_t n, float* out)
{
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) sum += x[i];
    const double mean = sum / double(n);
    double var = 0;
    for (int64_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    const float rstd = float(1.0 / std::sqrt(var / double(n) + eps));
    const float meanF = float(mean);
    for (int64_t i = 0; i < n; ++i) out[i] = (x[i] - meanF) * rstd * weight[i] + bias[i];
}

void rmsNormScalar(const float* x, const float* weight, float eps, int64_t n, float* out)
{
    double squares = 0;
    for (int64_t i = 0; i < n; ++i) squares += double(x[i]) * x[i];
    const float r = float(1.0 / std::sqrt(squares / double(n) + eps));
    for (int64_t i = 0; i < n; ++i) out[i] = x[i] * r * weight[i];
}

constexpr float kGeluScale = 0.7978845608028654f;   // sqrt(2 / pi)

void geluTanhScalar(float* x, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        const float v = x[i];
        x[i] = 0.5f * v * (1.f + std::tanh(kGeluScale * (v + 0.044715f * v * v * v)));
    }
}

void geluErf(float* x, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) x[i] = 0.5f * x[i] * (1.f + std::erf(x[i] * 0.70710678118654752f));
}

void siluMulScalar(float* gate, const float* up, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) gate[i] = gate[i] / (1.f + std::exp(-gate[i])) * up[i];
}

void attendHeadScalar(const float* q, const float* keys, const float* values, int64_t j0, int64_t j1, int64_t D,
                      float scale, float* scores, float* out)
{
    const int64_t n = j1 - j0;
    float top = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < n; ++j) {
        const float* k = keys + (j0 + j) * D;
        float s = 0;
        for (int64_t d = 0; d < D; ++d) s += q[d] * k[d];
        scores[j] = s * scale;
        top = std::max(top, scores[j]);
    }
    float total = 0;
    for (int64_t j = 0; j < n; ++j) {
        scores[j] = std::exp(scores[j] - top);
        total += scores[j];
    }
    std::fill(out, out + D, 0.f);
    for (int64_t j = 0; j < n; ++j) {
        const float* v = values + (j0 + j) * D;
        for (int64_t d = 0; d < D; ++d) out[d] += scores[j] * v[d];
    }
    const float inv = 1.f / total;
    for (int64_t d = 0; d < D; ++d) out[d] *= inv;
}

const Kernels kScalar = {dotRowsScalar, axpyColsScalar, layerNormScalar, rmsNormScalar,
                         geluTanhScalar, siluMulScalar,  attendHeadScalar};

// ---------------------------------------------------------------- AVX2 ----
#if WB_X86

WB_AVX2 inline float hsum(__m256 v)
{
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// bf16 pairs in 32-bit lanes: the even element (low half) and the odd one
// (high half) as fp32, without a conversion instruction.
WB_AVX2 inline __m256 evenBf16(__m256i v) { return _mm256_castsi256_ps(_mm256_slli_epi32(v, 16)); }
WB_AVX2 inline __m256 oddBf16(__m256i v)
{
    return _mm256_castsi256_ps(_mm256_and_si256(v, _mm256_set1_epi32(int(0xFFFF0000u))));
}

// exp(x), Cephes polynomial (relative error ~2e-7); x is clamped to [-87.3, 88.3].
WB_AVX2 inline __m256 exp256(__m256 x)
{
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.3f));
    const __m256 fx = _mm256_floor_ps(_mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), _mm256_set1_ps(0.5f)));
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, x, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.f)));
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(fx), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

WB_AVX2 inline float dotAvx2(const float* a, const float* b, int64_t n)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float s = hsum(_mm256_add_ps(s0, s1));
    for (; i < n; ++i) s += a[i] * b[i];
    return s;
}

// R rows of an fp32 [*, n] matrix dotted with x: out[0..R).
template <int R>
WB_AVX2 inline void dotBlockF32(const float* W, int64_t n, const float* x, float* out)
{
    __m256 a[R], b[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) a[i] = b[i] = _mm256_setzero_ps();
    int64_t c = 0;
    for (; c + 16 <= n; c += 16) {
        const __m256 x0 = _mm256_loadu_ps(x + c), x1 = _mm256_loadu_ps(x + c + 8);
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) {
            a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(W + i * n + c), x0, a[i]);
            b[i] = _mm256_fmadd_ps(_mm256_loadu_ps(W + i * n + c + 8), x1, b[i]);
        }
    }
    for (; c + 8 <= n; c += 8) {
        const __m256 x0 = _mm256_loadu_ps(x + c);
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) a[i] = _mm256_fmadd_ps(_mm256_loadu_ps(W + i * n + c), x0, a[i]);
    }
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) {
        float s = hsum(_mm256_add_ps(a[i], b[i]));
        for (int64_t t = c; t < n; ++t) s += W[i * n + t] * x[t];
        out[i] = s;
    }
}

// Same for bf16 rows; xs holds x with each 16-element chunk split into its
// even and odd elements (see evenBf16), for the first n & ~15 elements.
template <int R>
WB_AVX2 inline void dotBlockBf16(const uint16_t* W, int64_t n, const float* xs, const float* x, float* out)
{
    __m256 a[R], b[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) a[i] = b[i] = _mm256_setzero_ps();
    int64_t c = 0;
    for (; c + 16 <= n; c += 16) {
        const __m256 xe = _mm256_loadu_ps(xs + c), xo = _mm256_loadu_ps(xs + c + 8);
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) {
            const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W + i * n + c));
            a[i] = _mm256_fmadd_ps(evenBf16(v), xe, a[i]);
            b[i] = _mm256_fmadd_ps(oddBf16(v), xo, b[i]);
        }
    }
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) {
        float s = hsum(_mm256_add_ps(a[i], b[i]));
        for (int64_t t = c; t < n; ++t) s += bf16ToFloat(W[i * n + t]) * x[t];
        out[i] = s;
    }
}

// Each 16-element chunk of x as its 8 even then its 8 odd elements.
void splitEvenOdd(const float* x, int64_t n16, float* xs)
{
    for (int64_t c = 0; c < n16; c += 16)
        for (int j = 0; j < 8; ++j) {
            xs[c + j] = x[c + 2 * j];
            xs[c + 8 + j] = x[c + 2 * j + 1];
        }
}

WB_AVX2 void dotRowsAvx2(const Matrix& w, const float* x, const float* bias, float* y, int64_t r0, int64_t r1)
{
    const int64_t n = w.cols;
    // Rows per pass: 4 fp32 rows; 8 bf16 rows, which measured 14% faster than 4
    // on 1 thread and 5% on 2 (Zen 3), though 16 accumulators spill a little.
    constexpr int R = 4, Rb = 8;
    int64_t r = r0;
    if (w.bf16) {
        float* xs = threadScratch(0, n);
        splitEvenOdd(x, n & ~int64_t(15), xs);
        for (; r + Rb <= r1; r += Rb) dotBlockBf16<Rb>(bf16(w) + r * n, n, xs, x, y + (r - r0));
        for (; r < r1; ++r) dotBlockBf16<1>(bf16(w) + r * n, n, xs, x, y + (r - r0));
    } else {
        for (; r + R <= r1; r += R) dotBlockF32<R>(f32(w) + r * n, n, x, y + (r - r0));
        for (; r < r1; ++r) dotBlockF32<1>(f32(w) + r * n, n, x, y + (r - r0));
    }
    if (bias)
        for (int64_t i = r0; i < r1; ++i) y[i - r0] += bias[i];
}

// y[0..m) += sum over R rows of x[i] * W[i, c0 + c]; rows are `stride` apart.
template <int R>
WB_AVX2 inline void axpyBlockF32(const float* W, int64_t stride, const float* x, float* y, int64_t m)
{
    __m256 xb[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) xb[i] = _mm256_set1_ps(x[i]);
    int64_t c = 0;
    for (; c + 8 <= m; c += 8) {
        __m256 acc = _mm256_loadu_ps(y + c);
        __m256 other = _mm256_setzero_ps();
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) {
            if (i % 2 == 0) acc = _mm256_fmadd_ps(_mm256_loadu_ps(W + i * stride + c), xb[i], acc);
            else other = _mm256_fmadd_ps(_mm256_loadu_ps(W + i * stride + c), xb[i], other);
        }
        _mm256_storeu_ps(y + c, _mm256_add_ps(acc, other));
    }
    for (; c < m; ++c) {
        float s = y[c];
        for (int i = 0; i < R; ++i) s += W[i * stride + c] * x[i];
        y[c] = s;
    }
}

// bf16 version: yp holds the first m & ~15 outputs with each 16-chunk split
// into even and odd columns; yt the remaining m % 16 in order.
template <int R>
WB_AVX2 inline void axpyBlockBf16(const uint16_t* W, int64_t stride, const float* x, float* yp, float* yt, int64_t m)
{
    __m256 xb[R];
#pragma GCC unroll 8
    for (int i = 0; i < R; ++i) xb[i] = _mm256_set1_ps(x[i]);
    const int64_t m16 = m & ~int64_t(15);
    for (int64_t c = 0; c < m16; c += 16) {
        __m256 ye = _mm256_loadu_ps(yp + c), yo = _mm256_loadu_ps(yp + c + 8);
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) {
            const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(W + i * stride + c));
            ye = _mm256_fmadd_ps(evenBf16(v), xb[i], ye);
            yo = _mm256_fmadd_ps(oddBf16(v), xb[i], yo);
        }
        _mm256_storeu_ps(yp + c, ye);
        _mm256_storeu_ps(yp + c + 8, yo);
    }
    for (int64_t c = m16; c < m; ++c) {
        float s = yt[c - m16];
        for (int i = 0; i < R; ++i) s += bf16ToFloat(W[i * stride + c]) * x[i];
        yt[c - m16] = s;
    }
}

WB_AVX2 void axpyColsAvx2(const Matrix& w, const float* x, const float* bias, float* y, int64_t c0, int64_t c1)
{
    const int64_t m = c1 - c0, in = w.rows, stride = w.cols;
    // Four rows per pass: four sequential weight streams per thread, and the
    // outputs (a few KB) stay in L1 between passes.
    constexpr int R = 4;
    int64_t i = 0;
    if (w.bf16) {
        const int64_t m16 = m & ~int64_t(15);
        float* yp = threadScratch(1, m16 + 16);
        float* yt = yp + m16;
        std::fill(yp, yp + m16 + 16, 0.f);
        const uint16_t* W = bf16(w) + c0;
        for (; i + R <= in; i += R) axpyBlockBf16<R>(W + i * stride, stride, x + i, yp, yt, m);
        for (; i < in; ++i) axpyBlockBf16<1>(W + i * stride, stride, x + i, yp, yt, m);
        for (int64_t c = 0; c < m16; c += 16)
            for (int j = 0; j < 8; ++j) {
                y[c + 2 * j] = yp[c + j];
                y[c + 2 * j + 1] = yp[c + 8 + j];
            }
        std::copy(yt, yt + (m - m16), y + m16);
    } else {
        std::fill(y, y + m, 0.f);
        const float* W = f32(w) + c0;
        for (; i + R <= in; i += R) axpyBlockF32<R>(W + i * stride, stride, x + i, y, m);
        for (; i < in; ++i) axpyBlockF32<1>(W + i * stride, stride, x + i, y, m);
    }
    if (bias)
        for (int64_t c = 0; c < m; ++c) y[c] += bias[c0 + c];
}

WB_AVX2 void layerNormAvx2(const float* x, const float* weight, const float* bias, float eps, int64_t n, float* out)
{
    __m256 s = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) s = _mm256_add_ps(s, _mm256_loadu_ps(x + i));
    float sum = hsum(s);
    for (; i < n; ++i) sum += x[i];
    const float mean = sum / float(n);
    const __m256 m = _mm256_set1_ps(mean);
    __m256 v = _mm256_setzero_ps();
    for (i = 0; i + 8 <= n; i += 8) {
        const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), m);
        v = _mm256_fmadd_ps(d, d, v);
    }
    float var = hsum(v);
    for (; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    const float rstd = 1.f / std::sqrt(var / float(n) + eps);
    const __m256 r = _mm256_set1_ps(rstd);
    for (i = 0; i + 8 <= n; i += 8) {
        const __m256 d = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), m), r);
        _mm256_storeu_ps(out + i, _mm256_fmadd_ps(d, _mm256_loadu_ps(weight + i), _mm256_loadu_ps(bias + i)));
    }
    for (; i < n; ++i) out[i] = (x[i] - mean) * rstd * weight[i] + bias[i];
}

WB_AVX2 void rmsNormAvx2(const float* x, const float* weight, float eps, int64_t n, float* out)
{
    const float r = 1.f / std::sqrt(dotAvx2(x, x, n) / float(n) + eps);
    const __m256 rv = _mm256_set1_ps(r);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(out + i, _mm256_mul_ps(_mm256_mul_ps(_mm256_loadu_ps(x + i), rv), _mm256_loadu_ps(weight + i)));
    for (; i < n; ++i) out[i] = x[i] * r * weight[i];
}

// gelu_tanh(x) = 0.5 x (1 + tanh(u)) = x / (1 + exp(-2u)), u = sqrt(2/pi) (x + 0.044715 x^3).
WB_AVX2 void geluTanhAvx2(float* x, int64_t n)
{
    const __m256 one = _mm256_set1_ps(1.f), c3 = _mm256_set1_ps(0.044715f), k = _mm256_set1_ps(-2.f * kGeluScale);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        const __m256 inner = _mm256_fmadd_ps(_mm256_mul_ps(c3, v), _mm256_mul_ps(v, v), v);   // x + 0.044715 x^3
        const __m256 e = exp256(_mm256_mul_ps(k, inner));
        _mm256_storeu_ps(x + i, _mm256_div_ps(v, _mm256_add_ps(one, e)));
    }
    geluTanhScalar(x + i, n - i);
}

WB_AVX2 void siluMulAvx2(float* gate, const float* up, int64_t n)
{
    const __m256 one = _mm256_set1_ps(1.f), zero = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 g = _mm256_loadu_ps(gate + i);
        const __m256 e = exp256(_mm256_sub_ps(zero, g));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(_mm256_div_ps(g, _mm256_add_ps(one, e)), _mm256_loadu_ps(up + i)));
    }
    siluMulScalar(gate + i, up + i, n - i);
}

WB_AVX2 void attendHeadAvx2(const float* q, const float* keys, const float* values, int64_t j0, int64_t j1,
                            int64_t D, float scale, float* scores, float* out)
{
    const int64_t n = j1 - j0;
    float top = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < n; ++j) {
        scores[j] = dotAvx2(q, keys + (j0 + j) * D, D) * scale;
        top = std::max(top, scores[j]);
    }
    const __m256 t = _mm256_set1_ps(top);
    __m256 sum = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
        const __m256 e = exp256(_mm256_sub_ps(_mm256_loadu_ps(scores + j), t));
        _mm256_storeu_ps(scores + j, e);
        sum = _mm256_add_ps(sum, e);
    }
    float total = hsum(sum);
    for (; j < n; ++j) {
        scores[j] = std::exp(scores[j] - top);
        total += scores[j];
    }
    std::fill(out, out + D, 0.f);
    for (j = 0; j < n; ++j) {
        const float* v = values + (j0 + j) * D;
        const __m256 p = _mm256_set1_ps(scores[j]);
        int64_t d = 0;
        for (; d + 8 <= D; d += 8)
            _mm256_storeu_ps(out + d, _mm256_fmadd_ps(p, _mm256_loadu_ps(v + d), _mm256_loadu_ps(out + d)));
        for (; d < D; ++d) out[d] += scores[j] * v[d];
    }
    const float inv = 1.f / total;
    for (int64_t d = 0; d < D; ++d) out[d] *= inv;
}

const Kernels kAvx2 = {dotRowsAvx2, axpyColsAvx2, layerNormAvx2, rmsNormAvx2,
                       geluTanhAvx2, siluMulAvx2,  attendHeadAvx2};
#endif // WB_X86



// The kernels and the threads of one step.
struct Compute {
    const Kernels& k;
    WorkerPool* pool;   // nullptr: everything on the calling thread

    // f(b, e) over pieces of [0, n) that start on multiples of `align`, so a
    // value does not depend on how the work was split; pieces of at least
    // ~32 KB of weights (`unitBytes` per aligned unit) and minUnits units.
    template <class F>
    void ranges(int64_t n, int64_t align, int64_t unitBytes, int64_t minUnits, const F& f)
    {
        const int64_t units = (n + align - 1) / align;
        if (!pool || pool->threads() == 1) return f(0, n);
        const int64_t minClaim = std::max(minUnits, (int64_t(32) << 10) / std::max<int64_t>(1, unitBytes));
        pool->run(units, minClaim, [&](int64_t b, int64_t e) { f(b * align, std::min(n, e * align)); });
    }

    static int64_t bytesOf(const Matrix& w, int64_t elements) { return elements * (w.bf16 ? 2 : 4); }

    // y = W x (+ b) with W [out, in]; then epilogue(y + r0, r0, r1) on each piece of rows.
    template <class Epilogue>
    void rows(const Matrix& w, const float* x, const float* b, float* y, const Epilogue& epilogue)
    {
        ranges(w.rows, 16, bytesOf(w, 16 * w.cols), 1, [&](int64_t r0, int64_t r1) {
            k.dotRows(w, x, b, y + r0, r0, r1);
            epilogue(y + r0, r0, r1);
        });
    }
    // y = x W (+ b) with W [in, out] (Conv1D); then epilogue on each piece of
    // columns. Pieces are at least 128 columns wide: a narrow column strip
    // reads each row's few bytes at a large stride, which streams badly.
    template <class Epilogue>
    void cols(const Matrix& w, const float* x, const float* b, float* y, const Epilogue& epilogue)
    {
        ranges(w.cols, 16, bytesOf(w, 16 * w.rows), 8, [&](int64_t c0, int64_t c1) {
            k.axpyCols(w, x, b, y + c0, c0, c1);
            epilogue(y + c0, c0, c1);
        });
    }
    // Heads [0, H) of one query over the cache: query head h reads key/value
    // head h / group; positions j0 .. j1-1.
    void attend(const float* q, const float* keys, const float* values, int64_t H, int64_t group, int64_t capacity,
                int64_t D, int64_t j0, int64_t j1, float* out)
    {
        const float scale = 1.f / std::sqrt(float(D));
        ranges(H, 1, 2 * (j1 - j0) * D * 4, 1, [&](int64_t h0, int64_t h1) {
            float* scores = threadScratch(0, j1 - j0);
            for (int64_t h = h0; h < h1; ++h) {
                const int64_t kv = h / group;
                k.attendHead(q + h * D, keys + kv * capacity * D, values + kv * capacity * D, j0, j1, D, scale, scores,
                             out + h * D);
            }
        });
    }
};

const auto noEpilogue = [](float*, int64_t, int64_t) {};

std::vector<float> floats(int64_t n) { return std::vector<float>(size_t(n)); }

void embedRow(const Matrix& table, int id, float* out)
{
    const int64_t C = table.cols;
    if (table.bf16) {
        const uint16_t* row = bf16(table) + int64_t(id) * C;
        for (int64_t c = 0; c < C; ++c) out[c] = bf16ToFloat(row[c]);
    } else {
        std::memcpy(out, f32(table) + int64_t(id) * C, size_t(C) * sizeof(float));
    }
}

// Matmul inputs are rounded to bf16 when the weights are bf16, as in the LibTorch path.
void roundFor(const Matrix& w, float* x, int64_t n)
{
    if (w.bf16) roundToBf16(x, n);
}

// Writes one position's keys or values, [heads * D] head-major, into a cache
// layer [heads, capacity, D].
void storeKv(float* layer, const float* src, int64_t heads, int64_t capacity, int64_t D, int64_t pos)
{
    for (int64_t h = 0; h < heads; ++h)
        std::memcpy(layer + (h * capacity + pos) * D, src + h * D, size_t(D) * sizeof(float));
}

} // namespace

// ------------------------------------------------------------- public ----

bool avx2Available()
{
#if WB_X86
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return available;
#else
    return false;
#endif
}

const Kernels& kernels(KernelSet set)
{
#if WB_X86
    if (set == KernelSet::Avx2) {
        if (!avx2Available()) throw Error("fast decode: this CPU has no AVX2/FMA");
        return kAvx2;
    }
#else
    if (set == KernelSet::Avx2) throw Error("fast decode: AVX2 kernels are not built for this CPU architecture");
#endif
    return kScalar;
}

void roundToBf16(float* x, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        uint32_t u;
        std::memcpy(&u, &x[i], 4);
        if ((u & 0x7F800000u) != 0x7F800000u) u += 0x7FFFu + ((u >> 16) & 1u);   // leave inf/NaN alone
        u &= 0xFFFF0000u;
        std::memcpy(&x[i], &u, 4);
    }
}

DecodePath decodePath()
{
    const char* v = std::getenv("WB_DECODE_PATH");
    if (v && std::strcmp(v, "torch") == 0) return DecodePath::Torch;
    if (v && std::strcmp(v, "scalar") == 0) return DecodePath::FastScalar;
    return DecodePath::FastBest;
}

Matrix matrixOf(const at::Tensor& t, const char* what)
{
    const bool isBf16 = t.scalar_type() == torch::kBFloat16;
    if (t.dim() != 2 || !t.is_contiguous() || (!isBf16 && t.scalar_type() != torch::kFloat32))
        throw Error(std::string("fast decode: tensor \"") + what + "\" is not a contiguous fp32/bf16 matrix");
    return Matrix{t.data_ptr(), isBf16, t.size(0), t.size(1)};
}

const float* floatsOf(const at::Tensor& t, const char* what)
{
    if (!t.defined()) return nullptr;
    if (!t.is_contiguous() || t.scalar_type() != torch::kFloat32)
        throw Error(std::string("fast decode: tensor \"") + what + "\" is not contiguous fp32");
    return t.data_ptr<float>();
}

struct FastDecoder::State {
    std::mutex busy;                    // held by the step that uses the pool
    std::unique_ptr<WorkerPool> pool;   // sized to LibTorch's intra-op thread count
};

FastDecoder::FastDecoder() : state_(std::make_unique<State>()) {}
FastDecoder::~FastDecoder() = default;

namespace {

// The pool for this step (resized when the thread count changed), or none
// when another step on the same model holds it.
WorkerPool* acquirePool(std::unique_ptr<WorkerPool>& pool, std::unique_lock<std::mutex>& lock)
{
    if (!lock.owns_lock()) return nullptr;
    const int threads = std::max(1, at::get_num_threads());
    if (!pool || pool->threads() != threads) {
        pool.reset();
        pool = std::make_unique<WorkerPool>(threads);
    }
    return pool.get();
}

const Kernels& stepKernels()
{
    return decodePath() == DecodePath::FastScalar || !avx2Available() ? kernels(KernelSet::Scalar)
                                                                       : kernels(KernelSet::Avx2);
}

} // namespace

std::vector<float> FastDecoder::step(const Gpt2Weights& w, int id, TorchKvCache& cache)
{
    std::unique_lock<std::mutex> lock(state_->busy, std::try_to_lock);
    Compute run{stepKernels(), acquirePool(state_->pool, lock)};
    const Kernels& k = run.k;
    const int64_t C = w.hidden, H = w.heads, D = C / H, V = w.lmHead.rows;
    const int64_t I = w.layers.empty() ? 0 : (w.conv1dOutFirst ? w.layers.front().fc.rows : w.layers.front().fc.cols);
    const int64_t pos = cache.length(), capacity = cache.capacity();

    std::vector<float> x = floats(C), h = floats(C), qkv = floats(3 * C), attn = floats(C), y = floats(C),
                       inner = floats(I), logits = floats(V);
    embedRow(w.wte, id, x.data());
    for (int64_t c = 0; c < C; ++c) x[c] += w.wpe[pos * C + c];
    const auto addToX = [&](float* part, int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) x[c] += part[c - c0];
    };
    // y = x W + b for a Conv1D weight in either layout.
    const auto conv1d = [&](const Matrix& m, const float* in, const float* bias, float* out, const auto& epilogue) {
        if (w.conv1dOutFirst) run.rows(m, in, bias, out, epilogue);
        else run.cols(m, in, bias, out, epilogue);
    };
    for (size_t l = 0; l < w.layers.size(); ++l) {
        const Gpt2Layer& L = w.layers[l];
        k.layerNorm(x.data(), L.ln1Weight, L.ln1Bias, w.eps, C, h.data());
        roundFor(L.attn, h.data(), C);
        conv1d(L.attn, h.data(), L.attnBias, qkv.data(), noEpilogue);            // [3C] = q | k | v
        float* keys = cache.keyData(int(l));                                       // [H, capacity, D]
        float* values = cache.valueData(int(l));
        storeKv(keys, qkv.data() + C, H, capacity, D, pos);
        storeKv(values, qkv.data() + 2 * C, H, capacity, D, pos);
        run.attend(qkv.data(), keys, values, H, 1, capacity, D, 0, pos + 1, attn.data());
        roundFor(L.attnProj, attn.data(), C);
        conv1d(L.attnProj, attn.data(), L.attnProjBias, y.data(), addToX);
        k.layerNorm(x.data(), L.ln2Weight, L.ln2Bias, w.eps, C, h.data());
        roundFor(L.fc, h.data(), C);
        conv1d(L.fc, h.data(), L.fcBias, inner.data(), [&](float* part, int64_t c0, int64_t c1) {
            if (w.geluTanh) k.geluTanh(part, c1 - c0);
            else geluErf(part, c1 - c0);
            roundFor(L.fcProj, part, c1 - c0);
        });
        conv1d(L.fcProj, inner.data(), L.fcProjBias, y.data(), addToX);
    }
    k.layerNorm(x.data(), w.lnfWeight, w.lnfBias, w.eps, C, h.data());
    roundFor(w.lmHead, h.data(), C);
    run.rows(w.lmHead, h.data(), nullptr, logits.data(), noEpilogue);
    cache.commit(1);
    return logits;
}

std::vector<float> FastDecoder::step(const LlamaWeights& w, int id, TorchKvCache& cache)
{
    std::unique_lock<std::mutex> lock(state_->busy, std::try_to_lock);
    Compute run{stepKernels(), acquirePool(state_->pool, lock)};
    const Kernels& k = run.k;
    const int64_t C = w.hidden, H = w.heads, KV = w.kvHeads, D = w.headDim, V = w.lmHead.rows, half = D / 2;
    const int64_t I = w.layers.empty() ? 0 : w.layers.front().gate.rows;
    const int64_t pos = cache.length(), capacity = cache.capacity();
    const int64_t j0 = w.window ? std::max<int64_t>(0, pos - *w.window + 1) : 0;

    // RoPE for this position, as LibTorch computes it: fp32 angle pos * invFreq.
    std::vector<float> cosines = floats(half), sines = floats(half);
    for (int64_t i = 0; i < half; ++i) {
        const float angle = float(pos) * w.invFreq[i];
        cosines[i] = std::cos(angle);
        sines[i] = std::sin(angle);
    }
    const auto rotate = [&](float* v, int64_t heads) {   // rotate_half convention
        for (int64_t hh = 0; hh < heads; ++hh) {
            float* a = v + hh * D;
            for (int64_t i = 0; i < half; ++i) {
                const float lo = a[i], hi = a[i + half];
                a[i] = lo * cosines[i] - hi * sines[i];
                a[i + half] = hi * cosines[i] + lo * sines[i];
            }
        }
    };

    std::vector<float> x = floats(C), h = floats(C), q = floats(H * D), kk = floats(KV * D), v = floats(KV * D),
                       attn = floats(H * D), y = floats(C), gate = floats(I), up = floats(I), logits = floats(V);
    embedRow(w.embed, id, x.data());
    const auto addToX = [&](float* part, int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) x[r] += part[r - r0];
    };
    for (size_t l = 0; l < w.layers.size(); ++l) {
        const LlamaLayer& L = w.layers[l];
        k.rmsNorm(x.data(), L.inputNorm, w.eps, C, h.data());
        roundFor(L.q, h.data(), C);
        // q, k and v rows as one range split across the threads.
        const int64_t qRows = H * D, kvRows = KV * D;
        run.ranges(qRows + 2 * kvRows, 16, Compute::bytesOf(L.q, 16 * C), 1, [&](int64_t r0, int64_t r1) {
            const auto segment = [&](const Matrix& m, const float* bias, float* out, int64_t first) {
                const int64_t b = std::max(r0, first) - first, e = std::min(r1, first + m.rows) - first;
                if (b < e) k.dotRows(m, h.data(), bias, out + b, b, e);
            };
            segment(L.q, L.qBias, q.data(), 0);
            segment(L.k, L.kBias, kk.data(), qRows);
            segment(L.v, L.vBias, v.data(), qRows + kvRows);
        });
        rotate(q.data(), H);
        rotate(kk.data(), KV);
        float* keys = cache.keyData(int(l));                                   // [KV, capacity, D]
        float* values = cache.valueData(int(l));
        storeKv(keys, kk.data(), KV, capacity, D, pos);
        storeKv(values, v.data(), KV, capacity, D, pos);
        run.attend(q.data(), keys, values, H, H / KV, capacity, D, j0, pos + 1, attn.data());
        roundFor(L.o, attn.data(), H * D);
        run.rows(L.o, attn.data(), nullptr, y.data(), addToX);
        k.rmsNorm(x.data(), L.postNorm, w.eps, C, h.data());
        roundFor(L.gate, h.data(), C);
        // gate and up rows together, so each thread applies SiLU to its own rows.
        run.ranges(I, 16, 2 * Compute::bytesOf(L.gate, 16 * C), 1, [&](int64_t r0, int64_t r1) {
            k.dotRows(L.gate, h.data(), nullptr, gate.data() + r0, r0, r1);
            k.dotRows(L.up, h.data(), nullptr, up.data() + r0, r0, r1);
            k.siluMul(gate.data() + r0, up.data() + r0, r1 - r0);
            roundFor(L.down, gate.data() + r0, r1 - r0);
        });
        run.rows(L.down, gate.data(), nullptr, y.data(), addToX);
    }
    k.rmsNorm(x.data(), w.finalNorm, w.eps, C, h.data());
    roundFor(w.lmHead, h.data(), C);
    run.rows(w.lmHead, h.data(), nullptr, logits.data(), noEpilogue);
    cache.commit(1);
    return logits;
}

} // namespace wb::fastdecode
