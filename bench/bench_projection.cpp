// Benchmark of the embedding-map projections (core/projection), JSON on stdout:
// - PCA of 1,000,000 x 384 (target: at most 10 s on 2 cores);
// - UMAP of 100,000 x 384 (target: at most 60 s on 2 cores), with its
//   trustworthiness estimated on 1,000 points;
// - side by side with scikit-learn's PCA and Barnes-Hut t-SNE
//   (bench/peers/projection_sklearn.py) on the same 10,000 x 384 points:
//   time and trustworthiness (k = 10, exact), both layouts scored by the
//   same function (it matches sklearn.manifold.trustworthiness, see
//   tests/core/tst_projection.cpp). Target: 3x faster at equal or better
//   trustworthiness.
// The data: Gaussian clusters in 384-d (20 centres, a known structure).
// Wall time and CPU time (all threads) are both given: on a shared machine
// the wall time includes waiting for a core.
//
// usage: bench_projection [--threads 2] [--pca-n 1000000] [--umap-n 100000]
//        [--compare-n 10000] [--dim 384] [--python /usr/bin/python3] [--no-peer]
#include "bench/bench_util.h"
#include "core/projection/parallel.h"
#include "core/projection/projection.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/resource.h>
#include <unistd.h>

using namespace wb;
using nlohmann::json;

namespace {

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// 20 Gaussian clusters: centres N(0, 1) per coordinate, spread 0.6 (the
// clusters' distances are about twice their diameters), built in parallel
// chunks with counter-based seeds.
std::vector<float> clusters(int64_t n, int dim, uint64_t seed, int threads)
{
    const int k = 20;
    proj::Rng rng(seed);
    std::vector<float> centres(size_t(k) * dim);
    for (float& c : centres)
        c = float(rng.gaussian());
    std::vector<float> x(size_t(n) * dim);
    proj::parallelChunks(n, 8192, threads, [&](int64_t chunk, int64_t b, int64_t e) {
        proj::Rng r(proj::hashCombine(seed, uint64_t(chunk)));
        for (int64_t i = b; i < e; ++i) {
            const float* c = centres.data() + size_t(i % k) * dim;
            for (int j = 0; j < dim; ++j)
                x[size_t(i) * dim + j] = c[j] + 0.6f * float(r.gaussian());
        }
    });
    return x;
}

struct Timed {
    Layout layout;
    double wall = 0, cpu = 0;
};

Timed timedProject(const std::vector<float>& x, int64_t n, int dim, const ProjectionParams& p)
{
    const double cpu0 = cpuSeconds();
    bench::Stopwatch sw;
    Timed t;
    t.layout = project(x.data(), n, dim, p);
    t.wall = sw.seconds();
    t.cpu = cpuSeconds() - cpu0;
    return t;
}

json peerRun(const std::string& python, const std::string& peer, const std::string& points, int64_t n, int dim,
             const std::string& method, int threads, const std::string& layoutPath, std::vector<float>& layout)
{
    const std::string cmd = python + " " + bench::shellQuote(peer) + " --points " + bench::shellQuote(points)
                            + " --n " + std::to_string(n) + " --dim " + std::to_string(dim) + " --method " + method
                            + " --threads " + std::to_string(threads) + " --layout " + bench::shellQuote(layoutPath)
                            + " 2>/dev/null";
    const std::string out = bench::capture(cmd);
    json j = json::parse(out, nullptr, false);
    if (j.is_discarded())
        return json{{"error", "peer failed: " + out}};
    layout.assign(size_t(n) * 2, 0.f);
    std::ifstream in(layoutPath, std::ios::binary);
    in.read(reinterpret_cast<char*>(layout.data()), std::streamsize(layout.size() * sizeof(float)));
    if (!in)
        return json{{"error", "peer layout missing"}};
    return j;
}

} // namespace

int main(int argc, char** argv)
{
    const int threads = std::stoi(bench::option(argc, argv, "threads", "2"));
    const int64_t pcaN = std::stoll(bench::option(argc, argv, "pca-n", "1000000"));
    const int64_t umapN = std::stoll(bench::option(argc, argv, "umap-n", "100000"));
    const int64_t cmpN = std::stoll(bench::option(argc, argv, "compare-n", "10000"));
    const int dim = std::stoi(bench::option(argc, argv, "dim", "384"));
    const std::string python = bench::option(argc, argv, "python", "/usr/bin/python3");
    const bool peer = !bench::flag(argc, argv, "no-peer");
    json result{{"benchmark", "projection"}, {"threads", threads}, {"dim", dim}};

    ProjectionParams p;
    p.threads = threads;
    if (pcaN > 0) {
        const auto x = clusters(pcaN, dim, 1, threads);
        p.method = ProjectionMethod::Pca;
        const Timed t = timedProject(x, pcaN, dim, p);
        result["pca_large"] = {{"n", pcaN}, {"seconds", bench::round3(t.wall)}, {"cpu_seconds", bench::round3(t.cpu)},
                               {"target_seconds", 10}};
        std::cerr << "pca " << pcaN << ": " << t.wall << " s\n";
    }
    if (umapN > 0) {
        const auto x = clusters(umapN, dim, 2, threads);
        p.method = ProjectionMethod::Umap;
        const Timed t = timedProject(x, umapN, dim, p);
        const double trust = trustworthiness(x.data(), umapN, dim, t.layout.xy.data(), 10, 1000);
        result["umap_large"] = {{"n", umapN}, {"seconds", bench::round3(t.wall)}, {"cpu_seconds", bench::round3(t.cpu)},
                                {"trustworthiness_sampled_1000", bench::round3(trust)}, {"target_seconds", 60}};
        std::cerr << "umap " << umapN << ": " << t.wall << " s\n";
    }
    if (cmpN > 0) {
        const auto x = clusters(cmpN, dim, 3, threads);
        const std::string base = (std::filesystem::temp_directory_path()
                                  / ("bench_projection_" + std::to_string(getpid()))).string();
        {
            std::ofstream out(base + ".points", std::ios::binary);
            out.write(reinterpret_cast<const char*>(x.data()), std::streamsize(x.size() * sizeof(float)));
        }
        const std::string peerScript = std::string(WB_SOURCE_DIR) + "/bench/peers/projection_sklearn.py";
        json compare = json::array();
        for (auto m : {ProjectionMethod::Pca, ProjectionMethod::Tsne, ProjectionMethod::Umap}) {
            p.method = m;
            const Timed t = timedProject(x, cmpN, dim, p);
            json row{{"method", toString(m)}, {"n", cmpN},
                     {"ours", {{"seconds", bench::round3(t.wall)}, {"cpu_seconds", bench::round3(t.cpu)},
                               {"trustworthiness", bench::round3(trustworthiness(x.data(), cmpN, dim,
                                                                                 t.layout.xy.data(), 10, cmpN))}}}};
            if (peer && m != ProjectionMethod::Umap) {
                std::vector<float> layout;
                json pj = peerRun(python, peerScript, base + ".points", cmpN, dim, toString(m), threads,
                                  base + ".layout", layout);
                if (!pj.contains("error")) {
                    pj["trustworthiness"] = bench::round3(trustworthiness(x.data(), cmpN, dim, layout.data(), 10, cmpN));
                    row["speedup_wall"] = bench::round3(pj["seconds"].get<double>() / t.wall);
                    if (pj.contains("cpu_seconds"))
                        row["speedup_cpu"] = bench::round3(pj["cpu_seconds"].get<double>() / t.cpu);
                }
                row["scikit_learn"] = pj;
            }
            std::cerr << toString(m) << " " << cmpN << ": " << t.wall << " s\n";
            compare.push_back(row);
        }
        std::filesystem::remove(base + ".points");
        std::filesystem::remove(base + ".layout");
        result["compare"] = compare;
    }
    result["peak_rss_mb"] = bench::round3(bench::peakRssMb());
    std::cout << result.dump(1) << "\n";
    return 0;
}
