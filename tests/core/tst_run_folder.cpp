// The run folder a training job writes and the training panel reads:
// status.json round trip and errors, metrics.jsonl appended and tailed
// incrementally (partial lines wait, malformed lines are reported with their
// number), checkpoints committed atomically and pruned to the last K.
#include "core/data/record.h"
#include "core/jobs/run.h"
#include "core/jobs/run_folder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

void appendRaw(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << text;
}

} // namespace

class tst_run_folder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stateNames()
    {
        for (wb::RunState s : {wb::RunState::Queued, wb::RunState::Running, wb::RunState::Finished, wb::RunState::Failed,
                               wb::RunState::Stopped})
            QCOMPARE(int(wb::runStateFromString(wb::toString(s))), int(s));
        QCOMPARE(wb::toString(wb::RunState::Stopped), std::string("stopped"));
        try {
            wb::runStateFromString("paused");
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("\"paused\""), e.what());
        }
    }

    void statusRoundTrip()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        QVERIFY(!wb::readRunStatus(dir).has_value());
        wb::RunStatus s;
        s.state = wb::RunState::Running;
        s.pid = 4242;
        s.step = 17;
        s.totalSteps = 100;
        s.message = "training \xe4\xb8\xad\xe6\x96\x87";
        s.updated = 1700000000.25;
        wb::writeRunStatus(dir, s);
        QVERIFY(!fs::exists(fs::path(dir) / "status.json.tmp"));
        const auto back = wb::readRunStatus(dir);
        QVERIFY(back.has_value());
        QCOMPARE(int(back->state), int(s.state));
        QCOMPARE(back->pid, s.pid);
        QCOMPARE(back->step, s.step);
        QCOMPARE(back->totalSteps, s.totalSteps);
        QCOMPARE(back->message, s.message);
        QCOMPARE(back->updated, s.updated);
    }

    void malformedStatusNamesField_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << "{oops" << "not a JSON object";
        QTest::newRow("missing step") << R"({"state":"running","pid":1,"total_steps":2,"updated":0})" << "\"step\" is missing";
        QTest::newRow("bad state") << R"({"state":"zzz","pid":1,"step":1,"total_steps":2,"updated":0})" << "\"zzz\"";
        QTest::newRow("wrong type") << R"({"state":"running","pid":"x","step":1,"total_steps":2,"updated":0})"
                                    << "\"pid\" has the wrong type";
    }

    void malformedStatusNamesField()
    {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        appendRaw(dir + "/status.json", json.toStdString());
        try {
            wb::readRunStatus(dir);
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("status.json"), e.what());
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void metricsAppendAndTail()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        wb::MetricsTail tail(dir);
        QVERIFY(tail.poll().empty());   // no file yet
        {
            wb::MetricsWriter w(dir);
            w.append({1, {{"loss", 2.5}, {"lr", 1e-3}}});
            w.append({2, {{"loss", 0.1234567890123456789}, {"nan_value", std::nan("")}}});
        }
        auto points = tail.poll();
        QCOMPARE(points.size(), size_t(2));
        QCOMPARE(points[0].step, int64_t(1));
        QCOMPARE(points[0].values.at("loss"), 2.5);
        QCOMPARE(points[1].values.at("loss"), 0.1234567890123456789);   // exact round trip
        QVERIFY(!points[1].values.count("nan_value"));                   // JSON has no NaN: left out
        QVERIFY(tail.poll().empty());

        // A line written in two parts is returned once it is complete.
        const std::string path = dir + "/metrics.jsonl";
        appendRaw(path, R"({"step": 3, "eval_loss": 1.5, "note": "text is not a metric")");
        QVERIFY(tail.poll().empty());
        appendRaw(path, "}\n{\"step\": 4, \"loss\": 1}\n");
        points = tail.poll();
        QCOMPARE(points.size(), size_t(2));
        QCOMPARE(points[0].step, int64_t(3));
        QCOMPARE(points[0].values.size(), size_t(1));
        QCOMPARE(points[0].values.at("eval_loss"), 1.5);
        QCOMPARE(points[1].step, int64_t(4));
        QVERIFY(tail.errors().empty());

        // A later writer appends (a resumed run).
        wb::MetricsWriter again(dir);
        again.append({5, {{"loss", 0.5}}});
        points = tail.poll();
        QCOMPARE(points.size(), size_t(1));
        QCOMPARE(points[0].step, int64_t(5));
    }

    void malformedMetricLinesAreReported()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        appendRaw(dir + "/metrics.jsonl", "{\"step\": 1, \"loss\": 2}\nnot json\n{\"loss\": 3}\n{\"step\": 4}\n");
        wb::MetricsTail tail(dir);
        const auto points = tail.poll();
        QCOMPARE(points.size(), size_t(2));
        QCOMPARE(points[1].step, int64_t(4));
        QCOMPARE(tail.errors().size(), size_t(2));
        QVERIFY2(QString::fromStdString(tail.errors()[0]).contains("metrics.jsonl:2:"), tail.errors()[0].c_str());
        QVERIFY2(QString::fromStdString(tail.errors()[1]).contains("metrics.jsonl:3:"), tail.errors()[1].c_str());
        QVERIFY2(QString::fromStdString(tail.errors()[1]).contains("\"step\""), tail.errors()[1].c_str());
    }

    void runWritesFolder()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/run";
        auto run = wb::Run::create(dir, "{\"a\": 1}\n");
        QCOMPARE(run->readConfig(), std::string("{\"a\": 1}\n"));
        run->setStatus(wb::RunState::Running, 3, 10, "training");
        run->appendMetrics({3, {{"loss", 1.0}}});
        run->log(wb::LogLevel::Warning, "a warning line");
        const auto status = wb::readRunStatus(dir);
        QVERIFY(status.has_value());
        QCOMPARE(status->pid, int64_t(::getpid()));
        QCOMPARE(status->step, int64_t(3));
        QVERIFY(status->updated > 1.6e9);
        std::ifstream log(dir + "/train.log");
        std::string line;
        std::getline(log, line);
        QVERIFY2(QString::fromStdString(line).contains("a warning line"), line.c_str());
        run.reset();

        // A folder with a run is not started over; it is resumed.
        try {
            wb::Run::create(dir, "{}");
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("already holds a run"), e.what());
        }
        auto reopened = wb::Run::open(dir);
        QCOMPARE(reopened->readConfig(), std::string("{\"a\": 1}\n"));
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::Run::open(tmp.path().toStdString() + "/missing"));
    }

    void checkpointsAreAtomicAndPruned()
    {
        QTemporaryDir tmp;
        auto run = wb::Run::create(tmp.path().toStdString(), "{}");
        QVERIFY(!run->latestCheckpoint().has_value());
        for (int64_t step : {5, 10, 15, 20}) {
            const std::string t = run->beginCheckpoint(step);
            QVERIFY(QString::fromStdString(t).contains(".tmp-step-"));
            QVERIFY(run->checkpoints().size() <= 2);   // the temporary folder is not a checkpoint
            std::ofstream(t + "/file") << step;
            run->commitCheckpoint(step, 2);
        }
        auto all = run->checkpoints();
        QCOMPARE(all.size(), size_t(2));
        QVERIFY(all[0].ends_with("checkpoints/step-00000015"));
        QVERIFY(all[1].ends_with("checkpoints/step-00000020"));
        QCOMPARE(*run->latestCheckpoint(), all[1]);

        // A checkpoint killed half-written leaves only a temporary folder behind.
        const std::string half = run->beginCheckpoint(25);
        std::ofstream(half + "/file") << "partial";
        QCOMPARE(*run->latestCheckpoint(), all[1]);
        // Rewriting it later starts from an empty folder.
        QVERIFY(fs::is_empty(run->beginCheckpoint(25)));

        // Re-committing a step (after a resume) replaces it.
        const std::string again = run->beginCheckpoint(20);
        std::ofstream(again + "/file") << "new";
        run->commitCheckpoint(20, 0);
        std::ifstream in(all[1] + "/file");
        std::string content;
        in >> content;
        QCOMPARE(content, std::string("new"));

        QCOMPARE(wb::Run::checkpointName(12), std::string("step-00000012"));
        QCOMPARE(wb::Run::checkpointStep("step-00000012"), int64_t(12));
        QCOMPARE(wb::Run::checkpointStep(".tmp-step-00000012"), int64_t(-1));
        QCOMPARE(wb::Run::checkpointStep("step-12x"), int64_t(-1));
    }

    void defaultRunDirIsNextToProject()
    {
        QTemporaryDir tmp;
        const std::string project = tmp.path().toStdString() + "/p.llmwb";
        const std::string dir = wb::defaultRunDir(project, "sft");
        QVERIFY2(QString::fromStdString(dir).startsWith(tmp.path() + "/runs/sft-"), dir.c_str());
        fs::create_directories(dir);
        QVERIFY(wb::defaultRunDir(project, "sft") != dir);   // never an existing folder
    }
};

QTEST_GUILESS_MAIN(tst_run_folder)
#include "tst_run_folder.moc"
