// Knowledge-base ingestion: a folder of .txt/.md/.html/.pdf, bad files that
// fail by name while the batch goes on, re-indexing only changed files,
// deleted files leaving the index, chunk offsets into the stored text, SQuAD
// contexts with their question ids, dataset records, cancel rolling back, and
// BM25 that finds Chinese two-character words.
#include "core/retrieval/knowledge_base.h"
#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>

using namespace wb;
namespace fs = std::filesystem;

namespace {

QString dataDir() { return qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data") + "/kb"; }

void copyTree(const QString& from, const QString& to)
{
    fs::copy(from.toStdString(), to.toStdString(), fs::copy_options::recursive);
}

std::map<std::string, DocumentInfo> bySource(const std::vector<DocumentInfo>& docs)
{
    std::map<std::string, DocumentInfo> m;
    for (const DocumentInfo& d : docs)
        m[fs::path(d.source).filename().string()] = d;
    return m;
}

std::vector<int64_t> chunkIdsOf(KnowledgeBase& kb, int64_t documentId)
{
    std::vector<int64_t> ids;
    for (const ChunkInfo& c : kb.chunks(documentId))
        ids.push_back(c.id);
    return ids;
}

bool anyHitContains(KnowledgeBase& kb, int64_t collection, const std::string& query, const std::string& needle)
{
    std::vector<int64_t> ids;
    for (const Bm25Hit& h : kb.searchBm25(collection, query, 10))
        ids.push_back(h.chunkId);
    for (const ChunkInfo& c : kb.chunksByIds(ids))
        if (c.text.find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace

class tst_kb_ingest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    int counter_ = 0;

    // A fresh project and a copy of the docs folder.
    struct Fixture {
        std::unique_ptr<ProjectStore> store;
        std::string docs;
    };
    Fixture fresh()
    {
        const QString base = tmp_.filePath(QString("case%1").arg(++counter_));
        QDir().mkpath(base);
        copyTree(dataDir() + "/docs", base + "/docs");
        return {ProjectStore::create((base + "/p.llmwb").toStdString()), (base + "/docs").toStdString()};
    }

private Q_SLOTS:
    void ingestFolder()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo", {ChunkStrategy::Sentence, 40, 0});
        std::vector<std::pair<int64_t, int64_t>> progress;
        const IngestReport r = kb.addPaths(c, {f.docs}, [&](int64_t d, int64_t t) { progress.emplace_back(d, t); });
        QVERIFY(r.failures.empty());
        QCOMPARE(r.added, int64_t(5));
        QVERIFY(r.chunks >= 5);
        QCOMPARE(progress.back(), std::make_pair(int64_t(5), int64_t(5)));
        const auto docs = bySource(kb.documents(c));
        QCOMPARE(docs.size(), size_t(5));
        QCOMPARE(int(docs.at("notes.md").kind), int(DocumentKind::Markdown));
        QCOMPARE(int(docs.at("rocks.pdf").kind), int(DocumentKind::Pdf));

        const std::string html = kb.documentText(docs.at("page.html").id);
        QVERIFY2(html.find("Basalt & Granite") != std::string::npos, html.c_str());
        QVERIFY(html.find("<extrusive>") != std::string::npos);
        QVERIFY(html.find("coarse grained") != std::string::npos);
        QVERIFY(html.find("中文 entities decode.") != std::string::npos);
        QVERIFY(html.find("hidden") == std::string::npos);
        QVERIFY(html.find("color") == std::string::npos);
        QVERIFY(html.find("comment") == std::string::npos);
        QVERIFY(kb.documentText(docs.at("rocks.pdf").id).find("Sedimentary rocks form in layers.") != std::string::npos);

        // Offsets are byte offsets into the stored text.
        for (const auto& [name, d] : docs) {
            const std::string text = kb.documentText(d.id);
            const auto chunks = kb.chunks(d.id);
            QVERIFY2(!chunks.empty(), name.c_str());
            QCOMPARE(d.chunkCount, int64_t(chunks.size()));
            for (const ChunkInfo& ch : chunks) {
                QCOMPARE(text.substr(size_t(ch.start), size_t(ch.end - ch.start)), ch.text);
                QCOMPARE(ch.source, d.source);
            }
        }
        const auto info = kb.collection(c);
        QVERIFY(info);
        QCOMPARE(info->documentCount, int64_t(5));
        QCOMPARE(info->chunkCount, r.chunks);
    }

    void badFilesFailByNameAndTheRestGoesOn()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo");
        const std::string bad = (dataDir() + "/bad_utf8.txt").toStdString();
        const std::string pdf = (dataDir() + "/corrupt.pdf").toStdString();
        const std::string missing = f.docs + "/nope.txt";
        const IngestReport r = kb.addPaths(c, {bad, f.docs, pdf, missing});
        QCOMPARE(r.failures.size(), size_t(3));
        std::map<std::string, std::string> errors;
        for (const IngestFailure& e : r.failures)
            errors[fs::path(e.source).filename().string()] = e.error;
        QVERIFY2(errors["bad_utf8.txt"].find("bad_utf8.txt") != std::string::npos, errors["bad_utf8.txt"].c_str());
        QVERIFY2(errors["bad_utf8.txt"].find("UTF-8") != std::string::npos, errors["bad_utf8.txt"].c_str());
        QVERIFY2(errors["bad_utf8.txt"].find("offset 28") != std::string::npos, errors["bad_utf8.txt"].c_str());
        QVERIFY2(errors["corrupt.pdf"].find("corrupt.pdf") != std::string::npos, errors["corrupt.pdf"].c_str());
        QVERIFY(errors["nope.txt"].find("no such file") != std::string::npos);
        // The good files are all there; the bad ones are stored with their error and no chunks.
        const auto docs = bySource(kb.documents(c));
        QCOMPARE(docs.size(), size_t(7));
        QCOMPARE(docs.at("corrupt.pdf").chunkCount, int64_t(0));
        QVERIFY(docs.at("corrupt.pdf").error.find("corrupt.pdf") != std::string::npos);
        QVERIFY(docs.at("geology.txt").error.empty());
        QCOMPARE(kb.collection(c)->failedCount, int64_t(2));
        // A PDF that is not one at all.
        try {
            pdfToText("x.pdf", "hello");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).startsWith("x.pdf: "));
        }
    }

    void reindexTouchesOnlyChangedFilesAndDropsDeletedOnes()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo", {ChunkStrategy::Paragraph, 100, 0});
        kb.addPaths(c, {f.docs});
        auto before = bySource(kb.documents(c));
        const auto mdChunks = chunkIdsOf(kb, before.at("notes.md").id);
        const auto geoChunks = chunkIdsOf(kb, before.at("geology.txt").id);

        IngestReport r = kb.reindex(c);
        QCOMPARE(r.unchanged, int64_t(5));
        QCOMPARE(r.updated + r.added + r.removed + r.chunks, int64_t(0));

        // Same content, new mtime: read and hashed but not re-chunked.
        fs::last_write_time(f.docs + "/notes.md", fs::last_write_time(f.docs + "/notes.md") + std::chrono::hours(1));
        {
            std::ofstream out(f.docs + "/geology.txt", std::ios::app);
            out << "\nGlaciers carve valleys.\n";
        }
        fs::remove(f.docs + "/page.html");
        r = kb.reindex(c);
        QCOMPARE(r.updated, int64_t(1));
        QCOMPARE(r.unchanged, int64_t(3));
        QCOMPARE(r.removed, int64_t(1));
        const auto after = bySource(kb.documents(c));
        QCOMPARE(after.size(), size_t(4));
        QVERIFY(!after.count("page.html"));
        QCOMPARE(chunkIdsOf(kb, after.at("notes.md").id), mdChunks);        // untouched
        QVERIFY(chunkIdsOf(kb, after.at("geology.txt").id) != geoChunks);   // re-chunked
        QVERIFY(anyHitContains(kb, c, "glaciers", "Glaciers carve valleys."));
        QVERIFY(!anyHitContains(kb, c, "basalt", "Basalt"));   // its full-text rows left too

        // Adding the folder again is a sync of the folder: a file deleted since leaves.
        fs::remove(f.docs + "/sub/chinese.txt");
        r = kb.addPaths(c, {f.docs});
        QCOMPARE(r.removed, int64_t(1));
        QCOMPARE(r.unchanged, int64_t(3));
        QCOMPARE(kb.documents(c).size(), size_t(3));
    }

    void bm25FindsChineseTwoCharacterWords_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::newRow("沉积") << "沉积" << "沉积";
        QTest::newRow("岩浆") << "岩浆" << "岩浆";
        QTest::newRow("地震") << "地震" << "地震";
        QTest::newRow("question") << "火成岩是怎样形成的？" << "火成岩由岩浆冷却形成";
        QTest::newRow("english word") << "quartz" << "Quartz";
        QTest::newRow("english question") << "Where do volcanoes form?" << "Volcanoes form at subduction";
    }
    void bm25FindsChineseTwoCharacterWords()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo", {ChunkStrategy::Sentence, 30, 0});
        kb.addPaths(c, {f.docs});
        const auto hits = kb.searchBm25(c, query.toStdString(), 3);
        QVERIFY(!hits.empty());
        const auto top = kb.chunksByIds({hits[0].chunkId});
        QVERIFY2(top[0].text.find(expected.toStdString()) != std::string::npos, top[0].text.c_str());
        for (size_t i = 1; i < hits.size(); ++i)
            QVERIFY(hits[i - 1].score >= hits[i].score);
        // Another collection does not see these chunks.
        const int64_t other = kb.createCollection("empty");
        QVERIFY(kb.searchBm25(other, query.toStdString(), 3).empty());
    }

    void matchExpressionIsSafe()
    {
        QCOMPARE(bm25MatchExpression("地质学"), std::string(R"("地" OR "地 质" OR "质" OR "质 学" OR "学")"));
        QCOMPARE(bm25MatchExpression("AND \"or\" NEAR("), std::string(R"("AND" OR "or" OR "NEAR")"));
        QCOMPARE(bm25MatchExpression("，。!?"), std::string());
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo");
        kb.addPaths(c, {f.docs});
        QVERIFY(kb.searchBm25(c, "\"*^():-", 5).empty());
    }

    void stopTermsLeaveLargeIndexQueries()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("big", {ChunkStrategy::Paragraph, 50, 0});
        {
            std::ofstream out(f.docs + "/big.txt");
            for (int i = 0; i < int(KnowledgeBase::kStopTermMinChunks) + 10; ++i)
                out << "common 的 paragraph number " << i << (i == 500 ? " rare 稀有" : "") << "\n\n";
        }
        kb.addPaths(c, {f.docs + "/big.txt"});
        // "common" and 的 are in every chunk (IDF ~0): only "rare" is searched.
        const auto hits = kb.searchBm25(c, "common rare 的", 5);
        QCOMPARE(hits.size(), size_t(1));
        QVERIFY(kb.chunksByIds({hits[0].chunkId})[0].text.find("number 500 rare") != std::string::npos);
        // Only frequent terms: the query is kept as it is.
        QCOMPARE(kb.searchBm25(c, "common", 5).size(), size_t(5));
    }

    void squadContextsKeepQuestionIds()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("squad", {ChunkStrategy::Sentence, 20, 0});
        const std::string path = (dataDir() + "/squad_sample.json").toStdString();
        IngestReport r = kb.addSquad(c, path);
        QVERIFY(r.failures.empty());
        QCOMPARE(r.added, int64_t(2));
        const auto docs = kb.documents(c);
        QCOMPARE(docs.size(), size_t(2));
        QVERIFY(docs[0].source.size() > 4 && docs[0].source.substr(docs[0].source.size() - 4) == "#0/0");
        QCOMPARE(int(docs[0].kind), int(DocumentKind::Squad));
        const auto meta = nlohmann::json::parse(docs[0].metadataJson);
        QCOMPARE(meta["questions"].size(), size_t(2));
        const std::string text = kb.documentText(docs[0].id);
        const int64_t start = meta["questions"][0]["answer_start_byte"].get<int64_t>();
        QCOMPARE(text.substr(size_t(start), std::string("火山喷发").size()), std::string("火山喷发"));
        // Each question id sits on the chunk holding its answer.
        std::map<std::string, std::string> chunkOf;
        for (const ChunkInfo& ch : kb.chunks(docs[0].id)) {
            const nlohmann::json meta = nlohmann::json::parse(ch.metadataJson);
            for (const auto& id : meta["question_ids"])
                chunkOf[id.get<std::string>()] = ch.text;
        }
        QVERIFY(chunkOf["Q1"].find("火山喷发的岩浆冷却形成") != std::string::npos);
        QVERIFY(chunkOf["Q2"].find("石灰岩") != std::string::npos);

        r = kb.addSquad(c, path);
        QCOMPARE(r.unchanged, int64_t(2));
        QCOMPARE(r.added + r.updated, int64_t(0));

        // A broken JSON file is one failure naming it; what was indexed stays.
        const std::string broken = f.docs + "/broken.json";
        std::ofstream(broken) << R"({"data": [{"paragraphs": [{"qas": []}]}]})";
        r = kb.addSquad(c, broken);
        QCOMPARE(r.failures.size(), size_t(1));
        QVERIFY2(r.failures[0].error.find("broken.json") != std::string::npos, r.failures[0].error.c_str());
        QVERIFY2(r.failures[0].error.find("data[0].paragraphs[0].context") != std::string::npos,
                 r.failures[0].error.c_str());
        QCOMPARE(kb.documents(c).size(), size_t(2));
    }

    void datasetRecordsFollowTheDataset()
    {
        Fixture f = fresh();
        const int64_t ds = f.store->createDataset("notes", DatasetKind::Text);
        std::vector<int64_t> ids;
        for (const char* t : {"玄武岩是火山岩。", "Granite is plutonic.", "Shale is sedimentary."}) {
            Record r;
            r.datasetId = ds;
            r.kind = DatasetKind::Text;
            r.text = t;
            ids.push_back(f.store->insertRecord(r));
        }
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("records");
        IngestReport r = kb.addDataset(c, ds);
        QCOMPARE(r.added, int64_t(3));
        QVERIFY(anyHitContains(kb, c, "火山", "玄武岩"));
        f.store->deleteRecords({ids[1]});
        Record changed = *f.store->record(ids[2]);
        changed.text = "Shale is a fine-grained sedimentary rock.";
        f.store->updateRecord(changed);
        r = kb.reindex(c);
        QCOMPARE(r.removed, int64_t(1));
        QCOMPARE(r.updated, int64_t(1));
        QCOMPARE(r.unchanged, int64_t(1));
        QCOMPARE(kb.documents(c).size(), size_t(2));
        QVERIFY_THROWS_EXCEPTION(Error, kb.addDataset(c, 9999));
    }

    void cancelRollsBack()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t c = kb.createCollection("geo");
        std::atomic<bool> cancel{false};
        const IngestReport r = kb.addPaths(c, {f.docs}, [&](int64_t done, int64_t) {
            if (done == 2)
                cancel = true;
        }, &cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(kb.documents(c).size(), size_t(0));
        QVERIFY(kb.searchBm25(c, "plates", 5).empty());
        // And it works afterwards.
        QCOMPARE(kb.addPaths(c, {f.docs}).added, int64_t(5));
    }

    void collections()
    {
        Fixture f = fresh();
        KnowledgeBase kb(*f.store);
        const int64_t a = kb.createCollection("a", {ChunkStrategy::Heading, 50, 0}, "first");
        QVERIFY_THROWS_EXCEPTION(Error, kb.createCollection("a"));
        QVERIFY_THROWS_EXCEPTION(Error, kb.createCollection(""));
        QVERIFY_THROWS_EXCEPTION(Error, kb.createCollection("b", {ChunkStrategy::Tokens, 5, 9}));
        QCOMPARE(kb.ensureCollection("a"), a);
        QCOMPARE(int(kb.collectionByName("a")->chunking.strategy), int(ChunkStrategy::Heading));
        kb.addPaths(a, {f.docs});
        kb.deleteCollection(a);
        QVERIFY(!kb.collection(a));
        QVERIFY(kb.chunkIds(a).empty());
        QVERIFY_THROWS_EXCEPTION(Error, kb.addPaths(a, {f.docs}));
    }
};

QTEST_GUILESS_MAIN(tst_kb_ingest)
#include "tst_kb_ingest.moc"
