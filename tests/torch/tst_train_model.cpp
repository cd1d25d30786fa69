// The trainable model: its fp32 forward equals CausalLM::logits (GPT-2,
// Llama with GQA, Qwen2 with biases and a tied head); packed documents get
// the logits they get alone; LoRA adapters in PEFT names, merged into an HF
// folder that CausalLM::load takes with the same logits; models from scratch;
// gradient checkpointing and bf16.
#include "tst_train_fixtures.h"

#include "core/model/init.h"
#include "core/nn/causal_lm.h"
#include "core/train/engine/trainable_model.h"
#include "core/train/engine/trainer.h"
#include "core/train/train_setup.h"
#include "core/weights/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

namespace {

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
    return m;
}

std::vector<int> someIds(int n, int vocab, int salt = 0)
{
    std::vector<int> ids;
    for (int i = 0; i < n; ++i) ids.push_back((i * 37 + 11 + salt * 13) % vocab);
    return ids;
}

// Gives every LoRA B matrix random values, so the adapter changes the model.
void randomizeLoraB(wb::TrainableModel& m)
{
    std::mt19937 gen(3);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    for (const std::string& name : m.trainableNames()) {
        if (name.find("lora_B") == std::string::npos) continue;
        std::vector<float> v = m.tensorValues(name);
        for (float& x : v) x = normal(gen);
        m.setTensorValues(name, v);
    }
}

wb::Batch oneRow(const std::vector<int>& ids)
{
    wb::TokenSequence s;
    s.ids = ids;
    s.trained.assign(ids.size(), 1);
    const auto rows = wb::packSequences({s}, {int(ids.size()), true, true});
    return wb::makeBatch({&rows[0]});
}

} // namespace

class tst_train_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardEqualsCausalLM_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("gpt2") << "tiny-gpt2";
        QTest::newRow("llama gqa") << "tiny-llama";
        QTest::newRow("qwen2 bias, tied") << "tiny-qwen2";
        QTest::newRow("chat llama") << "tiny-chat";
    }

    void forwardEqualsCausalLM()
    {
        QFETCH(QString, fixture);
        const std::string dir = fixtureDir(fixture.toStdString());
        auto trainable = wb::TrainableModel::load(dir);
        auto reference = wb::CausalLM::load(dir);
        QCOMPARE(trainable->parameterCount(), reference->parameterCount());
        const int V = reference->config().vocabSize;
        const auto ids = someIds(std::min(20, reference->config().maxPositionEmbeddings), V);
        const double diff = maxAbsDiff(trainable->logits(ids), reference->logits(ids));
        qInfo("%s: max abs diff %g", qPrintable(fixture), diff);
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
    }

    void packedDocumentsDoNotSeeEachOther_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("gpt2") << "tiny-gpt2";
        QTest::newRow("llama") << "tiny-llama";
    }

    void packedDocumentsDoNotSeeEachOther()
    {
        QFETCH(QString, fixture);
        auto m = wb::TrainableModel::load(fixtureDir(fixture.toStdString()));
        const int V = m->config().vocabSize;
        const auto a = someIds(7, V, 1), b = someIds(9, V, 2);
        wb::TokenSequence sa, sb;
        sa.ids = a;
        sa.trained.assign(a.size(), 1);
        sb.ids = b;
        sb.trained.assign(b.size(), 1);
        const auto rows = wb::packSequences({sa, sb}, {16, true, true});
        QCOMPARE(rows.size(), size_t(1));
        const std::vector<float> packed = m->batchLogits(wb::makeBatch({&rows[0]}));
        std::vector<float> alone = m->logits(a);
        const std::vector<float> second = m->logits(b);
        alone.insert(alone.end(), second.begin(), second.end());
        const double diff = maxAbsDiff(packed, alone);
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
    }

    void loraMergeEqualsLoraForward_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QStringList>("targets");
        QTest::newRow("llama all projections") << "tiny-llama"
                                               << QStringList{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                              "up_proj", "down_proj"};
        QTest::newRow("gpt2 conv1d") << "tiny-gpt2" << QStringList{"c_attn", "c_proj", "c_fc"};
        QTest::newRow("qwen2 default targets") << "tiny-qwen2" << QStringList{};
    }

    void loraMergeEqualsLoraForward()
    {
        QFETCH(QString, fixture);
        QFETCH(QStringList, targets);
        const std::string dir = fixtureDir(fixture.toStdString());
        auto m = wb::TrainableModel::load(dir);
        const int V = m->config().vocabSize;
        const auto ids = someIds(12, V);
        const std::vector<float> base = m->logits(ids);
        wb::LoraConfig lora;
        lora.rank = 4;
        lora.alpha = 8;
        lora.dropout = 0.1;
        for (const QString& t : targets) lora.targetModules.push_back(t.toStdString());
        m->addLora(lora, 5);
        QVERIFY(m->hasLora());
        QVERIFY(m->trainableParameterCount() < m->parameterCount() / 4);
        QVERIFY(maxAbsDiff(m->logits(ids), base) < 1e-6);   // B = 0: unchanged until trained
        randomizeLoraB(*m);
        const std::vector<float> adapted = m->logits(ids);   // eval mode: no dropout
        QVERIFY(maxAbsDiff(adapted, base) > 1e-3);

        QTemporaryDir tmp;
        const std::string merged = tmp.path().toStdString() + "/merged";
        m->saveModel(merged, dir);
        const double diff = maxAbsDiff(wb::CausalLM::load(merged)->logits(ids), adapted);
        qInfo("%s: merged vs LoRA forward max abs diff %g", qPrintable(fixture), diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));

        // The adapter on its own, in PEFT's names, loads back into a fresh model.
        const std::string adapterDir = tmp.path().toStdString() + "/adapter";
        m->saveAdapter(adapterDir, dir);
        const wb::SafetensorsFile file = wb::SafetensorsFile::open(adapterDir + "/adapter_model.safetensors");
        const bool gpt2 = fixture == "tiny-gpt2";
        const std::string first = gpt2 ? "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight"
                                       : "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight";
        QVERIFY2(file.find(first) != nullptr, first.c_str());
        QCOMPARE(file.find(first)->shape, (std::vector<int64_t>{4, m->config().hiddenSize}));
        std::ifstream cfg(adapterDir + "/adapter_config.json");
        const nlohmann::json ac = nlohmann::json::parse(cfg);
        QCOMPARE(ac.at("peft_type").get<std::string>(), std::string("LORA"));
        QCOMPARE(ac.at("r").get<int>(), 4);
        QCOMPARE(ac.at("lora_alpha").get<double>(), 8.0);
        QCOMPARE(ac.at("fan_in_fan_out").get<bool>(), gpt2);
        QVERIFY(!ac.at("target_modules").empty());

        auto fresh = wb::TrainableModel::load(dir);
        fresh->addLora(m->loraConfig(), 99);
        fresh->loadAdapter(adapterDir);
        QVERIFY(maxAbsDiff(fresh->logits(ids), adapted) < 1e-6);
    }

    void loraTargetErrorsNameTheField()
    {
        auto m = wb::TrainableModel::load(fixtureDir("tiny-llama"));
        wb::LoraConfig lora;
        lora.targetModules = {"c_attn"};
        try {
            m->addLora(lora, 1);
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("lora.target_modules"), e.what());
            QVERIFY2(QString(e.what()).contains("\"c_attn\""), e.what());
            QVERIFY2(QString(e.what()).contains("q_proj"), e.what());
        }
    }

    void modelFromScratchLoadsAsCausalLM_data()
    {
        QTest::addColumn<int>("family");
        QTest::newRow("llama") << int(wb::ModelFamily::Llama);
        QTest::newRow("gpt2") << int(wb::ModelFamily::Gpt2);
    }

    void modelFromScratchLoadsAsCausalLM()
    {
        QFETCH(int, family);
        wb::ModelConfig c = wb::presetConfig(wb::ModelFamily(family), "tiny");
        c.vocabSize = 512;   // tiny-chat's tokenizer
        c.bosTokenId = 509;
        c.eosTokenIds = {509};
        auto m = wb::TrainableModel::create(c, 11);
        QTemporaryDir tmp;
        m->saveModel(tmp.path().toStdString(), fixtureDir("tiny-chat"));
        const auto ids = someIds(10, 512);
        QVERIFY(maxAbsDiff(wb::CausalLM::load(tmp.path().toStdString())->logits(ids), m->logits(ids)) < 1e-5);
        QVERIFY(QFile::exists(tmp.path() + "/tokenizer.json"));
        // Deterministic in the seed.
        QCOMPARE(wb::TrainableModel::create(c, 11)->logits(ids), m->logits(ids));
    }

    void gradientCheckpointingGivesTheSameStep_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("lora");
        QTest::newRow("llama full") << "tiny-llama" << false;
        QTest::newRow("gpt2 full") << "tiny-gpt2" << false;
        QTest::newRow("llama lora with dropout") << "tiny-llama" << true;
    }

    void gradientCheckpointingGivesTheSameStep()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, lora);
        wb::TrainConfig config;
        config.learningRate = 1e-2;
        config.maxGradNorm = 0;
        std::vector<std::vector<float>> after;
        std::vector<double> losses;
        for (bool recompute : {false, true}) {
            wb::TrainableModel::seedGlobalRng(1234);   // LoRA dropout draws from it
            auto m = wb::TrainableModel::load(fixtureDir(fixture.toStdString()));
            if (lora) {
                wb::LoraConfig l;
                l.dropout = 0.2;
                m->addLora(l, 1);
            }
            m->setGradientCheckpointing(recompute);
            wb::Trainer t(*m, config, 10);
            const int V = m->config().vocabSize;
            wb::StepResult r;
            for (int s = 0; s < 2; ++s) r = t.step({oneRow(someIds(16, V, s))});
            losses.push_back(r.loss);
            std::vector<float> all;
            for (const std::string& n : m->trainableNames()) {
                const auto v = m->tensorValues(n);
                all.insert(all.end(), v.begin(), v.end());
            }
            after.push_back(all);
        }
        QCOMPARE(losses[0], losses[1]);
        const double diff = maxAbsDiff(after[0], after[1]);
        QVERIFY2(diff < 1e-6, qPrintable(QString::number(diff)));
    }

    void bf16Autocast()
    {
        if (!wb::TrainableModel::bf16Supported()) QSKIP("this LibTorch has no CPU bf16 autocast");
        auto m = wb::TrainableModel::load(fixtureDir("tiny-llama"));
        const auto ids = someIds(16, 64);
        const double fp32 = m->loss(oneRow(ids));
        m->setBf16(true);
        const double bf16 = m->loss(oneRow(ids));
        QVERIFY2(std::fabs(bf16 - fp32) < 0.05, qPrintable(QString("%1 vs %2").arg(bf16).arg(fp32)));
        QVERIFY(bf16 != fp32);   // really computed in bf16
        wb::TrainConfig config;
        wb::Trainer t(*m, config, 5);
        const wb::StepResult r = t.step({oneRow(ids)});
        QVERIFY(!r.skipped);
        QVERIFY(std::isfinite(r.gradNorm) && r.gradNorm > 0);
    }

};

QTEST_GUILESS_MAIN(tst_train_model)
#include "tst_train_model.moc"
