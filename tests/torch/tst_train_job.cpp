// Whole runs in-process: the run folder (config, status, metrics, log,
// checkpoints, final model with its chat template), evaluation and early
// stopping, the NaN policy, LoRA adapters, a model from scratch, stop on
// request and resume.
#include "tst_train_fixtures.h"

#include "core/infer/chat_template.h"
#include "core/jobs/run.h"
#include "core/jobs/run_folder.h"
#include "core/nn/causal_lm.h"
#include "core/train/engine/training_job.h"
#include "core/train/train_config.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::vector<wb::MetricPoint> metrics(const std::string& runDir, bool eval)
{
    wb::MetricsTail tail(runDir);
    std::vector<wb::MetricPoint> out;
    for (auto& p : tail.poll())
        if (p.values.count(eval ? "eval_loss" : "loss")) out.push_back(p);
    return out;
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

class tst_train_job : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::string project_;
    std::string textProject_;

    wb::TrainConfig config(const nlohmann::json& extra, const std::string& project = {})
    {
        return wb::parseTrainConfig(trainfx::runConfig(project.empty() ? project_ : project, extra), "run.json",
                                    tmp_.path().toStdString());
    }

    std::string runDir(const char* name) { return tmp_.path().toStdString() + "/runs/" + name; }

private Q_SLOTS:
    void initTestCase()
    {
        project_ = tmp_.path().toStdString() + "/geo.llmwb";
        trainfx::makeProject(project_, "geo", wb::DatasetKind::Sft, trainfx::geoSft());
        textProject_ = tmp_.path().toStdString() + "/text.llmwb";
        std::vector<wb::Record> docs;
        for (int i = 0; i < 24; ++i)
            docs.push_back(trainfx::text("Rock cycle note " + std::to_string(i % 6) +
                                             ": magma cools into igneous rock, weathering makes sediment.",
                                         i < 20 ? wb::Split::Train : wb::Split::Validation));
        trainfx::makeProject(textProject_, "geo", wb::DatasetKind::Text, docs);
    }

    void sftRunWritesItsFolder()
    {
        const std::string dir = runDir("sft");
        std::vector<std::string> lines;
        wb::TrainingHooks hooks;
        hooks.onLog = [&](const std::string& l) { lines.push_back(l); };
        const wb::TrainingOutcome o = wb::startTraining(
            dir, config({{"epochs", 4}, {"learning_rate", 1e-2}, {"eval_every", 3}, {"save_every", 4}, {"keep_last", 1}}),
            hooks);
        QCOMPARE(int(o.state), int(wb::RunState::Finished));
        QCOMPARE(o.finalModelDir, dir + "/final");
        const auto status = wb::readRunStatus(dir);
        QVERIFY(status.has_value());
        QCOMPARE(int(status->state), int(wb::RunState::Finished));
        QCOMPARE(status->step, o.step);
        QCOMPARE(status->totalSteps, o.step);

        const auto train = metrics(dir, false);
        QCOMPARE(int64_t(train.size()), o.step);
        for (size_t i = 0; i < train.size(); ++i) {
            QCOMPARE(train[i].step, int64_t(i + 1));
            for (const char* key : {"epoch", "loss", "lr", "grad_norm", "tokens_per_second", "memory_mb", "time"})
                QVERIFY2(train[i].values.count(key), key);
        }
        QCOMPARE(train.back().values.at("epoch"), 4.0);
        QVERIFY2(train.back().values.at("loss") < train.front().values.at("loss"),
                 qPrintable(QString("%1 -> %2").arg(train.front().values.at("loss")).arg(train.back().values.at("loss"))));
        const auto eval = metrics(dir, true);
        QVERIFY(eval.size() >= 2);
        QCOMPARE(eval.front().step, int64_t(3));
        QCOMPARE(eval.back().step, o.step);   // and at the end
        QVERIFY(std::fabs(eval.back().values.at("eval_perplexity") - std::exp(eval.back().values.at("eval_loss"))) < 1e-9);

        auto run = wb::Run::open(dir);
        QCOMPARE(run->checkpoints().size(), size_t(1));   // keep_last
        const std::string ckpt = *run->latestCheckpoint();
        for (const char* f : {"model.safetensors", "config.json", "tokenizer.json", "optimizer.safetensors",
                              "rng.safetensors", "trainer_state.json"})
            QVERIFY2(fs::exists(fs::path(ckpt) / f), f);
        // config.json is the resolved configuration, and parses back.
        const wb::TrainConfig saved = wb::parseTrainConfig(run->readConfig(), "config.json", dir);
        QCOMPARE(saved.evalEvery, int64_t(3));
        QVERIFY(readAll(dir + "/train.log").find("step 1/") != std::string::npos);
        QVERIFY(!lines.empty());

        // The final model answers in the chat panel's way: it loads, and it carries its template.
        auto model = wb::CausalLM::load(dir + "/final");
        QCOMPARE(model->config().vocabSize, 512);
        const auto t = wb::detectChatTemplate(dir + "/final");
        QVERIFY(t.has_value());
        QCOMPARE(int(t->kind), int(wb::ChatTemplateKind::ChatML));

        // A finished run is not resumed.
        try {
            wb::resumeTraining(dir);
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("already finished"), e.what());
        }
    }

    void earlyStoppingEndsTheRun()
    {
        // A learning rate too small to move the eval loss by min_delta: no improvement after the first evaluation.
        const std::string dir = runDir("early");
        const wb::TrainingOutcome o = wb::startTraining(
            dir, config({{"epochs", 5},
                         {"learning_rate", 1e-9},
                         {"eval_every", 1},
                         {"early_stopping_patience", 2},
                         {"early_stopping_min_delta", 0.01}}));
        QCOMPARE(int(o.state), int(wb::RunState::Finished));
        QCOMPARE(o.step, int64_t(3));
        QVERIFY2(QString::fromStdString(o.message).startsWith("early stopping at step 3"), o.message.c_str());
        QCOMPARE(metrics(dir, true).size(), size_t(3));
        QVERIFY(fs::exists(dir + "/final/model.safetensors"));
        QCOMPARE(wb::readRunStatus(dir)->message, o.message);
    }

    void nanPolicy_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("failedAt");
        QTest::addColumn<QString>("message");
        QTest::newRow("stop") << "stop" << 1 << "step 1: loss is nan: stopping (on_nan = stop)";
        QTest::newRow("skip, then too many") << "skip" << 3
                                             << "step 3: loss is nan: stopping (3 steps in a row were skipped, "
                                                "max_nan_skips = 3)";
    }

    void nanPolicy()
    {
        QFETCH(QString, policy);
        QFETCH(int, failedAt);
        QFETCH(QString, message);
        // tiny-chat with a NaN embedding table: every loss is NaN.
        const std::string model = tmp_.path().toStdString() + "/nan-model-" + policy.toStdString();
        fs::create_directories(model);
        copyFixtureWith(fixtureDir("tiny-chat"), model, [](std::vector<wb::TensorView>& views, auto& storage) {
            for (wb::TensorView& v : views)
                if (v.name == "model.embed_tokens.weight") {
                    storage.emplace_back(v.nbytes / 4, std::nanf(""));
                    v.data = reinterpret_cast<const uint8_t*>(storage.back().data());
                }
        });
        for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
            fs::copy_file(fs::path(fixtureDir("tiny-chat")) / f, fs::path(model) / f);
        const std::string dir = runDir(("nan-" + policy.toStdString()).c_str());
        const wb::TrainingOutcome o = wb::startTraining(
            dir, config({{"model", model}, {"on_nan", policy.toStdString()}, {"max_nan_skips", 3}, {"epochs", 3}}));
        QCOMPARE(int(o.state), int(wb::RunState::Failed));
        QCOMPARE(o.step, int64_t(failedAt));
        QCOMPARE(QString::fromStdString(o.message), message);
        const auto status = wb::readRunStatus(dir);
        QCOMPARE(int(status->state), int(wb::RunState::Failed));
        QCOMPARE(QString::fromStdString(status->message), message);
        const std::string log = readAll(dir + "/train.log");
        QVERIFY(log.find(message.toStdString()) != std::string::npos);
        if (policy == "skip") QVERIFY(log.find("step 1: loss is nan: step skipped (on_nan = skip)") != std::string::npos);
        QVERIFY(!fs::exists(dir + "/final"));
        // Skipped steps are in the metrics, flagged, without a loss.
        const auto all = wb::MetricsTail(dir).poll();
        QCOMPARE(int(all.size()), failedAt);
        QCOMPARE(all.front().values.at("skipped"), 1.0);
        QVERIFY(!all.front().values.count("loss"));
    }

    void loraRunSavesAdapterAndMergedModel()
    {
        const std::string dir = runDir("lora");
        const wb::TrainingOutcome o = wb::startTraining(
            dir, config({{"lora", {{"r", 4}, {"alpha", 8}, {"dropout", 0.1}}}, {"max_steps", 4}, {"save_every", 2},
                         {"eval_split", nullptr}}));
        QCOMPARE(int(o.state), int(wb::RunState::Finished));
        QVERIFY(fs::exists(dir + "/adapter/adapter_model.safetensors"));
        QVERIFY(fs::exists(dir + "/adapter/adapter_config.json"));
        QVERIFY(fs::exists(dir + "/checkpoints/step-00000004/adapter_model.safetensors"));
        QVERIFY(!fs::exists(dir + "/checkpoints/step-00000004/model.safetensors"));   // checkpoints hold the adapter only
        QVERIFY(wb::CausalLM::load(dir + "/final")->parameterCount() > 0);
        QVERIFY(metrics(dir, true).empty());
    }

    void pretrainModelFromScratch()
    {
        const std::string dir = runDir("scratch");
        const wb::TrainingOutcome o = wb::startTraining(
            dir, config({{"model", {{"new", {{"family", "gpt2"}, {"preset", "tiny"}, {"num_layers", 1}}},
                                    {"tokenizer", fixtureDir("tiny-chat") + "/tokenizer.json"}}},
                         {"method", "pretrain"},
                         {"dataset", "geo"},
                         {"seq_len", 32},
                         {"batch_size", 4},
                         {"max_steps", 25},
                         {"learning_rate", 1e-2},
                         {"warmup_steps", 2}},
                        textProject_));
        QCOMPARE(int(o.state), int(wb::RunState::Finished));
        const auto train = metrics(dir, false);
        QCOMPARE(train.size(), size_t(25));
        QVERIFY2(train.back().values.at("loss") < 0.6 * train.front().values.at("loss"),
                 qPrintable(QString("%1 -> %2").arg(train.front().values.at("loss")).arg(train.back().values.at("loss"))));
        auto model = wb::CausalLM::load(dir + "/final");
        QCOMPARE(int(model->config().family), int(wb::ModelFamily::Gpt2));
        QCOMPARE(model->config().vocabSize, 512);
        QCOMPARE(model->config().numLayers, 1);
        QVERIFY(fs::exists(dir + "/final/tokenizer.json"));
        QVERIFY(metrics(dir, true).size() == 1);   // the validation split at the end
    }

    void stopThenResumeEqualsStraightRun()
    {
        const wb::TrainConfig c = config({{"epochs", 3}, {"lora", {{"r", 4}, {"dropout", 0.2}}}, {"eval_every", 2}});
        const std::string straight = runDir("straight");
        QCOMPARE(int(wb::startTraining(straight, c).state), int(wb::RunState::Finished));

        const std::string dir = runDir("stopped");
        int steps = 0;
        wb::TrainingHooks hooks;
        hooks.onStep = [&](const wb::StepResult&, int64_t) { ++steps; };
        hooks.stopRequested = [&] { return steps == 3; };
        const wb::TrainingOutcome stopped = wb::startTraining(dir, c, hooks);
        QCOMPARE(int(stopped.state), int(wb::RunState::Stopped));
        QCOMPARE(stopped.step, int64_t(3));
        QCOMPARE(int(wb::readRunStatus(dir)->state), int(wb::RunState::Stopped));
        QVERIFY(fs::exists(dir + "/checkpoints/step-00000003/trainer_state.json"));

        QCOMPARE(int(wb::resumeTraining(dir).state), int(wb::RunState::Finished));
        const auto a = metrics(straight, false), b = metrics(dir, false);
        QCOMPARE(b.size(), a.size());
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(b[i].values.at("loss") == a[i].values.at("loss"));   // bit-exact
        const auto ea = metrics(straight, true), eb = metrics(dir, true);
        QCOMPARE(eb.size(), ea.size());
        for (size_t i = 0; i < ea.size(); ++i) QVERIFY(eb[i].values.at("eval_loss") == ea[i].values.at("eval_loss"));
    }
};

QTEST_GUILESS_MAIN(tst_train_job)
#include "tst_train_job.moc"
