// Resource lookup order, the per-user data folder, logging to files and the
// LibTorch thread setting.
#include "core/data/record.h"
#include "core/util/logging.h"
#include "core/util/paths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Sets an environment variable for one scope, restoring the old value.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const QByteArray& value) : name_(name), had_(qEnvironmentVariableIsSet(name)), old_(qgetenv(name))
    {
        value.isNull() ? qunsetenv(name) : qputenv(name, value);
    }
    ~ScopedEnv() { had_ ? qputenv(name_, old_) : qunsetenv(name_); }

private:
    const char* name_;
    bool had_;
    QByteArray old_;
};

} // namespace

class tst_paths : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resourceFromSourceTree()
    {
        ScopedEnv env("LLMWB_RESOURCES", QByteArray());
        const std::string p = wb::resourcePath("tokenizers/gpt2/vocab.bpe");
        QVERIFY(std::filesystem::is_regular_file(p));
        QCOMPARE(std::filesystem::path(p), std::filesystem::path(WB_SOURCE_DIR "/resources/tokenizers/gpt2/vocab.bpe").lexically_normal());
    }

    void resourceEnvOverrideWins()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        std::filesystem::create_directories(dir.filePath("tokenizers/gpt2").toStdString());
        std::ofstream(dir.filePath("tokenizers/gpt2/vocab.bpe").toStdString()) << "#version: 0.2\n";
        ScopedEnv env("LLMWB_RESOURCES", dir.path().toUtf8());
        QCOMPARE(wb::resourceSearchDirs().front(), dir.path().toStdString());
        QCOMPARE(QString::fromStdString(wb::resourcePath("tokenizers/gpt2/vocab.bpe")),
                 dir.filePath("tokenizers/gpt2/vocab.bpe"));
        // Files only present in the source tree are still found there.
        QCOMPARE(QString::fromStdString(wb::resourcePath("tokenizers/gpt2/encoder.json")),
                 QString::fromStdString(std::filesystem::path(WB_SOURCE_DIR "/resources/tokenizers/gpt2/encoder.json")
                                            .lexically_normal()
                                            .string()));
    }

    void searchOrder()
    {
        ScopedEnv env("LLMWB_RESOURCES", "/some/where");
        const auto dirs = wb::resourceSearchDirs();
        QCOMPARE(dirs.size(), size_t(3));
        QCOMPARE(dirs[0], std::string("/some/where"));
        const std::string exeDir = QCoreApplication::applicationDirPath().toStdString();
        QCOMPARE(wb::executableDir(), exeDir);
        QCOMPARE(dirs[1], (std::filesystem::path(exeDir).parent_path() / "share/llm-workbench/resources").string());
        QCOMPARE(dirs[2], std::string(WB_SOURCE_DIR) + "/resources");
    }

    void missingResourceListsPlaces()
    {
        ScopedEnv env("LLMWB_RESOURCES", "/nonexistent-llmwb-resources");
        try {
            wb::resourcePath("no/such/file.txt");
            QFAIL("missing resource found");
        } catch (const wb::Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find("no/such/file.txt") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("/nonexistent-llmwb-resources/no/such/file.txt") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("share/llm-workbench/resources") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find(std::string(WB_SOURCE_DIR) + "/resources") != std::string::npos, msg.c_str());
        }
    }

    void appDataDirFromXdg()
    {
        QTemporaryDir dir;
        ScopedEnv env("XDG_DATA_HOME", dir.path().toUtf8());
        const std::string got = wb::appDataDir();
        QCOMPARE(QString::fromStdString(got), dir.filePath("llm-workbench"));
        QVERIFY(std::filesystem::is_directory(got));
    }

    void appDataDirFromHome()
    {
        QTemporaryDir dir;
        ScopedEnv xdg("XDG_DATA_HOME", QByteArray());
        ScopedEnv home("HOME", dir.path().toUtf8());
        QCOMPARE(QString::fromStdString(wb::appDataDir()), dir.filePath(".local/share/llm-workbench"));
        QVERIFY(QFileInfo(dir.filePath(".local/share/llm-workbench")).isDir());
    }

    void appDataDirCannotBeCreated()
    {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("file").toStdString()) << "x";
        ScopedEnv env("XDG_DATA_HOME", dir.filePath("file").toUtf8());   // a file, not a folder
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::appDataDir());
    }

    void loggingWritesFile()
    {
        QTemporaryDir dir;
        const std::string logDir = dir.filePath("logs").toStdString();
        wb::initLogging(logDir, "workbench");
        spdlog::info("hello from tst_paths {}", 42);
        spdlog::debug("below the file level");
        wb::flushLogs();
        const std::string text = readAll(wb::logFilePath(logDir, "workbench"));
        QVERIFY2(text.find("hello from tst_paths 42") != std::string::npos, text.c_str());
        QVERIFY(text.find("[info]") != std::string::npos);
        QVERIFY(text.find("below the file level") == std::string::npos);
        QCOMPARE(spdlog::default_logger()->name(), std::string("workbench"));
        // Re-initialising (e.g. a second window or test) replaces the default.
        wb::initLogging(logDir, "workbench");
        spdlog::warn("second init");
        wb::flushLogs();
        QVERIFY(readAll(wb::logFilePath(logDir, "workbench")).find("second init") != std::string::npos);
    }

    void jobLoggingWritesRunFolder()
    {
        QTemporaryDir dir;
        const std::string runDir = dir.filePath("run-1").toStdString();
        wb::initJobLogging(runDir);
        spdlog::info("step {} loss {:.3f}", 10, 1.5);
        wb::flushLogs();
        const std::string text = readAll(runDir + "/job.log");
        QVERIFY2(text.find("step 10 loss 1.500") != std::string::npos, text.c_str());
        spdlog::set_default_logger(spdlog::stdout_color_mt("tst_paths_after"));   // release the file
    }

    void loggingErrorNamesPath()
    {
        QTemporaryDir dir;
        std::ofstream(dir.filePath("blocker").toStdString()) << "x";
        try {
            wb::initLogging(dir.filePath("blocker/logs").toStdString(), "x");
            QFAIL("log folder under a file accepted");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find("blocker") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(tst_paths)
#include "tst_paths.moc"
