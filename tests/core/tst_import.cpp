// Import service: one transaction per import, quarantine of bad records and
// their re-import, cancel rolls back, export through a temporary file.
#include "core/formats/import_service.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace wb;
using namespace wb::formats;

namespace {

std::string dataPath(const char* name)
{
    return qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/formats/" + name;
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream f(path, std::ios::binary);
    f << bytes;
}

std::string manyRecords(int n)
{
    std::string s;
    for (int i = 0; i < n; ++i)
        s += "{\"instruction\":\"q" + std::to_string(i) + "\",\"input\":\"\",\"output\":\"a" + std::to_string(i) + "\"}\n";
    return s;
}

std::vector<Record> all(ProjectStore& s, int64_t ds)
{
    RecordQuery q;
    q.datasetId = ds;
    return s.fetch(q, 0, 1000000);
}

} // namespace

class tst_import : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void importCreatesDataset();
    void errorsGoToQuarantine();
    void fixAndReimport();
    void kindMismatch();
    void batchesAndProgress();
    void cancelRollsBack_data();
    void cancelRollsBack();
    void exportRoundTrip();
    void failedExportLeavesNothing();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<ProjectStore> store_;
    std::string path(const char* name) const { return dir_->filePath(name).toStdString(); }
};

void tst_import::init()
{
    store_.reset();
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    store_ = ProjectStore::create(path("p.llmwb"));
}

void tst_import::importCreatesDataset()
{
    ImportResult r = importFile(*store_, dataPath("alpaca.json"), 0, {});
    QCOMPARE(r.imported, int64_t(3));
    QCOMPARE(r.rejected, int64_t(0));
    QCOMPARE(int(r.format), int(Format::Alpaca));
    auto ds = store_->dataset(r.datasetId);
    QVERIFY(ds);
    QCOMPARE(ds->name, std::string("alpaca"));
    QCOMPARE(int(ds->kind), int(DatasetKind::Sft));
    auto recs = all(*store_, r.datasetId);
    QCOMPARE(recs.size(), size_t(3));
    QCOMPARE(recs[1].system, std::string("你是老师"));
    QCOMPARE(recs[1].sourceLine, int64_t(7));
    QCOMPARE(recs[2].extra, std::string(R"({"history":[["q1","a1"]],"score":1.5})"));
    // A second import of the same file gets a unique name.
    ImportResult again = importFile(*store_, dataPath("alpaca.json"), 0, {});
    QCOMPARE(store_->dataset(again.datasetId)->name, std::string("alpaca (2)"));
    // Preference ShareGPT creates a preference dataset.
    ImportResult p = importFile(*store_, dataPath("sharegpt_pref.json"), 0, {});
    QCOMPARE(int(store_->dataset(p.datasetId)->kind), int(DatasetKind::Preference));
}

void tst_import::errorsGoToQuarantine()
{
    std::string file = path("mixed.jsonl");
    writeFile(file, "{\"instruction\":\"a\",\"output\":\"b\"}\n{\"instruction\":\"c\",\"output\":3}\n"
                    "{\"instruction\":\"d\",\"output\":\"e\"}\n{\"instruction\":\"x\xff\",\"output\":\"y\"}\n");
    ImportResult r = importFile(*store_, file, 0, {});
    QCOMPARE(r.imported, int64_t(2));
    QCOMPARE(r.rejected, int64_t(2));
    QCOMPARE(r.errors.size(), size_t(2));
    auto q = store_->quarantine(r.datasetId);
    QCOMPARE(q.size(), size_t(2));
    QCOMPARE(q[0].line, int64_t(2));
    QCOMPARE(q[0].column, int64_t(29));
    QCOMPARE(q[0].reason, std::string("line 2, column 29: field 'output' must be a string, got number"));
    QCOMPARE(q[0].raw, std::string("{\"instruction\":\"c\",\"output\":3}"));
    QCOMPARE(q[0].sourceFile, file);
    QCOMPARE(q[1].line, int64_t(4));
    QCOMPARE(q[1].column, int64_t(18));
    QCOMPARE(q[1].raw, std::string("{\"instruction\":\"x\xff\",\"output\":\"y\"}"));
    QCOMPARE(store_->dataset(r.datasetId)->recordCount, int64_t(2));
}

void tst_import::fixAndReimport()
{
    std::string file = path("bad.jsonl");
    writeFile(file, "{\"instruction\":\"a\",\"output\":\"b\"}\n{\"instruction\":\"c\",\"output\":3}\n");
    ImportResult r = importFile(*store_, file, 0, {});
    auto q = store_->quarantine(r.datasetId);
    QCOMPARE(q.size(), size_t(1));

    // Still broken: stays in quarantine with the new reason and the edited text.
    std::string stillBad = R"({"instruction":"c","output":[3]})";
    QCOMPARE(reimportQuarantine(*store_, q[0].id, stillBad, Format::Alpaca), int64_t(0));
    q = store_->quarantine(r.datasetId);
    QCOMPARE(q.size(), size_t(1));
    QCOMPARE(q[0].raw, stillBad);
    QVERIFY2(q[0].reason.find("got array") != std::string::npos, q[0].reason.c_str());
    QCOMPARE(q[0].line, int64_t(2));

    QCOMPARE(reimportQuarantine(*store_, q[0].id, R"({"instruction":"c","output":"3"})", Format::Alpaca), int64_t(1));
    QVERIFY(store_->quarantine(r.datasetId).empty());
    auto recs = all(*store_, r.datasetId);
    QCOMPARE(recs.size(), size_t(2));
    QCOMPARE(recs[1].output, std::string("3"));
    QCOMPARE(recs[1].sourceLine, int64_t(2));
    QCOMPARE(recs[1].sourceFile, file);
    QVERIFY_THROWS_EXCEPTION(Error, reimportQuarantine(*store_, 999999, "{}", Format::Alpaca));
}

void tst_import::kindMismatch()
{
    int64_t ds = store_->createDataset("sft", DatasetKind::Sft);
    ImportResult r = importFile(*store_, dataPath("sharegpt.jsonl"), ds, {});
    QCOMPARE(r.imported, int64_t(0));
    QCOMPARE(r.rejected, int64_t(2));
    auto q = store_->quarantine(ds);
    QCOMPARE(q.size(), size_t(2));
    QVERIFY2(q[0].reason.find("chat record does not fit the sft dataset") != std::string::npos, q[0].reason.c_str());
    // The raw text is the record in its own format, so it can be re-imported elsewhere.
    QCOMPARE(int(parseOne(q[1].raw, Format::ShareGpt).kind), int(DatasetKind::Chat));
    QVERIFY_THROWS_EXCEPTION(Error, importFile(*store_, dataPath("alpaca.json"), 12345, {}));
}

void tst_import::batchesAndProgress()
{
    std::string file = path("many.jsonl");
    writeFile(file, manyRecords(12001));
    int64_t last = -1, total = -1;
    int calls = 0;
    ImportResult r = importFile(*store_, file, 0, {}, [&](int64_t done, int64_t t) {
        ++calls;
        last = done;
        total = t;
        return true;
    });
    QCOMPARE(r.imported, int64_t(12001));
    QVERIFY(calls >= 1);
    QCOMPARE(last, total);
    QCOMPARE(total, int64_t(std::filesystem::file_size(file)));
    QCOMPARE(r.bytes, total);
    QCOMPARE(store_->dataset(r.datasetId)->recordCount, int64_t(12001));
}

void tst_import::cancelRollsBack_data()
{
    QTest::addColumn<bool>("viaFlag");
    QTest::newRow("atomic flag") << true;
    QTest::newRow("progress returns false") << false;
}

void tst_import::cancelRollsBack()
{
    QFETCH(bool, viaFlag);
    std::string file = path("many.jsonl");
    writeFile(file, manyRecords(12001) + "{\"instruction\":1,\"output\":\"x\"}\n");
    int64_t existing = store_->createDataset("existing", DatasetKind::Sft);
    std::atomic<bool> cancel{false};
    try {
        importFile(*store_, file, 0, {},
                   [&](int64_t, int64_t) {
                       cancel = true;   // flag seen at the next batch
                       return viaFlag;
                   },
                   &cancel);
        QFAIL("import was not cancelled");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("cancelled"));
    }
    auto ds = store_->datasets();
    QCOMPARE(ds.size(), size_t(1));
    QCOMPARE(ds[0].id, existing);
    QCOMPARE(ds[0].recordCount, int64_t(0));
    QVERIFY(store_->quarantine(existing).empty());
    // Into an existing dataset: nothing is left either.
    cancel = false;
    try {
        importFile(*store_, file, existing, {}, [&](int64_t, int64_t) { cancel = true; return viaFlag; }, &cancel);
        QFAIL("import was not cancelled");
    } catch (const Error&) {
    }
    QCOMPARE(store_->dataset(existing)->recordCount, int64_t(0));
}

void tst_import::exportRoundTrip()
{
    for (const char* f : {"alpaca.json", "sharegpt.jsonl", "sharegpt_pref.json", "openai.jsonl", "text.jsonl", "data.csv"}) {
        ImportResult r = importFile(*store_, dataPath(f), 0, {});
        QCOMPARE(r.rejected, int64_t(0));
        RecordQuery q;
        q.datasetId = r.datasetId;
        std::string out = path(QByteArray(f).replace('.', '_').append(".out.jsonl").constData());
        int64_t progressed = -1;
        int64_t n = exportQuery(*store_, q, out, {}, [&](int64_t done, int64_t) { progressed = done; return true; });
        QCOMPARE(n, r.imported);
        QCOMPARE(progressed, n);
        QVERIFY(std::filesystem::exists(out));
        QVERIFY(!std::filesystem::exists(out + ".tmp"));
        ImportResult back = importFile(*store_, out, 0, {});
        QCOMPARE(back.imported, r.imported);
        auto a = all(*store_, r.datasetId), b = all(*store_, back.datasetId);
        for (size_t i = 0; i < a.size(); ++i)
            QVERIFY2(a[i].sameContent(b[i]), f);
    }
}

void tst_import::failedExportLeavesNothing()
{
    ImportResult r = importFile(*store_, dataPath("sharegpt.jsonl"), 0, {});
    RecordQuery q;
    q.datasetId = r.datasetId;
    std::string out = path("chat_as_alpaca.jsonl");
    ExportOptions eo;
    eo.format = Format::Alpaca;
    QVERIFY_THROWS_EXCEPTION(Error, exportQuery(*store_, q, out, eo));
    QVERIFY(!std::filesystem::exists(out));
    QVERIFY(!std::filesystem::exists(out + ".tmp"));
    // A directory that does not exist is an error naming the path.
    try {
        exportQuery(*store_, q, path("no/such/dir/x.jsonl"), {});
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("x.jsonl"), e.what());
    }
}

QTEST_GUILESS_MAIN(tst_import)
#include "tst_import.moc"
