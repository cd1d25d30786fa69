// `llmwb train` as users run it: a run killed with SIGKILL after a checkpoint
// and resumed with --resume computes exactly the per-step losses (and the
// final weights) of an uninterrupted run; SIGTERM writes a checkpoint and
// exits cleanly as "stopped"; configuration errors exit 1 naming the field
// before any run folder exists; --preview prints the trained tokens.
#include "tst_train_fixtures.h"

#include "core/jobs/run_folder.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace {

struct Result {
    int code = -1;   // -1: crashed or timed out
    QByteArray out, err;
};

// Without the thread-pool variables: llmwb sets them itself.
QProcessEnvironment environmentWithoutThreadSettings()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"GOMP_SPINCOUNT", "OPENBLAS_THREAD_TIMEOUT", "OMP_WAIT_POLICY"}) env.remove(name);
    return env;
}

Result runTrain(const QString& exe, const QStringList& args)
{
    QProcess p;
    p.setProcessEnvironment(environmentWithoutThreadSettings());
    p.start(exe, QStringList{"train"} + args);
    Result r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Starts a run that halts (blocks) after `step`, and waits until it says so.
bool startHalted(QProcess& p, const QString& exe, const QStringList& args, int step, QByteArray& err)
{
    QProcessEnvironment env = environmentWithoutThreadSettings();
    env.insert("LLMWB_TRAIN_HALT_AFTER_STEP", QString::number(step));
    p.setProcessEnvironment(env);
    p.start(exe, QStringList{"train"} + args);
    const QByteArray marker = "halted after step " + QByteArray::number(step);
    QElapsedTimer t;
    t.start();
    while (!err.contains(marker)) {
        if (p.state() == QProcess::NotRunning || t.elapsed() > 120000) return false;
        p.waitForReadyRead(1000);
        err += p.readAllStandardError();
    }
    return true;
}

// The last value of `key` logged for each step (a resumed run logs the steps
// after its checkpoint again).
std::map<int64_t, double> lastPerStep(const std::string& runDir, const char* key, std::map<int64_t, int>* counts = nullptr)
{
    std::map<int64_t, double> out;
    for (const wb::MetricPoint& p : wb::MetricsTail(runDir).poll()) {
        auto it = p.values.find(key);
        if (it == p.values.end()) continue;
        if (counts && out.count(p.step) && out[p.step] != it->second) (*counts)[-1]++;   // a duplicate that differs
        out[p.step] = it->second;
        if (counts) (*counts)[p.step]++;
    }
    return out;
}

QByteArray fileBytes(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_train_resume : public QObject {
    Q_OBJECT

    QString exe_;
    QTemporaryDir tmp_;
    std::string config_;     // LoRA with dropout: model, optimizer, RNG and data order all matter
    std::string straight_;   // the uninterrupted run

    std::string dir(const char* name) const { return tmp_.path().toStdString() + "/" + name; }

    void compareWithStraight(const std::string& runDir)
    {
        std::map<int64_t, int> counts;
        const auto a = lastPerStep(straight_, "loss");
        const auto b = lastPerStep(runDir, "loss", &counts);
        QVERIFY(!counts.count(-1));   // steps logged twice (before the kill and after the resume) agree exactly
        QCOMPARE(b.size(), a.size());
        for (const auto& [step, loss] : a) {
            QVERIFY2(b.count(step), qPrintable(QString("step %1 missing").arg(step)));
            QVERIFY2(b.at(step) == loss,   // bit-exact, not a fuzzy compare
                     qPrintable(QString("step %1: %2 vs %3").arg(step).arg(b.at(step), 0, 'g', 17).arg(loss, 0, 'g', 17)));
        }
        QVERIFY(lastPerStep(runDir, "eval_loss") == lastPerStep(straight_, "eval_loss"));
        QCOMPARE(fileBytes(runDir + "/final/model.safetensors"), fileBytes(straight_ + "/final/model.safetensors"));
        QCOMPARE(int(wb::readRunStatus(runDir)->state), int(wb::RunState::Finished));
    }

private Q_SLOTS:
    void initTestCase()
    {
        exe_ = qEnvironmentVariable("LLMWB");
        if (exe_.isEmpty()) QSKIP("LLMWB is not set (run through ctest)");
        const std::string project = dir("geo.llmwb");
        trainfx::makeProject(project, "geo", wb::DatasetKind::Sft, trainfx::geoSft());
        // 12 records -> 12 rows of one example, 6 steps per epoch, 18 steps; checkpoints every 3.
        config_ = trainfx::writeFile(dir("run.json"),
                                     trainfx::runConfig(project, {{"epochs", 3},
                                                                  {"lora", {{"r", 4}, {"alpha", 8}, {"dropout", 0.2}}},
                                                                  {"eval_every", 4},
                                                                  {"save_every", 3},
                                                                  {"keep_last", 2}}));
        straight_ = dir("straight");
        const Result r = runTrain(exe_, {"--config", QString::fromStdString(config_), "--run-dir",
                                         QString::fromStdString(straight_), "--quiet", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["state"].toString(), QString("finished"));
        QCOMPARE(j["step"].toInt(), 18);
        QCOMPARE(j["final_model"].toString(), QString::fromStdString(straight_ + "/final"));
        // llmwb set the thread-pool settings before LibTorch loaded (core/util/thread_environment.h).
        const QByteArray log = fileBytes(straight_ + "/train.log");
        QVERIFY2(log.contains(" threads, GOMP_SPINCOUNT=1000 OPENBLAS_THREAD_TIMEOUT=4)"), log.constData());
    }

    void killedRunResumesExactly()
    {
        const std::string run = dir("killed");
        QProcess p;
        QByteArray err;
        // Halted after step 7 (the first of the second epoch), the last checkpoint is step 6.
        QVERIFY2(startHalted(p, exe_, {"--config", QString::fromStdString(config_), "--run-dir", QString::fromStdString(run)},
                             7, err),
                 err.constData());
        QVERIFY(fs::exists(run + "/checkpoints/step-00000006/adapter_model.safetensors"));
        p.kill();   // SIGKILL: no handler runs
        p.waitForFinished();
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);
        const auto status = wb::readRunStatus(run);
        QCOMPARE(int(status->state), int(wb::RunState::Running));   // what a killed run leaves behind
        QCOMPARE(lastPerStep(run, "loss").size(), size_t(7));

        const Result r = runTrain(exe_, {"--resume", QString::fromStdString(run), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("restored checkpoint"), r.err.constData());
        QVERIFY2(r.err.contains("at step 6"), r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["state"].toString(), QString("finished"));
        compareWithStraight(run);
    }

    void sigtermWritesCheckpointAndStops()
    {
        const std::string run = dir("terminated");
        QProcess p;
        QByteArray err;
        QVERIFY2(startHalted(p, exe_, {"--config", QString::fromStdString(config_), "--run-dir", QString::fromStdString(run)},
                             5, err),
                 err.constData());
        p.terminate();   // SIGTERM
        QVERIFY(p.waitForFinished(60000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY2(err.contains("stopped at step 5"), err.constData());
        const auto status = wb::readRunStatus(run);
        QCOMPARE(int(status->state), int(wb::RunState::Stopped));
        QCOMPARE(status->step, int64_t(5));
        QVERIFY(fs::exists(run + "/checkpoints/step-00000005/optimizer.safetensors"));

        const Result r = runTrain(exe_, {"--resume", QString::fromStdString(run), "--quiet"});
        QVERIFY2(r.code == 0, r.err.constData());
        compareWithStraight(run);
        // Finished runs are not resumed again.
        const Result again = runTrain(exe_, {"--resume", QString::fromStdString(run), "--quiet"});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already finished"), again.err.constData());
    }

    void configErrorsExitBeforeARunExists()
    {
        const std::string bad = trainfx::writeFile(dir("bad.json"), trainfx::runConfig(dir("geo.llmwb"), {{"seq_len", 4096}}));
        const Result r = runTrain(exe_, {"--config", QString::fromStdString(bad), "--run-dir", QString::fromStdString(dir("never"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("field \"seq_len\": 4096 exceeds the model's max_position_embeddings (512)"), r.err.constData());
        QVERIFY(!fs::exists(dir("never")));

        const std::string typo = trainfx::writeFile(dir("typo.json"), trainfx::runConfig(dir("geo.llmwb"), {{"epoch", 2}}));
        const Result t = runTrain(exe_, {"--config", QString::fromStdString(typo)});
        QCOMPARE(t.code, 1);
        QVERIFY2(t.err.contains("typo.json: field \"epoch\": is not a known field"), t.err.constData());

        // An existing run is resumed, not overwritten.
        const Result again = runTrain(exe_, {"--config", QString::fromStdString(config_), "--run-dir",
                                             QString::fromStdString(straight_)});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already holds a run"), again.err.constData());

        QCOMPARE(runTrain(exe_, {}).code, 2);
        QCOMPARE(runTrain(exe_, {"--resume", "x", "--config", "y"}).code, 2);
        QCOMPARE(runTrain(exe_, {"--resume", QString::fromStdString(dir("nothing-here"))}).code, 1);
    }

    void previewPrintsTrainedTokens()
    {
        const Result r = runTrain(exe_, {"--preview", "--config", QString::fromStdString(config_), "--samples", "2"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.count("--- record "), 2);
        QVERIFY2(r.out.contains("<|im_start|>assistant\n[[Molten rock below the surface.<|im_end|>]]"), r.out.constData());
        QVERIFY2(!r.out.contains("[[<|im_start|>"), r.out.constData());

        const Result j = runTrain(exe_, {"--preview", "--config", QString::fromStdString(config_), "--samples", "1", "--json"});
        QVERIFY2(j.code == 0, j.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(j.out).object();
        QCOMPARE(o["template"].toString(), QString("chatml"));
        const QJsonArray tokens = o["samples"].toArray().at(0).toObject()["tokens"].toArray();
        QVERIFY(tokens.size() > 10);
        QCOMPARE(tokens.first().toObject()["text"].toString(), QString("<|im_start|>"));
        QCOMPARE(tokens.first().toObject()["trained"].toBool(), false);
        QCOMPARE(tokens.last().toObject()["text"].toString(), QString("<|im_end|>"));
        QCOMPARE(tokens.last().toObject()["trained"].toBool(), true);
    }
};

QTEST_GUILESS_MAIN(tst_train_resume)
#include "tst_train_resume.moc"
