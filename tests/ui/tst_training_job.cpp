// A real tiny training job driven through the panel and the `llmwb` binary
// (env LLMWB, set by ctest): started detached, it keeps running when the
// panel is gone and is picked up by a new one; Stop (SIGTERM) ends it as
// "stopped" with a checkpoint; Resume runs it to the end. Skips without LLMWB.
#include "core/jobs/run_folder.h"
#include "core/store/project_store.h"
#include "core/train/train_config.h"
#include "ui/training/run_list_model.h"
#include "ui/training/run_watcher.h"
#include "ui/training/training_panel.h"

#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace wb;

namespace {

constexpr int kJobTimeout = 180000;

bool runLlmwb(const QStringList& args, QByteArray* err)
{
    QProcess p;
    p.start(qEnvironmentVariable("LLMWB"), args);
    if (!p.waitForFinished(60000)) return false;
    *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

class tst_training_job : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

private Q_SLOTS:
    void startStopResume()
    {
        if (qEnvironmentVariable("LLMWB").isEmpty()) QSKIP("LLMWB is not set (run through ctest)");
        const QString data = qEnvironmentVariable("WB_TEST_DATA");
        if (data.isEmpty()) QSKIP("WB_TEST_DATA is not set (run through ctest)");

        // The training data in a project written by llmwb itself.
        const QString dataProject = tmp_.path() + "/data.llmwb";
        QFile jsonl(tmp_.path() + "/geo.jsonl");
        QVERIFY(jsonl.open(QIODevice::WriteOnly));
        const char* qa[][2] = {{"What is magma?", "Molten rock."},       {"What is lava?", "Magma at the surface."},
                               {"Name a rock.", "Sandstone."},           {"What causes earthquakes?", "Faults slipping."},
                               {"What is erosion?", "Rock worn away."}, {"What is a glacier?", "A river of ice."},
                               {"What is the crust?", "The outer layer."}, {"What is a fossil?", "Ancient life in rock."}};
        for (const auto& p : qa)
            jsonl.write(QStringLiteral("{\"instruction\": \"%1\", \"output\": \"%2\"}\n").arg(p[0], p[1]).toUtf8());
        jsonl.close();
        QByteArray err;
        QVERIFY2(runLlmwb({"project", "new", dataProject}, &err), err.constData());
        QVERIFY2(runLlmwb({"dataset", "import", dataProject, jsonl.fileName(), "--dataset", "geo"}, &err), err.constData());

        const QString panelProject = tmp_.path() + "/panel.llmwb";
        auto store = ProjectStore::create(panelProject.toStdString());
        const QString dir = tmp_.path() + "/runs/job";
        QVERIFY(QDir().mkpath(dir));
        TrainConfig c;
        c.name = "job";
        c.project = dataProject.toStdString();
        c.dataset = "geo";
        c.evalSplit.clear();
        c.modelPath = (data + "/models/tiny-chat").toStdString();
        c.lora = LoraConfig{4, 8, 0, {}};
        c.seqLen = 64;
        c.batchSize = 2;
        c.epochs = 2;      // 8 records, 4 steps per epoch
        c.threads = 1;
        QFile runJson(dir + "/run.json");
        QVERIFY(runJson.open(QIODevice::WriteOnly));
        runJson.write(QByteArray::fromStdString(toJson(c)));
        runJson.close();

        // The job halts after step 2 until it gets SIGTERM (a test hook of llmwb train).
        qputenv("LLMWB_TRAIN_HALT_AFTER_STEP", "2");
        qint64 pid = 0;
        {
            TrainingPanel panel(*store, panelProject);
            panel.setPollInterval(100);
            QVERIFY2(panel.startRun(dir), qPrintable(panel.lastError()));
            qunsetenv("LLMWB_TRAIN_HALT_AFTER_STEP");
            RunWatcher* run = panel.currentRun();
            QVERIFY(run);
            QTRY_VERIFY_WITH_TIMEOUT(run->status() && run->status()->step == 2, kJobTimeout);
            QCOMPARE(run->state(), RunDisplayState::Running);
            QTRY_COMPARE_WITH_TIMEOUT(int(run->series("loss").size()), 2, 10000);
            pid = run->status()->pid;
        }
        // The panel is gone; the job is not.
        QVERIFY(::kill(pid_t(pid), 0) == 0);
        TrainingPanel panel(*store, panelProject);
        panel.setPollInterval(100);
        QTRY_VERIFY(panel.runModel()->rowOf(dir) >= 0);
        panel.selectRun(dir);
        RunWatcher* run = panel.currentRun();
        QCOMPARE(run->state(), RunDisplayState::Running);
        QVERIFY(panel.stopButton()->isEnabled());
        QVERIFY2(panel.stopCurrent(), qPrintable(panel.lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunDisplayState::Stopped, kJobTimeout);
        QCOMPARE(run->status()->step, int64_t(2));
        QVERIFY(QDir(dir + "/checkpoints/step-00000002").exists());
        QVERIFY(panel.resumeButton()->isEnabled());

        QVERIFY2(panel.resumeCurrent(), qPrintable(panel.lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(run->state(), RunDisplayState::Finished, kJobTimeout);
        QCOMPARE(run->status()->step, int64_t(8));
        QTRY_COMPARE(int(run->series("loss").size()), 8);
        QVERIFY(QFile::exists(dir + "/final/config.json"));
        QTRY_VERIFY(panel.logView()->toPlainText().contains("restored checkpoint"));
    }
};

QTEST_MAIN(tst_training_job)
#include "tst_training_job.moc"
