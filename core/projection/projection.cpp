#include "core/projection/projection.h"

#include "core/data/record.h"
#include "core/projection/parallel.h"
#include "core/projection/pca.h"
#include "core/projection/simd.h"
#include "core/projection/tsne.h"
#include "core/projection/umap.h"
#include "core/projection/validate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace wb {

namespace {

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

[[noreturn]] void badField(const std::string& field, const std::string& value, const std::string& allowed)
{
    throw Error("projection parameter '" + field + "' = " + value + ": " + allowed);
}

void validateParams(const ProjectionParams& p, int64_t n)
{
    if (p.threads < 0 || p.threads > 1024)
        badField("threads", std::to_string(p.threads), "must be 0 (all cores) to 1024");
    switch (p.method) {
    case ProjectionMethod::Pca:
        break;
    case ProjectionMethod::Umap:
        if (p.neighbors < 2 || p.neighbors > 200)
            badField("neighbors", std::to_string(p.neighbors), "must be 2 to 200");
        if (!(p.minDist >= 0 && p.minDist <= 1))
            badField("minDist", number(p.minDist), "must be 0 to 1");
        if (p.epochs < 0 || p.epochs > 10000)
            badField("epochs", std::to_string(p.epochs), "must be 0 (automatic) to 10000");
        break;
    case ProjectionMethod::Tsne:
        if (!(p.perplexity >= 1 && p.perplexity <= 1000))
            badField("perplexity", number(p.perplexity), "must be 1 to 1000");
        if (p.perplexity >= double(n))
            badField("perplexity", number(p.perplexity),
                     "must be less than the number of points (" + std::to_string(n) + ")");
        if (!(p.theta >= 0 && p.theta <= 1))
            badField("theta", number(p.theta), "must be 0 to 1");
        if (p.iterations < 1 || p.iterations > 100000)
            badField("iterations", std::to_string(p.iterations), "must be 1 to 100000");
        break;
    case ProjectionMethod::Imported:
        throw Error("projection: an imported layout is read from a file (importCoordinates), not computed");
    }
}

} // namespace

std::string toString(ProjectionMethod m)
{
    switch (m) {
    case ProjectionMethod::Pca: return "pca";
    case ProjectionMethod::Umap: return "umap";
    case ProjectionMethod::Tsne: return "tsne";
    case ProjectionMethod::Imported: return "imported";
    }
    return "?";
}

ProjectionMethod projectionMethodFromString(const std::string& s)
{
    for (auto m : {ProjectionMethod::Pca, ProjectionMethod::Umap, ProjectionMethod::Tsne, ProjectionMethod::Imported})
        if (toString(m) == s)
            return m;
    throw Error("unknown projection method '" + s + "' (expected pca, umap, tsne or imported)");
}

std::string ProjectionParams::cacheKey() const
{
    // "/1": the algorithm's version; bump it when a change alters layouts.
    switch (method) {
    case ProjectionMethod::Pca:
        return "pca/1;seed=" + std::to_string(seed);
    case ProjectionMethod::Umap:
        return "umap/1;neighbors=" + std::to_string(neighbors) + ";min_dist=" + number(minDist)
               + ";epochs=" + std::to_string(epochs) + ";seed=" + std::to_string(seed);
    case ProjectionMethod::Tsne:
        return "tsne/1;perplexity=" + number(perplexity) + ";theta=" + number(theta)
               + ";iterations=" + std::to_string(iterations) + ";seed=" + std::to_string(seed);
    case ProjectionMethod::Imported:
        return "imported";
    }
    return {};
}

Layout project(const float* points, int64_t n, int dim, const ProjectionParams& params,
               const ProjectionProgress& progress, const std::atomic<bool>* cancel)
{
    if (params.method == ProjectionMethod::Imported)
        validateParams(params, n);
    proj::validatePoints(points, n, dim);
    validateParams(params, n);
    Layout out;
    switch (params.method) {
    case ProjectionMethod::Pca: {
        PcaOptions o;
        o.seed = params.seed;
        o.threads = params.threads;
        o.components = std::min(2, dim);
        PcaResult r = pca(points, n, dim, o, progress, cancel);
        out.cancelled = r.cancelled;
        if (!r.cancelled) {
            if (dim == 1) {   // a single axis: lay the points on a line
                out.xy.assign(size_t(n) * 2, 0.f);
                for (int64_t i = 0; i < n; ++i)
                    out.xy[size_t(i) * 2] = r.projected[size_t(i)];
            } else {
                out.xy = std::move(r.projected);
            }
        }
        break;
    }
    case ProjectionMethod::Umap:
        out = proj::umap(points, n, dim, params, progress, cancel);
        break;
    case ProjectionMethod::Tsne:
        out = proj::tsne(points, n, dim, params, progress, cancel);
        break;
    case ProjectionMethod::Imported:
        break;
    }
    if (out.cancelled)
        out.xy.clear();
    else if (progress)
        progress(1.0, "done");
    return out;
}

double trustworthiness(const float* points, int64_t n, int dim, const float* xy, int k, int64_t sample,
                       uint64_t seed)
{
    proj::validatePoints(points, n, dim);
    if (!xy)
        throw Error("trustworthiness: no layout");
    for (int64_t i = 0; i < n; ++i)
        if (!std::isfinite(xy[i * 2]) || !std::isfinite(xy[i * 2 + 1]))
            throw Error("trustworthiness: layout row " + std::to_string(i) + " is not finite");
    if (k < 1 || double(k) >= double(n) / 2)
        throw Error("trustworthiness: k = " + std::to_string(k) + " must be at least 1 and below half the "
                    "number of points (" + std::to_string(n) + ")");
    if (sample < 1)
        throw Error("trustworthiness: sample must be at least 1, got " + std::to_string(sample));
    // The points whose neighbourhoods are checked: all, or `sample` of them.
    std::vector<int64_t> chosen(size_t(std::min(n, sample)));
    if (sample >= n) {
        std::iota(chosen.begin(), chosen.end(), 0);
    } else {
        std::vector<int64_t> all(static_cast<size_t>(n));
        std::iota(all.begin(), all.end(), 0);
        proj::Rng rng(seed);
        for (int64_t i = 0; i < sample; ++i) {
            const int64_t j = i + int64_t(rng.next() % uint64_t(n - i));
            std::swap(all[size_t(i)], all[size_t(j)]);
        }
        std::copy(all.begin(), all.begin() + sample, chosen.begin());
        std::sort(chosen.begin(), chosen.end());
    }
    const int64_t m = int64_t(chosen.size());
    std::vector<int64_t> penalty(static_cast<size_t>(m), 0);
    // Groups of four checked points share each pass over the rows.
    proj::parallelChunks((m + 3) / 4, 4, proj::resolveThreads(0), [&](int64_t, int64_t b, int64_t e) {
        std::vector<float> dist(static_cast<size_t>(n) * 4);   // [n][4]
        std::vector<std::pair<float, int64_t>> near;
        for (int64_t g = b; g < e; ++g) {
            const int64_t first = g * 4, count = std::min<int64_t>(4, m - first);
            const float* q[4];
            for (int64_t t = 0; t < 4; ++t)
                q[t] = points + chosen[size_t(first + std::min(t, count - 1))] * dim;
            for (int64_t j = 0; j < n; ++j)
                proj::squaredL2x4(q, points + j * dim, dim, dist.data() + j * 4);
            for (int64_t t = 0; t < count; ++t) {
                const int64_t i = chosen[size_t(first + t)];
                near.clear();
                for (int64_t j = 0; j < n; ++j)
                    if (j != i) {
                        const float dx = xy[i * 2] - xy[j * 2], dy = xy[i * 2 + 1] - xy[j * 2 + 1];
                        near.emplace_back(dx * dx + dy * dy, j);
                    }
                std::partial_sort(near.begin(), near.begin() + k, near.end());
                int64_t sum = 0;
                for (int r = 0; r < k; ++r) {
                    const int64_t j = near[size_t(r)].second;
                    const float dj = dist[size_t(j) * 4 + size_t(t)];
                    // Rank of j among i's neighbours in the original space (1 = nearest;
                    // ties in index order, like a stable sort).
                    int64_t rank = 1;
                    for (int64_t l = 0; l < n; ++l) {
                        const float dl = dist[size_t(l) * 4 + size_t(t)];
                        rank += l != i && (dl < dj || (dl == dj && l < j));
                    }
                    sum += std::max<int64_t>(0, rank - k);
                }
                penalty[size_t(first + t)] = sum;
            }
        }
    });
    const double total = double(std::accumulate(penalty.begin(), penalty.end(), int64_t(0)));
    const double nn = double(n), kk = double(k);
    return 1.0 - total * (2.0 / (double(m) * kk * (2.0 * nn - 3.0 * kk - 1.0)));
}

} // namespace wb
