#include "core/inspect/semantic.h"

#include "core/data/record.h"
#include "core/inspect/claims.h"

#include <cmath>

namespace wb::inspect {

std::vector<std::string> evidenceChunks(const std::vector<std::string>& passages, size_t maxChars)
{
    std::vector<std::string> chunks;
    for (const std::string& p : passages) {
        std::string current;
        for (const Claim& s : splitClaims(p, ClaimGranularity::Sentence)) {
            if (!current.empty() && current.size() + 1 + s.text.size() > maxChars) {
                chunks.push_back(current);
                current.clear();
            }
            current += (current.empty() ? "" : " ") + s.text;
        }
        if (!current.empty()) chunks.push_back(current);
    }
    return chunks;
}

double cosineRows(const std::vector<float>& m, size_t a, const std::vector<float>& n, size_t b, int dim)
{
    double dot = 0, na = 0, nb = 0;
    for (int k = 0; k < dim; ++k) {
        const double x = m[a * size_t(dim) + size_t(k)], y = n[b * size_t(dim) + size_t(k)];
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

std::vector<SemanticMatch> semanticGrounding(Embedder& embedder, const std::vector<std::string>& claims,
                                             const std::vector<std::string>& chunks)
{
    std::vector<SemanticMatch> out(claims.size());
    if (claims.empty() || chunks.empty()) return out;
    std::vector<std::string> texts = claims;
    texts.insert(texts.end(), chunks.begin(), chunks.end());
    const std::vector<float> v = embedder.embed(texts);   // [claims + chunks, dim]
    const int dim = embedder.dim();
    if (v.size() != texts.size() * size_t(dim))
        throw Error("embedder " + embedder.displayName() + ": returned " + std::to_string(v.size()) +
                    " floats for " + std::to_string(texts.size()) + " texts of dimension " + std::to_string(dim));
    for (size_t c = 0; c < claims.size(); ++c) {
        for (size_t k = 0; k < chunks.size(); ++k) {
            const double sim = cosineRows(v, c, v, claims.size() + k, dim);
            if (out[c].bestChunk < 0 || sim > out[c].similarity) out[c] = {sim, int(k)};
        }
    }
    return out;
}

} // namespace wb::inspect
