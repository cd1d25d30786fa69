// The model-free detectors and their combination: hand-made answers whose
// unsupported part is known (a wrong number, a wrong name, an invented
// clause), in English and Chinese, must rank highest; span offsets are
// exact; semantic grounding through a deterministic fake embedder;
// self-consistency against given samples; the JSON report's shape.
#include "core/inspect/inspector.h"
#include "core/inspect/lexical.h"
#include "core/inspect/self_consistency.h"
#include "core/inspect/semantic.h"
#include "core/inspect/text_units.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace wb;
using namespace wb::inspect;

namespace {

// Bag of words and Han characters hashed into 64 dimensions, L2-normalised:
// similar wording gives similar vectors, deterministically.
class FakeEmbedder : public Embedder {
public:
    std::string key() const override { return "fake:bag-of-words:64"; }
    std::string displayName() const override { return "fake"; }
    int dim() const override { return 64; }
    std::vector<float> embed(const std::vector<std::string>& texts, const EmbedProgress& = {},
                             const std::atomic<bool>* = nullptr) override
    {
        ++calls;
        std::vector<float> out;
        for (const std::string& t : texts) {
            std::vector<float> v(64, 0.0f);
            v[63] = 1e-3f;   // an empty text still gets a unit vector
            for (const TextUnit& u : textUnits(t)) {
                if (u.kind == UnitKind::Word && u.stop) continue;
                v[std::hash<std::string>{}(u.norm) % 63] += 1.0f;
            }
            float n = 0;
            for (float x : v) n += x * x;
            for (float& x : v) x /= std::sqrt(n);
            out.insert(out.end(), v.begin(), v.end());
        }
        return out;
    }
    int calls = 0;
};

const char* kEvidenceEn =
    "Marie Curie was born on 7 November 1867 in Warsaw, Poland. She shared the 1903 Nobel Prize in Physics with "
    "Pierre Curie and Henri Becquerel. In 1911 she won the Nobel Prize in Chemistry. The Radium Institute in Paris "
    "was founded in 1909 and employed about 1,500 people.";
const char* kEvidenceZh = "居里夫人于1867年11月7日出生于波兰华沙。1903年，她与皮埃尔·居里和亨利·贝克勒尔共同获得诺贝尔物理学奖。"
                          "1911年她获得诺贝尔化学奖。巴黎镭研究所成立于1909年，约有1500名员工。";

const ClaimReport& riskiestClaim(const InspectReport& r)
{
    return *std::max_element(r.claims.begin(), r.claims.end(),
                             [](const ClaimReport& a, const ClaimReport& b) { return a.combined < b.combined; });
}

} // namespace

class tst_inspect_detectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unsupportedRanksHighest_data()
    {
        QTest::addColumn<QString>("evidence");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("span");    // the riskiest span's text ("" when the test is claim-level only)
        QTest::addColumn<QString>("claim");   // text inside the riskiest claim
        QTest::newRow("en wrong number")
            << kEvidenceEn << "Marie Curie was born in 1867 in Warsaw. She shared the Nobel Prize in Physics in 1905 with Pierre Curie."
            << "1905" << "1905";
        QTest::newRow("en wrong name")
            << kEvidenceEn << "Marie Curie was born in 1867 in Warsaw. She shared the 1903 Nobel Prize in Physics with Albert Einstein."
            << "Albert Einstein" << "Albert Einstein";
        // "Andes" stems to "and", a stopword; the name must still count.
        QTest::newRow("en wrong name whose stem is a stopword")
            << "Mount Everest, in the Himalayas, is 8,849 metres high. Edmund Hillary climbed it in 1953."
            << "Mount Everest is 8,849 metres high. It lies in the Andes." << "Andes" << "Andes";
        QTest::newRow("en invented clause")
            << kEvidenceEn
            << "Marie Curie was born in 1867 in Warsaw, and she won the Nobel Prize in Chemistry in 1911. "
               "She also designed the first portable refrigerator for hospitals."
            << "" << "refrigerator";
        QTest::newRow("en number in another format is fine, wrong one is not")
            << kEvidenceEn << "The Radium Institute employed 1.5 thousand people. It was founded in 1910."
            << "1910" << "1910";
        QTest::newRow("zh wrong number")
            << kEvidenceZh << "居里夫人出生于华沙。她在1905年获得诺贝尔物理学奖。" << "1905" << "1905";
        QTest::newRow("zh wrong name")
            << kEvidenceZh << "居里夫人出生于华沙。她与爱因斯坦共同获得诺贝尔物理学奖。" << "爱因斯坦" << "爱因斯坦";
        QTest::newRow("zh invented clause")
            << kEvidenceZh << "居里夫人出生于波兰华沙，1911年获得诺贝尔化学奖。后来她还发明了第一台便携式冰箱。" << ""
            << "冰箱";
        QTest::newRow("zh colloquial number")
            << kEvidenceZh << "巴黎镭研究所约有一千五名员工。研究所成立于1990年。" << "1990" << "1990";
        QTest::newRow("zh number format")
            << kEvidenceZh << "巴黎镭研究所约有0.15万名员工。研究所成立于1990年。" << "1990" << "1990";
    }
    void unsupportedRanksHighest()
    {
        QFETCH(QString, evidence);
        QFETCH(QString, answer);
        QFETCH(QString, span);
        QFETCH(QString, claim);
        const std::string a = answer.toStdString();
        FakeEmbedder embedder;
        InspectTools tools;
        tools.embedder = &embedder;
        const InspectReport r = inspectAnswer({"", a, {evidence.toStdString()}}, tools);
        QVERIFY(r.claims.size() >= 2);
        QVERIFY(r.answerScores.count(kSemantic));
        const ClaimReport& top = riskiestClaim(r);
        std::string all;   // the scores, for the failure message
        for (const ClaimReport& c : r.claims) {
            all += "\n" + c.claim.text + ": combined " + std::to_string(c.combined);
            for (const auto& [name, v] : c.scores) all += " " + name + " " + std::to_string(v);
        }
        QVERIFY2(top.claim.text.find(claim.toStdString()) != std::string::npos, all.c_str());
        // Every other claim scores clearly lower.
        for (const ClaimReport& c : r.claims)
            if (&c != &top) QVERIFY2(c.combined < top.combined, c.claim.text.c_str());
        if (!span.isEmpty()) {
            const auto best = std::max_element(r.spans.begin(), r.spans.end(),
                                               [](const SpanScore& x, const SpanScore& y) { return x.risk < y.risk; });
            QVERIFY(best != r.spans.end());
            const std::string expected = span.toStdString();
            QCOMPARE(a.substr(best->begin, best->end - best->begin), expected);
            QCOMPARE(best->begin, a.find(expected));   // exact offsets
            QCOMPARE(best->end, a.find(expected) + expected.size());
            QVERIFY(!best->reason.empty());
        }
    }

    void groundedAnswerHasNoHighRiskSpans()
    {
        const std::string a = "Marie Curie was born in Warsaw in 1867. In 1911 she won the Nobel Prize in Chemistry.";
        const InspectReport r = inspectAnswer({"", a, {kEvidenceEn}}, {});
        for (const SpanScore& s : r.spans) QVERIFY2(s.risk < 0.5, s.reason.c_str());
        QCOMPARE(r.answerScores.at(kLexical), 0.0);
        QCOMPARE(r.answerRisk, 0.0);
        QVERIFY(!r.answerScores.count(kSemantic));   // no embedder: no semantic score
        QVERIFY(!r.answerScores.count(kModelPmi));
    }

    void lexicalScoresAndSpans()
    {
        const EvidenceIndex ev = indexEvidence({kEvidenceEn});
        const std::string a = "She shared the 1903 prize with Pierre Becquerel and Albert Einstein in 1911.";
        const LexicalResult r = lexicalGrounding(a, {0, a.size(), 0, a}, ev);
        QCOMPARE(r.numberRisk, 0.0);   // 1903 and 1911 are both there
        // "Pierre Becquerel": both words there but not together (0.5); "Albert Einstein" missing (1).
        QCOMPARE(r.entityRisk, 0.75);
        QCOMPARE(r.spans.size(), size_t(2));
        QCOMPARE(r.spans[0].kind, std::string("entity-apart"));
        QCOMPARE(r.spans[0].risk, 0.5);
        QCOMPARE(a.substr(r.spans[0].begin, r.spans[0].end - r.spans[0].begin), std::string("Pierre Becquerel"));
        QCOMPARE(r.spans[1].kind, std::string("entity"));
        QCOMPARE(r.spans[1].risk, 1.0);
        QVERIFY(r.risk > 0 && r.risk < 1);
    }

    void quotedTermsAndCaseInsensitiveWords()
    {
        const EvidenceIndex ev = indexEvidence({"她的著作《放射性论》于1910年出版。", "RADIUM was isolated."});
        const std::string a = "她的著作《镭的发现》于1910年出版。";
        const LexicalResult r = lexicalGrounding(a, {0, a.size(), 0, a}, ev);
        QCOMPARE(r.spans.size(), size_t(1));
        QCOMPARE(a.substr(r.spans[0].begin, r.spans[0].end - r.spans[0].begin), std::string("镭的发现"));
        QCOMPARE(r.entityRisk, 1.0);
        const std::string b = "Radium was isolated.";
        QCOMPARE(lexicalGrounding(b, {0, b.size(), 0, b}, ev).risk, 0.0);
    }

    void semanticPicksBestChunk()
    {
        FakeEmbedder e;
        const std::vector<std::string> chunks = evidenceChunks({kEvidenceEn}, 80);
        QVERIFY(chunks.size() >= 3);
        const std::vector<SemanticMatch> m =
            semanticGrounding(e, {"She won the Nobel Prize in Chemistry in 1911.", "Bananas are yellow fruit."}, chunks);
        QCOMPARE(e.calls, 1);   // claims and chunks in one call
        QVERIFY(chunks[size_t(m[0].bestChunk)].find("Chemistry") != std::string::npos);
        QVERIFY(m[0].similarity > m[1].similarity + 0.3);
    }

    void selfConsistencyScoresAgreement()
    {
        const std::string a = "Curie was born in Warsaw. She invented the telephone in 1876.";
        const std::vector<Claim> claims = splitClaims(a);
        QCOMPARE(claims.size(), size_t(2));
        const std::vector<std::string> samples = {"Curie was born in Warsaw and studied physics.",
                                                  "Curie was born in Warsaw. She discovered polonium.",
                                                  "Born in Warsaw, Curie won two Nobel prizes."};
        const std::vector<double> risk = consistencyRisk(claims, samples);
        QCOMPARE(risk[0], 0.0);   // "curie", "born", "warsaw" in every sample
        QCOMPARE(risk[1], 1.0);   // nothing of it anywhere
        QCOMPARE(lexicalAgreement("巴黎镭研究所成立于1909年", "镭研究所于1909年在巴黎成立"), 1.0);
        QVERIFY(consistencyRisk(claims, {}).at(1) == 0.0);
        FakeEmbedder e;
        const std::vector<double> withEmbedder = consistencyRisk(claims, samples, &e);
        QVERIFY(withEmbedder[1] > withEmbedder[0]);

        // Through the inspector, with precomputed samples.
        InspectTools tools;
        tools.samples = samples;
        const InspectReport r = inspectAnswer({"", a, {kEvidenceEn}}, tools);
        QCOMPARE(r.claims[1].scores.at(kConsistency), 1.0);
        QCOMPARE(r.answerScores.at(kConsistency), 1.0);
    }

    void fittedCombinerIsUsed()
    {
        LogisticModel m;
        m.features = {kLexical};
        m.mean = {0};
        m.scale = {1};
        m.weights = {10};
        m.bias = -2;
        InspectTools tools;
        tools.combiner = &m;
        const std::string a = "She was born in 1905.";
        const InspectReport r = inspectAnswer({"", a, {kEvidenceEn}}, tools);
        QVERIFY(r.combinerUsed);
        const double lex = r.answerScores.at(kLexical);
        QVERIFY(lex > 0);
        QCOMPARE(r.answerRisk, 1.0 / (1.0 + std::exp(-(10 * lex - 2))));
        // A combiner that needs a score the inspection lacks falls back to the mean.
        m.features = {kLexical, kModelPmi};
        m.mean = {0, 0};
        m.scale = {1, 1};
        m.weights = {1, 1};
        QVERIFY(!inspectAnswer({"", a, {kEvidenceEn}}, tools).combinerUsed);
    }

    void jsonReport()
    {
        const std::string a = "居里夫人出生于华沙。She was born in 1905.";
        FakeEmbedder e;
        InspectTools tools;
        tools.embedder = &e;
        const InspectReport r = inspectAnswer({"Where?", a, {kEvidenceEn, kEvidenceZh}}, tools);
        const nlohmann::json j = toJson(r, a);
        QCOMPARE(j["claims"].size(), size_t(2));
        const auto& c1 = j["claims"][1];
        QCOMPARE(c1["begin"].get<size_t>(), size_t(30));
        QCOMPARE(c1["char_begin"].get<size_t>(), size_t(10));
        QCOMPARE(c1["text"].get<std::string>(), std::string("She was born in 1905."));
        QVERIFY(c1["scores"].contains("lexical"));
        QVERIFY(c1["scores"].contains("semantic"));
        QVERIFY(c1.contains("best_evidence_text"));
        QCOMPARE(j["spans"].size(), size_t(1));
        QCOMPARE(j["spans"][0]["text"].get<std::string>(), std::string("1905"));
        QCOMPARE(j["spans"][0]["char_begin"].get<size_t>(), size_t(26));
        QCOMPARE(j["spans"][0]["char_end"].get<size_t>(), size_t(30));
        QCOMPARE(j["combiner"].get<std::string>(), std::string("unweighted-mean"));
        QVERIFY(j["answer_risk"].is_number());
        QVERIFY(j["tokens"].empty());
    }

    void emptyInputs()
    {
        const InspectReport r = inspectAnswer({"", "", {}}, {});
        QVERIFY(r.claims.empty());
        QCOMPARE(r.answerRisk, 0.0);
        const InspectReport noEvidence = inspectAnswer({"", "Paris has 2 million people.", {}}, {});
        QCOMPARE(noEvidence.answerScores.at(kLexicalNumbers), 1.0);
    }
};

QTEST_APPLESS_MAIN(tst_inspect_detectors)
#include "tst_inspect_detectors.moc"
