#include "core/data/record.h"
#include "ui/common/background_task.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using wb::BackgroundTask;

class tst_background_task : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resultAndProgressOnGuiThread();
    void cancelIsSeenByWorker();
    void exceptionBecomesError();
    void projectPathReachesWork();
    void restartAfterFinish();
};

void tst_background_task::resultAndProgressOnGuiThread()
{
    auto sum = std::make_shared<qint64>(0);
    auto workerThread = std::make_shared<QThread*>(nullptr);
    BackgroundTask task([sum, workerThread](BackgroundTask::Context& ctx) {
        *workerThread = QThread::currentThread();
        for (qint64 i = 1; i <= 1000; ++i) {
            *sum += i;
            ctx.progress(i, 1000, QStringLiteral("adding"));
        }
    });
    QList<QThread*> progressThreads;
    qint64 lastDone = -1;
    connect(&task, &BackgroundTask::progressed, this, [&](qint64 done, qint64 total, const QString& what) {
        progressThreads << QThread::currentThread();
        lastDone = done;
        QCOMPARE(total, 1000);
        QCOMPARE(what, QStringLiteral("adding"));
    });
    QSignalSpy finished(&task, &BackgroundTask::finished);
    task.start();
    QVERIFY(task.isRunning());
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(finished.at(0).at(1).toString().isEmpty());
    QCOMPARE(*sum, 500500);
    QVERIFY(*workerThread != QThread::currentThread());
    QVERIFY(!progressThreads.isEmpty());
    // Throttled: far fewer signals than calls, but the final one always arrives.
    QVERIFY(progressThreads.size() < 1000);
    QCOMPARE(lastDone, 1000);
    for (QThread* t : progressThreads)
        QCOMPARE(t, QThread::currentThread());
    QVERIFY(!task.isRunning());
}

void tst_background_task::cancelIsSeenByWorker()
{
    auto sawCancel = std::make_shared<std::atomic<bool>>(false);
    auto started = std::make_shared<std::atomic<bool>>(false);
    BackgroundTask task([sawCancel, started](BackgroundTask::Context& ctx) {
        started->store(true);
        while (!ctx.cancelled())
            QThread::yieldCurrentThread();
        sawCancel->store(true);
    });
    QSignalSpy finished(&task, &BackgroundTask::finished);
    task.start();
    QTRY_VERIFY(started->load());
    QCOMPARE(finished.count(), 0);
    task.cancel();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(sawCancel->load());
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(!finished.at(0).at(1).toString().isEmpty());
}

void tst_background_task::exceptionBecomesError()
{
    BackgroundTask task([](BackgroundTask::Context&) {
        throw wb::Error("data.jsonl:3:7: expected ':'");
    });
    QSignalSpy finished(&task, &BackgroundTask::finished);
    task.start();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("data.jsonl:3:7: expected ':'"));
}

void tst_background_task::projectPathReachesWork()
{
    auto seen = std::make_shared<std::string>();
    BackgroundTask task([seen](BackgroundTask::Context& ctx) { *seen = ctx.projectPath; },
                        QStringLiteral("/tmp/p.llmwb"));
    QSignalSpy finished(&task, &BackgroundTask::finished);
    task.start();
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(*seen, std::string("/tmp/p.llmwb"));
}

void tst_background_task::restartAfterFinish()
{
    auto runs = std::make_shared<std::atomic<int>>(0);
    BackgroundTask task([runs](BackgroundTask::Context&) { ++*runs; });
    QSignalSpy finished(&task, &BackgroundTask::finished);
    task.start();
    QTRY_COMPARE(finished.count(), 1);
    task.start();
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(runs->load(), 2);
    QVERIFY(finished.at(1).at(0).toBool());
}

QTEST_MAIN(tst_background_task)
#include "tst_background_task.moc"
