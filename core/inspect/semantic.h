#pragma once
// Semantic grounding: the best embedding similarity between a claim and the
// evidence chunks, through the Embedder interface (core/retrieval/embedder.h).
// Qt-free, LibTorch-free (the embedder's implementation may use LibTorch).
#include "core/retrieval/embedder.h"

#include <string>
#include <vector>

namespace wb::inspect {

// Evidence cut into chunks a claim can be compared with: each passage's
// sentences, grouped up to about maxChars bytes.
std::vector<std::string> evidenceChunks(const std::vector<std::string>& passages, size_t maxChars = 400);

struct SemanticMatch {
    double similarity = 0;   // best cosine similarity, [-1, 1]
    int bestChunk = -1;      // index into the chunks (-1 without chunks)
};

// One match per claim text. Embeds claims and chunks in one call.
std::vector<SemanticMatch> semanticGrounding(Embedder& embedder, const std::vector<std::string>& claims,
                                             const std::vector<std::string>& chunks);

// Cosine similarity of rows a and b of two row-major [n, dim] matrices.
double cosineRows(const std::vector<float>& m, size_t a, const std::vector<float>& n, size_t b, int dim);

} // namespace wb::inspect
