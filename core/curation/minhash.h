#pragma once
// MinHash signatures over character n-gram shingles and the LSH banding
// parameters used by nearDuplicates().
#include "core/curation/curation.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wb::curation::detail {

struct LshParams {
    int bands = 1;
    int rows = 1;
};

// The largest `rows` (fewest false candidates) whose banding still makes a pair
// at exactly `threshold` a candidate with probability >= 0.98; bands * rows <= numPerm.
LshParams chooseLshParams(double threshold, int numPerm);

// Probability that a pair with Jaccard s shares at least one band.
double candidateProbability(double s, LshParams p);

// Computes signatures by one permutation hashing with densification: one
// 64-bit hash per shingle, numPerm bins, so the cost does not grow with
// numPerm. One instance per thread (it owns scratch buffers).
class MinHasher {
public:
    MinHasher(int numPerm, int shingleChars, uint64_t seed);

    // Writes numPerm values to `out`. Returns false (and writes nothing) when
    // the normalised text is empty. Texts shorter than one shingle are one shingle.
    bool signature(std::string_view text, uint32_t* out);

    // 64-bit hashes of the shingles of `text` after normalisation (for tests:
    // the true Jaccard of two texts is computed from these).
    std::vector<uint64_t> shingles(std::string_view text);

    int numPerm() const { return bins_; }

private:
    void computeShingles(std::string_view text);

    int k_;
    int bins_;
    uint64_t seed_;
    std::vector<uint32_t> cps_;
    std::vector<uint64_t> sh_;
    std::vector<uint32_t> mins_;
    std::vector<uint8_t> filled_;
};

// Fraction of equal positions: the MinHash estimate of Jaccard similarity.
double signatureAgreement(const uint32_t* a, const uint32_t* b, int n);

// Turns a vector of (key, id) pairs sorted by key into one exact-duplicate
// group per run of two or more equal keys, in key order.
template <typename Key>
void appendEqualKeyRuns(const std::vector<std::pair<Key, int64_t>>& sorted, std::vector<DuplicateGroup>& out)
{
    for (size_t s = 0; s < sorted.size();) {
        size_t e = s + 1;
        while (e < sorted.size() && sorted[e].first == sorted[s].first)
            ++e;
        if (e - s > 1) {
            DuplicateGroup g;
            g.exact = true;
            for (size_t i = s; i < e; ++i)
                g.ids.push_back(sorted[i].second);
            out.push_back(std::move(g));
        }
        s = e;
    }
}

} // namespace wb::curation::detail
