#pragma once
// Nearest neighbours of one point in the embedding space, and groups of near
// duplicates (points whose vectors are nearly the same, or, without vectors,
// points that nearly coincide on the map). Qt-free; run on a worker for big maps.
#include "ui/embeddings/spatial_index.h"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace wb {

// k nearest rows of vectors [n, dim] (L2-normalised) to row `query` by cosine
// distance (1 - dot), itself excluded, closest first; `accept` filters rows.
std::vector<std::pair<int64_t, float>> nearestByVector(const float* vectors, int64_t n, int dim, int64_t query,
                                                       int k, const SpatialIndex::Accept& accept = {});

struct NearDuplicateOptions {
    float minCosine = 0.95f;    // with vectors: pairs at least this similar
    float maxMapDistance = 0;   // without vectors: pairs at most this far apart on the map
    int candidates = 8;         // 2-D neighbours checked per point (with vectors)
};

// Groups of at least two points joined by near-duplicate pairs (union-find),
// largest first, members ascending. With vectors, candidate pairs are each
// point's `candidates` nearest map neighbours (a projection keeps near
// duplicates next to each other), confirmed by cosine similarity.
std::vector<std::vector<int64_t>> nearDuplicateGroups(const SpatialIndex& index, const float* xy, int64_t n,
                                                      const float* vectors, int dim,
                                                      const NearDuplicateOptions& options,
                                                      const SpatialIndex::Accept& accept = {});

} // namespace wb
