#pragma once
// 2-D layouts of embedding vectors for the embedding map: PCA (randomized
// for large sets, pca.h), UMAP (kNN graph from hnswlib, fuzzy simplicial set,
// SGD layout; umap.h) and Barnes-Hut t-SNE (tsne.h). Deterministic for a seed
// whatever the thread count (same machine: the AVX2 and portable kernels may
// differ in the last bits), with progress and cancel. Qt-free and
// LibTorch-free. Caching in the project: projection_store.h; user
// coordinates: coordinates_import.h.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wb {

enum class ProjectionMethod { Pca, Umap, Tsne, Imported };
std::string toString(ProjectionMethod m);                       // "pca" "umap" "tsne" "imported"
ProjectionMethod projectionMethodFromString(const std::string& s);   // throws wb::Error naming the value

struct ProjectionParams {
    ProjectionMethod method = ProjectionMethod::Umap;
    uint64_t seed = 42;
    int threads = 0;                // 0 = all cores
    // UMAP
    int neighbors = 15;
    double minDist = 0.1;
    int epochs = 0;                 // 0 = 500 below 10,000 points, else 200 (umap-learn's rule)
    // t-SNE
    double perplexity = 30;
    double theta = 0.5;             // Barnes-Hut accuracy
    int iterations = 1000;
    // A canonical text of the parameters that matter for `method`, part of the cache key.
    std::string cacheKey() const;
};

// Called with (fraction done in [0,1], stage: "pca", "knn", "graph",
// "layout", then "done"), from the calling thread, at most a few hundred times.
using ProjectionProgress = std::function<void(double, const std::string&)>;

struct Layout {
    std::vector<float> xy;          // [n, 2] row-major
    bool cancelled = false;         // cancel was set: xy is empty
};

// points: [n, dim] row-major. Throws wb::Error for n < 2, dim < 1, NaN/inf
// input (naming the row), or absurd parameters (naming the field), e.g.
// neighbors outside 2..200, minDist outside 0..1, perplexity not below n.
// `cancel` is checked per batch / epoch / iteration. The seed reaches UMAP's
// negative sampling, hnswlib's levels (above 4,096 points) and the
// randomized PCA (above 20,000 points or 256 dimensions); t-SNE on small
// sets, like PCA, uses no random numbers.
Layout project(const float* points, int64_t n, int dim, const ProjectionParams& params,
               const ProjectionProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// Trustworthiness (Venna & Kaski; sklearn.manifold.trustworthiness) of a
// layout: 1 when the k nearest neighbours in 2-D are all among the k nearest
// in the original space (Euclidean). For n above `sample`, it is estimated on
// `sample` points chosen with the seed (their neighbours still searched among
// all points). Equal to scikit-learn's value for n <= sample. Cost: about
// min(n, sample) * n * dim multiply-adds (pass sample = 1000 above ~100,000
// points). Throws wb::Error for k < 1 or k >= n / 2, or a non-finite layout.
double trustworthiness(const float* points, int64_t n, int dim, const float* xy, int k = 10,
                       int64_t sample = 5000, uint64_t seed = 42);

} // namespace wb
