#include "core/embed/retrieval_metrics.h"

#include "core/data/record.h"

#include <algorithm>

namespace wb::embed {

std::vector<std::vector<int64_t>> exactTopK(const std::vector<float>& queries, const std::vector<float>& items,
                                            int dim, int topK)
{
    if (dim <= 0 || queries.size() % size_t(dim) || items.size() % size_t(dim))
        throw Error("exactTopK: vector sizes are not multiples of dim " + std::to_string(dim));
    const size_t nq = queries.size() / size_t(dim), ni = items.size() / size_t(dim);
    const size_t k = std::min(ni, size_t(std::max(topK, 0)));
    std::vector<std::vector<int64_t>> out(nq);
    std::vector<std::pair<float, int64_t>> scored(ni);
    for (size_t q = 0; q < nq; ++q) {
        const float* qv = queries.data() + q * size_t(dim);
        for (size_t i = 0; i < ni; ++i) {
            const float* iv = items.data() + i * size_t(dim);
            float s = 0;
            for (int c = 0; c < dim; ++c) s += qv[c] * iv[c];
            scored[i] = {-s, int64_t(i)};   // ascending = best first, then by index
        }
        std::partial_sort(scored.begin(), scored.begin() + long(k), scored.end());
        for (size_t r = 0; r < k; ++r) out[q].push_back(scored[r].second);
    }
    return out;
}

RetrievalScores scoreRankings(const std::vector<std::vector<int64_t>>& rankings, const std::vector<int64_t>& gold)
{
    if (rankings.size() != gold.size())
        throw Error("scoreRankings: " + std::to_string(rankings.size()) + " rankings for " +
                    std::to_string(gold.size()) + " gold items");
    RetrievalScores s;
    s.queries = int64_t(gold.size());
    if (gold.empty()) return s;
    for (size_t q = 0; q < gold.size(); ++q) {
        const auto it = std::find(rankings[q].begin(), rankings[q].end(), gold[q]);
        if (it == rankings[q].end()) continue;
        const size_t rank = size_t(it - rankings[q].begin()) + 1;
        s.recallAt1 += rank <= 1;
        s.recallAt5 += rank <= 5;
        s.recallAt10 += rank <= 10;
        s.mrr += 1.0 / double(rank);
    }
    const double n = double(gold.size());
    s.recallAt1 /= n;
    s.recallAt5 /= n;
    s.recallAt10 /= n;
    s.mrr /= n;
    return s;
}

} // namespace wb::embed
