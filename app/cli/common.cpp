#include "cli/common.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace wb::cli {

namespace {
// A signal handler can only reach a static flag; this is the one exception to
// "no globals" in the CLI.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
}
} // namespace

bool interrupted()
{
    return g_interrupted != 0;
}

void installInterruptHandler()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

std::unique_ptr<ProjectStore> openProject(const std::string& path)
{
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st))
        throw Error("project file not found: " + path);
    if (std::filesystem::is_directory(st))
        throw Error("project path is a directory, not a project file: " + path);
    return ProjectStore::open(path);
}

DatasetInfo resolveDataset(ProjectStore& store, const std::string& nameOrId)
{
    if (auto d = store.datasetByName(nameOrId))
        return *d;
    bool numeric = !nameOrId.empty() && nameOrId.find_first_not_of("0123456789") == std::string::npos &&
                   nameOrId.size() < 19;
    if (numeric)
        if (auto d = store.dataset(std::stoll(nameOrId)))
            return *d;
    throw Error("no dataset named '" + nameOrId + "'" + (numeric ? " or with that id" : "") + " in project " +
                store.path());
}

void printJson(const nlohmann::json& j)
{
    std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    std::cout.flush();
}

nlohmann::json datasetJson(const DatasetInfo& d)
{
    return {{"id", d.id},
            {"name", d.name},
            {"kind", std::string(toString(d.kind))},
            {"description", d.description},
            {"records", d.recordCount},
            {"created_at", d.createdAt}};
}

ProgressLine::ProgressLine(std::string label)
    : label_(std::move(label)), tty_(isatty(STDERR_FILENO) == 1), last_(std::chrono::steady_clock::now())
{
}

ProgressLine::~ProgressLine()
{
    finish();
}

void ProgressLine::update(int64_t done, int64_t total, const char* unit)
{
    using namespace std::chrono;
    auto now = steady_clock::now();
    auto interval = tty_ ? milliseconds(100) : milliseconds(1000);
    if (now - last_ < interval)
        return;
    last_ = now;
    std::string what = std::string(unit) == "bytes"
                           ? humanBytes(done) + (total > 0 ? " / " + humanBytes(total) : std::string())
                           : std::to_string(done) + (total > 0 ? " / " + std::to_string(total) : std::string());
    char pct[32] = "";
    if (total > 0)
        std::snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * double(done) / double(total));
    if (tty_)
        std::fprintf(stderr, "\r\033[K%s: %s%s", label_.c_str(), what.c_str(), pct);
    else
        std::fprintf(stderr, "%s: %s%s\n", label_.c_str(), what.c_str(), pct);
    std::fflush(stderr);
    shown_ = true;
}

void ProgressLine::finish()
{
    if (shown_ && tty_) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
    shown_ = false;
}

std::string humanBytes(int64_t bytes)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

} // namespace wb::cli
