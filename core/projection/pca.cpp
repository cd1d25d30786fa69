#include "core/projection/pca.h"

#include "core/data/record.h"
#include "core/projection/parallel.h"
#include "core/projection/simd.h"
#include "core/projection/validate.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wb {

namespace proj {

void symmetricEigen(std::vector<double> a, int size, std::vector<double>& values, std::vector<double>& vectors)
{
    const int n = size;
    std::vector<double> v(size_t(n) * n, 0.0);
    for (int i = 0; i < n; ++i)
        v[size_t(i) * n + i] = 1.0;
    auto at = [&](int r, int c) -> double& { return a[size_t(r) * n + c]; };
    double scale = 0;
    for (double x : a)
        scale += x * x;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q)
                off += at(p, q) * at(p, q);
        if (off <= 1e-30 * scale || off == 0)
            break;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) {
                const double apq = at(p, q);
                if (std::abs(apq) < 1e-300)
                    continue;
                const double theta = (at(q, q) - at(p, p)) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; ++k) {   // columns p, q
                    const double akp = at(k, p), akq = at(k, q);
                    at(k, p) = c * akp - s * akq;
                    at(k, q) = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) {   // rows p, q
                    const double apk = at(p, k), aqk = at(q, k);
                    at(p, k) = c * apk - s * aqk;
                    at(q, k) = s * apk + c * aqk;
                }
                for (int k = 0; k < n; ++k) {
                    double& vkp = v[size_t(k) * n + p];
                    double& vkq = v[size_t(k) * n + q];
                    const double x = vkp, y = vkq;
                    vkp = c * x - s * y;
                    vkq = s * x + c * y;
                }
            }
    }
    std::vector<int> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return at(x, x) > at(y, y); });
    values.assign(size_t(n), 0.0);
    vectors.assign(size_t(n) * n, 0.0);
    for (int k = 0; k < n; ++k) {
        values[size_t(k)] = at(order[size_t(k)], order[size_t(k)]);
        for (int i = 0; i < n; ++i)
            vectors[size_t(i) * n + k] = v[size_t(i) * n + order[size_t(k)]];
    }
}

} // namespace proj

namespace {

constexpr int64_t kChunkRows = 2048;

// Modified Gram-Schmidt, twice, on the columns of a [dim][16] matrix.
void orthonormalize(std::vector<double>& m, int dim, proj::Rng& rng)
{
    const int w = proj::kPcaBlock;
    for (int pass = 0; pass < 2; ++pass)
        for (int l = 0, retries = 0; l < w; ++l) {
            if (l >= dim || retries > 8) {   // no room for another direction: a zero column
                for (int j = 0; j < dim; ++j)
                    m[size_t(j) * w + l] = 0;
                retries = 0;
                continue;
            }
            for (int p = 0; p < l; ++p) {
                double d = 0;
                for (int j = 0; j < dim; ++j)
                    d += m[size_t(j) * w + l] * m[size_t(j) * w + p];
                for (int j = 0; j < dim; ++j)
                    m[size_t(j) * w + l] -= d * m[size_t(j) * w + p];
            }
            double norm = 0;
            for (int j = 0; j < dim; ++j)
                norm += m[size_t(j) * w + l] * m[size_t(j) * w + l];
            if (norm < 1e-24) {   // rank-deficient data: any direction orthogonal to the others
                for (int j = 0; j < dim; ++j)
                    m[size_t(j) * w + l] = rng.gaussian();
                --l;
                ++retries;
                continue;
            }
            retries = 0;
            norm = std::sqrt(norm);
            for (int j = 0; j < dim; ++j)
                m[size_t(j) * w + l] /= norm;
        }
}

// A deterministic sign: the largest |entry| of each axis is positive.
void fixSigns(std::vector<double>& axes, int components, int dim)
{
    for (int k = 0; k < components; ++k) {
        double* a = axes.data() + size_t(k) * dim;
        int best = 0;
        for (int j = 1; j < dim; ++j)
            if (std::abs(a[j]) > std::abs(a[best]))
                best = j;
        if (a[best] < 0)
            for (int j = 0; j < dim; ++j)
                a[j] = -a[j];
    }
}

struct Moments {
    std::vector<double> mean;
    double totalVariance = 0;
};

// Mean and total variance, shifted by the first row for accuracy.
Moments moments(const float* x, int64_t n, int dim, int threads)
{
    const int64_t chunks = (n + kChunkRows - 1) / kChunkRows;
    std::vector<double> sums(size_t(chunks) * dim * 2, 0.0);
    proj::parallelChunks(n, kChunkRows, threads, [&](int64_t c, int64_t b, int64_t e) {
        double* s = sums.data() + size_t(c) * dim * 2;
        double* s2 = s + dim;
        for (int64_t i = b; i < e; ++i)
            for (int j = 0; j < dim; ++j) {
                const double d = double(x[i * dim + j]) - x[j];
                s[j] += d;
                s2[j] += d * d;
            }
    });
    Moments m;
    m.mean.assign(size_t(dim), 0.0);
    std::vector<double> sq(static_cast<size_t>(dim), 0.0);
    for (int64_t c = 0; c < chunks; ++c)
        for (int j = 0; j < dim; ++j) {
            m.mean[size_t(j)] += sums[size_t(c) * dim * 2 + j];
            sq[size_t(j)] += sums[size_t(c) * dim * 2 + dim + j];
        }
    for (int j = 0; j < dim; ++j) {
        const double shiftMean = m.mean[size_t(j)] / double(n);
        m.totalVariance += (sq[size_t(j)] - double(n) * shiftMean * shiftMean) / double(n - 1);
        m.mean[size_t(j)] = shiftMean + x[j];
    }
    return m;
}

// Centred projection of every row on the axes (at most 16 of them).
std::vector<float> projectRows(const float* x, int64_t n, int dim, const std::vector<double>& axes, int components,
                               const std::vector<double>& mean, int threads)
{
    const int w = proj::kPcaBlock;
    std::vector<float> q(size_t(dim) * w, 0.f), c(size_t(w), 0.f);
    for (int k = 0; k < components; ++k) {
        double ck = 0;
        for (int j = 0; j < dim; ++j) {
            q[size_t(j) * w + k] = float(axes[size_t(k) * dim + j]);
            ck += axes[size_t(k) * dim + j] * mean[size_t(j)];
        }
        c[size_t(k)] = float(ck);
    }
    std::vector<float> out(size_t(n) * components);
    proj::parallelChunks(n, kChunkRows, threads, [&](int64_t, int64_t b, int64_t e) {
        proj::pcaProject(x + b * dim, e - b, dim, q.data(), c.data(), components, out.data() + b * components);
    });
    return out;
}

bool exactPca(const float* x, int64_t n, int dim, int components, const Moments& m, int threads,
              const std::atomic<bool>* cancel, std::vector<double>& axes, std::vector<double>& variance)
{
    const int64_t chunks = (n + kChunkRows - 1) / kChunkRows;
    const size_t dd = size_t(dim) * dim;
    std::vector<double> partial(size_t(chunks) * dd, 0.0);
    proj::parallelChunks(n, kChunkRows, threads, [&](int64_t c, int64_t b, int64_t e) {
        if (cancel && cancel->load())
            return;
        double* cov = partial.data() + size_t(c) * dd;
        std::vector<double> row(static_cast<size_t>(dim));
        for (int64_t i = b; i < e; ++i) {
            for (int j = 0; j < dim; ++j)
                row[size_t(j)] = double(x[i * dim + j]) - m.mean[size_t(j)];
            for (int p = 0; p < dim; ++p) {
                const double rp = row[size_t(p)];
                double* cp = cov + size_t(p) * dim;
                for (int q = p; q < dim; ++q)
                    cp[q] += rp * row[size_t(q)];
            }
        }
    });
    if (cancel && cancel->load())
        return false;
    std::vector<double> cov(dd, 0.0);
    for (int64_t c = 0; c < chunks; ++c)
        for (size_t i = 0; i < dd; ++i)
            cov[i] += partial[size_t(c) * dd + i];
    for (int p = 0; p < dim; ++p)
        for (int q = p; q < dim; ++q) {
            cov[size_t(p) * dim + q] /= double(n - 1);
            cov[size_t(q) * dim + p] = cov[size_t(p) * dim + q];
        }
    std::vector<double> values, vectors;
    proj::symmetricEigen(std::move(cov), dim, values, vectors);
    axes.assign(size_t(components) * dim, 0.0);
    variance.assign(size_t(components), 0.0);
    for (int k = 0; k < components; ++k) {
        variance[size_t(k)] = std::max(0.0, values[size_t(k)]);
        for (int j = 0; j < dim; ++j)
            axes[size_t(k) * dim + j] = vectors[size_t(j) * dim + k];
    }
    return true;
}

bool randomizedPca(const float* x, int64_t n, int dim, const PcaOptions& o, const Moments& m, int threads,
                   const ProjectionProgress& progress, const std::atomic<bool>* cancel, std::vector<double>& axes,
                   std::vector<double>& variance)
{
    const int w = proj::kPcaBlock;
    proj::Rng rng(o.seed);
    std::vector<double> basis(size_t(dim) * w);   // [dim][16]
    for (double& b : basis)
        b = rng.gaussian();
    orthonormalize(basis, dim, rng);
    const int64_t chunks = (n + kChunkRows - 1) / kChunkRows;
    const size_t zSize = size_t(dim) * w, tSize = size_t(w) * w;
    std::vector<float> partial(size_t(chunks) * (zSize + tSize));
    std::vector<double> t(tSize);
    const int passes = std::max(1, o.powerIterations + 1);
    for (int pass = 0; pass < passes; ++pass) {
        std::vector<float> q(zSize), c(static_cast<size_t>(w));
        for (size_t i = 0; i < zSize; ++i)
            q[i] = float(basis[i]);
        for (int l = 0; l < w; ++l) {
            double cl = 0;
            for (int j = 0; j < dim; ++j)
                cl += basis[size_t(j) * w + l] * m.mean[size_t(j)];
            c[size_t(l)] = float(cl);
        }
        std::fill(partial.begin(), partial.end(), 0.f);
        proj::parallelChunks(n, kChunkRows, threads, [&](int64_t ch, int64_t b, int64_t e) {
            if (cancel && cancel->load())
                return;
            float* z = partial.data() + size_t(ch) * (zSize + tSize);
            proj::pcaAccumulate(x + b * dim, e - b, dim, q.data(), c.data(), z, z + zSize);
        });
        if (cancel && cancel->load())
            return false;
        std::vector<double> z(zSize, 0.0);
        std::fill(t.begin(), t.end(), 0.0);
        for (int64_t ch = 0; ch < chunks; ++ch) {
            const float* p = partial.data() + size_t(ch) * (zSize + tSize);
            for (size_t i = 0; i < zSize; ++i)
                z[i] += p[i];
            for (size_t i = 0; i < tSize; ++i)
                t[i] += p[zSize + i];
        }
        if (progress)
            progress(double(pass + 1) / (passes + 1), "pca");
        if (pass + 1 < passes) {
            basis = std::move(z);
            orthonormalize(basis, dim, rng);
        }
    }
    // Rayleigh-Ritz: the covariance restricted to span(basis) is t / (n - 1).
    for (double& v : t)
        v /= double(n - 1);
    std::vector<double> values, vectors;
    proj::symmetricEigen(t, w, values, vectors);
    axes.assign(size_t(o.components) * dim, 0.0);
    variance.assign(size_t(o.components), 0.0);
    for (int k = 0; k < o.components; ++k) {
        variance[size_t(k)] = std::max(0.0, values[size_t(k)]);
        double norm = 0;
        for (int j = 0; j < dim; ++j) {
            double s = 0;
            for (int l = 0; l < w; ++l)
                s += basis[size_t(j) * w + l] * vectors[size_t(l) * w + k];
            axes[size_t(k) * dim + j] = s;
            norm += s * s;
        }
        norm = std::sqrt(norm);
        for (int j = 0; j < dim; ++j)
            axes[size_t(k) * dim + j] /= norm;
    }
    return true;
}

} // namespace

PcaResult pca(const float* points, int64_t n, int dim, const PcaOptions& options, const ProjectionProgress& progress,
              const std::atomic<bool>* cancel)
{
    proj::validatePoints(points, n, dim);
    const bool exact = options.solver == PcaSolver::Exact
                       || (options.solver == PcaSolver::Auto && dim <= 256 && n <= 20000);
    const int maxComponents = exact ? std::min(dim, proj::kPcaBlock) : std::min(dim, 8);
    if (options.components < 1 || options.components > maxComponents)
        throw Error("PCA: components must be 1.." + std::to_string(maxComponents) + ", got "
                    + std::to_string(options.components));
    if (options.powerIterations < 0 || options.powerIterations > 50)
        throw Error("PCA: powerIterations must be 0..50, got " + std::to_string(options.powerIterations));
    const int threads = proj::resolveThreads(options.threads);
    PcaResult r;
    if (progress)
        progress(0.0, "pca");
    const Moments m = moments(points, n, dim, threads);
    const bool done = exact ? exactPca(points, n, dim, options.components, m, threads, cancel, r.axes,
                                       r.explainedVariance)
                            : randomizedPca(points, n, dim, options, m, threads, progress, cancel, r.axes,
                                            r.explainedVariance);
    if (!done || (cancel && cancel->load())) {
        r = PcaResult{};
        r.cancelled = true;
        return r;
    }
    fixSigns(r.axes, options.components, dim);
    r.components = options.components;
    r.dim = dim;
    r.exact = exact;
    r.mean = m.mean;
    r.totalVariance = m.totalVariance;
    r.projected = projectRows(points, n, dim, r.axes, options.components, m.mean, threads);
    if (progress)
        progress(1.0, "pca");
    return r;
}

namespace proj {

std::vector<float> pcaStart(const float* points, int64_t n, int dim, uint64_t seed, int threads,
                            const std::atomic<bool>* cancel, bool& cancelled)
{
    PcaOptions o;
    o.seed = seed;
    o.threads = threads;
    o.components = std::min(2, dim);
    PcaResult r = pca(points, n, dim, o, {}, cancel);
    cancelled = r.cancelled;
    if (cancelled || o.components == 2)
        return std::move(r.projected);
    double spread = 0;
    for (float v : r.projected)
        spread = std::max(spread, double(std::abs(v)));
    Rng rng(hashCombine(seed, 0x31d));
    std::vector<float> xy(static_cast<size_t>(n) * 2);
    for (int64_t i = 0; i < n; ++i) {
        xy[size_t(i) * 2] = r.projected[size_t(i)];
        xy[size_t(i) * 2 + 1] = float(rng.gaussian() * 1e-4 * (spread > 0 ? spread : 1.0));
    }
    return xy;
}

} // namespace proj

} // namespace wb
