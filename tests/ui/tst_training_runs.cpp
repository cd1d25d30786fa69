// The training panel as a reader of run folders: a run written step by step
// (status.json + metrics.jsonl with a partial last line) shows up in the run
// list, its chart series grow, smoothing and the log axis behave, a run whose
// process is gone is shown as killed, and the CSV export holds every point.
#include "core/jobs/run_folder.h"
#include "core/store/project_store.h"
#include "ui/training/metric_chart.h"
#include "ui/training/run_list_model.h"
#include "ui/training/run_watcher.h"
#include "ui/training/training_charts.h"
#include "ui/training/training_panel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QSlider>
#include <QTableView>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include <unistd.h>

using namespace wb;

namespace {

void append(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::Append));
    f.write(bytes);
}

QByteArray trainLine(int step, double loss, double lr, double time)
{
    return QStringLiteral("{\"step\":%1,\"epoch\":0.5,\"loss\":%2,\"lr\":%3,\"grad_norm\":1.5,\"tokens_per_second\":100,"
                          "\"memory_mb\":64,\"time\":%4}\n")
        .arg(step)
        .arg(loss, 0, 'g', 17)
        .arg(lr, 0, 'g', 17)
        .arg(time, 0, 'g', 17)
        .toUtf8();
}

void writeStatus(const QString& dir, RunState state, int64_t pid, int64_t step, int64_t total, const std::string& msg = {})
{
    RunStatus s;
    s.state = state;
    s.pid = pid;
    s.step = step;
    s.totalSteps = total;
    s.message = msg;
    s.updated = 1.0e9;
    writeRunStatus(dir.toStdString(), s);
}

QVector<double> ys(const QLineSeries* s)
{
    QVector<double> out;
    for (const QPointF& p : s->points()) out << p.y();
    return out;
}

} // namespace

class tst_training_runs : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::unique_ptr<ProjectStore> store_;
    QString project_;

    QString newRunDir(const QString& name)
    {
        const QString dir = tmp_.path() + "/runs/" + name;
        QDir().mkpath(dir);
        QFile cfg(dir + "/config.json");
        cfg.open(QIODevice::WriteOnly);
        cfg.write(QStringLiteral("{\"name\": \"%1\"}").arg(name).toUtf8());
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        project_ = tmp_.path() + "/p.llmwb";
        store_ = ProjectStore::create(project_.toStdString());
    }

    void emaMatchesHandComputation_data()
    {
        QTest::addColumn<double>("weight");
        QTest::addColumn<QVector<double>>("in");
        QTest::addColumn<QVector<double>>("expected");
        QTest::newRow("raw") << 0.0 << QVector<double>{4, 2, 3} << QVector<double>{4, 2, 3};
        // s0 = 4; s1 = .5*4 + .5*2 = 3; s2 = .5*3 + .5*3 = 3
        QTest::newRow("half") << 0.5 << QVector<double>{4, 2, 3} << QVector<double>{4, 3, 3};
        // s1 = .9*10 + .1*0 = 9; s2 = .9*9 + .1*20 = 10.1
        QTest::newRow("0.9") << 0.9 << QVector<double>{10, 0, 20} << QVector<double>{10, 9, 10.1};
    }
    void emaMatchesHandComputation()
    {
        QFETCH(double, weight);
        QFETCH(QVector<double>, in);
        QFETCH(QVector<double>, expected);
        QVector<QPointF> points;
        for (int i = 0; i < in.size(); ++i) points << QPointF(i + 1, in[i]);
        const QVector<QPointF> out = MetricChart::ema(points, weight);
        QCOMPARE(out.size(), expected.size());
        for (int i = 0; i < out.size(); ++i) {
            QCOMPARE(out[i].x(), double(i + 1));
            QVERIFY2(qAbs(out[i].y() - expected[i]) < 1e-12, qPrintable(QString::number(out[i].y())));
        }
    }

    void liveRunShowsUpAndGrows()
    {
        const QString dir = newRunDir("live");
        writeStatus(dir, RunState::Running, qint64(::getpid()), 0, 10);
        TrainingPanel panel(*store_, project_);
        panel.setPollInterval(50);
        QAbstractItemModelTester tester(panel.runModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(panel.runModel()->rowCount(), 1);
        const QModelIndex name = panel.runModel()->index(0, RunListModel::Name);
        QCOMPARE(name.data().toString(), QString("live"));
        QCOMPARE(panel.runModel()->index(0, RunListModel::State).data().toString(), QString("running"));
        panel.selectRun(dir);
        QCOMPARE(panel.currentRun()->dir(), QDir(dir).absolutePath());
        QVERIFY(panel.runModel()->setData(name, Qt::Checked, Qt::CheckStateRole));

        MetricChart* loss = panel.charts()->chart("loss");
        panel.charts()->smoothingSlider()->setValue(50);
        RunWatcher* run = panel.currentRun();
        QVERIFY(loss->seriesFor(run));

        append(dir + "/metrics.jsonl", trainLine(1, 4.0, 0.0, 100) + trainLine(2, 2.0, 1e-3, 102));
        writeStatus(dir, RunState::Running, qint64(::getpid()), 2, 10);
        QTRY_COMPARE(loss->seriesFor(run)->count(), 2);
        // A partial last line waits for its newline.
        append(dir + "/metrics.jsonl", QByteArray(trainLine(3, 3.0, 2e-3, 104)).left(20));
        QTest::qWait(300);   // several polls: the half line must not show
        QCOMPARE(loss->seriesFor(run)->count(), 2);
        append(dir + "/metrics.jsonl", QByteArray(trainLine(3, 3.0, 2e-3, 104)).mid(20));
        writeStatus(dir, RunState::Running, qint64(::getpid()), 3, 10);
        QTRY_COMPARE(loss->seriesFor(run)->count(), 3);
        QCOMPARE(ys(loss->seriesFor(run)), (QVector<double>{4, 3, 3}));   // EMA 0.5
        panel.charts()->smoothingSlider()->setValue(0);
        QCOMPARE(ys(loss->seriesFor(run)), (QVector<double>{4, 2, 3}));

        // Eval lines feed their own chart; the list shows the last values.
        append(dir + "/metrics.jsonl", "{\"step\":3,\"epoch\":0.5,\"eval_loss\":2.5,\"eval_perplexity\":12.18,\"time\":105}\n");
        QTRY_COMPARE(panel.charts()->chart("eval_loss")->seriesFor(run)->count(), 1);
        QTRY_COMPARE(panel.runModel()->index(0, RunListModel::EvalLoss).data().toString(), QLocale().toString(2.5, 'f', 4));
        QCOMPARE(panel.runModel()->index(0, RunListModel::Loss).data().toString(), QLocale().toString(3.0, 'f', 4));
        QCOMPARE(panel.runModel()->index(0, RunListModel::Step).data().toString(), QString("3 / 10"));
        QCOMPARE(panel.progressBar()->maximum(), 10);
        QTRY_COMPARE(panel.progressBar()->value(), 3);
        // (105 - 100) s over steps 1..3 (the eval line's time counts): 2.5 s per step, 7 steps left.
        QVERIFY2(panel.progressLabel()->text().contains("ETA 18 s"), qPrintable(panel.progressLabel()->text()));
        QVERIFY(panel.stopButton()->isEnabled());
        QVERIFY(!panel.resumeButton()->isEnabled());

        // Log scale: the learning rate's 0 at step 1 cannot be drawn.
        MetricChart* lr = panel.charts()->chart("lr");
        QCOMPARE(lr->seriesFor(run)->count(), 3);
        panel.charts()->logScaleCheck()->setChecked(true);
        QVERIFY(qobject_cast<QLogValueAxis*>(lr->yAxis()));
        QCOMPARE(lr->seriesFor(run)->count(), 2);
        QCOMPARE(int(lr->seriesFor(run)->attachedAxes().size()), 2);
        panel.charts()->logScaleCheck()->setChecked(false);
        QVERIFY(qobject_cast<QValueAxis*>(lr->yAxis()));
        QCOMPARE(lr->seriesFor(run)->count(), 3);

        // A resumed run logs steps after its checkpoint again: the last line of a step wins.
        append(dir + "/metrics.jsonl", trainLine(2, 2.0, 1e-3, 110) + trainLine(3, 3.0, 2e-3, 112));
        QTest::qWait(200);
        QCOMPARE(loss->seriesFor(run)->count(), 3);

        // The log tail.
        append(dir + "/train.log", "step 1\nstep 2\n");
        QTRY_VERIFY(panel.logView()->toPlainText().contains("step 2"));

        // CSV export: raw values, train and eval lines of a step merged.
        const QString csv = tmp_.path() + "/metrics.csv";
        QString error;
        QVERIFY2(panel.charts()->exportCsv(csv, &error), qPrintable(error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()),
                 QString("run,step,loss,eval_loss,lr,grad_norm,tokens_per_second,memory_mb,epoch,eval_perplexity,time\n"
                         "live,1,4,,0,1.5,100,64,0.5,,100\n"
                         "live,2,2,,0.001,1.5,100,64,0.5,,110\n"
                         "live,3,3,2.5,0.002,1.5,100,64,0.5,12.18,112\n"));
        const QString png = tmp_.path() + "/charts.png";
        QVERIFY2(panel.charts()->exportPng(png, &error), qPrintable(error));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 100);

        // Finished: no ETA, resume not offered.
        writeStatus(dir, RunState::Finished, qint64(::getpid()), 10, 10, "finished");
        QTRY_COMPARE(panel.runModel()->index(0, RunListModel::State).data().toString(), QString("finished"));
        QVERIFY(!panel.stopButton()->isEnabled());
        QVERIFY(!panel.resumeButton()->isEnabled());
    }

    void killedRunIsShownAsKilled()
    {
        // The pid of a process that has exited (and been reaped).
        QProcess p;
        p.start("true");
        QVERIFY(p.waitForStarted());
        const qint64 pid = p.processId();
        QVERIFY(p.waitForFinished());
        const QString dir = newRunDir("killed");
        writeStatus(dir, RunState::Running, pid, 5, 20);
        append(dir + "/metrics.jsonl", trainLine(5, 3.5, 1e-3, 100));

        TrainingPanel panel(*store_, project_);
        panel.setPollInterval(50);
        QAbstractItemModelTester tester(panel.runModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY(panel.runModel()->rowOf(dir) >= 0);
        const int row = panel.runModel()->rowOf(dir);
        QCOMPARE(panel.runModel()->index(row, RunListModel::State).data().toString(), QString("killed"));
        QCOMPARE(panel.runModel()->run(row)->state(), RunDisplayState::Killed);
        panel.selectRun(dir);
        QVERIFY(panel.resumeButton()->isEnabled());
        QVERIFY(!panel.stopButton()->isEnabled());
        QVERIFY(!panel.stopCurrent());
    }

    void runsOutsideTheProjectAreRemembered()
    {
        const QString outside = tmp_.path() + "/elsewhere/run-a";
        QDir().mkpath(outside);
        writeStatus(outside, RunState::Stopped, 0, 3, 9, "stopped at step 3");
        {
            TrainingPanel panel(*store_, project_);
            QVERIFY(!panel.openRun(tmp_.path() + "/elsewhere"));   // not a run folder
            QVERIFY2(panel.lastError().contains("not a run folder"), qPrintable(panel.lastError()));
            QVERIFY(panel.openRun(outside));
            QCOMPARE(panel.currentRun()->state(), RunDisplayState::Stopped);
        }
        TrainingPanel reopened(*store_, project_);
        QVERIFY(reopened.runModel()->rowOf(outside) >= 0);
    }

    void malformedFilesAreReported()
    {
        const QString dir = newRunDir("broken");
        QFile s(dir + "/status.json");
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("{\"state\": \"exploded\"}");
        s.close();
        append(dir + "/metrics.jsonl", "not json\n");
        RunWatcher w(dir);
        const QString errors = w.errors().join('\n');
        QVERIFY2(errors.contains("exploded"), qPrintable(errors));
        QVERIFY2(errors.contains("metrics.jsonl:1"), qPrintable(errors));
        QCOMPARE(w.state(), RunDisplayState::Starting);
    }
};

QTEST_MAIN(tst_training_runs)
#include "tst_training_runs.moc"
