// Dense index and its cache file: exact search against a hand computation,
// the hnsw graph agreeing with exact search, add/replace/markDelete, and the
// cache next to the project: loaded when current, updated in place when
// stale, rebuilt with the same results after truncation or scribbling.
#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/chunk_index_cache.h"
#include "core/retrieval/knowledge_base.h"
#include "core/data/record.h"
#include "tst_kb_fake_embedder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace wb;
namespace fs = std::filesystem;

namespace {

std::vector<float> randomUnitVectors(size_t n, int dim, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> v(n * size_t(dim));
    for (size_t i = 0; i < n; ++i) {
        double norm = 0;
        for (int d = 0; d < dim; ++d) {
            v[i * size_t(dim) + size_t(d)] = g(rng);
            norm += double(v[i * size_t(dim) + size_t(d)]) * v[i * size_t(dim) + size_t(d)];
        }
        for (int d = 0; d < dim; ++d)
            v[i * size_t(dim) + size_t(d)] = float(v[i * size_t(dim) + size_t(d)] / std::sqrt(norm));
    }
    return v;
}

std::vector<int64_t> idsOf(const std::vector<DenseHit>& hits)
{
    std::vector<int64_t> ids;
    for (const DenseHit& h : hits)
        ids.push_back(h.id);
    return ids;
}

} // namespace

class tst_kb_index_cache : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    int counter_ = 0;

private Q_SLOTS:
    void exactSearchByHand()
    {
        const std::vector<float> data = {1, 0, 0, 1, 0.6f, 0.8f, -1, 0};
        const std::vector<int64_t> ids = {7, 3, 5, 9};
        const float q[2] = {0.8f, 0.6f};
        const auto hits = exactSearch(data.data(), ids.data(), 4, 2, q, 3);
        QCOMPARE(idsOf(hits), (std::vector<int64_t>{5, 7, 3}));   // 0.96, 0.8, 0.6
        QVERIFY(std::abs(hits[0].score - 0.96f) < 1e-6f);
        QVERIFY(std::abs(hits[2].score - 0.6f) < 1e-6f);
        QVERIFY(exactSearch(data.data(), ids.data(), 4, 2, q, 0).empty());
    }

    void exactIndexAddRemove()
    {
        DenseIndex index(2, {});
        const std::vector<float> data = {1, 0, 0, 1, 0.6f, 0.8f};
        index.build({3, 1, 2}, data.data());
        QVERIFY(!index.usesGraph());
        QCOMPARE(index.ids(), (std::vector<int64_t>{1, 2, 3}));
        const float q[2] = {0, 1};
        QCOMPARE(idsOf(index.search(q, 1)), (std::vector<int64_t>{1}));
        index.remove({1, 42});
        QCOMPARE(idsOf(index.search(q, 1)), (std::vector<int64_t>{2}));
        const std::vector<float> up = {0, 1};
        index.add({3}, up.data());   // replaces id 3's vector
        QCOMPARE(index.size(), size_t(2));
        QCOMPARE(idsOf(index.search(q, 1)), (std::vector<int64_t>{3}));
    }

    void graphAgreesWithExactSearch()
    {
        const int dim = 16;
        const size_t n = 2000;
        const auto data = randomUnitVectors(n, dim, 1);
        std::vector<int64_t> ids(n);
        for (size_t i = 0; i < n; ++i)
            ids[i] = int64_t(i * 3 + 1);
        DenseIndexOptions o;
        o.exactThreshold = 0;   // always a graph
        o.efSearch = 200;
        DenseIndex graph(dim, o);
        graph.build(ids, data.data());
        QVERIFY(graph.usesGraph());
        QCOMPARE(graph.size(), n);
        const auto queries = randomUnitVectors(50, dim, 2);
        int found = 0;
        for (size_t qi = 0; qi < 50; ++qi) {
            const float* q = queries.data() + qi * dim;
            const auto exact = idsOf(exactSearch(data.data(), ids.data(), n, dim, q, 10));
            const auto approx = idsOf(graph.search(q, 10));
            for (int64_t id : approx)
                found += std::count(exact.begin(), exact.end(), id) ? 1 : 0;
        }
        QVERIFY2(found >= 490, qPrintable(QString("recall@10 %1/500").arg(found)));   // >= 0.98

        // markDelete: a deleted id never comes back.
        const float* q0 = data.data();   // the vector of ids[0]
        QCOMPARE(graph.search(q0, 1)[0].id, ids[0]);
        graph.remove({ids[0]});
        QCOMPARE(graph.size(), n - 1);
        for (const DenseHit& h : graph.search(q0, 20))
            QVERIFY(h.id != ids[0]);
        QVERIFY(!std::binary_search(graph.ids().begin(), graph.ids().end(), ids[0]));
    }

    void cacheFileLoadedUpdatedAndRebuiltAfterCorruption()
    {
        const QString base = tmp_.filePath(QString("c%1").arg(++counter_));
        auto store = ProjectStore::create((base + ".llmwb").toStdString());
        KnowledgeBase kb(*store);
        const int64_t c = kb.createCollection("geo", {ChunkStrategy::Sentence, 12, 0});
        const std::string dir = (base + "-docs").toStdString();
        fs::create_directories(dir);
        for (int i = 0; i < 30; ++i)
            std::ofstream(dir + "/doc" + std::to_string(i) + ".txt")
                << "Document " << i << " talks about rock number " << i * 7 << ". 岩石" << i << "号。";
        kb.addPaths(c, {dir});
        test::FakeEmbedder embedder;
        const EmbeddingModelInfo model = embedChunks(*store, embedder, c).model;

        DenseIndexOptions o;
        o.exactThreshold = 10;   // a graph with a cache file even for this small collection
        o.efSearch = 400;
        const float* query = nullptr;
        const std::vector<float> qv = embedder.embed({"rock number 70"});
        query = qv.data();

        IndexOpenReport r;
        std::vector<int64_t> first;
        {
            ChunkIndexCache cache(*store, o);
            first = idsOf(cache.open(c, model, &r).search(query, 5));
            QCOMPARE(int(r.source), int(IndexSource::Rebuilt));
            QCOMPARE(r.reason, std::string("no cache file"));
            QVERIFY(fs::exists(cache.graphPath(c, model.id)));
            QCOMPARE(fs::path(cache.cacheDir()).string(), (base + ".llmwb.cache").toStdString());
            cache.open(c, model, &r);
            QCOMPARE(int(r.source), int(IndexSource::Memory));
        }
        const std::string graph = ChunkIndexCache(*store, o).graphPath(c, model.id);
        {
            ChunkIndexCache cache(*store, o);
            QCOMPARE(idsOf(cache.open(c, model, &r).search(query, 5)), first);
            QCOMPARE(int(r.source), int(IndexSource::Loaded));
        }
        // Truncated.
        fs::resize_file(graph, fs::file_size(graph) / 2);
        {
            ChunkIndexCache cache(*store, o);
            QCOMPARE(idsOf(cache.open(c, model, &r).search(query, 5)), first);
            QCOMPARE(int(r.source), int(IndexSource::Rebuilt));
            QVERIFY2(r.reason.find("size") != std::string::npos, r.reason.c_str());
        }
        // Scribbled (same size).
        {
            std::fstream f(graph, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(std::streamoff(fs::file_size(graph) / 3));
            const std::string junk(64, '\x5a');
            f.write(junk.data(), std::streamsize(junk.size()));
        }
        {
            ChunkIndexCache cache(*store, o);
            QCOMPARE(idsOf(cache.open(c, model, &r).search(query, 5)), first);
            QCOMPARE(int(r.source), int(IndexSource::Rebuilt));
            QVERIFY2(r.reason.find("checksum") != std::string::npos, r.reason.c_str());
        }
        // Scribbled metadata.
        std::ofstream(graph + ".json") << "{ not json";
        {
            ChunkIndexCache cache(*store, o);
            QCOMPARE(idsOf(cache.open(c, model, &r).search(query, 5)), first);
            QCOMPARE(int(r.source), int(IndexSource::Rebuilt));
        }
        // Stale: a document deleted, one added -> updated in place (markDelete + add).
        const auto docs = kb.documents(c);
        const int64_t goneDoc = docs[0].id;
        const auto goneChunks = kb.chunks(goneDoc);
        kb.removeDocuments({goneDoc});
        std::ofstream(dir + "/new.txt") << "A brand new rock number 70 document.";
        kb.addPaths(c, {dir + "/new.txt"});
        embedChunks(*store, embedder, c);
        {
            ChunkIndexCache cache(*store, o);
            DenseIndex& index = cache.open(c, model, &r);
            QCOMPARE(int(r.source), int(IndexSource::Updated));
            QCOMPARE(int64_t(index.size()), int64_t(kb.chunkIds(c).size()));
            for (const DenseHit& h : index.search(query, 50))
                for (const ChunkInfo& g : goneChunks)
                    QVERIFY(h.id != g.id);
            QCOMPARE(index.ids(), kb.chunkIds(c));
        }
        {
            ChunkIndexCache cache(*store, o);
            cache.open(c, model, &r);
            QCOMPARE(int(r.source), int(IndexSource::Loaded));   // the update was saved
        }
        // Below the threshold: exact, no file needed.
        ChunkIndexCache exact(*store);
        exact.open(c, model, &r);
        QCOMPARE(int(r.source), int(IndexSource::Exact));
    }
};

QTEST_GUILESS_MAIN(tst_kb_index_cache)
#include "tst_kb_index_cache.moc"
