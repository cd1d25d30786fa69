#include "core/curation/curation.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>

using namespace wb;
using namespace wb::curation;

namespace {

std::vector<Record> makeRecords(int64_t datasetId, const std::map<std::string, int>& perCategory)
{
    std::vector<Record> rs;
    for (const auto& [cat, n] : perCategory)
        for (int i = 0; i < n; ++i) {
            Record r;
            r.datasetId = datasetId;
            r.category = cat;
            r.instruction = "Question " + std::to_string(i) + " about " + cat;
            r.output = "Answer " + std::to_string(i * 7 % 13);
            rs.push_back(r);
        }
    return rs;
}

// content hash -> split, read back from the store
std::map<std::string, Split> splitsByContent(ProjectStore& store, int64_t ds)
{
    std::map<std::string, Split> out;
    RecordQuery q;
    q.datasetId = ds;
    store.forEach(q, [&](const Record& r) {
        out[contentHash(r)] = r.split;
        return true;
    });
    return out;
}

std::map<std::string, std::array<int64_t, 3>> countsByCategory(ProjectStore& store, int64_t ds)
{
    std::map<std::string, std::array<int64_t, 3>> out;
    RecordQuery q;
    q.datasetId = ds;
    store.forEach(q, [&](const Record& r) {
        ++out[r.category][size_t(r.split)];
        return true;
    });
    return out;
}

} // namespace

class tst_splits : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void proportionsPerCategory_data()
    {
        QTest::addColumn<double>("train");
        QTest::addColumn<double>("validation");
        QTest::addColumn<double>("test");
        QTest::addColumn<int>("n");
        QTest::addColumn<QList<int>>("expected");   // train, validation, test
        QTest::newRow("80/10/10 of 10") << 0.8 << 0.1 << 0.1 << 10 << QList<int>{8, 1, 1};
        QTest::newRow("80/10/10 of 20") << 0.8 << 0.1 << 0.1 << 20 << QList<int>{16, 2, 2};
        QTest::newRow("80/10/10 of 7 (remainders)") << 0.8 << 0.1 << 0.1 << 7 << QList<int>{5, 1, 1};
        QTest::newRow("unnormalised 8:1:1 of 7") << 8.0 << 1.0 << 1.0 << 7 << QList<int>{5, 1, 1};
        QTest::newRow("70/30/0 of 9") << 0.7 << 0.3 << 0.0 << 9 << QList<int>{6, 3, 0};
        QTest::newRow("thirds of 10") << 1.0 << 1.0 << 1.0 << 10 << QList<int>{4, 3, 3};
        QTest::newRow("one record") << 0.8 << 0.1 << 0.1 << 1 << QList<int>{1, 0, 0};
    }
    void proportionsPerCategory()
    {
        QFETCH(double, train);
        QFETCH(double, validation);
        QFETCH(double, test);
        QFETCH(int, n);
        QFETCH(QList<int>, expected);
        std::vector<SplitItem> items;
        for (const char* cat : {"geo", "bio"})   // two strata of n each
            for (int i = 0; i < n; ++i)
                items.push_back({int64_t(items.size() + 1), std::to_string(i * 31 % 17) + cat, cat});
        SplitOptions opt;
        opt.train = train;
        opt.validation = validation;
        opt.test = test;
        const auto plan = planSplits(items, opt);
        for (const char* cat : {"geo", "bio"}) {
            QList<int> got{0, 0, 0};
            for (size_t i = 0; i < items.size(); ++i)
                if (items[i].category == cat)
                    ++got[int(plan[i])];
            QCOMPARE(got, expected);
        }
    }

    void notStratified()
    {
        std::vector<SplitItem> items;
        for (int i = 0; i < 10; ++i)
            items.push_back({i + 1, "h" + std::to_string(i), i < 9 ? "big" : "tiny"});
        SplitOptions opt;
        opt.stratifyByCategory = false;
        const auto plan = planSplits(items, opt);
        QCOMPARE(std::count(plan.begin(), plan.end(), Split::Train), 8);
        QCOMPARE(std::count(plan.begin(), plan.end(), Split::Test), 1);
    }

    void badFractions()
    {
        SplitOptions opt;
        opt.train = -0.5;
        QVERIFY_THROWS_EXCEPTION(Error, planSplits({{1, "a", ""}}, opt));
        opt = {};
        opt.train = opt.validation = opt.test = 0;
        QVERIFY_THROWS_EXCEPTION(Error, planSplits({{1, "a", ""}}, opt));
    }

    void storeDeterministicAndUndoable()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath("s.llmwb").toStdString());
        const std::map<std::string, int> sizes{{"geology", 30}, {"biology", 20}, {"", 10}};
        // The same records in two datasets, inserted in opposite orders.
        const int64_t a = store->createDataset("a", DatasetKind::Sft);
        const int64_t b = store->createDataset("b", DatasetKind::Sft);
        auto ra = makeRecords(a, sizes);
        auto rb = makeRecords(b, sizes);
        std::reverse(rb.begin(), rb.end());
        store->insertRecords(ra);
        store->insertRecords(rb);

        SplitOptions opt;
        opt.seed = 7;
        RecordQuery qa, qb;
        qa.datasetId = a;
        qb.datasetId = b;
        const SplitCounts ca = assignSplits(*store, qa, opt);
        QCOMPARE(ca.train, int64_t(48));
        QCOMPARE(ca.validation, int64_t(6));
        QCOMPARE(ca.test, int64_t(6));
        const auto perCat = countsByCategory(*store, a);
        QCOMPARE(perCat.at("geology"), (std::array<int64_t, 3>{24, 3, 3}));
        QCOMPARE(perCat.at("biology"), (std::array<int64_t, 3>{16, 2, 2}));
        QCOMPARE(perCat.at(""), (std::array<int64_t, 3>{8, 1, 1}));

        assignSplits(*store, qb, opt);
        const auto splitsA = splitsByContent(*store, a);
        QCOMPARE(splitsA.size(), size_t(60));
        QCOMPARE(splitsByContent(*store, b), splitsA);   // insertion order does not matter

        // Same seed again: nothing changes.
        assignSplits(*store, qa, opt);
        QCOMPARE(splitsByContent(*store, a), splitsA);

        // Another seed: another assignment, same proportions.
        opt.seed = 8;
        const SplitCounts c8 = assignSplits(*store, qa, opt);
        QCOMPARE(c8.train, int64_t(48));
        const auto splits8 = splitsByContent(*store, a);
        QVERIFY(splits8 != splitsA);

        // One undo step restores the previous assignment.
        QVERIFY(store->undo().has_value());
        QCOMPARE(splitsByContent(*store, a), splitsA);
    }
};

QTEST_GUILESS_MAIN(tst_splits)
#include "tst_splits.moc"
