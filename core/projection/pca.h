#pragma once
// Principal component analysis of [n, dim] float rows, centred.
// Exact (covariance + Jacobi eigendecomposition) for small sets; randomized
// (Halko, Martinsson & Tropp 2011: a 16-wide Gaussian range finder refined by
// subspace iterations on the covariance, then Rayleigh-Ritz) for large ones.
// The randomized path never forms the covariance: each iteration is one
// streaming pass over the rows (y = Q^T x, Z += x y^T), cut into fixed chunks
// whose partial sums are added in chunk order, so the result is the same for
// any thread count. Qt-free, LibTorch-free.
#include "core/projection/projection.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace wb {

enum class PcaSolver { Auto, Exact, Randomized };

struct PcaOptions {
    int components = 2;             // 1..8 (randomized), 1..min(dim, 16) (exact)
    PcaSolver solver = PcaSolver::Auto;   // Auto: exact when dim <= 256 and n <= 20,000
    uint64_t seed = 42;
    int threads = 0;                // 0 = all cores
    int powerIterations = 3;        // randomized only
};

struct PcaResult {
    int components = 0;
    int dim = 0;
    bool exact = false;                     // which solver ran
    std::vector<float> projected;           // [n, components]: centred rows on the axes
    std::vector<double> axes;               // [components, dim]: unit vectors, the largest |entry| positive
    std::vector<double> explainedVariance;  // [components]: divided by n - 1, like scikit-learn
    double totalVariance = 0;               // trace of the covariance
    std::vector<double> mean;               // [dim]
    bool cancelled = false;                 // cancel was set: everything else is empty
};

// Throws wb::Error for n < 2, dim < 1, non-finite input (naming the row) or a
// bad component count.
PcaResult pca(const float* points, int64_t n, int dim, const PcaOptions& options,
              const ProjectionProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

namespace proj {
// The first two principal components as a starting layout ([n, 2]); for
// one-dimensional data the second coordinate is seeded noise of 1e-4 of the
// first axis' spread. Empty and cancelled = true when cancel was set.
std::vector<float> pcaStart(const float* points, int64_t n, int dim, uint64_t seed, int threads,
                            const std::atomic<bool>* cancel, bool& cancelled);

// Eigen-decomposition of the symmetric [size, size] matrix `a` (row-major),
// cyclic Jacobi: values in descending order, vectors[i * size + k] = entry i
// of eigenvector k.
void symmetricEigen(std::vector<double> a, int size, std::vector<double>& values, std::vector<double>& vectors);
} // namespace proj

} // namespace wb
