#pragma once
// Retrieval quality for benchmarks and tests: exact top-k by inner product
// over unit vectors, and recall@k / MRR of ranked lists against one gold item
// per query. Qt-free, LibTorch-free.
#include <cstdint>
#include <vector>

namespace wb::embed {

// For each query row of `queries` [nq, dim], the indices of the best `topK`
// rows of `items` [ni, dim] by inner product (best first, ties by index).
std::vector<std::vector<int64_t>> exactTopK(const std::vector<float>& queries, const std::vector<float>& items,
                                            int dim, int topK);

struct RetrievalScores {
    int64_t queries = 0;
    double recallAt1 = 0, recallAt5 = 0, recallAt10 = 0;
    double mrr = 0;   // mean of 1/rank of the gold item, 0 when it is not in the list
};

// rankings[i] is query i's ranked list; gold[i] its relevant item.
RetrievalScores scoreRankings(const std::vector<std::vector<int64_t>>& rankings, const std::vector<int64_t>& gold);

} // namespace wb::embed
