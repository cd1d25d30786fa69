// Sampling: greedy, the seed, draw frequencies against the softmax they
// should follow, top-k / top-p / min-p cuts, penalties and field validation.
#include "core/data/record.h"
#include "core/infer/sampler.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace wb;

namespace {

std::vector<float> kLogits = {2.0f, 1.0f, 0.5f, 0.0f, -1.0f, -3.0f};

std::map<int, int> draw(SamplingParams p, int n, std::vector<int> history = {})
{
    Sampler s(p);
    std::map<int, int> counts;
    for (int i = 0; i < n; ++i) {
        std::vector<float> l = kLogits;
        ++counts[s.sample(l, history)];
    }
    return counts;
}

std::vector<double> softmax(const std::vector<float>& l, double temperature)
{
    std::vector<double> p;
    double sum = 0;
    for (float x : l) sum += std::exp(x / temperature);
    for (float x : l) p.push_back(std::exp(x / temperature) / sum);
    return p;
}

} // namespace

class tst_sampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void greedyTakesTheArgmax()
    {
        SamplingParams p;
        p.greedy = true;
        QCOMPARE(draw(p, 10), (std::map<int, int>{{0, 10}}));
        p.greedy = false;
        p.temperature = 0;
        QCOMPARE(draw(p, 10), (std::map<int, int>{{0, 10}}));
    }

    void frequenciesFollowTheSoftmax_data()
    {
        QTest::addColumn<double>("temperature");
        QTest::newRow("t=1") << 1.0;
        QTest::newRow("t=0.5") << 0.5;
        QTest::newRow("t=2") << 2.0;
    }
    void frequenciesFollowTheSoftmax()
    {
        QFETCH(double, temperature);
        SamplingParams p;
        p.temperature = float(temperature);
        p.topK = 0;
        p.topP = 1;
        p.seed = 7;
        const int n = 40000;
        const auto counts = draw(p, n);
        const auto expected = softmax(kLogits, temperature);
        for (size_t i = 0; i < expected.size(); ++i) {
            const double f = double(counts.count(int(i)) ? counts.at(int(i)) : 0) / n;
            const double sigma = std::sqrt(expected[i] * (1 - expected[i]) / n);
            QVERIFY2(std::abs(f - expected[i]) < 5 * sigma + 1e-4,
                     qPrintable(QString("token %1: %2 vs %3").arg(i).arg(f).arg(expected[i])));
        }
    }

    void sameSeedSameTokens()
    {
        SamplingParams p;
        p.seed = 42;
        p.topK = 0;
        p.topP = 1;
        Sampler a(p), b(p);
        p.seed = 43;
        Sampler c(p);
        std::vector<int> ra, rb, rc;
        for (int i = 0; i < 200; ++i) {
            std::vector<float> l1 = kLogits, l2 = kLogits, l3 = kLogits;
            ra.push_back(a.sample(l1, {}));
            rb.push_back(b.sample(l2, {}));
            rc.push_back(c.sample(l3, {}));
        }
        QCOMPARE(ra, rb);
        QVERIFY(ra != rc);
    }

    void cutsKeepOnlyTheHead()
    {
        SamplingParams p;
        p.temperature = 1;
        p.topP = 1;
        p.topK = 2;
        auto counts = draw(p, 3000);
        QVERIFY(counts.size() == 2 && counts.count(0) && counts.count(1));

        p.topK = 0;
        p.topP = 0.6f;   // softmax: 0.57, 0.21, ... -> the first two reach 0.6
        counts = draw(p, 3000);
        QVERIFY(counts.size() == 2 && counts.count(0) && counts.count(1));

        p.topP = 1;
        p.minP = 0.3f;   // keeps p >= 0.3 * 0.57 = 0.17: tokens 0 and 1 (0.21)
        counts = draw(p, 3000);
        QVERIFY(counts.size() == 2 && counts.count(0) && counts.count(1));
    }

    void penaltiesLowerSeenTokens()
    {
        SamplingParams p;
        p.greedy = true;
        p.repetitionPenalty = 3.0f;   // token 0: 2.0 -> 0.67 < 1.0
        QCOMPARE(draw(p, 1, {0}), (std::map<int, int>{{1, 1}}));
        p.repetitionPenalty = 1;
        p.presencePenalty = 0.6f;     // 2.0 -> 1.4, still first
        QCOMPARE(draw(p, 1, {0}), (std::map<int, int>{{0, 1}}));
        p.frequencyPenalty = 0.3f;    // 2.0 - 0.6 - 0.3 * 3 = 0.5 < 1.0
        QCOMPARE(draw(p, 1, {0, 0, 0}), (std::map<int, int>{{1, 1}}));
        p.penaltyWindow = 1;          // only the last token counts: 2.0 - 0.6 - 0.3 = 1.1
        QCOMPARE(draw(p, 1, {0, 0, 0}), (std::map<int, int>{{0, 1}}));
    }

    void absurdSettingsNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("temperature") << "temperature";
        QTest::newRow("top_k") << "top_k";
        QTest::newRow("top_p") << "top_p";
        QTest::newRow("min_p") << "min_p";
        QTest::newRow("repetition_penalty") << "repetition_penalty";
    }
    void absurdSettingsNameTheField()
    {
        QFETCH(QString, field);
        SamplingParams p;
        if (field == "temperature") p.temperature = -1;
        if (field == "top_k") p.topK = -5;
        if (field == "top_p") p.topP = 1.5f;
        if (field == "min_p") p.minP = -0.1f;
        if (field == "repetition_penalty") p.repetitionPenalty = 0;
        try {
            Sampler s(p);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(field), e.what());
        }
    }

    void presets()
    {
        for (const std::string& name : samplingPresetNames()) samplingPreset(name).validate();
        QVERIFY(samplingPreset("precise").greedy);
        QVERIFY_THROWS_EXCEPTION(Error, samplingPreset("wild"));
    }
};

QTEST_GUILESS_MAIN(tst_sampler)
#include "tst_sampler.moc"
