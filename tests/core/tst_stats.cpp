#include "core/curation/curation.h"

#include <QTemporaryDir>
#include <QTest>

using namespace wb;
using namespace wb::curation;

class tst_stats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void histogramKnownValues_data()
    {
        QTest::addColumn<QList<double>>("values");
        QTest::addColumn<int>("bins");
        QTest::addColumn<QList<double>>("edges");
        QTest::addColumn<QList<qint64>>("counts");
        QTest::newRow("0..10 in 5") << QList<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 5
                                    << QList<double>{0, 2, 4, 6, 8, 10} << QList<qint64>{2, 2, 2, 2, 3};
        QTest::newRow("skewed") << QList<double>{1, 1, 1, 4} << 3 << QList<double>{1, 2, 3, 4}
                                << QList<qint64>{3, 0, 1};
        QTest::newRow("single value") << QList<double>{7, 7} << 2 << QList<double>{6.5, 7, 7.5}
                                      << QList<qint64>{0, 2};
        QTest::newRow("empty") << QList<double>{} << 2 << QList<double>{0, 0.5, 1} << QList<qint64>{0, 0};
    }
    void histogramKnownValues()
    {
        QFETCH(QList<double>, values);
        QFETCH(int, bins);
        QFETCH(QList<double>, edges);
        QFETCH(QList<qint64>, counts);
        const Histogram h = histogram(std::vector<double>(values.begin(), values.end()), bins);
        QCOMPARE(QList<double>(h.edges.begin(), h.edges.end()), edges);
        QCOMPARE(QList<qint64>(h.counts.begin(), h.counts.end()), counts);
    }

    void histogramErrors()
    {
        QVERIFY_THROWS_EXCEPTION(Error, histogram({1.0}, 0));
        QVERIFY_THROWS_EXCEPTION(Error, histogram({1.0, std::numeric_limits<double>::quiet_NaN()}, 3));
    }

    void datasetStats()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath("st.llmwb").toStdString());
        const int64_t ds = store->createDataset("d", DatasetKind::Sft);
        auto make = [&](const std::string& instr, const std::string& input, const std::string& output,
                        const std::string& cat, ReviewStatus st, Split sp) {
            Record r;
            r.datasetId = ds;
            r.instruction = instr;
            r.input = input;
            r.output = output;
            r.category = cat;
            r.status = st;
            r.split = sp;
            return r;
        };
        std::vector<Record> rs = {
            make("Name a rock type please", "", "Granite", "geo", ReviewStatus::Accepted, Split::Train),       // 23, 0, 7
            make("Name a river in Africa", "Egypt", "The Nile", "geo", ReviewStatus::Rejected, Split::Test),   // 22, 5, 8
            make("请说出一种常见的岩石类型", "", "花岗岩", "", ReviewStatus::Unreviewed, Split::Train),       // 12, 0, 3
        };
        store->insertRecords(rs);

        const DatasetStats st = computeStats(*store, ds, 4);
        QCOMPARE(st.records, int64_t(3));
        QCOMPARE(st.byStatus.at("accepted"), int64_t(1));
        QCOMPARE(st.byStatus.at("rejected"), int64_t(1));
        QCOMPARE(st.byStatus.at("unreviewed"), int64_t(1));
        QCOMPARE(st.byCategory.at("geo"), int64_t(2));
        QCOMPARE(st.byCategory.at(""), int64_t(1));
        QCOMPARE(st.bySplit.at("train"), int64_t(2));
        QCOMPARE(st.bySplit.at("test"), int64_t(1));
        QVERIFY(!st.bySplit.count("validation"));
        QCOMPARE(st.byLanguage.at("en"), int64_t(2));
        QCOMPARE(st.byLanguage.at("zh"), int64_t(1));

        QCOMPARE(st.meanChars.at("instruction"), (23.0 + 22.0 + 12.0) / 3);
        QCOMPARE(st.meanChars.at("input"), 5.0 / 3);
        QCOMPARE(st.meanChars.at("output"), 6.0);
        QVERIFY(!st.meanChars.count("text"));   // not a field of SFT records
        const Histogram& out = st.charLengths.at("output");   // 3, 7, 8 -> edges 3, 4.25, 5.5, 6.75, 8
        QCOMPARE(QList<qint64>(out.counts.begin(), out.counts.end()), (QList<qint64>{1, 0, 0, 2}));
        QCOMPARE(out.edges.front(), 3.0);
        QCOMPARE(out.edges.back(), 8.0);
        // "record" is recordText(): instruction, input, output joined with '\n'.
        QCOMPARE(st.meanChars.at("record"), (23 + 7 + 1.0 + 22 + 5 + 8 + 2 + 12 + 3 + 1) / 3);

        QVERIFY_THROWS_EXCEPTION(Error, computeStats(*store, ds + 100, 4));
        const DatasetStats empty = computeStats(*store, store->createDataset("e", DatasetKind::Chat), 4);
        QCOMPARE(empty.records, int64_t(0));
        QVERIFY(empty.charLengths.empty());
    }

    void mergeDatasets()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath("m.llmwb").toStdString());
        const int64_t a = store->createDataset("alpha", DatasetKind::Sft);
        const int64_t b = store->createDataset("beta", DatasetKind::Sft);
        const int64_t c = store->createDataset("gamma", DatasetKind::Text);
        auto sft = [](int64_t ds, const std::string& i, const std::string& o) {
            Record r;
            r.datasetId = ds;
            r.instruction = i;
            r.output = o;
            return r;
        };
        std::vector<Record> ra = {sft(a, "One", "1"), sft(a, "Two", "2")};
        std::vector<Record> rb = {sft(b, "two", "2."), sft(b, "Three", "3")};   // "two" duplicates "Two"
        store->insertRecords(ra);
        store->insertRecords(rb);

        const int64_t all = curation::mergeDatasets(*store, {a, b}, "all", false);
        QCOMPARE(store->dataset(all)->recordCount, int64_t(4));
        QVERIFY(store->dataset(all)->kind == DatasetKind::Sft);
        const int64_t unique = curation::mergeDatasets(*store, {a, b}, "unique", true);
        RecordQuery q;
        q.datasetId = unique;
        const auto merged = store->fetch(q, 0, 10);
        QCOMPARE(merged.size(), size_t(3));
        QCOMPARE(merged[0].instruction, std::string("One"));
        QCOMPARE(merged[1].instruction, std::string("Two"));   // first occurrence kept
        QCOMPARE(merged[2].instruction, std::string("Three"));
        RecordQuery qa;
        qa.datasetId = a;
        QCOMPARE(store->count(qa), int64_t(2));   // sources untouched

        try {
            curation::mergeDatasets(*store, {a, c}, "mixed", false);
            QFAIL("merging different kinds must throw");
        } catch (const Error& e) {
            const QString msg = e.what();
            QVERIFY2(msg.contains("alpha") && msg.contains("gamma"), e.what());
        }
        QVERIFY(!store->datasetByName("mixed").has_value());
        QVERIFY_THROWS_EXCEPTION(Error, curation::mergeDatasets(*store, {}, "none", false));
        QVERIFY_THROWS_EXCEPTION(Error, curation::mergeDatasets(*store, {a, 9999}, "missing", false));
    }
};

QTEST_GUILESS_MAIN(tst_stats)
#include "tst_stats.moc"
