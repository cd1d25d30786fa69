// Deterministic, stratified train/validation/test assignment (pure part).
#include "core/curation/curation.h"
#include "core/curation/text_scan.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace wb::curation {

namespace {

// splitmix64: tiny, fully specified, so a seed means the same on every platform.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : state_(seed) {}
    uint64_t next()
    {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) by rejection (no modulo bias).
    uint64_t below(uint64_t n)
    {
        const uint64_t reject = (0 - n) % n;   // 2^64 mod n
        uint64_t r;
        do
            r = next();
        while (r < reject);
        return r % n;
    }

private:
    uint64_t state_;
};

// Counts per split for n items: floor of the quotas, then the leftover items
// go to the largest fractional remainders (ties: train, validation, test).
std::array<int64_t, 3> largestRemainder(int64_t n, const std::array<double, 3>& p)
{
    std::array<int64_t, 3> c{};
    std::array<double, 3> rem{};
    int64_t used = 0;
    for (int k = 0; k < 3; ++k) {
        const double q = double(n) * p[k];
        c[k] = int64_t(std::floor(q + 1e-9));
        rem[k] = q - double(c[k]);
        used += c[k];
    }
    std::array<int, 3> order{0, 1, 2};
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return rem[a] > rem[b] + 1e-12; });
    for (int i = 0; used < n; i = (i + 1) % 3, ++used)
        ++c[order[i]];
    return c;
}

} // namespace

std::vector<Split> planSplits(const std::vector<SplitItem>& items, const SplitOptions& opt)
{
    std::array<double, 3> p{opt.train, opt.validation, opt.test};
    for (double f : p)
        if (!(f >= 0.0) || !std::isfinite(f))
            throw Error("splits: fractions must be finite and non-negative (train " + std::to_string(opt.train)
                        + ", validation " + std::to_string(opt.validation) + ", test "
                        + std::to_string(opt.test) + ")");
    const double sum = p[0] + p[1] + p[2];
    if (sum <= 0.0)
        throw Error("splits: the train, validation and test fractions are all zero");
    for (double& f : p)
        f /= sum;

    // Strata: indices grouped by category (one stratum when not stratifying),
    // each in (content hash, id) order so insertion order does not matter.
    std::vector<size_t> order(items.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const SplitItem& x = items[a];
        const SplitItem& y = items[b];
        if (opt.stratifyByCategory && x.category != y.category)
            return x.category < y.category;
        if (x.contentHash != y.contentHash)
            return x.contentHash < y.contentHash;
        return x.id < y.id;
    });

    std::vector<Split> out(items.size(), Split::Train);
    for (size_t s = 0; s < order.size();) {
        size_t e = s + 1;
        if (opt.stratifyByCategory)
            while (e < order.size() && items[order[e]].category == items[order[s]].category)
                ++e;
        else
            e = order.size();
        // Each stratum has its own generator, so adding a category does not
        // reshuffle the others.
        const std::string& cat = opt.stratifyByCategory ? items[order[s]].category : std::string();
        SplitMix64 rng(opt.seed ^ detail::hashBytes(cat, 0x5eed));
        for (size_t i = e - s; i > 1; --i)
            std::swap(order[s + i - 1], order[s + rng.below(i)]);
        const auto counts = largestRemainder(int64_t(e - s), p);
        size_t k = s;
        for (int split = 0; split < 3; ++split)
            for (int64_t c = 0; c < counts[split]; ++c)
                out[order[k++]] = static_cast<Split>(split);
        s = e;
    }
    return out;
}

} // namespace wb::curation
