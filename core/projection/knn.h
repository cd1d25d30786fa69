#pragma once
// k nearest neighbours (Euclidean) of every point among the others: exact
// below kExactKnnLimit points, else from hnswlib graphs. Each graph is built
// on one thread, in row order, with the level generator seeded by `seed`, so
// it is the same whatever the thread count (hnswlib's parallel inserts are
// not deterministic). From kShardedKnnFrom points the rows are split into
// kKnnShards graphs built side by side, and each query searches all of them;
// the queries run in parallel.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace wb::proj {

inline constexpr int64_t kExactKnnLimit = 4096;
inline constexpr int64_t kShardedKnnFrom = 20000;
inline constexpr int kKnnShards = 2;

struct KnnGraph {
    int k = 0;
    std::vector<int32_t> index;     // [n, k], nearest first, never the point itself
    std::vector<float> distance;    // [n, k], Euclidean (not squared)
};

// Returns false when cancelled. `progress` gets fractions in [0, 1].
bool nearestNeighbors(const float* points, int64_t n, int dim, int k, int threads, uint64_t seed, KnnGraph& out,
                      const std::function<void(double)>& progress = {}, const std::atomic<bool>* cancel = nullptr);

} // namespace wb::proj
