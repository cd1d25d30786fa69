#include "core/projection/simd.h"

#include <immintrin.h>

namespace wb::proj {

namespace {

float squaredL2Generic(const float* a, const float* b, int dim)
{
    float s[8] = {};
    int i = 0;
    for (; i + 8 <= dim; i += 8)
        for (int j = 0; j < 8; ++j) {
            const float d = a[i + j] - b[i + j];
            s[j] += d * d;
        }
    float total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < dim; ++i)
        total += (a[i] - b[i]) * (a[i] - b[i]);
    return total;
}

__attribute__((target("avx2,fma"))) float hsum(__m256 v)
{
    const __m128 lo = _mm256_castps256_ps128(v);
    const __m128 hi = _mm256_extractf128_ps(v, 1);
    __m128 s = _mm_add_ps(lo, hi);
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) float squaredL2Avx2(const float* a, const float* b, int dim)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 16 <= dim; i += 16) {
        const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
    }
    for (; i + 8 <= dim; i += 8) {
        const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
        s0 = _mm256_fmadd_ps(d0, d0, s0);
    }
    float total = hsum(_mm256_add_ps(s0, s1));
    for (; i < dim; ++i)
        total += (a[i] - b[i]) * (a[i] - b[i]);
    return total;
}

void squaredL2x4Generic(const float* const* q, const float* row, int dim, float* out)
{
    for (int k = 0; k < 4; ++k)
        out[k] = squaredL2Generic(q[k], row, dim);
}

__attribute__((target("avx2,fma"))) void squaredL2x4Avx2(const float* const* q, const float* row, int dim, float* out)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 8 <= dim; i += 8) {
        const __m256 r = _mm256_loadu_ps(row + i);
        const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(q[0] + i), r);
        const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(q[1] + i), r);
        const __m256 d2 = _mm256_sub_ps(_mm256_loadu_ps(q[2] + i), r);
        const __m256 d3 = _mm256_sub_ps(_mm256_loadu_ps(q[3] + i), r);
        s0 = _mm256_fmadd_ps(d0, d0, s0);
        s1 = _mm256_fmadd_ps(d1, d1, s1);
        s2 = _mm256_fmadd_ps(d2, d2, s2);
        s3 = _mm256_fmadd_ps(d3, d3, s3);
    }
    out[0] = hsum(s0);
    out[1] = hsum(s1);
    out[2] = hsum(s2);
    out[3] = hsum(s3);
    for (; i < dim; ++i)
        for (int k = 0; k < 4; ++k)
            out[k] += (q[k][i] - row[i]) * (q[k][i] - row[i]);
}

void pcaAccumulateGeneric(const float* x, int64_t rows, int dim, const float* q, const float* c, float* z, float* t)
{
    for (int64_t r = 0; r < rows; ++r, x += dim) {
        float y[kPcaBlock];
        for (int l = 0; l < kPcaBlock; ++l)
            y[l] = -c[l];
        for (int j = 0; j < dim; ++j)
            for (int l = 0; l < kPcaBlock; ++l)
                y[l] += x[j] * q[j * kPcaBlock + l];
        for (int j = 0; j < dim; ++j)
            for (int l = 0; l < kPcaBlock; ++l)
                z[j * kPcaBlock + l] += x[j] * y[l];
        if (t)
            for (int a = 0; a < kPcaBlock; ++a)
                for (int l = 0; l < kPcaBlock; ++l)
                    t[a * kPcaBlock + l] += y[a] * y[l];
    }
}

// Two rows at a time so each load of Q and Z serves two FMAs.
__attribute__((target("avx2,fma"))) void pcaAccumulateAvx2(const float* x, int64_t rows, int dim, const float* q,
                                                           const float* c, float* z, float* t)
{
    const __m256 c0 = _mm256_loadu_ps(c), c1 = _mm256_loadu_ps(c + 8);
    int64_t r = 0;
    for (; r + 2 <= rows; r += 2, x += 2 * dim) {
        const float* xb = x + dim;
        __m256 ya0 = _mm256_setzero_ps(), ya1 = _mm256_setzero_ps();
        __m256 yb0 = _mm256_setzero_ps(), yb1 = _mm256_setzero_ps();
        for (int j = 0; j < dim; ++j) {
            const __m256 q0 = _mm256_loadu_ps(q + j * kPcaBlock), q1 = _mm256_loadu_ps(q + j * kPcaBlock + 8);
            const __m256 xa = _mm256_set1_ps(x[j]), xbv = _mm256_set1_ps(xb[j]);
            ya0 = _mm256_fmadd_ps(xa, q0, ya0);
            ya1 = _mm256_fmadd_ps(xa, q1, ya1);
            yb0 = _mm256_fmadd_ps(xbv, q0, yb0);
            yb1 = _mm256_fmadd_ps(xbv, q1, yb1);
        }
        ya0 = _mm256_sub_ps(ya0, c0);
        ya1 = _mm256_sub_ps(ya1, c1);
        yb0 = _mm256_sub_ps(yb0, c0);
        yb1 = _mm256_sub_ps(yb1, c1);
        for (int j = 0; j < dim; ++j) {
            float* zj = z + j * kPcaBlock;
            const __m256 xa = _mm256_set1_ps(x[j]), xbv = _mm256_set1_ps(xb[j]);
            __m256 z0 = _mm256_loadu_ps(zj), z1 = _mm256_loadu_ps(zj + 8);
            z0 = _mm256_fmadd_ps(xa, ya0, z0);
            z1 = _mm256_fmadd_ps(xa, ya1, z1);
            z0 = _mm256_fmadd_ps(xbv, yb0, z0);
            z1 = _mm256_fmadd_ps(xbv, yb1, z1);
            _mm256_storeu_ps(zj, z0);
            _mm256_storeu_ps(zj + 8, z1);
        }
        if (t) {
            alignas(32) float ya[kPcaBlock], yb[kPcaBlock];
            _mm256_store_ps(ya, ya0);
            _mm256_store_ps(ya + 8, ya1);
            _mm256_store_ps(yb, yb0);
            _mm256_store_ps(yb + 8, yb1);
            for (int a = 0; a < kPcaBlock; ++a) {
                float* ta = t + a * kPcaBlock;
                __m256 t0 = _mm256_loadu_ps(ta), t1 = _mm256_loadu_ps(ta + 8);
                t0 = _mm256_fmadd_ps(_mm256_set1_ps(ya[a]), ya0, t0);
                t1 = _mm256_fmadd_ps(_mm256_set1_ps(ya[a]), ya1, t1);
                t0 = _mm256_fmadd_ps(_mm256_set1_ps(yb[a]), yb0, t0);
                t1 = _mm256_fmadd_ps(_mm256_set1_ps(yb[a]), yb1, t1);
                _mm256_storeu_ps(ta, t0);
                _mm256_storeu_ps(ta + 8, t1);
            }
        }
    }
    if (r < rows)
        pcaAccumulateGeneric(x, rows - r, dim, q, c, z, t);
}

void pcaProjectGeneric(const float* x, int64_t rows, int dim, const float* q, const float* c, int keep, float* out)
{
    for (int64_t r = 0; r < rows; ++r, x += dim) {
        for (int l = 0; l < keep; ++l) {
            float s = 0;
            for (int j = 0; j < dim; ++j)
                s += x[j] * q[j * kPcaBlock + l];
            out[r * keep + l] = s - c[l];
        }
    }
}

__attribute__((target("avx2,fma"))) void pcaProjectAvx2(const float* x, int64_t rows, int dim, const float* q,
                                                        const float* c, int keep, float* out)
{
    const __m256 c0 = _mm256_loadu_ps(c), c1 = _mm256_loadu_ps(c + 8);
    for (int64_t r = 0; r < rows; ++r, x += dim) {
        __m256 y0 = _mm256_setzero_ps(), y1 = _mm256_setzero_ps();
        for (int j = 0; j < dim; ++j) {
            const __m256 xv = _mm256_set1_ps(x[j]);
            y0 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(q + j * kPcaBlock), y0);
            y1 = _mm256_fmadd_ps(xv, _mm256_loadu_ps(q + j * kPcaBlock + 8), y1);
        }
        alignas(32) float y[kPcaBlock];
        _mm256_store_ps(y, _mm256_sub_ps(y0, c0));
        _mm256_store_ps(y + 8, _mm256_sub_ps(y1, c1));
        for (int l = 0; l < keep; ++l)
            out[r * keep + l] = y[l];
    }
}

} // namespace

bool cpuHasAvx2Fma()
{
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}

float squaredL2(const float* a, const float* b, int dim)
{
    return cpuHasAvx2Fma() ? squaredL2Avx2(a, b, dim) : squaredL2Generic(a, b, dim);
}

void squaredL2x4(const float* const* queries, const float* row, int dim, float* out)
{
    if (cpuHasAvx2Fma())
        squaredL2x4Avx2(queries, row, dim, out);
    else
        squaredL2x4Generic(queries, row, dim, out);
}

void pcaAccumulate(const float* x, int64_t rows, int dim, const float* q, const float* c, float* z, float* t)
{
    if (cpuHasAvx2Fma())
        pcaAccumulateAvx2(x, rows, dim, q, c, z, t);
    else
        pcaAccumulateGeneric(x, rows, dim, q, c, z, t);
}

void pcaProject(const float* x, int64_t rows, int dim, const float* q, const float* c, int keep, float* out)
{
    if (cpuHasAvx2Fma())
        pcaProjectAvx2(x, rows, dim, q, c, keep, out);
    else
        pcaProjectGeneric(x, rows, dim, q, c, keep, out);
}

} // namespace wb::proj
