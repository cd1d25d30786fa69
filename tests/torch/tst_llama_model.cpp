// Llama-family forward pass (llama with grouped-query attention, qwen2 with
// Q/K/V biases and a tied head, linear and llama3 rope_scaling, mistral with a
// sliding window and one K/V head) against reference logits written by
// tests/data/models/make_fixtures.py, computed from scratch and through the
// KV cache, plus strict loading errors.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/safetensors.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace fs = std::filesystem;

namespace {

// input_ids and the [T, V] logits of a fixture's expected_logits.json.
struct Reference {
    std::vector<int> ids;
    std::vector<std::vector<float>> rows;
};

Reference readReference(const std::string& dir)
{
    std::ifstream f(fs::path(dir) / "expected_logits.json");
    if (!f) throw std::runtime_error(dir + "/expected_logits.json: cannot open");
    const nlohmann::json expected = nlohmann::json::parse(f);
    return {expected.at("input_ids").get<std::vector<int>>(),
            expected.at("logits").get<std::vector<std::vector<float>>>()};
}

// Largest |got[i] - row[i]|; infinity when the sizes differ.
double maxAbsDiff(const float* got, size_t n, const std::vector<float>& row)
{
    if (n != row.size()) return INFINITY;
    double d = 0;
    for (size_t i = 0; i < n; ++i) d = std::max(d, double(std::fabs(got[i] - row[i])));
    return d;
}

} // namespace

class tst_llama_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReferenceLogits_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("ropeScaling");
        QTest::addColumn<int>("window");   // 0: none
        const int none = int(wb::RopeScalingType::None);
        QTest::newRow("llama gqa, untied head") << "tiny-llama" << int(wb::ModelFamily::Llama) << none << 0;
        QTest::newRow("qwen2 qkv bias, tied head") << "tiny-qwen2" << int(wb::ModelFamily::Qwen2) << none << 0;
        QTest::newRow("llama rope_scaling linear x2")
            << "tiny-llama-rope-linear" << int(wb::ModelFamily::Llama) << int(wb::RopeScalingType::Linear) << 0;
        QTest::newRow("llama rope_scaling llama3 x8")
            << "tiny-llama3-rope" << int(wb::ModelFamily::Llama) << int(wb::RopeScalingType::Llama3) << 0;
        QTest::newRow("mistral sliding window 3, one kv head")
            << "tiny-mistral-window" << int(wb::ModelFamily::Mistral) << none << 3;
    }

    void matchesReferenceLogits()
    {
        QFETCH(QString, fixture);
        QFETCH(int, family);
        QFETCH(int, ropeScaling);
        QFETCH(int, window);
        const std::string dir = fixtureDir(fixture.toStdString());
        const Reference ref = readReference(dir);
        const std::vector<int>& ids = ref.ids;
        const std::vector<std::vector<float>>& rows = ref.rows;

        auto model = wb::CausalLM::load(dir);
        QCOMPARE(int(model->config().family), family);
        QCOMPARE(int(model->config().ropeScaling.type), ropeScaling);
        QCOMPARE(model->config().slidingWindow.value_or(0), window);
        if (window) QVERIFY(int(ids.size()) > window);   // or the window would change nothing
        QVERIFY(model->config().numKvHeads < model->config().numHeads);
        const int V = model->config().vocabSize;
        const std::vector<float> logits = model->logits(ids);
        QCOMPARE(logits.size(), ids.size() * size_t(V));
        QCOMPARE(rows.size(), ids.size());
        double maxDiff = 0;
        for (size_t t = 0; t < rows.size(); ++t) {
            QCOMPARE(rows[t].size(), size_t(V));
            for (int v = 0; v < V; ++v) maxDiff = std::max(maxDiff, double(std::fabs(logits[t * V + v] - rows[t][v])));
        }
        qInfo("%s max abs diff vs reference: %g", qPrintable(fixture), maxDiff);
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
    }

    // The KV-cache paths give the same logits as the reference: one token at a
    // time (the batch-1 fast path, and LibTorch's path when all logits are
    // asked for), and batches at an offset into the cache (queries that sit
    // after cached keys, where the sliding window must still count from each
    // query's absolute position).
    void cachedStepsMatchReference_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QList<int>>("chunks");  // tokens per step() call; the rest one at a time
        QTest::addColumn<bool>("allLogits");     // step(..., allLogits): LibTorch's path for one token too
        for (const char* f : {"tiny-llama", "tiny-qwen2", "tiny-llama-rope-linear", "tiny-llama3-rope",
                              "tiny-mistral-window"}) {
            QTest::addRow("%s, token by token", f) << QString(f) << QList<int>{} << false;
            QTest::addRow("%s, token by token, torch path", f) << QString(f) << QList<int>{} << true;
            QTest::addRow("%s, batches of 2 and 3, then tokens", f) << QString(f) << QList<int>{2, 3} << false;
        }
    }

    void cachedStepsMatchReference()
    {
        QFETCH(QString, fixture);
        QFETCH(QList<int>, chunks);
        QFETCH(bool, allLogits);
        const std::string dir = fixtureDir(fixture.toStdString());
        const Reference ref = readReference(dir);
        const int T = int(ref.ids.size());
        auto model = wb::CausalLM::load(dir);
        const size_t V = size_t(model->config().vocabSize);
        auto cache = model->newCache(T);

        double maxDiff = 0;
        int done = 0;
        while (done < T) {
            const int n = chunks.isEmpty() ? 1 : chunks.takeFirst();
            const std::vector<int> ids(ref.ids.begin() + done, ref.ids.begin() + done + n);
            // Batches always return every position; a single token only with allLogits.
            const bool all = n > 1 || allLogits;
            const std::vector<float> out = model->step(ids, *cache, all);
            QCOMPARE(out.size(), size_t(all ? n : 1) * V);
            for (int t = 0; t < n; ++t)
                if (all || t == n - 1)
                    maxDiff = std::max(maxDiff, maxAbsDiff(out.data() + (all ? t : 0) * V, V, ref.rows[done + t]));
            done += n;
            QCOMPARE(cache->length(), done);
        }
        qInfo("%s max abs diff vs reference: %g", QTest::currentDataTag(), maxDiff);
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
    }

    void isCausal()
    {
        auto model = wb::CausalLM::load(fixtureDir("tiny-llama"));
        const int V = model->config().vocabSize;
        const std::vector<float> full = model->logits({3, 17, 42, 5, 63});
        const std::vector<float> prefix = model->logits({3, 17, 42});
        for (size_t i = 0; i < prefix.size(); ++i) QVERIFY(std::fabs(prefix[i] - full[i]) < 1e-5f);
        QVERIFY_THROWS_EXCEPTION(wb::Error, model->logits({-1}));
        QCOMPARE(model->logits({7}).size(), size_t(V));
    }

    void missingBiasIsNamed()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-qwen2"), tmp.path().toStdString(), [](auto& views, auto&) {
            std::erase_if(views, [](const wb::TensorView& v) { return v.name == "model.layers.1.self_attn.k_proj.bias"; });
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("missing tensor \"model.layers.1.self_attn.k_proj.bias\""), qPrintable(err));
        QVERIFY2(err.contains("[16]"), qPrintable(err));
    }

    void missingUntiedHeadIsNamed()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-llama"), tmp.path().toStdString(), [](auto& views, auto&) {
            std::erase_if(views, [](const wb::TensorView& v) { return v.name == "lm_head.weight"; });
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("missing tensor \"lm_head.weight\""), qPrintable(err));
    }

    void wrongKvShapeIsNamedWithBothShapes()
    {
        QTemporaryDir tmp;
        // A k_proj with one K/V head per query head (no GQA) disagrees with num_key_value_heads 2.
        copyFixtureWith(fixtureDir("tiny-llama"), tmp.path().toStdString(), [](auto& views, auto& storage) {
            for (wb::TensorView& v : views)
                if (v.name == "model.layers.0.self_attn.k_proj.weight") {
                    storage.emplace_back(32 * 32, 0.1f);
                    v.shape = {32, 32};
                    v.data = reinterpret_cast<const uint8_t*>(storage.back().data());
                    v.nbytes = 32 * 32 * sizeof(float);
                }
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("\"model.layers.0.self_attn.k_proj.weight\""), qPrintable(err));
        QVERIFY2(err.contains("[32, 32]") && err.contains("[16, 32]"), qPrintable(err));
    }

    void extraBiasIsNamed()
    {
        // Llama without attention_bias must not silently ignore a bias tensor.
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-llama"), tmp.path().toStdString(), [](auto& views, auto& storage) {
            storage.emplace_back(32, 0.0f);
            views.push_back({"model.layers.0.self_attn.q_proj.bias", wb::DType::F32, {32},
                             reinterpret_cast<const uint8_t*>(storage.back().data()), 32 * sizeof(float)});
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("unexpected tensor \"model.layers.0.self_attn.q_proj.bias\""), qPrintable(err));
    }
    void halfPrecisionWeights_data()
    {
        QTest::addColumn<bool>("bf16");
        QTest::newRow("F16") << false;
        QTest::newRow("BF16") << true;
    }

    // A 16-bit checkpoint computes exactly like an F32 checkpoint holding the
    // same (rounded) values: the conversion path loses nothing further.
    void halfPrecisionWeights()
    {
        QFETCH(bool, bf16);
        QTemporaryDir half, rounded;
        std::vector<std::vector<uint16_t>> halfData;
        halfData.reserve(64);
        copyFixtureWith(fixtureDir("tiny-qwen2"), half.path().toStdString(), [&](auto& views, auto&) {
            for (wb::TensorView& v : views) {
                const std::vector<float> f = wb::toFloat32(v);
                std::vector<uint16_t> h;
                for (float x : f) h.push_back(bf16 ? wb::floatToBf16(x) : wb::floatToHalf(x));
                halfData.push_back(std::move(h));
                v.dtype = bf16 ? wb::DType::BF16 : wb::DType::F16;
                v.data = reinterpret_cast<const uint8_t*>(halfData.back().data());
                v.nbytes = halfData.back().size() * 2;
            }
        });
        copyFixtureWith(fixtureDir("tiny-qwen2"), rounded.path().toStdString(), [&](auto& views, auto& storage) {
            storage.reserve(views.size());
            for (wb::TensorView& v : views) {
                std::vector<float> f = wb::toFloat32(v);
                for (float& x : f) x = bf16 ? wb::bf16ToFloat(wb::floatToBf16(x)) : wb::halfToFloat(wb::floatToHalf(x));
                storage.push_back(std::move(f));
                v.data = reinterpret_cast<const uint8_t*>(storage.back().data());
            }
        });
        const std::vector<int> ids = {3, 17, 42, 5, 63, 0, 29};
        const std::vector<float> a = wb::CausalLM::load(half.path().toStdString())->logits(ids);
        const std::vector<float> b = wb::CausalLM::load(rounded.path().toStdString())->logits(ids);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) QVERIFY2(std::fabs(a[i] - b[i]) < 1e-5f, qPrintable(QString::number(i)));
    }

    void integerWeightIsRejectedByName()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-llama"), tmp.path().toStdString(), [](auto& views, auto&) {
            for (wb::TensorView& v : views)
                if (v.name == "model.norm.weight") v.dtype = wb::DType::I32;   // same byte count
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("\"model.norm.weight\"") && err.contains("I32"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(tst_llama_model)
#include "tst_llama_model.moc"
