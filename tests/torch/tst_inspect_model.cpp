// Model-based grounding and self-consistency on the tiny-chat fixture: finite
// per-token log-probabilities that equal a full recomputation of the logits,
// token spans that tile the answer on character boundaries (English and
// Chinese), evidence cut to fit the context, reproducible samples, and the
// inspector with every detector.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/infer/chat_template.h"
#include "core/inspect/inspector.h"
#include "core/inspect/model_grounding.h"
#include "core/inspect/self_consistency.h"
#include "core/nn/causal_lm.h"
#include "core/text/tokenizer.h"

#include <QtTest>

#include <cmath>

using namespace wb;
using namespace wb::inspect;

namespace {

const char* kEvidence = "Marie Curie was born on 7 November 1867 in Warsaw. In 1911 she won the Nobel Prize in Chemistry.";

// log softmax(row)[id]
double logProb(const float* row, int V, int id)
{
    double mx = row[0];
    for (int v = 1; v < V; ++v) mx = std::max(mx, double(row[v]));
    double sum = 0;
    for (int v = 0; v < V; ++v) sum += std::exp(double(row[v]) - mx);
    return double(row[id]) - mx - std::log(sum);
}

bool charBoundary(const std::string& s, size_t i)
{
    return i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

} // namespace

class tst_inspect_model : public QObject {
    Q_OBJECT
    std::unique_ptr<CausalLM> model_;
    std::unique_ptr<Tokenizer> tok_;
    std::optional<ChatTemplate> tmpl_;

private Q_SLOTS:
    void initTestCase()
    {
        const std::string dir = fixtureDir("tiny-chat");
        model_ = CausalLM::load(dir);
        tok_ = loadTokenizer(dir);
        tmpl_ = detectChatTemplate(dir);
        QVERIFY(tmpl_.has_value());
    }

    void tokensAreFiniteAndAligned_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::newRow("english") << "She won the Nobel Prize in Chemistry in 1911.";
        QTest::newRow("chinese") << "她在1911年获得诺贝尔化学奖。";
    }
    void tokensAreFiniteAndAligned()
    {
        QFETCH(QString, answer);
        const std::string a = answer.toStdString();
        ModelGroundingOptions o;
        o.chatTemplate = tmpl_;
        const ModelGroundingResult r = modelGrounding(*model_, *tok_, {"When?", {kEvidence}, a}, o);
        QCOMPARE(r.tokens.size(), tok_->encode(a).size());
        QVERIFY(!r.evidenceTruncated);
        size_t prev = 0;
        for (const TokenScore& t : r.tokens) {
            QVERIFY(std::isfinite(t.logpWith) && std::isfinite(t.logpWithout));
            QVERIFY(t.logpWith <= 0 && t.logpWithout <= 0);
            QCOMPARE(t.begin, prev);   // spans tile the answer
            QVERIFY(t.end >= t.begin);
            QVERIFY(charBoundary(a, t.begin) && charBoundary(a, t.end));
            prev = t.end;
        }
        QCOMPARE(prev, a.size());

        // Against a full recomputation: log p of answer token k under the grounded prompt.
        const std::vector<int> promptIds = tok_->encode(r.promptWith, true);
        std::vector<int> all = promptIds;
        const std::vector<int> answerIds = tok_->encode(a);
        all.insert(all.end(), answerIds.begin(), answerIds.end());
        const std::vector<float> logits = model_->logits(all);
        const int V = model_->config().vocabSize;
        for (size_t k = 0; k < answerIds.size(); ++k) {
            const double expected = logProb(logits.data() + (promptIds.size() + k - 1) * size_t(V), V, answerIds[k]);
            QVERIFY2(std::abs(r.tokens[k].logpWith - expected) < 1e-3,
                     qPrintable(QString("token %1: %2 vs %3").arg(k).arg(r.tokens[k].logpWith).arg(expected)));
        }
        // Suspect spans are the tokens whose probability did not rise.
        for (const SpanScore& s : suspectTokenSpans(a, r.tokens)) QVERIFY(s.risk >= 0.5 && s.risk < 1.0);
    }

    void longEvidenceIsCutToFit()
    {
        std::string evidence;
        while (evidence.size() < 20000) {
            evidence += kEvidence;
            evidence += ' ';
        }
        ModelGroundingOptions o;
        o.chatTemplate = tmpl_;
        const std::string a = "She was born in Warsaw.";
        const ModelGroundingResult r = modelGrounding(*model_, *tok_, {"Where?", {evidence}, a}, o);
        QVERIFY(r.evidenceTruncated);
        QVERIFY(tok_->encode(r.promptWith, true).size() + r.tokens.size() <= size_t(model_->config().maxPositionEmbeddings));
        QCOMPARE(r.tokens.size(), tok_->encode(a).size());
        // A question that cannot fit at all is an error, not a crash.
        ModelGroundingOptions tiny = o;
        tiny.maxContext = 8;
        try {
            modelGrounding(*model_, *tok_, {"Where was she born, and when?", {evidence}, a}, tiny);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("context") != std::string::npos, e.what());
        }
    }

    void samplesAreReproducible()
    {
        Generator gen(*model_, *tok_);
        GenerationOptions go;
        go.maxTokens = 12;
        go.sampling.temperature = 1.0f;
        const std::string prompt = tmpl_->renderPrompt({{"user", "Where was Marie Curie born?"}});
        const std::vector<std::string> a = sampleAnswers(gen, prompt, 3, 7, go);
        const std::vector<std::string> b = sampleAnswers(gen, prompt, 3, 7, go);
        QCOMPARE(a.size(), size_t(3));
        QCOMPARE(a, b);
        QVERIFY(a[0] != a[1] || a[1] != a[2]);   // different seeds give different samples
    }

    void inspectorWithAllDetectors()
    {
        InspectTools tools;
        tools.model = model_.get();
        tools.tokenizer = tok_.get();
        tools.chatTemplate = tmpl_;
        tools.consistencySamples = 2;
        tools.seed = 3;
        tools.maxSampleTokens = 16;
        const std::string a = "Marie Curie was born in Warsaw. She won the Nobel Prize in 1905.";
        const InspectReport r = inspectAnswer({"Who was Marie Curie?", a, {kEvidence}}, tools);
        QCOMPARE(r.claims.size(), size_t(2));
        for (const ClaimReport& c : r.claims) {
            for (const char* name : {kLexical, kModelPmi, kModelSurprisal, kConsistency}) {
                QVERIFY2(c.scores.count(name), name);
                QVERIFY(std::isfinite(c.scores.at(name)));
            }
            QVERIFY(c.combined >= 0 && c.combined <= 1);
        }
        QCOMPARE(r.samples.size(), size_t(2));
        QVERIFY(!r.tokens.empty());
        const nlohmann::json j = toJson(r, a);
        QCOMPARE(j["tokens"].size(), r.tokens.size());
        QVERIFY(j["tokens"][0].contains("pmi") && j["tokens"][0].contains("char_begin"));
        // Same seed, same report.
        const InspectReport again = inspectAnswer({"Who was Marie Curie?", a, {kEvidence}}, tools);
        QCOMPARE(again.samples, r.samples);
        QCOMPARE(again.answerRisk, r.answerRisk);
    }
};

QTEST_APPLESS_MAIN(tst_inspect_model)
#include "tst_inspect_model.moc"
