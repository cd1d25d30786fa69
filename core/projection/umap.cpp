#include "core/projection/umap.h"

#include "core/projection/knn.h"
#include "core/projection/parallel.h"
#include "core/projection/pca.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace wb::proj {

namespace {

struct Graph {                     // CSR of the symmetric fuzzy graph
    std::vector<int64_t> rowStart; // [n + 1]
    std::vector<int32_t> col;      // [edges]
    std::vector<float> weight;     // [edges]
};

// umap-learn's smooth_knn_dist + compute_membership_strengths for one point:
// distances of its k nearest others (self excluded), target log2(k + 1).
void memberships(const float* dist, int k, double meanAll, float* out)
{
    const double target = std::log2(double(k + 1));
    double rho = 0;
    for (int j = 0; j < k; ++j)
        if (dist[j] > 0) {
            rho = dist[j];
            break;
        }
    double lo = 0, hi = INFINITY, mid = 1.0;
    for (int it = 0; it < 64; ++it) {
        double psum = 0;
        for (int j = 0; j < k; ++j) {
            const double d = dist[j] - rho;
            psum += d > 0 ? std::exp(-(d / mid)) : 1.0;
        }
        if (std::abs(psum - target) < 1e-5)
            break;
        if (psum > target) {
            hi = mid;
            mid = (lo + hi) / 2;
        } else {
            lo = mid;
            mid = std::isinf(hi) ? mid * 2 : (lo + hi) / 2;
        }
    }
    double meanOwn = 0;   // mean over the k + 1 columns of umap-learn, self (0) included
    for (int j = 0; j < k; ++j)
        meanOwn += dist[j];
    meanOwn /= double(k + 1);
    const double sigma = std::max(mid, 1e-3 * (rho > 0 ? meanOwn : meanAll));
    for (int j = 0; j < k; ++j) {
        const double d = dist[j] - rho;
        out[j] = d <= 0 || sigma == 0 ? 1.f : float(std::exp(-(d / sigma)));
    }
}

Graph fuzzyGraph(const KnnGraph& knn, int64_t n, int epochs)
{
    const int k = knn.k;
    double meanAll = 0;
    for (float d : knn.distance)
        meanAll += d;
    meanAll /= double(n) * (k + 1);
    std::vector<float> w(size_t(n) * k);
    for (int64_t i = 0; i < n; ++i)
        memberships(knn.distance.data() + i * k, k, meanAll, w.data() + i * k);
    // Entries (row, col, forward weight, transposed weight), merged after a sort.
    struct Entry {
        int32_t row, col;
        float fwd, bwd;
    };
    std::vector<Entry> entries;
    entries.reserve(size_t(n) * k * 2);
    for (int64_t i = 0; i < n; ++i)
        for (int j = 0; j < k; ++j) {
            const int32_t c = knn.index[size_t(i) * k + j];
            const float v = w[size_t(i) * k + j];
            if (c == int32_t(i) || v <= 0)
                continue;
            entries.push_back({int32_t(i), c, v, 0.f});
            entries.push_back({c, int32_t(i), 0.f, v});
        }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    std::vector<std::pair<int64_t, float>> merged;   // (row * n + col, weight)
    std::vector<int32_t> rows, cols;
    std::vector<float> vals;
    float maxW = 0;
    for (size_t s = 0; s < entries.size();) {
        size_t e = s;
        float f = 0, b = 0;
        while (e < entries.size() && entries[e].row == entries[s].row && entries[e].col == entries[s].col) {
            f = std::max(f, entries[e].fwd);
            b = std::max(b, entries[e].bwd);
            ++e;
        }
        const float v = f + b - f * b;
        rows.push_back(entries[s].row);
        cols.push_back(entries[s].col);
        vals.push_back(v);
        maxW = std::max(maxW, v);
        s = e;
    }
    Graph g;
    g.rowStart.assign(size_t(n) + 1, 0);
    const float cut = maxW / float(epochs);
    for (size_t e = 0; e < rows.size(); ++e) {
        if (vals[e] < cut)
            continue;
        g.col.push_back(cols[e]);
        g.weight.push_back(vals[e]);
        ++g.rowStart[size_t(rows[e]) + 1];
    }
    for (int64_t i = 0; i < n; ++i)
        g.rowStart[size_t(i) + 1] += g.rowStart[size_t(i)];
    return g;
}

// Initial layout: the first two principal components, scaled so the largest
// |coordinate| is 10, a little noise, then each axis min-max scaled to
// [0, 10] (umap-learn's init="pca" path followed by its pre-SGD rescale).
std::vector<float> initialLayout(const float* points, int64_t n, int dim, const ProjectionParams& p,
                                 const std::atomic<bool>* cancel, bool& cancelled)
{
    std::vector<float> y = pcaStart(points, n, dim, p.seed, p.threads, cancel, cancelled);
    if (cancelled)
        return y;
    float maxAbs = 0;
    for (float v : y)
        maxAbs = std::max(maxAbs, std::abs(v));
    Rng rng(hashCombine(p.seed, 0x1417));
    for (float& v : y)
        v = (maxAbs > 0 ? v * (10.f / maxAbs) : 0.f) + float(rng.gaussian() * 1e-4);
    for (int d = 0; d < 2; ++d) {
        float lo = INFINITY, hi = -INFINITY;
        for (int64_t i = 0; i < n; ++i) {
            lo = std::min(lo, y[size_t(i) * 2 + d]);
            hi = std::max(hi, y[size_t(i) * 2 + d]);
        }
        const float range = hi > lo ? hi - lo : 1.f;
        for (int64_t i = 0; i < n; ++i)
            y[size_t(i) * 2 + d] = 10.f * (y[size_t(i) * 2 + d] - lo) / range;
    }
    return y;
}

inline float clip4(float v) { return v > 4.f ? 4.f : (v < -4.f ? -4.f : v); }

// d^b for d > 0 as 2^(b log2 d) with polynomial log2 (|error| < 6e-6) and
// exp2 (relative error < 3e-7): libm's log2f/exp2f took a third of the SGD
// time. Pure float arithmetic, so still deterministic.
inline float fastLog2(float x)
{
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    const float e = float(int32_t(bits >> 23) - 127);
    bits = (bits & 0x007fffffu) | 0x3f800000u;
    float m;
    std::memcpy(&m, &bits, 4);
    const float t = m - 1.f;   // log2(1 + t) on [0, 1), least-squares degree 6
    float p = -0.024825984f;
    p = p * t + 0.11790686f;
    p = p * t - 0.27235583f;
    p = p * t + 0.45385821f;
    p = p * t - 0.71698757f;
    p = p * t + 1.4423956f;
    p = p * t + 5.0603280e-06f;
    return e + p;
}

inline float fastExp2(float y)
{
    y = std::min(126.f, std::max(-126.f, y));
    const float whole = std::floor(y);
    const float f = y - whole;   // 2^f on [0, 1), least-squares degree 5
    float p = 0.0018943794f;
    p = p * f + 0.0089405825f;
    p = p * f + 0.055876557f;
    p = p * f + 0.24013169f;
    p = p * f + 0.69315678f;
    p = p * f + 0.99999977f;
    const uint32_t bits = uint32_t(int32_t(whole) + 127) << 23;
    float scale;
    std::memcpy(&scale, &bits, 4);
    return p * scale;
}

inline float powb(float d, float b) { return fastExp2(b * fastLog2(d)); }

// A uniform index in [0, n) from 64 random bits without a division.
inline uint64_t below(uint64_t r, uint64_t n) { return uint64_t((unsigned __int128)r * n >> 64); }

} // namespace

void fitAb(double minDist, double& a, double& b)
{
    // Levenberg-Marquardt on f(x) = 1 / (1 + a x^(2b)), like scipy's curve_fit.
    const int m = 300;
    std::vector<double> xs(m), ys(m);
    for (int i = 0; i < m; ++i) {
        xs[size_t(i)] = 3.0 * i / (m - 1);
        ys[size_t(i)] = xs[size_t(i)] < minDist ? 1.0 : std::exp(-(xs[size_t(i)] - minDist));
    }
    auto cost = [&](double pa, double pb) {
        double c = 0;
        for (int i = 0; i < m; ++i) {
            const double f = 1.0 / (1.0 + pa * std::pow(xs[size_t(i)], 2 * pb));
            c += (f - ys[size_t(i)]) * (f - ys[size_t(i)]);
        }
        return c;
    };
    a = 1.0;
    b = 1.0;
    double lambda = 1e-3, c = cost(a, b);
    for (int it = 0; it < 500; ++it) {
        double jtj[3] = {0, 0, 0}, jtr[2] = {0, 0};   // [aa, ab, bb]
        for (int i = 0; i < m; ++i) {
            const double x = xs[size_t(i)];
            if (x <= 0) {   // f = 1 for any a, b: no gradient
                continue;
            }
            const double x2b = std::pow(x, 2 * b);
            const double den = 1.0 + a * x2b;
            const double f = 1.0 / den;
            const double da = -x2b / (den * den);
            const double db = -a * x2b * 2 * std::log(x) / (den * den);
            const double r = f - ys[size_t(i)];
            jtj[0] += da * da;
            jtj[1] += da * db;
            jtj[2] += db * db;
            jtr[0] += da * r;
            jtr[1] += db * r;
        }
        const double h00 = jtj[0] * (1 + lambda), h11 = jtj[2] * (1 + lambda), h01 = jtj[1];
        const double det = h00 * h11 - h01 * h01;
        if (det == 0)
            break;
        const double sa = -(h11 * jtr[0] - h01 * jtr[1]) / det;
        const double sb = -(-h01 * jtr[0] + h00 * jtr[1]) / det;
        const double nc = cost(a + sa, b + sb);
        if (nc < c) {
            const bool small = std::abs(sa) < 1e-12 && std::abs(sb) < 1e-12;
            a += sa;
            b += sb;
            lambda = std::max(lambda / 10, 1e-12);
            const bool flat = c - nc < 1e-15 * c;
            c = nc;
            if (small || flat)
                break;
        } else {
            lambda *= 10;
            if (lambda > 1e12)
                break;
        }
    }
}

Layout umap(const float* points, int64_t n, int dim, const ProjectionParams& p, const ProjectionProgress& progress,
            const std::atomic<bool>* cancel)
{
    Layout out;
    auto cancelled = [&] { return cancel && cancel->load(); };
    const int threads = resolveThreads(p.threads);
    const int epochs = p.epochs > 0 ? p.epochs : (n <= 10000 ? 500 : 200);
    // umap-learn counts the point itself among n_neighbors.
    const int k = int(std::min<int64_t>(std::max(1, p.neighbors - 1), n - 1));

    KnnGraph knn;
    const bool knnDone = nearestNeighbors(points, n, dim, k, threads, p.seed, knn, [&](double f) {
        if (progress)
            progress(0.4 * f, "knn");
    }, cancel);
    if (!knnDone) {
        out.cancelled = true;
        return out;
    }
    if (progress)
        progress(0.4, "graph");
    const Graph g = fuzzyGraph(knn, n, epochs);
    knn = {};
    bool initCancelled = false;
    std::vector<float> y = initialLayout(points, n, dim, p, cancel, initCancelled);
    if (initCancelled || cancelled()) {
        out.cancelled = true;
        return out;
    }

    double a, b;
    fitAb(p.minDist, a, b);
    const float fa = float(a), fb = float(b);
    const size_t edges = g.col.size();
    float maxW = 0;
    for (float w : g.weight)
        maxW = std::max(maxW, w);
    // umap-learn's make_epochs_per_sample: an edge is sampled weight/max times per epoch.
    std::vector<float> perSample(edges), nextSample(edges), perNegative(edges), nextNegative(edges);
    const float negativeRate = 5.f;
    for (size_t e = 0; e < edges; ++e) {
        perSample[e] = maxW / g.weight[e];
        nextSample[e] = perSample[e];
        perNegative[e] = perSample[e] / negativeRate;
        nextNegative[e] = perNegative[e];
    }
    std::vector<float> snapshot(y.size());
    const uint64_t nn = uint64_t(n);
    for (int epoch = 0; epoch < epochs; ++epoch) {
        if (cancelled()) {
            out.cancelled = true;
            return out;
        }
        const float alpha = float(1.0 - double(epoch) / epochs);
        const float ep = float(epoch);
        snapshot = y;
        const uint64_t epochSeed = hashCombine(p.seed, uint64_t(epoch));
        parallelChunks(n, 2048, threads, [&](int64_t, int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i) {
                float* cur = y.data() + i * 2;
                for (int64_t e = g.rowStart[size_t(i)]; e < g.rowStart[size_t(i) + 1]; ++e) {
                    if (nextSample[size_t(e)] > ep + 1)   // umap-learn's epochs count from 1
                        continue;
                    const float* other = snapshot.data() + size_t(g.col[size_t(e)]) * 2;
                    float dx = cur[0] - other[0], dy = cur[1] - other[1];
                    float d2 = dx * dx + dy * dy;
                    if (d2 > 0) {
                        const float pb = powb(d2, fb);
                        const float coeff = (-2.f * fa * fb * pb / d2) / (fa * pb + 1.f);
                        cur[0] += 2.f * clip4(coeff * dx) * alpha;
                        cur[1] += 2.f * clip4(coeff * dy) * alpha;
                    }
                    nextSample[size_t(e)] += perSample[size_t(e)];
                    const int negatives = int((ep + 1 - nextNegative[size_t(e)]) / perNegative[size_t(e)]);
                    const uint64_t edgeSeed = hashCombine(epochSeed, uint64_t(e));
                    // The negative samples of one edge all see the head where the
                    // pull left it, and their pushes are added: independent
                    // evaluations instead of one long dependency chain (4x faster).
                    const float c0 = cur[0], c1 = cur[1];
                    float gx = 0, gy = 0;
                    for (int s = 0; s < negatives; ++s) {
                        const uint64_t t = below(mix64(edgeSeed + uint64_t(s)), nn);
                        if (int64_t(t) == i)
                            continue;
                        const float* neg = snapshot.data() + t * 2;
                        const float nx = c0 - neg[0], ny = c1 - neg[1];
                        const float nd2 = nx * nx + ny * ny;
                        if (nd2 > 0) {
                            const float coeff = 2.f * fb / ((0.001f + nd2) * (fa * powb(nd2, fb) + 1.f));
                            gx += clip4(coeff * nx);
                            gy += clip4(coeff * ny);
                        } else {   // coincident points: umap-learn pushes by the clip limit
                            gx += 4.f;
                            gy += 4.f;
                        }
                    }
                    cur[0] = c0 + gx * alpha;
                    cur[1] = c1 + gy * alpha;
                    nextNegative[size_t(e)] += float(negatives) * perNegative[size_t(e)];
                }
            }
        });
        if (progress && (epoch % 5 == 0 || epoch + 1 == epochs))
            progress(0.45 + 0.55 * double(epoch + 1) / epochs, "layout");
    }
    if (cancelled()) {
        out.cancelled = true;
        return out;
    }
    out.xy = std::move(y);
    return out;
}

} // namespace wb::proj
