// The decode thread pool (core/nn/worker_pool.h): every unit of a job runs
// exactly once whatever the thread count, errors reach the caller, and a pool
// destroyed before its workers were ever scheduled still shuts down (the hang
// that failed `llmwb generate` on a many-core CI machine).
#include "core/nn/worker_pool.h"

#include <QtTest>

#include <atomic>
#include <stdexcept>
#include <vector>

using namespace wb;

class tst_worker_pool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyUnitRunsOnce_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("units");
        QTest::addColumn<int>("minClaim");
        QTest::newRow("one thread") << 1 << 1000 << 1;
        QTest::newRow("two threads") << 2 << 1000 << 1;
        QTest::newRow("eight threads, big pieces") << 8 << 4097 << 64;
        QTest::newRow("more threads than units") << 16 << 5 << 1;
        QTest::newRow("job smaller than a piece") << 4 << 3 << 8;
    }
    void everyUnitRunsOnce()
    {
        QFETCH(int, threads);
        QFETCH(int, units);
        QFETCH(int, minClaim);
        WorkerPool pool(threads);
        QCOMPARE(pool.threads(), threads);
        for (int job = 0; job < 50; ++job) {
            std::vector<std::atomic<int>> hits(static_cast<size_t>(units));
            pool.run(units, minClaim, [&](int64_t b, int64_t e) {
                for (int64_t i = b; i < e; ++i) hits[size_t(i)].fetch_add(1);
            });
            for (int i = 0; i < units; ++i) QCOMPARE(int(hits[size_t(i)].load()), 1);
        }
    }

    void anExceptionReachesTheCaller()
    {
        WorkerPool pool(4);
        bool thrown = false;
        try {
            pool.run(1000, 1, [](int64_t b, int64_t e) {
                if (b <= 500 && 500 < e) throw std::runtime_error("unit 500");
            });
        } catch (const std::runtime_error& e) {
            thrown = QByteArray(e.what()) == "unit 500";
        }
        QVERIFY(thrown);
        // The pool still works after a failed job.
        std::atomic<int64_t> sum{0};
        pool.run(100, 1, [&](int64_t b, int64_t e) { sum += e - b; });
        QCOMPARE(sum.load(), int64_t(100));
    }

    // Before the fix a worker read the job counter when it first ran; one that
    // ran after the destructor had bumped it waited for a wake-up that had
    // already happened, and the destructor's join never returned.
    void shutsDownWhenDestroyedAtOnce()
    {
        for (int i = 0; i < 300; ++i) {
            WorkerPool pool(8);
        }
        for (int i = 0; i < 100; ++i) {
            WorkerPool pool(8);
            std::atomic<int64_t> sum{0};
            pool.run(64, 1, [&](int64_t b, int64_t e) { sum += e - b; });
            QCOMPARE(sum.load(), int64_t(64));
        }
    }
};

QTEST_GUILESS_MAIN(tst_worker_pool)
#include "tst_worker_pool.moc"
