#pragma once
// Hot loops of the projections, with an AVX2/FMA version chosen at run time
// (the project is built for baseline x86-64) and a portable fallback. Both
// give deterministic results on one machine; they may differ in the last bits
// from each other.
#include <cstdint>

namespace wb::proj {

// Squared Euclidean distance of two [dim] vectors.
float squaredL2(const float* a, const float* b, int dim);

// Squared Euclidean distances of four [dim] queries to one row (the row is
// read once for all four).
void squaredL2x4(const float* const* queries, const float* row, int dim, float* out);

// Width of the PCA subspace (one AVX2 register pair).
inline constexpr int kPcaBlock = 16;

// One PCA subspace-iteration step for `rows` rows of x ([rows, dim]):
// y = Q^T x - c (Q: [dim][16], c: [16]), z += x y^T (z: [dim][16]) and
// t += y y^T (t: [16][16], skipped when null).
void pcaAccumulate(const float* x, int64_t rows, int dim, const float* q, const float* c, float* z, float* t);

// y = Q^T x - c for `rows` rows, writing the first `keep` values of y per row
// to out ([rows, keep]).
void pcaProject(const float* x, int64_t rows, int dim, const float* q, const float* c, int keep, float* out);

bool cpuHasAvx2Fma();

} // namespace wb::proj
