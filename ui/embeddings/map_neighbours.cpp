#include "ui/embeddings/map_neighbours.h"

#include <algorithm>
#include <numeric>
#include <queue>

namespace wb {

std::vector<std::pair<int64_t, float>> nearestByVector(const float* vectors, int64_t n, int dim, int64_t query,
                                                       int k, const SpatialIndex::Accept& accept)
{
    std::vector<std::pair<int64_t, float>> out;
    if (query < 0 || query >= n || k <= 0 || dim <= 0)
        return out;
    const float* q = vectors + query * dim;
    using Entry = std::pair<float, int64_t>;   // (distance, row), max-heap keeps the k best
    std::priority_queue<Entry> best;
    for (int64_t j = 0; j < n; ++j) {
        if (j == query || (accept && !accept(j)))
            continue;
        const float* v = vectors + j * dim;
        float dot = 0;
        for (int d = 0; d < dim; ++d)
            dot += q[d] * v[d];
        const float dist = 1.0f - dot;
        if (int(best.size()) < k)
            best.push({dist, j});
        else if (dist < best.top().first) {
            best.pop();
            best.push({dist, j});
        }
    }
    while (!best.empty()) {
        out.emplace_back(best.top().second, best.top().first);
        best.pop();
    }
    std::reverse(out.begin(), out.end());
    return out;
}

namespace {
struct UnionFind {
    std::vector<int64_t> parent;
    explicit UnionFind(int64_t n) : parent(size_t(n)) { std::iota(parent.begin(), parent.end(), 0); }
    int64_t find(int64_t a)
    {
        while (parent[size_t(a)] != a)
            a = parent[size_t(a)] = parent[size_t(parent[size_t(a)])];
        return a;
    }
    void join(int64_t a, int64_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b)
            parent[size_t(std::max(a, b))] = std::min(a, b);
    }
};
} // namespace

std::vector<std::vector<int64_t>> nearDuplicateGroups(const SpatialIndex& index, const float* xy, int64_t n,
                                                      const float* vectors, int dim,
                                                      const NearDuplicateOptions& options,
                                                      const SpatialIndex::Accept& accept)
{
    UnionFind uf(n);
    std::vector<char> paired(size_t(n), 0);
    for (int64_t i = 0; i < n; ++i) {
        if (accept && !accept(i))
            continue;
        if (vectors && dim > 0) {
            const float* a = vectors + i * dim;
            for (const auto& [j, mapDist] : index.kNearest(i, options.candidates, accept)) {
                (void)mapDist;
                const float* b = vectors + j * dim;
                float dot = 0;
                for (int d = 0; d < dim; ++d)
                    dot += a[d] * b[d];
                if (dot >= options.minCosine) {
                    uf.join(i, j);
                    paired[size_t(i)] = paired[size_t(j)] = 1;
                }
            }
        } else if (options.maxMapDistance > 0) {
            index.forEachWithin(xy[2 * i], xy[2 * i + 1], options.maxMapDistance, [&](int64_t j) {
                if (j != i && (!accept || accept(j))) {
                    uf.join(i, j);
                    paired[size_t(i)] = paired[size_t(j)] = 1;
                }
            });
        }
    }
    std::vector<std::vector<int64_t>> groups;
    std::vector<int64_t> groupOfRoot(size_t(n), -1);
    for (int64_t i = 0; i < n; ++i) {
        if (!paired[size_t(i)])
            continue;
        const int64_t r = uf.find(i);
        if (groupOfRoot[size_t(r)] < 0) {
            groupOfRoot[size_t(r)] = int64_t(groups.size());
            groups.emplace_back();
        }
        groups[size_t(groupOfRoot[size_t(r)])].push_back(i);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return groups;
}

} // namespace wb
