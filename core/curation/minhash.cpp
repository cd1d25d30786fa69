#include "core/curation/minhash.h"

#include "core/curation/text_scan.h"
#include "core/data/record.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace wb::curation::detail {

double candidateProbability(double s, LshParams p)
{
    return 1.0 - std::pow(1.0 - std::pow(s, p.rows), p.bands);
}

LshParams chooseLshParams(double threshold, int numPerm)
{
    numPerm = std::max(1, numPerm);
    threshold = std::clamp(threshold, 0.0, 1.0);
    for (int rows = numPerm; rows > 1; --rows) {
        LshParams p{numPerm / rows, rows};
        if (candidateProbability(threshold, p) >= 0.98)
            return p;
    }
    return {numPerm, 1};
}

MinHasher::MinHasher(int numPerm, int shingleChars, uint64_t seed)
    : k_(std::max(1, shingleChars))
    , bins_(numPerm)
    , seed_(mix64(seed ^ 0x6a09e667f3bcc909ull))
{
    if (numPerm < 1)
        throw Error("near duplicates: numPerm must be at least 1 (got " + std::to_string(numPerm) + ")");
    mins_.resize(numPerm);
    filled_.resize(numPerm);
}

namespace {
bool isAsciiPunct(unsigned char c)
{
    return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
bool isUnicodeSpace(char32_t c) { return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x3000; }
// Map a 32-bit value uniformly onto [0, n) without a division.
inline uint32_t fastRange(uint32_t x, uint32_t n) { return uint32_t((uint64_t(x) * n) >> 32); }
} // namespace

void MinHasher::computeShingles(std::string_view text)
{
    // Same normalisation as normalizeForHash() (ASCII lower-cased, ASCII
    // punctuation dropped, whitespace runs collapsed), fused with decoding.
    cps_.clear();
    bool pendingSpace = false;
    for (size_t p = 0; p < text.size();) {
        const unsigned char c = text[p];
        char32_t cp;
        if (c < 0x80) {
            ++p;
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                pendingSpace = !cps_.empty();
                continue;
            }
            if (isAsciiPunct(c))
                continue;
            cp = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        } else {
            cp = nextCodePoint(text, p);
            if (isUnicodeSpace(cp)) {
                pendingSpace = !cps_.empty();
                continue;
            }
        }
        if (pendingSpace) {
            cps_.push_back(' ');
            pendingSpace = false;
        }
        cps_.push_back(cp);
    }
    sh_.clear();
    if (cps_.empty())
        return;
    // Rolling polynomial hash of k code points (mod 2^64), then a mixer.
    const size_t k = std::min<size_t>(k_, cps_.size());
    constexpr uint64_t B = 0x100000001b3ull;
    uint64_t top = 1;   // B^(k-1)
    for (size_t j = 1; j < k; ++j)
        top *= B;
    uint64_t h = 0;
    for (size_t j = 0; j < k; ++j)
        h = h * B + cps_[j];
    sh_.reserve(cps_.size() - k + 1);
    sh_.push_back(mix64(h ^ seed_));
    for (size_t i = k; i < cps_.size(); ++i) {
        h = (h - cps_[i - k] * top) * B + cps_[i];
        sh_.push_back(mix64(h ^ seed_));
    }
}

std::vector<uint64_t> MinHasher::shingles(std::string_view text)
{
    computeShingles(text);
    std::vector<uint64_t> out = sh_;
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool MinHasher::signature(std::string_view text, uint32_t* out)
{
    computeShingles(text);
    if (sh_.empty())
        return false;
    // One permutation hashing: the high half of a shingle's hash picks a bin,
    // the low half competes for that bin's minimum.
    const uint32_t n = uint32_t(bins_);
    std::fill(filled_.begin(), filled_.end(), 0);
    uint32_t* m = mins_.data();
    uint8_t* f = filled_.data();
    for (uint64_t x : sh_) {
        const uint32_t bin = fastRange(uint32_t(x >> 32), n);
        const uint32_t v = uint32_t(x);
        if (!f[bin] || v < m[bin]) {
            m[bin] = v;
            f[bin] = 1;
        }
    }
    // Optimal densification (Shrivastava 2017): an empty bin copies the first
    // filled bin of its own pseudo-random probe sequence, which is the same for
    // every text, so equal sets still agree bin by bin.
    for (uint32_t i = 0; i < n; ++i) {
        if (f[i]) {
            out[i] = m[i];
            continue;
        }
        uint32_t src = n;
        for (uint64_t attempt = 1; attempt <= 64ull * n && src == n; ++attempt) {
            const uint32_t j = fastRange(uint32_t(mix64(seed_ ^ (uint64_t(i) << 32 | attempt)) >> 32), n);
            if (f[j])
                src = j;
        }
        for (uint32_t j = 0; src == n; ++j)   // probe sequence exhausted: any filled bin, deterministically
            if (f[(i + j) % n])
                src = (i + j) % n;
        out[i] = m[src];
    }
    return true;
}

double signatureAgreement(const uint32_t* a, const uint32_t* b, int n)
{
    int same = 0;
    for (int i = 0; i < n; ++i)
        same += a[i] == b[i];
    return n > 0 ? double(same) / n : 0.0;
}

} // namespace wb::curation::detail
