// The thread-pool settings the workbench runs LibTorch with
// (core/util/thread_environment.h): a user's own values are kept, and an
// executable that links LibTorch restarts itself so the libraries see them at
// load. ctest runs this test with the variables unset.
#include "core/util/thread_environment.h"

#include <QtTest>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

namespace {

// The environment this process was started with (what libraries loaded at
// start-up read); setenv() does not change it.
std::map<std::string, std::string> initialEnvironment()
{
    std::ifstream in("/proc/self/environ", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::map<std::string, std::string> env;
    size_t start = 0;
    while (start < all.size()) {
        size_t end = all.find('\0', start);
        if (end == std::string::npos) end = all.size();
        const std::string entry = all.substr(start, end - start);
        const size_t eq = entry.find('=');
        if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
        start = end + 1;
    }
    return env;
}

void unsetAll()
{
    for (const char* name : {"GOMP_SPINCOUNT", "OPENBLAS_THREAD_TIMEOUT", "OMP_WAIT_POLICY"}) ::unsetenv(name);
}

} // namespace

class tst_thread_environment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void restartedWithTheSettings()
    {
        const auto env = initialEnvironment();
        QVERIFY(!env.empty());
        // ctest starts it without them, so these are the workbench's values;
        // run by hand with your own, those are kept.
        for (const wb::EnvSetting& s : wb::computeThreadEnvironment()) {
            if (!s.setInstead.empty() && env.count(s.setInstead)) continue;
            QVERIFY2(env.count(s.name), s.name.c_str());
            QCOMPARE(QString::fromStdString(env.at(s.name)), QString::fromUtf8(std::getenv(s.name.c_str())));
        }
    }

    void setsWhatIsMissing()
    {
        unsetAll();
        QCOMPARE(wb::applyComputeThreadEnvironment(), 2);
        QCOMPARE(QString::fromStdString(wb::describeComputeThreadEnvironment()),
                 QString("GOMP_SPINCOUNT=1000 OPENBLAS_THREAD_TIMEOUT=4"));
        QCOMPARE(wb::applyComputeThreadEnvironment(), 0);   // nothing left to set: no second restart
    }

    void keepsTheUsersValues_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("set");
        QTest::addColumn<QString>("described");
        QTest::newRow("own spin count") << "GOMP_SPINCOUNT" << "7" << 1
                                        << "GOMP_SPINCOUNT=7 OPENBLAS_THREAD_TIMEOUT=4";
        QTest::newRow("own OpenBLAS timeout") << "OPENBLAS_THREAD_TIMEOUT" << "28" << 1
                                              << "GOMP_SPINCOUNT=1000 OPENBLAS_THREAD_TIMEOUT=28";
        QTest::newRow("OpenMP wait policy") << "OMP_WAIT_POLICY" << "ACTIVE" << 1
                                            << "OMP_WAIT_POLICY=ACTIVE GOMP_SPINCOUNT=unset OPENBLAS_THREAD_TIMEOUT=4";
    }

    void keepsTheUsersValues()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(int, set);
        QFETCH(QString, described);
        unsetAll();
        ::setenv(name.toUtf8().constData(), value.toUtf8().constData(), 1);
        QCOMPARE(wb::applyComputeThreadEnvironment(), set);
        QCOMPARE(QString::fromStdString(wb::describeComputeThreadEnvironment()), described);
        QCOMPARE(QString::fromUtf8(std::getenv(name.toUtf8().constData())), value);
    }
};

int main(int argc, char** argv)
{
    wb::restartWithComputeThreadEnvironment(argv);
    QCoreApplication app(argc, argv);
    tst_thread_environment test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_thread_environment.moc"
