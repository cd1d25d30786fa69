// The embedder trained in the app (core/embed/trained_embedder.h) and its
// data: hashed features, pair readers, inverse cloze pairs; training on a CMRC
// 2018 excerpt (loss goes down, held-out recall@5 goes up), determinism,
// save/load round trip, strict embedder.json errors, cancel.
#include "core/data/record.h"
#include "core/embed/retrieval_metrics.h"
#include "core/embed/text_features.h"
#include "core/embed/trained_embedder.h"
#include "core/embed/training_pairs.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace wb::embed;

namespace {

std::string testData(const std::string& name)
{
    return (fs::path(qEnvironmentVariable("WB_TEST_DATA").toStdString()) / "embed" / name).string();
}

TrainedEmbedderOptions smallOptions()
{
    TrainedEmbedderOptions o;
    o.features.buckets = 1 << 15;
    o.dim = 64;
    o.epochs = 6;
    o.batchSize = 32;
    o.learningRate = 0.01;
    o.seed = 7;
    o.name = "test";
    return o;
}

// Training pairs from the excerpt: questions of even passages + inverse cloze
// over every passage; held out: questions of odd passages.
struct ExcerptSplit {
    SquadData data;
    std::vector<TextPair> train;
    std::vector<std::string> heldOutQuestions;
    std::vector<int64_t> heldOutGold;
};

ExcerptSplit excerptSplit()
{
    ExcerptSplit s;
    s.data = readSquad(testData("cmrc2018_trial_excerpt.json"));
    SquadData even;
    even.passages = s.data.passages;
    for (const SquadQuestion& q : s.data.questions) {
        if (q.passage % 2 == 0) {
            even.questions.push_back(q);
        } else {
            s.heldOutQuestions.push_back(q.question);
            s.heldOutGold.push_back(q.passage);
        }
    }
    s.train = squadPairs(even);
    const std::vector<TextPair> ict = inverseClozePairs(s.data.passages, 11, 4);
    s.train.insert(s.train.end(), ict.begin(), ict.end());
    return s;
}

RetrievalScores heldOutScores(TrainedEmbedder& e, const ExcerptSplit& s)
{
    const std::vector<float> q = e.embed(s.heldOutQuestions);
    const std::vector<float> p = e.embed(s.data.passages);
    return scoreRankings(exactTopK(q, p, e.dim(), 10), s.heldOutGold);
}

std::string loadError(const std::string& dir)
{
    try {
        TrainedEmbedder::load(dir);
    } catch (const wb::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class tst_embed_trained : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void featureTokens()
    {
        const std::vector<FeatureToken> t = wb::embed::featureTokens("Hello, World 你好！ＡＢ");
        QCOMPARE(t.size(), size_t(5));
        QCOMPARE(t[0].text, std::string("hello"));
        QVERIFY(t[0].phraseStart);
        QCOMPARE(t[1].text, std::string("world"));
        QVERIFY(t[1].phraseStart);   // after the comma
        QCOMPARE(t[2].text, std::string("你"));
        QVERIFY(!t[2].phraseStart);
        QCOMPARE(t[3].text, std::string("好"));
        QCOMPARE(t[4].text, std::string("ab"));   // full-width folded, lowercased
        QVERIFY(t[4].phraseStart);                // after ！
        FeatureOptions o;
        // 5 unigrams + bigrams world|你, 你|好 (none across punctuation).
        QCOMPARE(hashedFeatures("Hello, World 你好！ＡＢ", o).size(), size_t(7));
        QVERIFY(hashedFeatures("  ，。!? ", o).empty());
        for (int64_t id : hashedFeatures("任何 text at all", o)) QVERIFY(id >= 0 && id < o.buckets);
        // Invalid UTF-8 is punctuation, not a crash.
        QCOMPARE(wb::embed::featureTokens(std::string("ab\xff" "cd")).size(), size_t(2));
    }

    void pairFiles()
    {
        const std::vector<TextPair> p = readPairsFile(testData("pairs.jsonl"));
        QCOMPARE(p.size(), size_t(3));
        QCOMPARE(p[1].query, std::string("长城有多长？"));
        QCOMPARE(p[2].positive, std::string("Seven is a prime number."));
        try {
            readPairsFile(testData("bad_pairs.jsonl"));
            QFAIL("no error");
        } catch (const wb::Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("bad_pairs.jsonl:2") != std::string::npos && msg.find("\"positive\"") != std::string::npos,
                     e.what());
        }
    }

    void squadReader()
    {
        const SquadData d = readSquad(testData("cmrc2018_trial_excerpt.json"));
        QCOMPARE(d.passages.size(), size_t(64));
        QCOMPARE(d.questions.size(), size_t(250));
        const std::vector<TextPair> pairs = readPairsFile(testData("cmrc2018_trial_excerpt.json"));
        QCOMPARE(pairs.size(), size_t(250));
        QCOMPARE(pairs[0].positive, d.passages[0]);
        QVERIFY(pairs[0].group != 0 && pairs[0].group == pairs[1].group);

        QTemporaryDir tmp;
        const std::string bad = tmp.filePath("bad.json").toStdString();
        std::ofstream(bad) << R"({"data": [{"paragraphs": [{"context": "x", "qas": [{"id": "1", "question": 5}]}]}]})";
        try {
            readSquad(bad);
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find("data[0].paragraphs[0].qas[0].question") != std::string::npos, e.what());
        }
    }

    void inverseCloze()
    {
        const std::vector<std::string> sentences = splitSentences("第一句。第二句！Third one. Fourth?");
        QCOMPARE(sentences.size(), size_t(4));
        QCOMPARE(sentences[1], std::string("第二句！"));
        const std::vector<std::string> passages = {"甲。乙。丙。", "only one sentence", "A b. C d. E f."};
        const std::vector<TextPair> a = inverseClozePairs(passages, 3, 2, 0.0);
        const std::vector<TextPair> b = inverseClozePairs(passages, 3, 2, 0.0);
        QCOMPARE(a.size(), size_t(4));   // the one-sentence passage gives none
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].query, b[i].query);
            QVERIFY(a[i].positive.find(a[i].query) == std::string::npos);   // removed from its context
        }
        QCOMPARE(a[0].group, a[1].group);
        QVERIFY(a[0].group != a[2].group);
    }

    void trainingLowersLossAndRaisesRecall()
    {
        const ExcerptSplit s = excerptSplit();
        TrainedEmbedder untrained(smallOptions());
        TrainedEmbedder trained(smallOptions());
        const double lossBefore = trained.contrastiveLoss(s.train);
        const TrainReport r = trained.train(s.train);
        const double lossAfter = trained.contrastiveLoss(s.train);
        QVERIFY2(lossAfter < 0.7 * lossBefore, qPrintable(QString("loss %1 -> %2").arg(lossBefore).arg(lossAfter)));
        QVERIFY(r.lastEpochLoss < r.firstEpochLoss);
        QCOMPARE(r.steps, r.totalSteps);
        const RetrievalScores before = heldOutScores(untrained, s);
        const RetrievalScores after = heldOutScores(trained, s);
        qInfo("held-out recall@5 %.3f -> %.3f, MRR %.3f -> %.3f (%lld questions)", before.recallAt5, after.recallAt5,
              before.mrr, after.mrr, static_cast<long long>(after.queries));
        QVERIFY(after.queries > 100);
        QVERIFY(after.recallAt5 > before.recallAt5);
        QVERIFY(after.mrr > before.mrr);
    }

    void sameSeedSameWeights()
    {
        const ExcerptSplit s = excerptSplit();
        const std::vector<TextPair> few(s.train.begin(), s.train.begin() + 100);
        TrainedEmbedderOptions o = smallOptions();
        o.epochs = 1;
        TrainedEmbedder a(o), b(o);
        a.train(few);
        b.train(few);
        QVERIFY(a.weights() == b.weights());
        QCOMPARE(a.key(), b.key());
        o.seed = 8;
        TrainedEmbedder c(o);
        c.train(few);
        QVERIFY(a.weights() != c.weights());
        QVERIFY(a.key() != c.key());
    }

    void saveLoadRoundTrip()
    {
        const ExcerptSplit s = excerptSplit();
        TrainedEmbedderOptions o = smallOptions();
        o.epochs = 1;
        TrainedEmbedder e(o);
        const std::string untrainedKey = e.key();
        e.train(std::vector<TextPair>(s.train.begin(), s.train.begin() + 64));
        QVERIFY(e.key() != untrainedKey);   // training changes the key
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("emb").toStdString();
        e.save(dir);
        auto viaLoader = wb::loadEmbedder(dir);
        auto loaded = TrainedEmbedder::load(dir);
        QCOMPARE(loaded->key(), e.key());
        QCOMPARE(viaLoader->key(), e.key());
        QCOMPARE(loaded->dim(), 64);
        QVERIFY(loaded->weights() == e.weights());
        const std::vector<std::string> texts = {s.heldOutQuestions[0], s.data.passages[3], "", "English text too"};
        const std::vector<float> want = e.embed(texts);
        QVERIFY(viaLoader->embed(texts) == want);
        // Every row a finite unit vector, the empty text included.
        for (size_t r = 0; r < texts.size(); ++r) {
            double norm = 0;
            for (int c = 0; c < 64; ++c) norm += double(want[r * 64 + size_t(c)]) * want[r * 64 + size_t(c)];
            QVERIFY(std::abs(norm - 1.0) < 1e-4);
        }
    }

    void badEmbedderJson_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("kind") << R"({"kind": "bert"})" << "field \"kind\"";
        QTest::newRow("version") << R"({"version": 2})" << "field \"version\"";
        QTest::newRow("dim type") << R"({"dim": "64"})" << "field \"dim\"";
        QTest::newRow("dim shape") << R"({"dim": 32})" << "shape";
        QTest::newRow("buckets") << R"({"features": {"buckets": -1}})" << "features.buckets";
        QTest::newRow("scheme") << R"({"features": {"scheme": "words"}})" << "features.scheme";
        QTest::newRow("no features") << R"({"features": null})" << "field \"features\"";
        QTest::newRow("pooling") << R"({"pooling": "max"})" << "field \"pooling\"";
        QTest::newRow("weights path") << R"({"weights": "../x.safetensors"})" << "field \"weights\"";
        QTest::newRow("weights hash") << R"({"weights_hash": "0000000000000000"})" << "weights_hash";
    }

    void badEmbedderJson()
    {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        TrainedEmbedderOptions o = smallOptions();
        o.features.buckets = 512;
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("emb").toStdString();
        TrainedEmbedder(o).save(dir);
        const fs::path path = fs::path(dir) / "embedder.json";
        nlohmann::json j;
        std::ifstream(path) >> j;
        j.merge_patch(nlohmann::json::parse(patch.toStdString()));
        std::ofstream(path, std::ios::trunc) << j.dump();
        const std::string msg = loadError(dir);
        QVERIFY2(msg.find(expected.toStdString()) != std::string::npos, msg.c_str());
        QVERIFY2(msg.find("emb") != std::string::npos, msg.c_str());   // names the file
    }

    void cancelStopsTraining()
    {
        const ExcerptSplit s = excerptSplit();
        TrainedEmbedder e(smallOptions());
        std::atomic<bool> cancel{false};
        const TrainReport r = e.train(s.train, [&](int64_t step, int64_t, double loss) {
            QVERIFY(std::isfinite(loss));
            if (step == 2) cancel = true;
        }, &cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.steps, int64_t(2));
        QVERIFY(r.totalSteps > 10);
        QVERIFY_THROWS_EXCEPTION(wb::Error, e.train({s.train[0]}));

        std::vector<std::string> many(600, "文本");
        cancel = false;
        const std::vector<float> v = e.embed(many, [&](int64_t, int64_t) { cancel = true; }, &cancel);
        QCOMPARE(v.size(), size_t(256 * 64));   // one batch, then stopped
    }
};

QTEST_GUILESS_MAIN(tst_embed_trained)
#include "tst_embed_trained.moc"
