// LibTorch starts with one intra-op thread; the workbench sets it to the
// machine's cores (or an explicit count).
#include "core/runtime/threads.h"

#include <QtTest>
#include <thread>

class tst_threads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void followsTheMachinesCores()
    {
        const int hw = int(std::thread::hardware_concurrency());
        wb::configureComputeThreads();
        QCOMPARE(wb::computeThreads(), hw > 0 ? hw : 1);
        wb::configureComputeThreads(1);
        QCOMPARE(wb::computeThreads(), 1);
        wb::configureComputeThreads(-3);
        QCOMPARE(wb::computeThreads(), hw > 0 ? hw : 1);
    }
};

QTEST_GUILESS_MAIN(tst_threads)
#include "tst_threads.moc"
