// Knowledge-base retrieval benchmark. Prints one JSON object.
//
//   bench_retrieval [--workdir DIR] [--sizes 100000,1000000] [--dim 384] [--queries 200]
//                   [--data random|clustered] [--m 16] [--ef-construction 200] [--efs 64,128,256]
//                   [--threads N] [--ingest-chunks 20000] [--sqlite-queries 10] [--seed 1]
//
// 1. Ingestion: a generated corpus (English-like words and Chinese characters,
//    one .txt file per ~20 chunks) through KnowledgeBase::addPaths (token
//    chunking, FTS5 in the same transaction): chunks/s; then BM25 query latency
//    over that collection.
// 2. Dense search at each size over generated L2-normalised vectors ("random":
//    i.i.d. Gaussian directions, the hardest case for a graph index;
//    "clustered": 1,000 centroids plus noise, closer to real embeddings):
//    exact brute force in memory (the path DenseIndex takes below 20,000
//    vectors) as ground truth and baseline; hnswlib (DenseIndex graph) build
//    time, recall@10 and latency p50/p95 for each efSearch; and the GPT4All
//    LocalDocs-style peer: every query scans all vector BLOBs in an SQLite
//    table and computes exact dot products. The graph and the SQLite file are
//    cached in the workdir (rerun with the same options to skip the build).
#include "bench/bench_util.h"

#include "core/retrieval/dense_index.h"
#include "core/retrieval/knowledge_base.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

using nlohmann::json;
namespace fs = std::filesystem;
using wb::bench::round3;
using wb::bench::Stopwatch;

namespace {

std::vector<int64_t> parseSizes(const std::string& s)
{
    std::vector<int64_t> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty())
            out.push_back(std::stoll(item));
    return out;
}

void normalise(float* v, int dim)
{
    double n = 0;
    for (int d = 0; d < dim; ++d)
        n += double(v[d]) * v[d];
    const float inv = float(1.0 / std::sqrt(std::max(n, 1e-30)));
    for (int d = 0; d < dim; ++d)
        v[d] *= inv;
}

// [n, dim] unit vectors. Clustered: centroid + noise with |noise| about the centroid's length.
std::vector<float> makeVectors(size_t n, int dim, const std::string& kind, uint32_t seed, uint32_t centroidSeed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> v(n * size_t(dim));
    std::vector<float> centroids;
    const int kCentroids = 1000;
    if (kind == "clustered") {
        std::mt19937_64 crng(centroidSeed);
        centroids.resize(size_t(kCentroids) * size_t(dim));
        for (float& x : centroids)
            x = g(crng);
        for (int c = 0; c < kCentroids; ++c)
            normalise(centroids.data() + size_t(c) * size_t(dim), dim);
    }
    std::uniform_int_distribution<int> pick(0, kCentroids - 1);
    const float noise = 0.9f / std::sqrt(float(dim));
    for (size_t i = 0; i < n; ++i) {
        float* row = v.data() + i * size_t(dim);
        if (centroids.empty()) {
            for (int d = 0; d < dim; ++d)
                row[d] = g(rng);
        } else {
            const float* c = centroids.data() + size_t(pick(rng)) * size_t(dim);
            for (int d = 0; d < dim; ++d)
                row[d] = c[d] + noise * g(rng);
        }
        normalise(row, dim);
    }
    return v;
}

json latency(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
    double sum = 0;
    for (double x : ms)
        sum += x;
    return {{"p50_ms", round3(at(0.5))},
            {"p95_ms", round3(at(0.95))},
            {"mean_ms", round3(ms.empty() ? 0 : sum / double(ms.size()))},
            {"queries", ms.size()}};
}

// ---- 1. ingestion + BM25

std::string fakeWord(std::mt19937_64& rng)
{
    static const char* syll[] = {"ka", "ro", "mi", "te", "lu", "sa", "ne", "po", "di", "gra", "vel", "tor",
                                 "an", "is", "ul", "eb", "qua", "zen", "fi", "mo"};
    std::uniform_int_distribution<int> n(1, 3), s(0, 19);
    std::string w;
    for (int i = n(rng); i > 0; --i)
        w += syll[s(rng)];
    return w;
}

json benchIngest(const std::string& workdir, int64_t chunks, uint32_t seed)
{
    const std::string corpus = workdir + "/corpus-" + std::to_string(chunks);
    const int tokensPerChunk = 100, chunksPerFile = 20;
    const int64_t files = std::max<int64_t>(1, chunks / chunksPerFile);
    std::mt19937_64 rng(seed);
    // A Zipf-like vocabulary: a few frequent words, a long tail.
    std::vector<std::string> vocab;
    for (int i = 0; i < 20000; ++i)
        vocab.push_back(fakeWord(rng) + std::to_string(i % 97));
    std::vector<std::string> cjk;
    for (char32_t cp = 0x5730; cp < 0x5730 + 800; ++cp) {
        std::string s;
        s += char(0xE0 | (cp >> 12));
        s += char(0x80 | ((cp >> 6) & 0x3F));
        s += char(0x80 | (cp & 0x3F));
        cjk.push_back(s);
    }
    std::uniform_real_distribution<double> u(0, 1);
    auto zipf = [&](size_t n) { return size_t(std::pow(double(n), u(rng))) - 1; };
    if (!fs::exists(corpus + "/done")) {
        fs::remove_all(corpus);
        fs::create_directories(corpus);
        for (int64_t f = 0; f < files; ++f) {
            std::ofstream out(corpus + "/doc" + std::to_string(f) + ".txt");
            for (int t = 0; t < tokensPerChunk * chunksPerFile; ++t) {
                if (u(rng) < 0.3)
                    out << cjk[zipf(cjk.size())];
                else
                    out << ' ' << vocab[zipf(vocab.size())];
                if (t % 17 == 16)
                    out << ".\n";
            }
        }
        std::ofstream(corpus + "/done") << "ok";
    }
    const std::string project = workdir + "/ingest-" + std::to_string(chunks) + ".llmwb";
    for (const char* s : {"", "-wal", "-shm"})
        fs::remove(project + s);
    auto store = wb::ProjectStore::create(project);
    wb::KnowledgeBase kb(*store);
    const int64_t c = kb.createCollection("bench", {wb::ChunkStrategy::Tokens, tokensPerChunk, 0});
    Stopwatch sw;
    const wb::IngestReport r = kb.addPaths(c, {corpus + "/"});
    const double seconds = sw.seconds();
    Stopwatch re;
    const wb::IngestReport again = kb.reindex(c);
    const double reindexSeconds = re.seconds();

    std::vector<double> ms;
    for (int q = 0; q < 200; ++q) {
        std::string query = vocab[zipf(vocab.size())] + " " + vocab[zipf(vocab.size())] + " " + cjk[zipf(cjk.size())]
            + cjk[zipf(cjk.size())];
        Stopwatch one;
        auto hits = kb.searchBm25(c, query, 10);
        ms.push_back(one.seconds() * 1000);
    }
    return {{"documents", r.added},
            {"chunks", r.chunks},
            {"failures", r.failures.size()},
            {"seconds", round3(seconds)},
            {"chunks_per_second", round3(double(r.chunks) / seconds)},
            {"reindex_unchanged_seconds", round3(reindexSeconds)},
            {"reindex_unchanged", again.unchanged},
            {"bm25_query", latency(ms)}};
}

// ---- 2. dense

struct SqliteBlobs {
    sqlite3* db = nullptr;
    ~SqliteBlobs() { sqlite3_close(db); }
};

// LocalDocs-style: scan every BLOB row, exact dot products, keep the top k.
std::vector<int64_t> sqliteSearch(sqlite3* db, const float* q, int dim, int k)
{
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, vec FROM vectors", -1, &st, nullptr);
    std::vector<std::pair<float, int64_t>> heap;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const auto* v = static_cast<const float*>(sqlite3_column_blob(st, 1));
        float s = 0;
        for (int d = 0; d < dim; ++d)
            s += v[d] * q[d];
        heap.emplace_back(-s, sqlite3_column_int64(st, 0));
        std::push_heap(heap.begin(), heap.end());
        if (int(heap.size()) > k) {
            std::pop_heap(heap.begin(), heap.end());
            heap.pop_back();
        }
    }
    sqlite3_finalize(st);
    std::sort(heap.begin(), heap.end());
    std::vector<int64_t> ids;
    for (auto& [s, id] : heap)
        ids.push_back(id);
    return ids;
}

json benchDense(const std::string& workdir, int64_t n, int dim, int queries, const std::string& kind,
                const wb::DenseIndexOptions& base, const std::vector<int64_t>& efs, int sqliteQueries, uint32_t seed)
{
    json out{{"vectors", n}, {"dim", dim}, {"data", kind}};
    Stopwatch gen;
    const std::vector<float> data = makeVectors(size_t(n), dim, kind, seed, seed + 1000);
    const std::vector<float> qs = makeVectors(size_t(queries), dim, kind, seed + 7, seed + 1000);
    std::vector<int64_t> ids(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        ids[size_t(i)] = i + 1;
    out["generate_seconds"] = round3(gen.seconds());
    const int k = 10;

    // Exact (ground truth).
    std::vector<std::vector<int64_t>> truth;
    std::vector<double> ms;
    for (int q = 0; q < queries; ++q) {
        Stopwatch one;
        auto hits = wb::exactSearch(data.data(), ids.data(), size_t(n), dim, qs.data() + size_t(q) * size_t(dim), k);
        ms.push_back(one.seconds() * 1000);
        std::vector<int64_t> t;
        for (auto& h : hits)
            t.push_back(h.id);
        truth.push_back(t);
    }
    out["exact_in_memory"] = latency(ms);

    // hnswlib graph, cached.
    const std::string graphFile = workdir + "/hnsw-" + kind + "-" + std::to_string(n) + "-d" + std::to_string(dim)
        + "-s" + std::to_string(seed) + "-M" + std::to_string(base.m) + "-efc" + std::to_string(base.efConstruction)
        + ".bin";
    std::unique_ptr<wb::DenseIndex> index;
    bool cached = false;
    Stopwatch build;
    if (fs::exists(graphFile)) {
        try {
            index = wb::DenseIndex::loadGraph(graphFile, dim, base);
            cached = index->size() == size_t(n);
        } catch (const std::exception&) {
            index.reset();
        }
    }
    if (!cached) {
        wb::DenseIndexOptions o = base;
        o.exactThreshold = 0;
        index = std::make_unique<wb::DenseIndex>(dim, o);
        index->build(ids, data.data());
        out["hnsw_build_seconds"] = round3(build.seconds());
        index->saveGraph(graphFile);
    } else {
        out["hnsw_load_seconds"] = round3(build.seconds());
    }
    out["hnsw_build_cached"] = cached;
    out["hnsw_m"] = base.m;
    out["hnsw_ef_construction"] = base.efConstruction;
    out["hnsw_file_bytes"] = int64_t(fs::file_size(graphFile));
    json runs = json::array();
    for (int64_t ef : efs) {
        index->setEfSearch(int(ef));
        ms.clear();
        int64_t found = 0;
        for (int q = 0; q < queries; ++q) {
            Stopwatch one;
            auto hits = index->search(qs.data() + size_t(q) * size_t(dim), k);
            ms.push_back(one.seconds() * 1000);
            for (auto& h : hits)
                found += std::count(truth[size_t(q)].begin(), truth[size_t(q)].end(), h.id);
        }
        json r = latency(ms);
        r["ef_search"] = ef;
        r["recall_at_10"] = round3(double(found) / double(queries * k));
        runs.push_back(r);
    }
    out["hnsw"] = runs;

    // SQLite BLOB brute force (GPT4All LocalDocs style), cached file.
    if (sqliteQueries > 0) {
        const std::string dbFile = workdir + "/blobs-" + kind + "-" + std::to_string(n) + "-d" + std::to_string(dim)
            + "-s" + std::to_string(seed) + ".sqlite";
        SqliteBlobs s;
        const bool have = fs::exists(dbFile + ".done");
        if (!have) {
            fs::remove(dbFile);
            fs::remove(dbFile + "-journal");
        }
        sqlite3_open(dbFile.c_str(), &s.db);
        if (!have) {
            Stopwatch fill;
            sqlite3_exec(s.db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                               "CREATE TABLE vectors (id INTEGER PRIMARY KEY, vec BLOB NOT NULL); BEGIN",
                         nullptr, nullptr, nullptr);
            sqlite3_stmt* ins = nullptr;
            sqlite3_prepare_v2(s.db, "INSERT INTO vectors(id, vec) VALUES (?, ?)", -1, &ins, nullptr);
            for (int64_t i = 0; i < n; ++i) {
                sqlite3_bind_int64(ins, 1, ids[size_t(i)]);
                sqlite3_bind_blob(ins, 2, data.data() + size_t(i) * size_t(dim), int(dim * sizeof(float)),
                                  SQLITE_STATIC);
                sqlite3_step(ins);
                sqlite3_reset(ins);
            }
            sqlite3_finalize(ins);
            sqlite3_exec(s.db, "COMMIT", nullptr, nullptr, nullptr);
            std::ofstream(dbFile + ".done") << "ok";
            out["sqlite_fill_seconds"] = round3(fill.seconds());
        }
        sqliteSearch(s.db, qs.data(), dim, k);   // warm the page cache once
        ms.clear();
        int64_t found = 0;
        const int nq = std::min(queries, sqliteQueries);
        for (int q = 0; q < nq; ++q) {
            Stopwatch one;
            auto got = sqliteSearch(s.db, qs.data() + size_t(q) * size_t(dim), dim, k);
            ms.push_back(one.seconds() * 1000);
            for (int64_t id : got)
                found += std::count(truth[size_t(q)].begin(), truth[size_t(q)].end(), id);
        }
        json r = latency(ms);
        r["recall_at_10"] = round3(double(found) / double(nq * k));
        out["sqlite_blob_bruteforce"] = r;
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    using wb::bench::option;
    const std::string workdir = option(argc, argv, "workdir", "bench-retrieval-work");
    const auto sizes = parseSizes(option(argc, argv, "sizes", "100000,1000000"));
    const int dim = std::stoi(option(argc, argv, "dim", "384"));
    const int queries = std::stoi(option(argc, argv, "queries", "200"));
    const std::string kind = option(argc, argv, "data", "random");
    const auto efs = parseSizes(option(argc, argv, "efs", "64,128,256"));
    const int64_t ingestChunks = std::stoll(option(argc, argv, "ingest-chunks", "20000"));
    const int sqliteQueries = std::stoi(option(argc, argv, "sqlite-queries", "10"));
    const auto seed = uint32_t(std::stoul(option(argc, argv, "seed", "1")));
    wb::DenseIndexOptions base;
    base.m = std::stoi(option(argc, argv, "m", "16"));
    base.efConstruction = std::stoi(option(argc, argv, "ef-construction", "200"));
    base.threads = std::stoi(option(argc, argv, "threads", "0"));
    if (kind != "random" && kind != "clustered") {
        std::cerr << "--data must be random or clustered\n";
        return 2;
    }
    try {
        fs::create_directories(workdir);
        json out{{"bench", "retrieval"},
                 {"threads", base.threads > 0 ? base.threads : int(std::thread::hardware_concurrency())},
                 {"note", "dense vectors are generated (" + kind + "), not model embeddings"}};
        if (ingestChunks > 0)
            out["ingest"] = benchIngest(workdir, ingestChunks, seed);
        json dense = json::array();
        for (int64_t n : sizes) {
            dense.push_back(benchDense(workdir, n, dim, queries, kind, base, efs, sqliteQueries, seed));
            std::cerr << dense.back().dump() << std::endl;   // partial results while the next size runs
        }
        out["dense"] = dense;
        out["peak_rss_mb"] = round3(wb::bench::peakRssMb());
        std::cout << out.dump(2) << std::endl;
    } catch (const std::exception& e) {
        std::cerr << "bench_retrieval: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
