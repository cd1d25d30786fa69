#include "core/util/logging.h"

#include "core/data/record.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <system_error>

namespace wb {
namespace {

constexpr size_t kMaxLogBytes = 5 * 1024 * 1024;
constexpr size_t kMaxLogFiles = 3;

void createDir(const std::string& dir)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error("cannot create log folder " + dir + ": " + ec.message());
}

void installDefault(const std::string& name, spdlog::sink_ptr fileSink)
{
    auto errSink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    errSink->set_level(spdlog::level::warn);
    fileSink->set_level(spdlog::level::info);
    auto logger = std::make_shared<spdlog::logger>(name, spdlog::sinks_init_list{fileSink, errSink});
    logger->set_level(spdlog::level::info);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] [%t] %v");
    // Info is low volume here; flushing it keeps the log useful after a crash.
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(std::move(logger));
}

} // namespace

std::string logFilePath(const std::string& logDir, const std::string& name)
{
    return (std::filesystem::path(logDir) / (name + ".log")).string();
}

void initLogging(const std::string& logDir, const std::string& name)
{
    createDir(logDir);
    const std::string path = logFilePath(logDir, name);
    try {
        installDefault(name, std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, kMaxLogBytes, kMaxLogFiles));
    } catch (const spdlog::spdlog_ex& e) {
        throw Error("cannot open log file " + path + ": " + e.what());
    }
}

void initJobLogging(const std::string& runDir)
{
    createDir(runDir);
    const std::string path = logFilePath(runDir, "job");
    try {
        installDefault("job", std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false));
    } catch (const spdlog::spdlog_ex& e) {
        throw Error("cannot open log file " + path + ": " + e.what());
    }
}

void flushLogs()
{
    if (auto logger = spdlog::default_logger()) logger->flush();
}

} // namespace wb
