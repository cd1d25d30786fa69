#pragma once
// Barnes-Hut t-SNE (van der Maaten 2014), following scikit-learn 1.2's
// TSNE(method="barnes_hut", init="pca", learning_rate="auto"):
// P from the 3 * perplexity + 1 nearest neighbours (knn.h) with a binary
// search on each point's precision to reach the perplexity, symmetrised and
// normalised; a quadtree rebuilt every iteration for the repulsive forces
// (cells summarised when width / distance < theta); early exaggeration 12
// with momentum 0.5 for the first 250 iterations, then momentum 0.8; gains
// (+0.2 / x0.8, at least 0.01); learning rate max(n / 48, 50); PCA
// initialisation scaled to a first-axis standard deviation of 1e-4.
// scikit-learn's early stop on a small gradient or no progress is not done:
// every run does `iterations` steps.
//
// Deterministic for a seed whatever the thread count: the tree is built on
// one thread in point order, forces are computed per point, and the
// normalisation sum is added up per fixed chunk in chunk order.
#include "core/projection/projection.h"

namespace wb::proj {

Layout tsne(const float* points, int64_t n, int dim, const ProjectionParams& params,
            const ProjectionProgress& progress, const std::atomic<bool>* cancel);

} // namespace wb::proj
