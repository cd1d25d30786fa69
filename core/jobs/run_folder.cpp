#include "core/jobs/run_folder.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wb {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string statusPath(const std::string& runDir)
{
    return (fs::path(runDir) / "status.json").string();
}

std::string metricsPath(const std::string& runDir)
{
    return (fs::path(runDir) / "metrics.jsonl").string();
}

std::string errnoText()
{
    return std::strerror(errno);
}

// Writes all of `text` to fd (write() may write less than asked).
bool writeAll(int fd, const std::string& text)
{
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += size_t(n);
    }
    return true;
}

template <typename T>
T field(const json& j, const char* name, const std::string& file)
{
    if (!j.contains(name)) throw Error(file + ": field \"" + name + "\" is missing");
    try {
        return j.at(name).get<T>();
    } catch (const json::exception&) {
        throw Error(file + ": field \"" + name + "\" has the wrong type");
    }
}

} // namespace

std::string toString(RunState s)
{
    switch (s) {
    case RunState::Queued: return "queued";
    case RunState::Running: return "running";
    case RunState::Finished: return "finished";
    case RunState::Failed: return "failed";
    case RunState::Stopped: return "stopped";
    }
    return "queued";
}

RunState runStateFromString(const std::string& s)
{
    for (RunState r : {RunState::Queued, RunState::Running, RunState::Finished, RunState::Failed, RunState::Stopped})
        if (toString(r) == s) return r;
    throw Error("run state \"" + s + "\" is unknown (queued, running, finished, failed, stopped)");
}

void writeRunStatus(const std::string& runDir, const RunStatus& status)
{
    const json j = {{"state", toString(status.state)}, {"pid", status.pid},
                    {"step", status.step},             {"total_steps", status.totalSteps},
                    {"message", status.message},       {"updated", status.updated}};
    const std::string path = statusPath(runDir);
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(tmp + ": cannot open file for writing");
        // Replace invalid UTF-8 in the message rather than failing to report an error.
        out << j.dump(1, ' ', false, json::error_handler_t::replace) << "\n";
        if (!out.flush()) throw Error(tmp + ": write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw Error(path + ": cannot rename into place: " + errnoText());
}

std::optional<RunStatus> readRunStatus(const std::string& runDir)
{
    const std::string path = statusPath(runDir);
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buf;
    buf << in.rdbuf();
    const json j = json::parse(buf.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(path + ": not a JSON object");
    RunStatus s;
    try {
        s.state = runStateFromString(field<std::string>(j, "state", path));
    } catch (const Error& e) {
        const std::string what = e.what();
        throw Error(what.starts_with(path) ? what : path + ": field \"state\": " + what);
    }
    s.pid = field<int64_t>(j, "pid", path);
    s.step = field<int64_t>(j, "step", path);
    s.totalSteps = field<int64_t>(j, "total_steps", path);
    s.message = j.contains("message") ? field<std::string>(j, "message", path) : std::string();
    s.updated = field<double>(j, "updated", path);
    return s;
}

MetricsWriter::MetricsWriter(const std::string& runDir) : path_(metricsPath(runDir))
{
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(path_ + ": cannot open for appending: " + errnoText());
}

MetricsWriter::~MetricsWriter()
{
    if (fd_ >= 0) ::close(fd_);
}

void MetricsWriter::append(const MetricPoint& point)
{
    json j = json::object();
    j["step"] = point.step;
    // JSON has no NaN or infinity: such values are left out of the line.
    for (const auto& [name, value] : point.values)
        if (std::isfinite(value)) j[name] = value;
    // One write() per line, so concurrent readers see whole lines or nothing of it.
    if (!writeAll(fd_, j.dump() + "\n")) throw Error(path_ + ": write failed: " + errnoText());
}

MetricsTail::MetricsTail(std::string runDir) : path_(metricsPath(runDir)) {}

std::vector<MetricPoint> MetricsTail::poll()
{
    std::vector<MetricPoint> points;
    struct stat st{};
    if (::stat(path_.c_str(), &st) != 0) return points;   // not written yet
    if (uint64_t(st.st_size) < offset_) {
        // The file was replaced by a shorter one: read it again from the start.
        offset_ = 0;
        line_ = 0;
        partial_.clear();
    }
    if (uint64_t(st.st_size) == offset_) return points;
    std::ifstream in(path_, std::ios::binary);
    if (!in) return points;
    in.seekg(std::streamoff(offset_));
    std::string chunk(size_t(uint64_t(st.st_size) - offset_), '\0');
    in.read(chunk.data(), std::streamsize(chunk.size()));
    chunk.resize(size_t(in.gcount()));
    offset_ += chunk.size();
    partial_ += chunk;

    size_t start = 0;
    for (size_t nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', start)) {
        const std::string text = partial_.substr(start, nl - start);
        start = nl + 1;
        ++line_;
        if (text.empty()) continue;
        const std::string where = path_ + ":" + std::to_string(line_) + ": ";
        const json j = json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            errors_.push_back(where + "not a JSON object");
            continue;
        }
        if (!j.contains("step") || !j["step"].is_number_integer()) {
            errors_.push_back(where + "field \"step\" is missing or not an integer");
            continue;
        }
        MetricPoint p;
        p.step = j["step"].get<int64_t>();
        // Numbers only: other values (text notes) are not metrics.
        for (const auto& [key, value] : j.items())
            if (key != "step" && value.is_number()) p.values[key] = value.get<double>();
        points.push_back(std::move(p));
    }
    partial_.erase(0, start);
    return points;
}

} // namespace wb
