#include "core/curation/curation.h"
#include "core/curation/minhash.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace wb;
using namespace wb::curation;
using Groups = std::vector<std::vector<int64_t>>;
Q_DECLARE_METATYPE(Groups)

namespace {

// Deterministic pseudo-random words (no dependency on std distributions).
std::string randomWords(uint64_t seed, int count)
{
    static const char* kWords[] = {"river", "mountain", "quartz", "basalt", "sediment", "granite", "erosion",
                                   "mineral", "fault", "magma", "delta", "glacier", "plate", "crust", "mantle",
                                   "fossil", "strata", "volcano", "canyon", "aquifer", "shale", "limestone",
                                   "tectonic", "seismic", "lava", "coastal", "dune", "moraine", "karst", "ore"};
    std::string out;
    uint64_t s = seed * 6364136223846793005ull + 1442695040888963407ull;
    for (int i = 0; i < count; ++i) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        if (i)
            out += ' ';
        out += kWords[(s >> 33) % 30];
        out += std::to_string((s >> 20) % 100);   // make words rarer so texts are distinct
    }
    return out;
}

// Replace `changes` words (evenly spaced) with other words.
std::string editWords(const std::string& text, int changes)
{
    std::vector<std::string> words;
    size_t p = 0;
    while (p <= text.size()) {
        size_t e = text.find(' ', p);
        if (e == std::string::npos)
            e = text.size();
        words.push_back(text.substr(p, e - p));
        p = e + 1;
    }
    for (int i = 0; i < changes; ++i)
        words[(i * words.size()) / changes] = "changed" + std::to_string(i);
    std::string out;
    for (size_t i = 0; i < words.size(); ++i)
        out += (i ? " " : "") + words[i];
    return out;
}

Groups idsOf(const std::vector<DuplicateGroup>& gs)
{
    Groups out;
    for (const auto& g : gs)
        out.push_back(g.ids);
    return out;
}

double trueJaccard(const std::string& a, const std::string& b, int k = 5)
{
    detail::MinHasher mh(16, k, 1);
    auto x = mh.shingles(a), y = mh.shingles(b);
    std::vector<uint64_t> inter;
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(inter));
    return double(inter.size()) / double(x.size() + y.size() - inter.size());
}

bool sameGroup(const std::vector<DuplicateGroup>& gs, int64_t a, int64_t b)
{
    for (const auto& g : gs)
        if (std::count(g.ids.begin(), g.ids.end(), a) && std::count(g.ids.begin(), g.ids.end(), b))
            return true;
    return false;
}

} // namespace

class tst_duplicates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exactGroups_data()
    {
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<Groups>("expected");
        QTest::newRow("case-space-punct") << QStringList{"Hello, World!", "Goodbye", "hello   world", " HELLO\tworld."}
                                          << Groups{{0, 2, 3}};
        QTest::newRow("none") << QStringList{"a cat", "a dog", "a bird"} << Groups{};
        QTest::newRow("two groups") << QStringList{"x y", "b", "X. Y", "B!", "c"} << Groups{{0, 2}, {1, 3}};
        QTest::newRow("chinese") << QStringList{"你好 世界", "你好世界", "你好  世界 "} << Groups{{0, 2}};
        QTest::newRow("empty") << QStringList{} << Groups{};
    }
    void exactGroups()
    {
        QFETCH(QStringList, texts);
        QFETCH(Groups, expected);
        std::vector<std::string> v;
        for (const auto& t : texts)
            v.push_back(t.toStdString());
        auto gs = exactDuplicates(v);
        QCOMPARE(idsOf(gs), expected);
        for (const auto& g : gs) {
            QVERIFY(g.exact);
            QCOMPARE(g.similarity, 1.0);
        }
    }

    void nearOneWordChanged()
    {
        const std::string a = randomWords(1, 50);
        std::vector<std::string> texts = {a, randomWords(2, 50), editWords(a, 1), randomWords(3, 50)};
        auto gs = nearDuplicates(texts, NearDupOptions{});
        QCOMPARE(idsOf(gs), (Groups{{0, 2}}));
        QVERIFY(!gs[0].exact);
        QVERIFY(gs[0].similarity >= 0.8);
        QVERIFY(gs[0].similarity < 1.0);
    }

    void nearChinese()
    {
        const std::string a = "地球科学是研究地球的组成、结构、演化及其与人类活动关系的学科，包括地质学、地球物理学、"
                              "地球化学、大气科学、海洋科学和地理学等分支，它们共同帮助我们理解自然灾害和资源分布。";
        std::string b = a;
        b.replace(b.find("自然灾害"), std::string("自然灾害").size(), "地震灾害");
        const std::string c = "机器学习是人工智能的一个分支，它使计算机能够从数据中学习规律，而无需进行明确的编程，"
                              "广泛应用于图像识别、语音识别、推荐系统和自然语言处理等领域。";
        auto gs = nearDuplicates({a, c, b}, NearDupOptions{});
        QCOMPARE(idsOf(gs), (Groups{{0, 2}}));
        QVERIFY(trueJaccard(a, b) > 0.85);
    }

    void estimateCloseToTrueJaccard_data()
    {
        QTest::addColumn<int>("changes");
        QTest::addColumn<int>("numPerm");
        for (int changes : {1, 5, 10, 20})
            for (int perm : {128, 256})
                QTest::addRow("%d words, %d perms", changes, perm) << changes << perm;
    }
    void estimateCloseToTrueJaccard()
    {
        QFETCH(int, changes);
        QFETCH(int, numPerm);
        const std::string a = randomWords(11, 80), b = editWords(a, changes);
        const double truth = trueJaccard(a, b);
        detail::MinHasher mh(numPerm, 5, 7);
        std::vector<uint32_t> sa(numPerm), sb(numPerm);
        QVERIFY(mh.signature(a, sa.data()));
        QVERIFY(mh.signature(b, sb.data()));
        const double est = detail::signatureAgreement(sa.data(), sb.data(), numPerm);
        QVERIFY2(std::abs(est - truth) <= 0.1, qPrintable(QString("est %1 true %2").arg(est).arg(truth)));
    }

    void thresholdBehaviour_data()
    {
        QTest::addColumn<int>("changes");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<bool>("found");
        QTest::newRow("J~0.9 at 0.7") << 2 << 0.7 << true;
        QTest::newRow("J~0.9 at 0.5") << 2 << 0.5 << true;
        QTest::newRow("J~0.5 at 0.3") << 14 << 0.3 << true;
        QTest::newRow("J~0.5 at 0.8") << 14 << 0.8 << false;
        QTest::newRow("J~0.3 at 0.6") << 25 << 0.6 << false;
        QTest::newRow("J~0.75 at 0.95") << 8 << 0.95 << false;
    }
    void thresholdBehaviour()
    {
        QFETCH(int, changes);
        QFETCH(double, threshold);
        QFETCH(bool, found);
        const std::string a = randomWords(21, 60), b = editWords(a, changes);
        const double truth = trueJaccard(a, b);
        QVERIFY2(std::abs(truth - threshold) >= 0.15, qPrintable(QString("premise: true J %1").arg(truth)));
        NearDupOptions opt;
        opt.threshold = threshold;
        opt.numPerm = 128;
        auto gs = nearDuplicates({a, randomWords(22, 60), b}, opt);
        QCOMPARE(sameGroup(gs, 0, 2), found);
        QVERIFY(!sameGroup(gs, 0, 1));
    }

    void lshParams()
    {
        auto p = detail::chooseLshParams(0.8, 64);
        QVERIFY(p.bands * p.rows <= 64);
        QVERIFY(detail::candidateProbability(0.8, p) >= 0.98);
        QVERIFY(detail::candidateProbability(0.3, p) < 0.2);
        auto q = detail::chooseLshParams(0.5, 64);
        QVERIFY(q.rows < p.rows);
    }

    void deterministic()
    {
        std::vector<std::string> texts;
        for (int i = 0; i < 300; ++i) {
            texts.push_back(randomWords(100 + i, 30));
            if (i % 3 == 0)
                texts.push_back(editWords(texts.back(), 1));
        }
        NearDupOptions opt;
        opt.seed = 5;
        opt.threads = 1;
        const auto one = idsOf(nearDuplicates(texts, opt));
        opt.threads = 4;
        QCOMPARE(idsOf(nearDuplicates(texts, opt)), one);
        QCOMPARE(idsOf(nearDuplicates(texts, opt)), one);
        QVERIFY2(one.size() >= 95, qPrintable(QString::number(one.size())));   // 100 planted pairs at J ~0.9
        // The seed changes the hash functions, so the signatures.
        detail::MinHasher h5(64, 5, 5), h6(64, 5, 6);
        std::vector<uint32_t> s5(64), s6(64), s5again(64);
        h5.signature(texts[0], s5.data());
        h6.signature(texts[0], s6.data());
        detail::MinHasher(64, 5, 5).signature(texts[0], s5again.data());
        QVERIFY(s5 == s5again);
        QVERIFY(s5 != s6);
    }

    void cancelAndBadOptions()
    {
        std::vector<std::string> texts(2000, "same text here");
        int calls = 0;
        auto gs = nearDuplicates(texts, NearDupOptions{}, [&](int64_t, int64_t) { return ++calls < 1; });
        QVERIFY(gs.empty());
        QVERIFY(calls >= 1);
        NearDupOptions bad;
        bad.threshold = 0;
        QVERIFY_THROWS_EXCEPTION(Error, nearDuplicates(texts, bad));
        bad = {};
        bad.numPerm = 0;
        QVERIFY_THROWS_EXCEPTION(Error, nearDuplicates(texts, bad));
        // Empty texts are never near duplicates of anything.
        QVERIFY(nearDuplicates({"", " ", "..."}, NearDupOptions{}).empty());
    }

    void storeDropAndUndo()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath("p.llmwb").toStdString());
        const int64_t ds = store->createDataset("d", DatasetKind::Sft);
        std::vector<Record> rs;
        auto add = [&](const std::string& instruction, const std::string& output) {
            Record r;
            r.datasetId = ds;
            r.instruction = instruction;
            r.output = output;
            rs.push_back(r);
        };
        const std::string longText = randomWords(9, 40);
        add("Name a rock.", "Granite");
        add("name a rock", "granite!");   // exact duplicate of 0
        add("Name a river.", "Nile");
        add("NAME A ROCK", "Granite.");   // exact duplicate of 0
        add("Describe", longText);
        add("Describe", editWords(longText, 1));   // near duplicate of 4
        {
            ProjectStore::Transaction tx(*store);
            store->insertRecords(rs);
            tx.commit();
        }
        RecordQuery q;
        q.datasetId = ds;
        auto exact = exactDuplicates(*store, q);
        QCOMPARE(idsOf(exact), (Groups{{rs[0].id, rs[1].id, rs[3].id}}));
        auto near = nearDuplicates(*store, q, NearDupOptions{});
        QVERIFY(sameGroup(near, rs[4].id, rs[5].id));
        QVERIFY(sameGroup(near, rs[0].id, rs[1].id));

        QCOMPARE(dropDuplicates(*store, exact), int64_t(2));
        QCOMPARE(store->count(q), int64_t(4));
        QVERIFY(store->record(rs[0].id).has_value());
        QVERIFY(!store->record(rs[3].id).has_value());
        QVERIFY(exactDuplicates(*store, q).empty());
        QVERIFY(store->undo().has_value());
        QCOMPARE(store->count(q), int64_t(6));
        QCOMPARE(dropDuplicates(*store, {}), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_duplicates)
#include "tst_duplicates.moc"
