#include "core/jobs/run.h"

#include "core/data/record.h"
#include "core/model/model_export.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace wb {
namespace {

namespace fs = std::filesystem;

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void makeDirs(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir.string() + ": cannot create folder: " + ec.message());
}

void removeAll(const fs::path& dir)
{
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (ec) throw Error(dir.string() + ": cannot remove: " + ec.message());
}

} // namespace

struct Run::Log {
    std::shared_ptr<spdlog::logger> logger;
};

Run::Run(std::string dir) : dir_(std::move(dir))
{
    metrics_ = std::make_unique<MetricsWriter>(dir_);
    const std::string path = (fs::path(dir_) / "train.log").string();
    log_ = std::make_unique<Log>();
    try {
        auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false);
        file->set_level(spdlog::level::info);
        // Not registered with spdlog: this run's logger belongs to this object only.
        log_->logger = std::make_shared<spdlog::logger>("train", file);
        log_->logger->set_level(spdlog::level::info);
        log_->logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%l] %v");
        log_->logger->flush_on(spdlog::level::info);   // the log must survive a kill
    } catch (const spdlog::spdlog_ex& e) {
        throw Error(path + ": cannot open log file: " + e.what());
    }
}

Run::~Run()
{
    if (log_ && log_->logger) log_->logger->flush();
}

std::unique_ptr<Run> Run::create(const std::string& runDir, const std::string& configJson)
{
    const fs::path dir(runDir);
    if (fs::exists(dir / "status.json") || fs::exists(dir / "config.json"))
        throw Error(runDir + ": already holds a run (resume it with --resume, or choose another folder)");
    makeDirs(dir);
    std::unique_ptr<Run> run(new Run(runDir));
    run->writeConfig(configJson);
    return run;
}

std::unique_ptr<Run> Run::open(const std::string& runDir)
{
    if (!fs::is_directory(runDir)) throw Error(runDir + ": run folder not found");
    if (!fs::exists(fs::path(runDir) / "config.json")) throw Error(runDir + ": not a run folder (no config.json)");
    return std::unique_ptr<Run>(new Run(runDir));
}

std::string Run::configPath() const
{
    return (fs::path(dir_) / "config.json").string();
}

std::string Run::readConfig() const
{
    std::ifstream in(configPath(), std::ios::binary);
    if (!in) throw Error(configPath() + ": cannot open file");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void Run::writeConfig(const std::string& configJson)
{
    writeTextFileAtomic(configPath(), configJson);
}

void Run::setStatus(RunState state, int64_t step, int64_t totalSteps, const std::string& message)
{
    RunStatus s;
    s.state = state;
    s.pid = int64_t(::getpid());
    s.step = step;
    s.totalSteps = totalSteps;
    s.message = message;
    s.updated = nowSeconds();
    writeRunStatus(dir_, s);
}

void Run::appendMetrics(const MetricPoint& point)
{
    metrics_->append(point);
}

void Run::log(LogLevel level, const std::string& text)
{
    switch (level) {
    case LogLevel::Info: log_->logger->info(text); break;
    case LogLevel::Warning: log_->logger->warn(text); break;
    case LogLevel::Error: log_->logger->error(text); break;
    }
}

std::string Run::checkpointName(int64_t step)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%08lld", static_cast<long long>(step));
    return buf;
}

int64_t Run::checkpointStep(const std::string& folderName)
{
    if (!folderName.starts_with("step-") || folderName.size() <= 5) return -1;
    int64_t step = 0;
    for (size_t i = 5; i < folderName.size(); ++i) {
        const char c = folderName[i];
        if (c < '0' || c > '9' || step > (INT64_MAX - 9) / 10) return -1;
        step = step * 10 + (c - '0');
    }
    return step;
}

std::string Run::beginCheckpoint(int64_t step)
{
    const fs::path tmp = fs::path(dir_) / "checkpoints" / (".tmp-" + checkpointName(step));
    removeAll(tmp);   // left over from a run killed while writing it
    makeDirs(tmp);
    return tmp.string();
}

std::string Run::commitCheckpoint(int64_t step, int keepLast)
{
    const fs::path root = fs::path(dir_) / "checkpoints";
    const fs::path tmp = root / (".tmp-" + checkpointName(step));
    const fs::path final = root / checkpointName(step);
    if (fs::exists(final)) {
        // A checkpoint of this step from before a resume: move it aside first,
        // so there is always one complete checkpoint of the step on disk.
        const fs::path old = root / (".old-" + checkpointName(step));
        removeAll(old);
        fs::rename(final, old);
        fs::rename(tmp, final);
        removeAll(old);
    } else {
        std::error_code ec;
        fs::rename(tmp, final, ec);
        if (ec) throw Error(final.string() + ": cannot rename the checkpoint into place: " + ec.message());
    }
    if (keepLast > 0) {
        std::vector<std::string> all = checkpoints();
        for (size_t i = 0; i + size_t(keepLast) < all.size(); ++i) removeAll(all[i]);
    }
    return final.string();
}

std::vector<std::string> Run::checkpoints() const
{
    std::vector<std::pair<int64_t, std::string>> found;
    const fs::path root = fs::path(dir_) / "checkpoints";
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return {};
    for (const auto& e : fs::directory_iterator(root, ec)) {
        const int64_t step = checkpointStep(e.path().filename().string());
        if (step >= 0 && e.is_directory()) found.emplace_back(step, e.path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

std::optional<std::string> Run::latestCheckpoint() const
{
    std::vector<std::string> all = checkpoints();
    if (all.empty()) return std::nullopt;
    return all.back();
}

std::string Run::finalModelDir() const
{
    return (fs::path(dir_) / "final").string();
}

std::string defaultRunDir(const std::string& projectPath, const std::string& label)
{
    const fs::path projectDir = fs::absolute(projectPath).parent_path();
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const fs::path base = projectDir / "runs" / (label + "-" + stamp);
    fs::path dir = base;
    for (int n = 2; fs::exists(dir); ++n) dir = base.string() + "-" + std::to_string(n);
    return dir.string();
}

} // namespace wb
