#include "core/projection/tsne.h"

#include "core/projection/knn.h"
#include "core/projection/parallel.h"
#include "core/projection/pca.h"

#include <algorithm>
#include <cmath>

namespace wb::proj {

namespace {

struct SparseP {                   // CSR of the symmetric joint probabilities
    std::vector<int64_t> rowStart;
    std::vector<int32_t> col;
    std::vector<float> value;
};

// scikit-learn's _binary_search_perplexity for one point: squared distances
// of its k neighbours in, conditional probabilities out.
void conditionalP(const float* dist, int k, double perplexity, float* out)
{
    const double desired = std::log(perplexity);
    double beta = 1.0, betaMin = -INFINITY, betaMax = INFINITY;
    std::vector<double> p(static_cast<size_t>(k));
    for (int step = 0; step < 100; ++step) {
        double sum = 0;
        for (int j = 0; j < k; ++j) {
            const double d = double(dist[j]) * dist[j];
            p[size_t(j)] = std::exp(-d * beta);
            sum += p[size_t(j)];
        }
        if (sum == 0)
            sum = 1e-8;
        double sumDistP = 0;
        for (int j = 0; j < k; ++j) {
            p[size_t(j)] /= sum;
            sumDistP += double(dist[j]) * dist[j] * p[size_t(j)];
        }
        const double diff = std::log(sum) + beta * sumDistP - desired;
        if (std::abs(diff) <= 1e-5)
            break;
        if (diff > 0) {
            betaMin = beta;
            beta = std::isinf(betaMax) ? beta * 2 : (beta + betaMax) / 2;
        } else {
            betaMax = beta;
            beta = std::isinf(betaMin) ? beta / 2 : (beta + betaMin) / 2;
        }
    }
    for (int j = 0; j < k; ++j)
        out[j] = float(p[size_t(j)]);
}

SparseP jointP(const KnnGraph& knn, int64_t n, double perplexity, int threads)
{
    const int k = knn.k;
    std::vector<float> cond(size_t(n) * k);
    parallelChunks(n, 256, threads, [&](int64_t, int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i)
            conditionalP(knn.distance.data() + i * k, k, perplexity, cond.data() + i * k);
    });
    struct Entry {
        int32_t row, col;
        float value;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(n) * k * 2);
    for (int64_t i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            const int32_t c = knn.index[size_t(i) * k + j];
            const float v = cond[size_t(i) * k + j];
            entries.push_back({int32_t(i), c, v});
            entries.push_back({c, int32_t(i), v});
        }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    SparseP p;
    p.rowStart.assign(size_t(n) + 1, 0);
    double total = 0;
    for (size_t s = 0; s < entries.size();) {
        size_t e = s;
        double v = 0;
        while (e < entries.size() && entries[e].row == entries[s].row && entries[e].col == entries[s].col)
            v += entries[e++].value;
        p.col.push_back(entries[s].col);
        p.value.push_back(float(v));
        ++p.rowStart[size_t(entries[s].row) + 1];
        total += v;
        s = e;
    }
    for (int64_t i = 0; i < n; ++i)
        p.rowStart[size_t(i) + 1] += p.rowStart[size_t(i)];
    const float scale = float(1.0 / std::max(total, 2.2e-16));
    for (float& v : p.value)
        v *= scale;
    return p;
}

// Quadtree of the 2-D points with each cell's centre of mass and size.
class QuadTree {
public:
    void build(const std::vector<float>& y, int64_t n)
    {
        float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
        for (int64_t i = 0; i < n; ++i)
            for (int d = 0; d < 2; ++d) {
                lo[d] = std::min(lo[d], y[size_t(i) * 2 + d]);
                hi[d] = std::max(hi[d], y[size_t(i) * 2 + d]);
            }
        const float half = std::max(std::max(hi[0] - lo[0], hi[1] - lo[1]) * 0.5f * 1.001f, 1e-6f);
        nodes_.clear();
        nodes_.reserve(size_t(n) * 2);
        nodes_.push_back(Node{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, half, 0, 0, 0, -1, -1});
        for (int64_t i = 0; i < n; ++i)
            insert(int32_t(i), y[size_t(i) * 2], y[size_t(i) * 2 + 1]);
    }

    // Repulsive force on (x, y) and its share of the normalisation sum.
    void repulsion(float px, float py, float theta2, float& fx, float& fy, double& sumQ) const
    {
        int32_t stack[256];
        int top = 0;
        stack[top++] = 0;
        double q = 0, ax = 0, ay = 0;
        while (top > 0) {
            const Node& c = nodes_[size_t(stack[--top])];
            if (c.count == 0)
                continue;
            const float dx = px - c.comX, dy = py - c.comY;
            const float d2 = dx * dx + dy * dy;
            const float width = 2 * c.half;
            if (c.child < 0 || width * width < theta2 * d2) {
                if (d2 == 0) {   // the point itself (and exact duplicates): no force
                    q += c.count - 1;
                    continue;
                }
                const float qz = 1.f / (1.f + d2);
                const float m = float(c.count) * qz;
                q += m;
                ax += m * qz * dx;
                ay += m * qz * dy;
            } else {
                for (int k = 0; k < 4; ++k)
                    stack[top++] = c.child + k;
            }
        }
        fx = float(ax);
        fy = float(ay);
        sumQ += q;
    }

private:
    struct Node {
        float cx, cy, half;      // cell square
        float comX, comY;        // centre of mass
        int32_t count;
        int32_t child;           // first of 4 children, -1 for a leaf
        int32_t point;           // a point of a leaf, -1 when empty
    };

    int quadrant(const Node& c, float x, float y) const { return (x >= c.cx ? 1 : 0) + (y >= c.cy ? 2 : 0); }

    void split(size_t at)
    {
        const int32_t first = int32_t(nodes_.size());
        const Node c = nodes_[at];
        const float h = c.half / 2;
        for (int k = 0; k < 4; ++k)
            nodes_.push_back(Node{c.cx + ((k & 1) ? h : -h), c.cy + ((k & 2) ? h : -h), h, 0, 0, 0, -1, -1});
        nodes_[at].child = first;
    }

    void insert(int32_t index, float x, float y)
    {
        size_t at = 0;
        for (int depth = 0;; ++depth) {
            Node& c = nodes_[at];
            const float w = 1.f / float(c.count + 1);
            c.comX += (x - c.comX) * w;
            c.comY += (y - c.comY) * w;
            ++c.count;
            if (c.child >= 0) {
                at = size_t(c.child + quadrant(c, x, y));
                continue;
            }
            if (c.count == 1) {
                c.point = index;
                return;
            }
            // An occupied leaf. Exact duplicates (or a cell too deep to split)
            // only add to its count; else its points move one level down.
            const int32_t old = c.point;
            const float ox = pointX(old), oy = pointY(old);
            if (depth >= 40 || (ox == x && oy == y))
                return;
            const int32_t oldCount = c.count - 1;
            split(at);   // may reallocate: no references into nodes_ past this line
            Node& parent = nodes_[at];
            parent.point = -1;
            Node& moved = nodes_[size_t(parent.child + quadrant(parent, ox, oy))];
            moved.comX = ox;
            moved.comY = oy;
            moved.count = oldCount;
            moved.point = old;
            at = size_t(nodes_[at].child + quadrant(nodes_[at], x, y));
        }
    }

    float pointX(int32_t i) const { return (*y_)[size_t(i) * 2]; }
    float pointY(int32_t i) const { return (*y_)[size_t(i) * 2 + 1]; }

public:
    void setPoints(const std::vector<float>* y) { y_ = y; }

private:
    std::vector<Node> nodes_;
    const std::vector<float>* y_ = nullptr;
};

// Point indices sorted along a Z-order curve of their 2-D positions.
void mortonOrder(const std::vector<float>& y, int64_t n, std::vector<int32_t>& order)
{
    float lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
    for (int64_t i = 0; i < n; ++i)
        for (int d = 0; d < 2; ++d) {
            lo[d] = std::min(lo[d], y[size_t(i) * 2 + d]);
            hi[d] = std::max(hi[d], y[size_t(i) * 2 + d]);
        }
    auto spread = [](uint32_t v) {   // 16 bits to the even bit positions
        v &= 0xffff;
        v = (v | (v << 8)) & 0x00ff00ff;
        v = (v | (v << 4)) & 0x0f0f0f0f;
        v = (v | (v << 2)) & 0x33333333;
        v = (v | (v << 1)) & 0x55555555;
        return v;
    };
    std::vector<std::pair<uint32_t, int32_t>> keyed(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        uint32_t q[2];
        for (int d = 0; d < 2; ++d) {
            const float range = hi[d] > lo[d] ? hi[d] - lo[d] : 1.f;
            q[d] = uint32_t(std::min(65535.f, (y[size_t(i) * 2 + d] - lo[d]) / range * 65535.f));
        }
        keyed[size_t(i)] = {spread(q[0]) | (spread(q[1]) << 1), int32_t(i)};
    }
    std::sort(keyed.begin(), keyed.end());
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = keyed[size_t(i)].second;
}

} // namespace

Layout tsne(const float* points, int64_t n, int dim, const ProjectionParams& p, const ProjectionProgress& progress,
            const std::atomic<bool>* cancel)
{
    Layout out;
    auto cancelled = [&] { return cancel && cancel->load(); };
    const int threads = resolveThreads(p.threads);
    const int k = int(std::min<int64_t>(n - 1, int64_t(3 * p.perplexity + 1)));
    KnnGraph knn;
    if (!nearestNeighbors(points, n, dim, k, threads, p.seed, knn, [&](double f) {
            if (progress)
                progress(0.3 * f, "knn");
        }, cancel)) {
        out.cancelled = true;
        return out;
    }
    if (progress)
        progress(0.3, "graph");
    const SparseP P = jointP(knn, n, p.perplexity, threads);
    knn = {};

    bool initCancelled = false;
    std::vector<float> y = pcaStart(points, n, dim, p.seed, p.threads, cancel, initCancelled);
    if (initCancelled || cancelled()) {
        out.cancelled = true;
        return out;
    }
    {
        double mean = 0, var = 0;
        for (int64_t i = 0; i < n; ++i)
            mean += y[size_t(i) * 2];
        mean /= double(n);
        for (int64_t i = 0; i < n; ++i)
            var += (y[size_t(i) * 2] - mean) * (y[size_t(i) * 2] - mean);
        const double sd = std::sqrt(var / double(n));
        const float scale = sd > 0 ? float(1e-4 / sd) : 1.f;
        for (float& v : y)
            v *= scale;
    }

    const float exaggeration = 12.f;
    const float learningRate = std::max(float(n) / exaggeration / 4.f, 50.f);
    const int exploration = std::min(250, p.iterations);
    const float theta2 = float(p.theta * p.theta);
    std::vector<float> update(y.size(), 0.f), gains(y.size(), 1.f), grad(y.size());
    const int64_t chunk = 256;
    const int64_t chunks = (n + chunk - 1) / chunk;
    std::vector<double> partialQ(static_cast<size_t>(chunks));
    QuadTree tree;
    tree.setPoints(&y);
    std::vector<int32_t> order(static_cast<size_t>(n));
    for (int it = 0; it < p.iterations; ++it) {
        if (cancelled()) {
            out.cancelled = true;
            return out;
        }
        if (it == exploration) {   // scikit-learn starts a fresh descent after the exploration phase
            std::fill(update.begin(), update.end(), 0.f);
            std::fill(gains.begin(), gains.end(), 1.f);
        }
        const float pScale = it < exploration ? exaggeration : 1.f;
        const float momentum = it < exploration ? 0.5f : 0.8f;
        tree.build(y, n);
        if (it % 10 == 0)
            mortonOrder(y, n, order);
        // grad holds the repulsive part first, then the full gradient. Points
        // go in Morton order, so neighbouring points walk the same cells.
        parallelChunks(n, chunk, threads, [&](int64_t c, int64_t b, int64_t e) {
            double q = 0;
            for (int64_t s = b; s < e; ++s) {
                const int64_t i = order[size_t(s)];
                const float yi0 = y[size_t(i) * 2], yi1 = y[size_t(i) * 2 + 1];
                tree.repulsion(yi0, yi1, theta2, grad[size_t(i) * 2], grad[size_t(i) * 2 + 1], q);
            }
            partialQ[size_t(c)] = q;
        });
        double sumQ = 0;
        for (double q : partialQ)
            sumQ += q;
        const float invQ = float(1.0 / std::max(sumQ, 1e-300));
        parallelChunks(n, chunk, threads, [&](int64_t, int64_t b, int64_t e) {
            for (int64_t i = b; i < e; ++i) {
                const float yi0 = y[size_t(i) * 2], yi1 = y[size_t(i) * 2 + 1];
                float px = 0, py = 0;
                for (int64_t s = P.rowStart[size_t(i)]; s < P.rowStart[size_t(i) + 1]; ++s) {
                    const float* yj = y.data() + size_t(P.col[size_t(s)]) * 2;
                    const float dx = yi0 - yj[0], dy = yi1 - yj[1];
                    const float m = pScale * P.value[size_t(s)] / (1.f + dx * dx + dy * dy);
                    px += m * dx;
                    py += m * dy;
                }
                // 4 = 2 (dof + 1) / dof with one degree of freedom, as in scikit-learn.
                grad[size_t(i) * 2] = 4.f * (px - grad[size_t(i) * 2] * invQ);
                grad[size_t(i) * 2 + 1] = 4.f * (py - grad[size_t(i) * 2 + 1] * invQ);
            }
        });
        for (size_t v = 0; v < y.size(); ++v) {
            float& gain = gains[v];
            gain = update[v] * grad[v] < 0 ? gain + 0.2f : gain * 0.8f;
            gain = std::max(gain, 0.01f);
            update[v] = momentum * update[v] - learningRate * gain * grad[v];
            y[v] += update[v];
        }
        if (progress && (it % 10 == 0 || it + 1 == p.iterations))
            progress(0.35 + 0.65 * double(it + 1) / p.iterations, "layout");
    }
    out.xy = std::move(y);
    return out;
}

} // namespace wb::proj
