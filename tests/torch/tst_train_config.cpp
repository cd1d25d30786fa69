// run.json validation: every bad value is rejected before training starts,
// with the field named (parsing: types, ranges, unknown fields; set-up:
// unknown model or family, missing or empty dataset and splits, seq_len over
// the model's maximum, a batch that cannot fit, LoRA targets, templates).
#include "tst_train_fixtures.h"

#include "core/train/train_config.h"
#include "core/train/train_setup.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

QString parseError(const std::string& json)
{
    try {
        wb::parseTrainConfig(json, "run.json", "/base");
    } catch (const wb::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class tst_train_config : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::string project_;

    QString setupError(const nlohmann::json& extra)
    {
        try {
            wb::prepareTraining(wb::parseTrainConfig(trainfx::runConfig(project_, extra), "run.json", tmp_.path().toStdString()));
        } catch (const wb::Error& e) {
            return e.what();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        project_ = tmp_.path().toStdString() + "/p.llmwb";
        trainfx::makeProject(project_, "geo", wb::DatasetKind::Sft, trainfx::geoSft());
        auto store = wb::ProjectStore::open(project_);
        store->createDataset("empty", wb::DatasetKind::Sft);
        const int64_t notes = store->createDataset("notes", wb::DatasetKind::Text);
        wb::Record r = trainfx::text("Granite is an igneous rock.");
        r.datasetId = notes;
        store->insertRecord(r);   // train split only
    }

    void defaultsAndRoundTrip()
    {
        const wb::TrainConfig c = wb::parseTrainConfig(
            R"({"model": "m", "project": "p.llmwb", "dataset": "geo",
                "lora": {"r": 4, "target_modules": ["q_proj"]}, "eval_split": null})",
            "run.json", "/base");
        QCOMPARE(c.modelPath, std::string("/base/m"));
        QCOMPARE(c.project, std::string("/base/p.llmwb"));
        QVERIFY(c.evalSplit.empty());
        QVERIFY(c.lora.has_value());
        QCOMPARE(c.lora->rank, 4);
        QCOMPARE(c.lora->alpha, 16.0);
        QCOMPARE(int(c.method), int(wb::TrainMethod::Sft));
        QCOMPARE(c.batchSize, 8);
        // config.json of a run holds every field and parses back the same.
        const wb::TrainConfig back = wb::parseTrainConfig(wb::toJson(c), "config.json", "/elsewhere");
        QCOMPARE(wb::toJson(back), wb::toJson(c));

        const wb::TrainConfig fresh = wb::parseTrainConfig(
            R"({"model": {"new": {"family": "gpt2", "preset": "tiny", "num_layers": 3}, "tokenizer": "tok.json"},
                "project": "/p.llmwb", "dataset": "1", "method": "pretrain"})",
            "run.json", "/base");
        QVERIFY(fresh.newModel.has_value());
        QCOMPARE(int(fresh.newModel->family), int(wb::ModelFamily::Gpt2));
        QCOMPARE(fresh.newModel->numLayers, 3);
        QCOMPARE(fresh.tokenizerPath, std::string("/base/tok.json"));
        QCOMPARE(wb::toJson(wb::parseTrainConfig(wb::toJson(fresh), "c", "/")), wb::toJson(fresh));
    }

    void parseErrorsNameTheField_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("field");
        const QString base = R"("model": "m", "project": "p", "dataset": "d")";
        auto with = [&](const QString& extra) { return "{" + base + ", " + extra + "}"; };
        QTest::newRow("unknown field") << with(R"("learnin_rate": 1e-3)") << "field \"learnin_rate\": is not a known field";
        QTest::newRow("negative lr") << with(R"("learning_rate": -1)") << "field \"learning_rate\": must be in (0, 10] (got -1)";
        QTest::newRow("batch as text") << with(R"("batch_size": "8")") << "field \"batch_size\": must be a whole number";
        QTest::newRow("zero batch") << with(R"("batch_size": 0)") << "field \"batch_size\": must be in [1,";
        QTest::newRow("fractional steps") << with(R"("max_steps": 2.5)") << "field \"max_steps\"";
        QTest::newRow("lora rank") << with(R"("lora": {"r": 0})") << "field \"lora.r\"";
        QTest::newRow("lora unknown") << with(R"("lora": {"rank": 8})") << "field \"lora.rank\": is not a known field";
        QTest::newRow("method") << with(R"("method": "rlhf")") << "field \"method\": \"rlhf\" is not one of sft, pretrain";
        QTest::newRow("scheduler") << with(R"("lr_scheduler": "step")") << "field \"lr_scheduler\"";
        QTest::newRow("precision") << with(R"("precision": "fp16")") << "field \"precision\"";
        QTest::newRow("split") << with(R"("eval_split": "dev")") << "field \"eval_split\"";
        QTest::newRow("status") << with(R"("exclude_status": ["bad"])") << "field \"exclude_status\"";
        QTest::newRow("beta") << with(R"("adam_beta2": 1.5)") << "field \"adam_beta2\"";
        QTest::newRow("patience without eval") << with(R"("eval_split": null, "early_stopping_patience": 2)")
                                               << "field \"early_stopping_patience\"";
        QTest::newRow("no model") << R"({"project": "p", "dataset": "d"})" << "field \"model\": is missing";
        QTest::newRow("no project") << R"({"model": "m", "dataset": "d"})" << "field \"project\": is missing";
        QTest::newRow("no dataset") << R"({"model": "m", "project": "p"})" << "field \"dataset\": is missing";
        QTest::newRow("bert") << R"({"model": {"new": {"family": "bert"}, "tokenizer": "t"}, "project": "p", "dataset": "d"})"
                              << "field \"model.new.family\"";
        QTest::newRow("unknown family") << R"({"model": {"new": {"family": "t5"}, "tokenizer": "t"}, "project": "p", "dataset": "d"})"
                                        << "field \"model.new.family\"";
        QTest::newRow("new without tokenizer") << R"({"model": {"new": {}}, "project": "p", "dataset": "d"})"
                                               << "field \"model.tokenizer\": is missing";
        QTest::newRow("not json") << "{" << "not valid JSON";
    }

    void parseErrorsNameTheField()
    {
        QFETCH(QString, json);
        QFETCH(QString, field);
        const QString err = parseError(json.toStdString());
        QVERIFY2(err.startsWith("run.json: "), qPrintable(err));
        QVERIFY2(err.contains(field), qPrintable(err));
    }

    void setupErrorsNameTheField_data()
    {
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("detail");
        QTest::newRow("ok") << "{}" << "" << "";
        QTest::newRow("model folder missing") << R"({"model": "no-such-model"})" << "model" << "model folder not found";
        QTest::newRow("unknown family") << R"({"model": "t5-model"})" << "model" << "model_type";
        QTest::newRow("no tokenizer") << R"({"model": "TINY_LLAMA"})" << "model" << "no tokenizer";
        QTest::newRow("dataset missing") << R"({"dataset": "nope"})" << "dataset" << "(datasets: geo, empty, notes)";
        QTest::newRow("dataset empty") << R"({"dataset": "empty"})" << "dataset" << "is empty";
        QTest::newRow("text for sft") << R"({"dataset": "notes"})" << "dataset" << "use method \"pretrain\"";
        QTest::newRow("eval split empty") << R"({"dataset": "notes", "method": "pretrain"})" << "eval_split"
                                          << "no records in split \"validation\"";
        QTest::newRow("train split empty") << R"({"train_split": "test", "eval_split": null})" << "train_split"
                                           << "no records in split \"test\"";
        QTest::newRow("rejected left out") << R"({"exclude_status": ["unreviewed"]})" << "train_split"
                                           << "leaving out unreviewed";
        QTest::newRow("project missing") << R"({"project": "missing.llmwb"})" << "project" << "not found";
        QTest::newRow("seq_len too long") << R"({"seq_len": 1024})" << "seq_len" << "max_position_embeddings (512)";
        QTest::newRow("batch cannot fit") << R"({"batch_size": 100000, "seq_len": 512})" << "batch_size" << "is available";
        QTest::newRow("memory limit") << R"({"memory_limit_mb": 1})" << "batch_size" << "memory_limit_mb";
        QTest::newRow("lora target") << R"({"lora": {"target_modules": ["c_fc"]}})" << "lora.target_modules"
                                     << "matches no module of a llama model";
        QTest::newRow("template") << R"({"template": "mistral"})" << "template" << "\"mistral\" is unknown";
        QTest::newRow("eos token") << R"({"eos_token": "<eos>"})" << "eos_token" << "not a token";
        QTest::newRow("no template") << R"({"model": {"new": {"family": "llama"}, "tokenizer": "bare/tokenizer.json"}})"
                                     << "template" << "no chat template we know";
        QTest::newRow("bad preset") << R"({"model": {"new": {"preset": "huge"}, "tokenizer": "bare/tokenizer.json"}})"
                                    << "model.new.preset" << "unknown model preset";
        QTest::newRow("tokenizer missing") << R"({"model": {"new": {}, "tokenizer": "none.json"}})" << "model.tokenizer"
                                           << "not found";
    }

    void setupErrorsNameTheField()
    {
        QFETCH(QString, extra);
        QFETCH(QString, field);
        QFETCH(QString, detail);
        const std::string dir = tmp_.path().toStdString();
        fs::create_directories(dir + "/t5-model");
        trainfx::writeFile(dir + "/t5-model/config.json", R"({"model_type": "t5", "vocab_size": 10})");
        fs::create_directories(dir + "/bare");
        fs::copy_file(fixtureDir("tiny-chat") + "/tokenizer.json", dir + "/bare/tokenizer.json",
                      fs::copy_options::skip_existing);
        const std::string json = extra.toStdString();
        const QString err = setupError(nlohmann::json::parse(
            QString::fromStdString(json).replace("TINY_LLAMA", QString::fromStdString(fixtureDir("tiny-llama"))).toStdString()));
        if (field.isEmpty()) {
            QVERIFY2(err.isEmpty(), qPrintable(err));
            return;
        }
        QVERIFY2(err.startsWith("field \"" + field + "\": "), qPrintable(err));
        QVERIFY2(err.contains(detail), qPrintable(err));
    }

    void newModelTakesTheTokenizersVocabulary()
    {
        const std::string tok = fixtureDir("tiny-chat") + "/tokenizer.json";
        const wb::TrainSetup s = wb::prepareTraining(wb::parseTrainConfig(
            trainfx::runConfig(project_, {{"model", {{"new", {{"family", "llama"}, {"preset", "tiny"}, {"num_layers", 1}}},
                                                     {"tokenizer", tok}}},
                                          {"template", "chatml"}}),
            "run.json", "/"));
        QCOMPARE(s.model.vocabSize, 512);
        QCOMPARE(s.model.numLayers, 1);
        QCOMPARE(s.model.eosTokenIds, std::vector<int>{509});   // <|endoftext|>
        QCOMPARE(s.eosId, 509);
        QVERIFY(s.chatTemplate.has_value());
        QCOMPARE(s.trainRecords, int64_t(12));
        QCOMPARE(s.evalRecords, int64_t(4));
        QVERIFY(s.memory.totalBytes > s.memory.weightBytes);
        QCOMPARE(s.memory.trainableParameters, s.memory.parameters);
    }

    void loraEstimateCountsAdapterOnly()
    {
        wb::TrainConfig c;
        c.lora = wb::LoraConfig{};
        c.lora->rank = 8;
        const wb::ModelConfig m = wb::loadConfig(fixtureDir("tiny-chat") + "/config.json");
        const wb::MemoryEstimate e = wb::estimateTrainingMemory(m, c);
        // q_proj (64 -> 64) and v_proj (64 -> 32) in 2 layers: 8 * (128 + 96) * 2.
        QCOMPARE(e.trainableParameters, uint64_t(8 * (128 + 96) * 2));
        wb::TrainConfig full;
        QVERIFY(wb::estimateTrainingMemory(m, full).totalBytes > e.totalBytes);
        full.gradientCheckpointing = true;
        full.batchSize = 64;
        wb::TrainConfig noCkpt = full;
        noCkpt.gradientCheckpointing = false;
        QVERIFY(wb::estimateTrainingMemory(m, full).activationBytes < wb::estimateTrainingMemory(m, noCkpt).activationBytes);
    }

    void exampleConfigsParse()
    {
        const QDir dir(qEnvironmentVariable("WB_TEST_DATA") + "/train");
        const QStringList files = dir.entryList({"*.json"});
        QVERIFY(files.size() >= 2);
        for (const QString& f : files) {
            const wb::TrainConfig c = wb::loadTrainConfig(dir.filePath(f).toStdString());
            QVERIFY(!c.dataset.empty());
        }
    }
};

QTEST_GUILESS_MAIN(tst_train_config)
#include "tst_train_config.moc"
