// In-memory duplicate detection: exact (normalised text) and near (MinHash + LSH).
#include "core/curation/curation.h"
#include "core/curation/minhash.h"
#include "core/curation/text_scan.h"

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>

namespace wb::curation {

using detail::LshParams;
using detail::MinHasher;

std::vector<DuplicateGroup> exactDuplicates(const std::vector<std::string>& texts)
{
    std::vector<std::pair<uint64_t, int64_t>> keys(texts.size());
    for (size_t i = 0; i < texts.size(); ++i)
        keys[i] = {detail::hashBytes(normalizeForHash(texts[i])), int64_t(i)};
    std::sort(keys.begin(), keys.end());
    std::vector<DuplicateGroup> groups;
    for (size_t s = 0; s < keys.size();) {
        size_t e = s + 1;
        while (e < keys.size() && keys[e].first == keys[s].first)
            ++e;
        if (e - s > 1) {
            // Equal hashes: split by the normalised text itself, so a hash
            // collision never merges different texts.
            std::vector<std::pair<std::string, int64_t>> members;
            for (size_t i = s; i < e; ++i)
                members.emplace_back(normalizeForHash(texts[keys[i].second]), keys[i].second);
            std::sort(members.begin(), members.end());
            detail::appendEqualKeyRuns(members, groups);
        }
        s = e;
    }
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.ids[0] < b.ids[0]; });
    return groups;
}

namespace {

class UnionFind {
public:
    explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), uint32_t(0)); }
    uint32_t find(uint32_t x)
    {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    // The smaller root wins so a component's root is its lowest index.
    void unite(uint32_t a, uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return;
        if (a < b)
            parent_[b] = a;
        else
            parent_[a] = b;
    }

private:
    std::vector<uint32_t> parent_;
};

struct BandKey {
    uint64_t hash;
    uint32_t index;
    bool operator<(const BandKey& o) const { return hash != o.hash ? hash < o.hash : index < o.index; }
};

int threadCount(int requested)
{
    if (requested > 0)
        return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

// Runs job(i, worker) for i in [0, n) on `threads` threads (worker 0 is the caller).
// After each chunk the calling thread reports progress; a false answer cancels.
template <typename Job>
bool parallelFor(size_t n, int threads, size_t chunk, const Job& job, const std::function<bool(size_t)>& onProgress)
{
    std::atomic<size_t> next{0}, done{0};
    std::atomic<bool> cancel{false};
    auto work = [&](int worker) {
        for (;;) {
            if (cancel.load(std::memory_order_relaxed))
                return;
            size_t begin = next.fetch_add(chunk);
            if (begin >= n)
                return;
            size_t end = std::min(n, begin + chunk);
            for (size_t i = begin; i < end; ++i)
                job(i, worker);
            size_t d = done.fetch_add(end - begin) + (end - begin);
            if (worker == 0 && onProgress && !onProgress(d))
                cancel = true;
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool)
        t.join();
    return !cancel;
}

} // namespace

std::vector<DuplicateGroup> nearDuplicates(const std::vector<std::string>& texts, const NearDupOptions& opt,
                                           const Progress& progress)
{
    if (opt.numPerm < 1 || opt.numPerm > 1024)
        throw Error("near duplicates: numPerm must be between 1 and 1024 (got " + std::to_string(opt.numPerm) + ")");
    if (opt.shingleChars < 1)
        throw Error("near duplicates: shingleChars must be at least 1 (got " + std::to_string(opt.shingleChars) + ")");
    if (!(opt.threshold > 0.0 && opt.threshold <= 1.0))
        throw Error("near duplicates: threshold must be in (0, 1] (got " + std::to_string(opt.threshold) + ")");
    if (texts.size() >= std::numeric_limits<uint32_t>::max())
        throw Error("near duplicates: too many texts");

    const size_t n = texts.size();
    const int perm = opt.numPerm;
    const int threads = threadCount(opt.threads);
    const LshParams lsh = detail::chooseLshParams(opt.threshold, perm);
    const int64_t total = int64_t(n) + int64_t(n) * lsh.bands / 4;   // signatures, then banding (cheaper)

    std::vector<uint32_t> sigs(n * perm);
    std::vector<char> valid(n, 0);
    {
        std::vector<MinHasher> hashers;
        for (int t = 0; t < threads; ++t)
            hashers.emplace_back(perm, opt.shingleChars, opt.seed);
        auto job = [&](size_t i, int worker) {
            valid[i] = hashers[worker].signature(texts[i], &sigs[i * perm]);
        };
        bool ok = parallelFor(n, threads, 256, job, [&](size_t d) {
            return !progress || progress(int64_t(d), total);
        });
        if (!ok)
            return {};
    }

    // Band keys: sorted per band so equal bands are adjacent (no hash maps).
    std::vector<std::vector<BandKey>> bands(lsh.bands);
    {
        std::atomic<int> nextBand{0};
        auto work = [&] {
            for (int b; (b = nextBand.fetch_add(1)) < lsh.bands;) {
                auto& keys = bands[b];
                keys.reserve(n);
                for (size_t i = 0; i < n; ++i) {
                    if (!valid[i])
                        continue;
                    const uint32_t* s = &sigs[i * perm + size_t(b) * lsh.rows];
                    uint64_t h = 0x9e3779b97f4a7c15ull * uint64_t(b + 1);
                    for (int r = 0; r < lsh.rows; ++r)
                        h = detail::mix64(h ^ s[r]);
                    keys.push_back({h, uint32_t(i)});
                }
                std::sort(keys.begin(), keys.end());
            }
        };
        std::vector<std::thread> pool;
        for (int t = 1; t < std::min(threads, lsh.bands); ++t)
            pool.emplace_back(work);
        work();
        for (auto& t : pool)
            t.join();
    }

    // Verify candidates and join components. Within a bucket each member is
    // compared with the bucket's first member and a few predecessors, so a huge
    // bucket costs linear, not quadratic, time.
    constexpr size_t kWindow = 8;
    UnionFind uf(n);
    auto similar = [&](uint32_t x, uint32_t y) {
        return detail::signatureAgreement(&sigs[size_t(x) * perm], &sigs[size_t(y) * perm], perm)
            >= opt.threshold - 1e-12;
    };
    for (int b = 0; b < lsh.bands; ++b) {
        const auto& keys = bands[b];
        for (size_t s = 0; s < keys.size();) {
            size_t e = s + 1;
            while (e < keys.size() && keys[e].hash == keys[s].hash)
                ++e;
            for (size_t j = s + 1; j < e; ++j) {
                const uint32_t x = keys[j].index;
                for (size_t k = j; k-- > s && j - k <= kWindow;) {
                    const uint32_t y = keys[k].index;
                    if (uf.find(x) == uf.find(y))
                        break;
                    if (similar(x, y)) {
                        uf.unite(x, y);
                        break;
                    }
                }
                const uint32_t first = keys[s].index;
                if (uf.find(x) != uf.find(first) && similar(x, first))
                    uf.unite(x, first);
            }
            s = e;
        }
        bands[b] = {};
        if (progress && !progress(int64_t(n) + int64_t(n) * (b + 1) / 4, total))
            return {};
    }

    // Components of two or more, members in index order (root = lowest index).
    std::vector<uint32_t> root(n);
    std::vector<uint32_t> size(n, 0);
    for (size_t i = 0; i < n; ++i) {
        root[i] = valid[i] ? uf.find(uint32_t(i)) : uint32_t(i);
        ++size[root[i]];
    }
    std::vector<int64_t> groupOf(n, -1);
    std::vector<DuplicateGroup> groups;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t r = root[i];
        if (size[r] < 2)
            continue;
        if (groupOf[r] < 0) {
            groupOf[r] = int64_t(groups.size());
            groups.emplace_back();
        }
        DuplicateGroup& g = groups[groupOf[r]];
        if (!g.ids.empty())
            g.similarity = std::min(g.similarity, detail::signatureAgreement(&sigs[size_t(g.ids[0]) * perm],
                                                                             &sigs[i * perm], perm));
        g.ids.push_back(int64_t(i));
    }
    return groups;
}

} // namespace wb::curation
