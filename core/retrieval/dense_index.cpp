#include "core/retrieval/dense_index.h"

#include "core/data/record.h"

#include "core/util/hnswlib_private.h"
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <queue>
#include <thread>

namespace wb {

namespace {

float dotScalar(const float* a, const float* b, size_t n)
{
    // Four partial sums: the compiler cannot reorder a float reduction on its own.
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; ++i)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

__attribute__((target("avx2,fma"))) float dotAvx2(const float* a, const float* b, size_t n)
{
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    const __m256 acc = _mm256_add_ps(acc0, acc1);
    const __m128 lo = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    const __m128 sh = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    float s = _mm_cvtss_f32(_mm_add_ss(sh, _mm_shuffle_ps(sh, sh, 1)));
    for (; i < n; ++i)
        s += a[i] * b[i];
    return s;
}

using DotFn = float (*)(const float*, const float*, size_t);

DotFn pickDot()
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? dotAvx2 : dotScalar;
}

const DotFn kDot = pickDot();

// hnswlib's InnerProductSpace only uses SIMD when the whole build has -mavx;
// this one picks AVX2 at run time. Distance = 1 - dot.
class IpSpace : public hnswlib::SpaceInterface<float> {
public:
    explicit IpSpace(size_t dim) : dim_(dim) {}
    size_t get_data_size() override { return dim_ * sizeof(float); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return &IpSpace::distance; }
    void* get_dist_func_param() override { return &dim_; }

private:
    static float distance(const void* a, const void* b, const void* param)
    {
        return 1.0f - kDot(static_cast<const float*>(a), static_cast<const float*>(b),
                           *static_cast<const size_t*>(param));
    }
    size_t dim_;
};

int threadCount(int requested)
{
    if (requested > 0)
        return requested;
    return std::max(1, int(std::thread::hardware_concurrency()));
}

} // namespace

std::vector<DenseHit> exactSearch(const float* data, const int64_t* ids, size_t n, int dim, const float* query,
                                  int k)
{
    if (k <= 0 || n == 0)
        return {};
    const size_t keep = std::min(size_t(k), n);
    auto worse = [](const DenseHit& a, const DenseHit& b) {   // heap top = worst kept
        return a.score > b.score || (a.score == b.score && a.id < b.id);
    };
    std::vector<DenseHit> heap;
    heap.reserve(keep + 1);
    for (size_t i = 0; i < n; ++i) {
        const DenseHit h{ids[i], kDot(data + i * size_t(dim), query, size_t(dim))};
        if (heap.size() < keep) {
            heap.push_back(h);
            std::push_heap(heap.begin(), heap.end(), worse);
        } else if (worse(h, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), worse);
            heap.back() = h;
            std::push_heap(heap.begin(), heap.end(), worse);
        }
    }
    std::sort(heap.begin(), heap.end(), worse);
    return heap;
}

struct DenseIndex::Graph {
    explicit Graph(int dim) : space(size_t(dim)) {}
    IpSpace space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw;
};

DenseIndex::DenseIndex(int dim, DenseIndexOptions options) : dim_(dim), options_(options)
{
    if (dim <= 0)
        throw Error("dense index: dimension must be positive (got " + std::to_string(dim) + ")");
}

DenseIndex::~DenseIndex() = default;

size_t DenseIndex::size() const
{
    if (graph_)
        return graph_->hnsw->cur_element_count - graph_->hnsw->num_deleted_;
    return exactIds_.size();
}

bool DenseIndex::usesGraph() const { return graph_ != nullptr; }

void DenseIndex::setEfSearch(int ef) { options_.efSearch = std::max(1, ef); }

void DenseIndex::build(const std::vector<int64_t>& ids, const float* data)
{
    graph_.reset();
    exactIds_.clear();
    exactData_.clear();
    if (ids.size() >= options_.exactThreshold) {
        buildGraph(ids, data);
        return;
    }
    add(ids, data);
}

void DenseIndex::add(const std::vector<int64_t>& ids, const float* data)
{
    if (ids.empty())
        return;
    if (graph_) {
        addToGraph(ids, data);
        return;
    }
    if (exactIds_.size() + ids.size() >= options_.exactThreshold) {
        // Grows past the threshold: move everything into a graph.
        remove(ids);   // replaced vectors
        std::vector<int64_t> allIds = exactIds_;
        std::vector<float> all = exactData_;
        allIds.insert(allIds.end(), ids.begin(), ids.end());
        all.insert(all.end(), data, data + ids.size() * size_t(dim_));
        exactIds_.clear();
        exactData_.clear();
        buildGraph(allIds, all.data());
        return;
    }
    remove(ids);
    // Keep rows sorted by id so ids() and ties stay deterministic.
    std::vector<size_t> order(ids.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ids[a] < ids[b]; });
    std::vector<int64_t> mergedIds;
    std::vector<float> merged;
    mergedIds.reserve(exactIds_.size() + ids.size());
    merged.reserve(mergedIds.capacity() * size_t(dim_));
    size_t i = 0, j = 0;
    while (i < exactIds_.size() || j < order.size()) {
        const bool takeOld = j == order.size() || (i < exactIds_.size() && exactIds_[i] < ids[order[j]]);
        const float* row = takeOld ? exactData_.data() + i * size_t(dim_) : data + order[j] * size_t(dim_);
        mergedIds.push_back(takeOld ? exactIds_[i++] : ids[order[j++]]);
        merged.insert(merged.end(), row, row + dim_);
    }
    exactIds_ = std::move(mergedIds);
    exactData_ = std::move(merged);
}

void DenseIndex::remove(const std::vector<int64_t>& ids)
{
    if (graph_) {
        auto& h = *graph_->hnsw;
        for (int64_t id : ids) {
            auto it = h.label_lookup_.find(hnswlib::labeltype(id));
            if (it != h.label_lookup_.end() && !h.isMarkedDeleted(it->second))
                h.markDelete(hnswlib::labeltype(id));
        }
        return;
    }
    std::vector<int64_t> sorted = ids;
    std::sort(sorted.begin(), sorted.end());
    size_t out = 0;
    for (size_t i = 0; i < exactIds_.size(); ++i) {
        if (std::binary_search(sorted.begin(), sorted.end(), exactIds_[i]))
            continue;
        if (out != i) {
            exactIds_[out] = exactIds_[i];
            std::copy_n(exactData_.data() + i * size_t(dim_), dim_, exactData_.data() + out * size_t(dim_));
        }
        ++out;
    }
    exactIds_.resize(out);
    exactData_.resize(out * size_t(dim_));
}

std::vector<int64_t> DenseIndex::ids() const
{
    if (!graph_)
        return exactIds_;
    std::vector<int64_t> out;
    const auto& h = *graph_->hnsw;
    for (const auto& [label, internal] : h.label_lookup_)
        if (!h.isMarkedDeleted(internal))
            out.push_back(int64_t(label));
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<DenseHit> DenseIndex::search(const float* query, int k) const
{
    if (k <= 0)
        return {};
    if (!graph_)
        return exactSearch(exactData_.data(), exactIds_.data(), exactIds_.size(), dim_, query, k);
    auto& h = *graph_->hnsw;
    h.setEf(size_t(std::max(options_.efSearch, k)));
    auto pq = h.searchKnn(query, size_t(k));
    std::vector<DenseHit> out(pq.size());
    for (size_t i = out.size(); i-- > 0; pq.pop())
        out[i] = {int64_t(pq.top().second), 1.0f - pq.top().first};
    return out;
}

void DenseIndex::buildGraph(const std::vector<int64_t>& ids, const float* data)
{
    graph_ = std::make_unique<Graph>(dim_);
    graph_->hnsw = std::make_unique<hnswlib::HierarchicalNSW<float>>(
        &graph_->space, std::max<size_t>(ids.size(), 16), size_t(options_.m), size_t(options_.efConstruction));
    addToGraph(ids, data);
}

void DenseIndex::addToGraph(const std::vector<int64_t>& ids, const float* data)
{
    auto& h = *graph_->hnsw;
    for (int64_t id : ids)
        if (id < 0)
            throw Error("dense index: negative id " + std::to_string(id));
    if (h.cur_element_count + ids.size() > h.max_elements_)
        h.resizeIndex(std::max(h.cur_element_count + ids.size(), h.max_elements_ * 3 / 2));
    const int threads = std::min<int>(threadCount(options_.threads), int(std::max<size_t>(1, ids.size() / 64)));
    std::atomic<size_t> next{0};
    if (h.cur_element_count == 0) {
        // hnswlib's entry point must exist before parallel inserts.
        h.addPoint(data, hnswlib::labeltype(ids[0]));
        next = 1;
    }
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&] {
        try {
            for (size_t i; (i = next.fetch_add(1)) < ids.size();)
                h.addPoint(data + i * size_t(dim_), hnswlib::labeltype(ids[i]));
        } catch (...) {
            std::lock_guard<std::mutex> lock(failureMutex);
            failure = std::current_exception();
            next = ids.size();
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread& t : pool)
        t.join();
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            throw Error(std::string("dense index: hnswlib failed to add a vector: ") + e.what());
        }
    }
}

void DenseIndex::saveGraph(const std::string& path) const
{
    if (!graph_)
        throw Error(path + ": an exact dense index has no graph to save");
    try {
        graph_->hnsw->saveIndex(path);
    } catch (const std::exception& e) {
        throw Error(path + ": cannot write the hnswlib index: " + e.what());
    }
}

std::unique_ptr<DenseIndex> DenseIndex::loadGraph(const std::string& path, int dim, DenseIndexOptions options)
{
    auto index = std::make_unique<DenseIndex>(dim, options);
    index->graph_ = std::make_unique<Graph>(dim);
    try {
        index->graph_->hnsw =
            std::make_unique<hnswlib::HierarchicalNSW<float>>(&index->graph_->space, path, false, 0);
    } catch (const std::exception& e) {
        throw Error(path + ": not a usable hnswlib index: " + e.what());
    }
    auto& h = *index->graph_->hnsw;
    if (h.data_size_ != size_t(dim) * sizeof(float))
        throw Error(path + ": the hnswlib index holds vectors of another dimension");
    // hnswlib 0.6's loading constructor never zeroes num_deleted_ before it
    // counts the deleted elements into it: count them again from zero.
    h.num_deleted_ = 0;
    for (size_t i = 0; i < h.cur_element_count; ++i)
        if (h.isMarkedDeleted(hnswlib::tableint(i)))
            ++h.num_deleted_;
    return index;
}

} // namespace wb
