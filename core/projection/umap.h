#pragma once
// UMAP (McInnes, Healy & Melville 2018), following umap-learn 0.5:
// kNN graph (knn.h; the point itself counts as its first neighbour, as in
// umap-learn), smooth kNN distances (rho, sigma by binary search to
// log2(neighbors)), fuzzy union P + P^T - P∘P^T, edges below max/epochs
// dropped, PCA initialisation scaled to [0, 10] (not spectral: say so in the
// UI), the a/b curve fitted to min_dist, and SGD with negative sampling
// (5 per positive sample, gamma 1, learning rate 1 decaying linearly).
//
// Determinism whatever the thread count: umap-learn's parallel SGD is
// Hogwild (racy). Here an epoch moves only the head point of each directed
// edge, reading every other point from a snapshot taken at the start of the
// epoch; heads are split into fixed chunks, and negative samples come from a
// counter-based RNG of (seed, epoch, edge, sample). The graph holds both
// directions of every edge, so each end still gets pulled; umap-learn moves
// both ends per sample, which pulls each point twice per edge and epoch: the
// head here gets that doubled pull.
#include "core/projection/projection.h"

namespace wb::proj {

// curve 1 / (1 + a d^(2b)) fitted (least squares, 300 points on [0, 3]) to
// the step-exponential of min_dist with spread 1, like umap-learn's find_ab_params.
void fitAb(double minDist, double& a, double& b);

Layout umap(const float* points, int64_t n, int dim, const ProjectionParams& params,
            const ProjectionProgress& progress, const std::atomic<bool>* cancel);

} // namespace wb::proj
