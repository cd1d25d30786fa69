// Retrieval: weighted reciprocal rank fusion against a hand computation;
// BM25, dense and hybrid search over a small collection with a deterministic
// fake embedder (per-mode ranks and scores on each hit, offsets for
// citations, top-k, score threshold); embedding only what is missing, and a
// new embedder key re-embedding everything.
#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/retriever.h"
#include "core/data/record.h"
#include "tst_kb_fake_embedder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace wb;
namespace fs = std::filesystem;

class tst_kb_retrieval : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    int counter_ = 0;
    std::unique_ptr<ProjectStore> store_;
    int64_t collection_ = 0;

    static QString dataDir() { return qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data") + "/kb"; }

private Q_SLOTS:
    void initTestCase()
    {
        store_ = ProjectStore::create(tmp_.filePath("p.llmwb").toStdString());
        KnowledgeBase kb(*store_);
        collection_ = kb.createCollection("geo", {ChunkStrategy::Sentence, 30, 0});
        const IngestReport r = kb.addPaths(collection_, {(dataDir() + "/docs").toStdString()});
        QVERIFY(r.failures.empty());
    }

    void fusionByHand()
    {
        // weights (1, 0.5), k = 60
        const auto fused = reciprocalRankFusion({{1, 2, 3}, {3, 1, 4}}, {1.0, 0.5}, 60);
        QCOMPARE(fused.size(), size_t(4));
        const std::vector<int64_t> order = {1, 3, 2, 4};
        const std::vector<double> scores = {1.0 / 61 + 0.5 / 62, 1.0 / 63 + 0.5 / 61, 1.0 / 62, 0.5 / 63};
        const std::vector<std::vector<int>> ranks = {{1, 2}, {3, 1}, {2, 0}, {0, 3}};
        for (size_t i = 0; i < 4; ++i) {
            QCOMPARE(fused[i].id, order[i]);
            QVERIFY(std::abs(fused[i].score - scores[i]) < 1e-12);
            QCOMPARE(fused[i].ranks, ranks[i]);
        }
        QVERIFY(std::abs(fused[0].score - 0.0244579587) < 1e-9);
        // Equal scores: the better single rank first, then the lower id.
        const auto tie = reciprocalRankFusion({{5, 6}, {6, 5}}, {1.0, 1.0}, 60);
        QCOMPARE(tie[0].id, int64_t(5));
        const auto tie2 = reciprocalRankFusion({{9}, {8}}, {1.0, 1.0}, 60);
        QCOMPARE(tie2[0].id, int64_t(8));
        QVERIFY_THROWS_EXCEPTION(Error, reciprocalRankFusion({{1}}, {1.0, 2.0}));
    }

    void bm25Mode()
    {
        Retriever retriever(*store_);
        RetrievalOptions o;
        o.mode = RetrievalMode::Bm25;
        o.topK = 2;
        const auto hits = retriever.search(collection_, "岩浆冷却", o);
        QVERIFY(!hits.empty());
        QVERIFY(hits.size() <= 2);
        QCOMPARE(hits[0].rank, 1);
        QCOMPARE(hits[0].bm25Rank, 1);
        QCOMPARE(hits[0].denseRank, 0);
        QVERIFY(hits[0].text.find("岩浆冷却") != std::string::npos);
        QVERIFY(hits[0].source.find("chinese.txt") != std::string::npos);
        QCOMPARE(hits[0].score, hits[0].bm25Score);
        KnowledgeBase kb(*store_);
        const std::string doc = kb.documentText(hits[0].documentId);
        QCOMPARE(doc.substr(size_t(hits[0].start), size_t(hits[0].end - hits[0].start)), hits[0].text);
        // Threshold above every score: nothing.
        o.minScore = hits[0].bm25Score + 1;
        QVERIFY(retriever.search(collection_, "岩浆冷却", o).empty());
        // Dense without an embedder is an error, not a crash.
        o.mode = RetrievalMode::Dense;
        QVERIFY_THROWS_EXCEPTION(Error, retriever.search(collection_, "x", o));
        QVERIFY_THROWS_EXCEPTION(Error, retriever.search(9999, "x", o));
    }

    void embeddingOnlyWhatIsMissing()
    {
        test::FakeEmbedder embedder;
        const int64_t chunks = int64_t(KnowledgeBase(*store_).chunkIds(collection_).size());
        std::vector<int64_t> progress;
        ChunkEmbeddingReport r = embedChunks(*store_, embedder, collection_, "/fake", 4,
                                             [&](int64_t done, int64_t) { progress.push_back(done); });
        QCOMPARE(r.embedded, chunks);
        QCOMPARE(r.alreadyStored, int64_t(0));
        QCOMPARE(progress.back(), chunks);
        QCOMPARE(embedder.texts, chunks);
        r = embedChunks(*store_, embedder, collection_);
        QCOMPARE(r.embedded, int64_t(0));
        QCOMPARE(r.alreadyStored, chunks);
        QCOMPARE(embedder.texts, chunks);   // nothing embedded again
        // Another model key: everything again, stored side by side.
        test::FakeEmbedder other("fake:ngrams:v2", 32);
        r = embedChunks(*store_, other, collection_);
        QCOMPARE(r.embedded, chunks);
        QCOMPARE(VectorStore(*store_).models().size(), size_t(2));
        // Cancel before the first batch.
        test::FakeEmbedder third("fake:ngrams:v3", 16);
        std::atomic<bool> cancel{true};
        r = embedChunks(*store_, third, collection_, {}, 4, {}, &cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.embedded, int64_t(0));
    }

    void denseAndHybrid()
    {
        test::FakeEmbedder embedder;
        embedChunks(*store_, embedder, collection_);
        Retriever retriever(*store_);
        RetrievalOptions o;
        o.mode = RetrievalMode::Dense;
        o.topK = 3;
        const auto dense = retriever.search(collection_, "Quartz is a hard mineral", o, &embedder);
        QCOMPARE(dense.size(), size_t(3));
        QVERIFY2(dense[0].text.find("Quartz") != std::string::npos, dense[0].text.c_str());
        QCOMPARE(dense[0].denseRank, 1);
        QVERIFY(dense[0].denseScore > dense[1].denseScore);
        QVERIFY(dense[0].denseScore <= 1.0001);
        QCOMPARE(dense[0].score, dense[0].denseScore);

        o.mode = RetrievalMode::Hybrid;
        o.topK = 5;
        const auto hybrid = retriever.search(collection_, "Quartz mineral", o, &embedder);
        QVERIFY(!hybrid.empty());
        QVERIFY(hybrid[0].text.find("Quartz") != std::string::npos);
        QVERIFY(hybrid[0].bm25Rank > 0 && hybrid[0].denseRank > 0);
        const double expect = 1.0 / (60 + hybrid[0].bm25Rank) + 1.0 / (60 + hybrid[0].denseRank);
        QVERIFY(std::abs(hybrid[0].fusedScore - expect) < 1e-12);
        for (size_t i = 1; i < hybrid.size(); ++i)
            QVERIFY(hybrid[i - 1].fusedScore >= hybrid[i].fusedScore);
        // Weight 0 on dense: the order is the BM25 order.
        o.denseWeight = 0;
        const auto bm25Only = retriever.search(collection_, "Quartz mineral", o, &embedder);
        for (size_t i = 0; i + 1 < bm25Only.size(); ++i)
            if (bm25Only[i].bm25Rank && bm25Only[i + 1].bm25Rank)
                QVERIFY(bm25Only[i].bm25Rank < bm25Only[i + 1].bm25Rank);
        // An embedder with no stored vectors.
        test::FakeEmbedder fresh("fake:never", 8);
        QVERIFY_THROWS_EXCEPTION(Error, retriever.search(collection_, "x", o, &fresh));
    }
};

QTEST_GUILESS_MAIN(tst_kb_retrieval)
#include "tst_kb_retrieval.moc"
