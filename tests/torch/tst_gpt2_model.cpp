// GPT-2 forward pass against reference logits written by
// tests/data/models/make_fixtures.py (plain-torch HF formulas), plus strict
// loading errors.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/weights/safetensors.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>

namespace fs = std::filesystem;

class tst_gpt2_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReferenceLogits()
    {
        const std::string dir = fixtureDir("tiny-gpt2");
        std::ifstream f(fs::path(dir) / "expected_logits.json");
        QVERIFY(f.good());
        const nlohmann::json expected = nlohmann::json::parse(f);
        const auto ids = expected.at("input_ids").get<std::vector<int>>();
        const auto rows = expected.at("logits").get<std::vector<std::vector<float>>>();

        auto model = wb::CausalLM::load(dir);
        QVERIFY(model->config().family == wb::ModelFamily::Gpt2);
        const int V = model->config().vocabSize;
        const std::vector<float> logits = model->logits(ids);
        QCOMPARE(logits.size(), ids.size() * size_t(V));
        QCOMPARE(rows.size(), ids.size());
        double maxDiff = 0;
        for (size_t t = 0; t < rows.size(); ++t) {
            QCOMPARE(rows[t].size(), size_t(V));
            for (int v = 0; v < V; ++v) maxDiff = std::max(maxDiff, double(std::fabs(logits[t * V + v] - rows[t][v])));
        }
        qInfo("gpt2 max abs diff vs reference: %g", maxDiff);
        QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
    }

    void isCausal()
    {
        auto model = wb::CausalLM::load(fixtureDir("tiny-gpt2"));
        const int V = model->config().vocabSize;
        const std::vector<float> full = model->logits({3, 17, 42, 5, 63});
        const std::vector<float> prefix = model->logits({3, 17, 42});
        QCOMPARE(prefix.size(), size_t(3 * V));
        for (size_t i = 0; i < prefix.size(); ++i) QVERIFY(std::fabs(prefix[i] - full[i]) < 1e-5f);
        // A later token does change the last position's logits.
        const std::vector<float> other = model->logits({3, 17, 41});
        QVERIFY(std::fabs(other[2 * V] - prefix[2 * V]) > 1e-6f);
    }

    void rejectsBadInput()
    {
        auto model = wb::CausalLM::load(fixtureDir("tiny-gpt2"));
        QVERIFY_THROWS_EXCEPTION(wb::Error, model->logits({}));
        try {
            model->logits({1, 64});
            QFAIL("no error for an id outside the vocabulary");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("token id 64 at position 1"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(wb::Error, model->logits(std::vector<int>(33, 1)));   // n_positions 32
    }

    void missingTensorIsNamed()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-gpt2"), tmp.path().toStdString(), [](auto& views, auto&) {
            std::erase_if(views, [](const wb::TensorView& v) { return v.name == "transformer.h.1.mlp.c_fc.bias"; });
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("missing tensor \"transformer.h.1.mlp.c_fc.bias\""), qPrintable(err));
        QVERIFY2(err.contains("[128]"), qPrintable(err));
    }

    void wrongShapeIsNamedWithBothShapes()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-gpt2"), tmp.path().toStdString(), [](auto& views, auto& storage) {
            for (wb::TensorView& v : views)
                if (v.name == "transformer.h.0.attn.c_attn.weight") {   // transposed, as an nn.Linear would be
                    storage.emplace_back(96 * 32, 0.5f);
                    v.shape = {96, 32};
                    v.data = reinterpret_cast<const uint8_t*>(storage.back().data());
                }
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("\"transformer.h.0.attn.c_attn.weight\""), qPrintable(err));
        QVERIFY2(err.contains("[96, 32]") && err.contains("[32, 96]"), qPrintable(err));
    }

    void extraTensorIsNamed()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-gpt2"), tmp.path().toStdString(), [](auto& views, auto& storage) {
            storage.emplace_back(4, 1.0f);
            views.push_back({"transformer.h.2.ln_1.weight", wb::DType::F32, {4},
                             reinterpret_cast<const uint8_t*>(storage.back().data()), 16});
        });
        const QString err = QString::fromStdString(loadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("unexpected tensor \"transformer.h.2.ln_1.weight\""), qPrintable(err));
    }
    // Conversions of OpenAI's checkpoint name tensors without "transformer."
    // and carry the causal-mask buffers attn.bias / attn.masked_bias; both load
    // to the same model.
    void loadsUnprefixedNamesWithMaskBuffers()
    {
        QTemporaryDir tmp;
        copyFixtureWith(fixtureDir("tiny-gpt2"), tmp.path().toStdString(), [](auto& views, auto& storage) {
            for (wb::TensorView& v : views) v.name = v.name.substr(std::string("transformer.").size());
            storage.emplace_back(32 * 32, 1.0f);
            views.push_back({"h.0.attn.bias", wb::DType::F32, {1, 1, 32, 32},
                             reinterpret_cast<const uint8_t*>(storage.back().data()), 32 * 32 * sizeof(float)});
            // A 2-byte tensor first leaves every F32 tensor misaligned in the
            // data section, which takes the copying path.
            storage.emplace_back(1, 0.0f);
            views.insert(views.begin(), {"h.0.attn.masked_bias", wb::DType::F16, {1},
                                         reinterpret_cast<const uint8_t*>(storage.back().data()), 2});
        });
        const std::vector<int> ids = {3, 17, 42, 5};
        const std::vector<float> a = wb::CausalLM::load(tmp.path().toStdString())->logits(ids);
        const std::vector<float> b = wb::CausalLM::load(fixtureDir("tiny-gpt2"))->logits(ids);
        QCOMPARE(a.size(), b.size());
        for (size_t i = 0; i < a.size(); ++i) QCOMPARE(a[i], b[i]);
    }
};

QTEST_GUILESS_MAIN(tst_gpt2_model)
#include "tst_gpt2_model.moc"
