// The KV cache and the generation loop: cached decoding equals recomputing
// everything at every step, bf16 stays close to fp32, the cache rejects what
// does not fit without changing, and Generator streams whole characters,
// stops on stop strings, EOS and the token limit, and can be cancelled.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/infer/chat_template.h"
#include "core/infer/generator.h"
#include "core/text/tokenizer.h"
#include "core/text/utf8.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace wb;

namespace {

int argmax(const float* p, int n)
{
    return int(std::max_element(p, p + n) - p);
}

float maxAbsDiff(const float* a, const float* b, size_t n)
{
    float m = 0;
    for (size_t i = 0; i < n; ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

// True when no boundary in `cuts` (byte offsets into `text`) falls inside a
// valid multi-byte UTF-8 character. Bytes that are not valid UTF-8 (a random
// model can emit them) are not characters and may stand alone.
bool noCharacterSplit(const std::string& text, const std::vector<size_t>& cuts)
{
    std::vector<bool> inside(text.size() + 1, false);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    for (size_t i = 0; i < text.size();) {
        const size_t n = utf8::seqLen(p, i, text.size());
        for (size_t k = 1; k < n; ++k) inside[i + k] = true;
        i += n ? n : 1;
    }
    for (size_t c : cuts)
        if (c > text.size() || inside[c]) return false;
    return true;
}

} // namespace

class tst_generator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cachedGreedyEqualsFullRecompute_data()
    {
        QTest::addColumn<QString>("fixture");
        for (const char* f : {"tiny-gpt2", "tiny-llama", "tiny-qwen2", "tiny-chat"}) QTest::newRow(f) << QString(f);
    }
    void cachedGreedyEqualsFullRecompute()
    {
        QFETCH(QString, fixture);
        auto model = CausalLM::load(fixtureDir(fixture.toStdString()));
        const int V = model->config().vocabSize;
        std::vector<int> ids = {3, 17, 42, 5};
        auto cache = model->newCache(32);
        std::vector<float> cached = model->step(ids, *cache);   // batched prefill
        QCOMPARE(cache->length(), 4);
        for (int n = 0; n < 16; ++n) {
            const std::vector<float> full = model->logits(ids);
            const float* last = full.data() + (ids.size() - 1) * size_t(V);
            QVERIFY2(maxAbsDiff(cached.data(), last, size_t(V)) < 1e-4f, qPrintable(QString("step %1").arg(n)));
            const int next = argmax(last, V);
            QCOMPARE(argmax(cached.data(), V), next);
            ids.push_back(next);
            cached = model->step({next}, *cache);
        }
        QCOMPARE(cache->length(), 20);
    }

    void allLogitsAndChunkedPrefillAgree()
    {
        auto model = CausalLM::load(fixtureDir("tiny-llama"));
        const size_t V = size_t(model->config().vocabSize);
        const std::vector<int> ids = {3, 17, 42, 5, 63, 0, 29};
        const std::vector<float> full = model->logits(ids);
        auto cache = model->newCache(16);
        std::vector<float> a = model->step({3, 17, 42}, *cache, true);
        std::vector<float> b = model->step({5, 63, 0, 29}, *cache, true);
        a.insert(a.end(), b.begin(), b.end());
        QCOMPARE(a.size(), full.size());
        QVERIFY(maxAbsDiff(a.data(), full.data(), full.size()) < 1e-4f);
        // Truncate and run again: the same logits as the first time.
        cache->truncate(3);
        const std::vector<float> again = model->step({5, 63, 0, 29}, *cache);
        QVERIFY(maxAbsDiff(again.data(), full.data() + 6 * V, V) < 1e-5f);
    }

    void bf16StaysCloseToF32_data()
    {
        QTest::addColumn<QString>("fixture");
        for (const char* f : {"tiny-gpt2", "tiny-llama"}) QTest::newRow(f) << QString(f);
    }
    void bf16StaysCloseToF32()
    {
        QFETCH(QString, fixture);
        auto f32 = CausalLM::load(fixtureDir(fixture.toStdString()));
        LoadOptions o;
        o.dtype = ComputeDType::BF16;
        uint64_t lastDone = 0, total = 0;
        o.progress = [&](uint64_t done, uint64_t all) { lastDone = done; total = all; };
        auto bf16 = CausalLM::load(fixtureDir(fixture.toStdString()), o);
        QVERIFY(bf16->dtype() == ComputeDType::BF16);
        QVERIFY(total > 0 && lastDone == total);
        QCOMPARE(bf16->parameterCount(), f32->parameterCount());
        QVERIFY(bf16->weightBytes() < f32->weightBytes() * 6 / 10);   // matrices halve, norms stay fp32
        const std::vector<int> ids = {3, 17, 42, 5, 63, 0, 29};
        const std::vector<float> a = f32->logits(ids), b = bf16->logits(ids);
        float range = 0;
        for (float x : a) range = std::max(range, std::abs(x));
        QVERIFY2(maxAbsDiff(a.data(), b.data(), a.size()) < 0.05f * range + 0.02f,
                 qPrintable(QString::number(maxAbsDiff(a.data(), b.data(), a.size()))));
    }

    void cacheRejectsWhatDoesNotFit()
    {
        auto model = CausalLM::load(fixtureDir("tiny-llama"));
        auto other = CausalLM::load(fixtureDir("tiny-llama"));
        QVERIFY_THROWS_EXCEPTION(Error, model->newCache(model->config().maxPositionEmbeddings + 1));
        QVERIFY_THROWS_EXCEPTION(Error, model->newCache(0));
        auto cache = model->newCache(4);
        model->step({1, 2, 3}, *cache);
        try {
            model->step({4, 5}, *cache);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("capacity 4"), e.what());
        }
        QCOMPARE(cache->length(), 3);   // unchanged
        QVERIFY_THROWS_EXCEPTION(Error, model->step({1000}, *cache));
        QVERIFY_THROWS_EXCEPTION(Error, other->step({1}, *cache));
        QCOMPARE(cache->length(), 3);
        QVERIFY_THROWS_EXCEPTION(Error, cache->truncate(5));
    }

    void generatorStreamsWholeCharactersAndStops()
    {
        const std::string dir = fixtureDir("tiny-chat");
        auto model = CausalLM::load(dir);
        auto tok = loadTokenizer(dir);
        Generator gen(*model, *tok);
        GenerationOptions o;
        o.maxTokens = 40;
        o.sampling.seed = 3;
        o.sampling.temperature = 1.0f;
        o.sampling.topK = 0;
        o.sampling.topP = 1.0f;
        o.eosIds = {-1};   // random weights: let it run to the limit
        std::string streamed;
        std::vector<size_t> cuts;
        const GenerationResult r = gen.generate("地球科学 geology", o, [&](const std::string& piece) {
            streamed += piece;
            cuts.push_back(streamed.size());
            return true;
        });
        QVERIFY(noCharacterSplit(streamed, cuts));
        QCOMPARE(QString::fromStdString(toString(r.stats.stopReason)), QString::fromStdString(toString(StopReason::MaxTokens)));
        QCOMPARE(int(r.ids.size()), 40);
        QCOMPARE(streamed, r.text);
        QCOMPARE(r.text, tok->decode(r.ids));
        QVERIFY(r.stats.promptTokens > 0 && r.stats.generatedTokens == 40);
        QVERIFY(r.stats.timeToFirstTokenSeconds > 0 && r.stats.decodeTokensPerSecond() > 0);

        // The same seed gives the same reply.
        QCOMPARE(gen.generate("地球科学 geology", o).ids, r.ids);

        // A stop string taken from the middle of that reply ends it right before.
        const std::string tail = r.text.substr(r.text.size() / 2);
        const std::string stop = tail.substr(0, 3);
        o.stopStrings = {stop};
        std::string streamed2;
        const GenerationResult s = gen.generate("地球科学 geology", o, [&](const std::string& piece) {
            streamed2 += piece;
            return true;
        });
        QCOMPARE(QString::fromStdString(toString(s.stats.stopReason)), QString::fromStdString(toString(StopReason::StopString)));
        QCOMPARE(s.text, r.text.substr(0, r.text.find(stop)));
        QCOMPARE(streamed2, s.text);   // nothing of the stop string was ever shown

        // The token the reply began with, as EOS, stops at once.
        o.stopStrings.clear();
        o.eosIds = {r.ids[0]};
        const GenerationResult e = gen.generate("地球科学 geology", o);
        QCOMPARE(QString::fromStdString(toString(e.stats.stopReason)), QString::fromStdString(toString(StopReason::Eos)));
        QVERIFY(e.text.empty());
    }

    void generatorCancels()
    {
        const std::string dir = fixtureDir("tiny-chat");
        auto model = CausalLM::load(dir);
        auto tok = loadTokenizer(dir);
        Generator gen(*model, *tok);
        GenerationOptions o;
        o.maxTokens = 200;
        o.sampling = samplingPreset("creative");
        o.eosIds = {-1};
        int pieces = 0;
        GenerationResult r = gen.generate("hello", o, [&](const std::string&) { return ++pieces < 5; });
        QCOMPARE(QString::fromStdString(toString(r.stats.stopReason)), QString::fromStdString(toString(StopReason::Cancelled)));
        QVERIFY(r.ids.size() < 200);
        std::atomic<bool> cancel{false};
        std::string shown;
        r = gen.generate("hello", o, [&](const std::string& p) {
            shown += p;
            if (shown.size() > 10) cancel = true;   // another thread would set it
            return true;
        }, &cancel);
        QCOMPARE(QString::fromStdString(toString(r.stats.stopReason)), QString::fromStdString(toString(StopReason::Cancelled)));
        QCOMPARE(r.text, shown);
        QVERIFY(r.ids.size() < 200);
    }

    void generatorRejectsBadSettings()
    {
        const std::string dir = fixtureDir("tiny-chat");
        auto model = CausalLM::load(dir);
        auto tok = loadTokenizer(dir);
        Generator gen(*model, *tok);
        GenerationOptions o;
        o.sampling.topP = 2;
        QVERIFY_THROWS_EXCEPTION(Error, gen.generate("x", o));
        o = {};
        QVERIFY_THROWS_EXCEPTION(Error, gen.generate("", o));
        std::vector<int> tooLong(size_t(model->config().maxPositionEmbeddings), 5);
        QVERIFY_THROWS_EXCEPTION(Error, gen.generateIds(tooLong, o));
        // A prompt near the end of the context stops with "context".
        std::vector<int> nearEnd(size_t(model->config().maxPositionEmbeddings - 3), 5);
        o.eosIds = {-1};
        const GenerationResult r = gen.generateIds(nearEnd, o);
        QCOMPARE(QString::fromStdString(toString(r.stats.stopReason)), QString::fromStdString(toString(StopReason::ContextFull)));
        QCOMPARE(int(r.ids.size()), 3);
    }

    void chatTemplateFromTheModelFolder()
    {
        const auto t = detectChatTemplate(fixtureDir("tiny-chat"));
        QVERIFY(t);
        QVERIFY(t->kind == ChatTemplateKind::ChatML);
        auto tok = loadTokenizer(fixtureDir("tiny-chat"));
        const std::string prompt = t->renderPrompt({{"user", "hi"}});
        const std::vector<int> ids = tok->encode(prompt, true);
        QCOMPARE(ids.front(), *tok->tokenId("<|im_start|>"));
        QVERIFY(tok->isSpecial(ids.front()));
        QCOMPARE(tok->decode(ids), prompt);
        // Without allowSpecial the marker is plain text.
        QVERIFY(tok->encode(prompt, false).front() != ids.front());
    }
};

QTEST_GUILESS_MAIN(tst_generator)
#include "tst_generator.moc"
