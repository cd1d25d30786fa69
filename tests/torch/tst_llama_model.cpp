// Llama-family forward pass (llama with grouped-query attention, qwen2 with
// Q/K/V biases and a tied head) against reference logits written by
// tests/data/models/make_fixtures.py, plus strict loading errors.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/safetensors.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

namespace fs = std::filesystem;

class tst_llama_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReferenceLogits_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("family");
        QTest::newRow("llama gqa, untied head") << "tiny-llama" << int(wb::ModelFamily::Llama);
        QTest::newRow("qwen2 qkv bias, tied head") << "tiny-qwen2" << int(wb::ModelFamily::Qwen2);
    }

    void matchesReferenceLogits()
    {
        QFETCH(QString, fixture);
        QFETCH(int, family);
        const std::string dir = fixtureDir(fixture.toStdString());
        std::ifstream f(fs::path(dir) / "expected_logits.json");
        QVERIFY(f.good());
        const nlohmann::json expected = nlohmann::json::parse(f);
        const auto ids = expected.at("input_ids").get<std::vector<int>>();
        const auto rows = expected.at("logits").get<std::vector<std::vector<float>>>();

        auto model = wb::CausalLM::load(dir);
        QCOMPARE(int(model->config().family), family);
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
