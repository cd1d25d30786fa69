#pragma once
// One training run's folder, as the job process writes it (the layout is in
// core/jobs/run_folder.h): the configuration, status.json, metrics.jsonl, its
// own log file train.log, and checkpoints written atomically (a temporary
// folder renamed into place) of which the last K are kept.
// Qt-free and LibTorch-free.
#include "core/jobs/run_folder.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb {

enum class LogLevel { Info, Warning, Error };

class Run {
public:
    // Starts a new run in runDir (created if needed). Throws wb::Error naming
    // the folder when it already holds a run (a status.json or config.json):
    // such a run is continued with open() instead.
    static std::unique_ptr<Run> create(const std::string& runDir, const std::string& configJson);
    // Opens an existing run to resume it. Throws wb::Error naming the folder
    // when it has no config.json.
    static std::unique_ptr<Run> open(const std::string& runDir);
    ~Run();
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    const std::string& dir() const { return dir_; }
    std::string configPath() const;
    // The text of config.json.
    std::string readConfig() const;
    // Replaces config.json (atomically), e.g. with the resolved configuration.
    void writeConfig(const std::string& configJson);

    // status.json with this process's pid and the current time.
    void setStatus(RunState state, int64_t step, int64_t totalSteps, const std::string& message = {});
    void appendMetrics(const MetricPoint& point);

    // train.log (appended across resumes), one line per call.
    void log(LogLevel level, const std::string& text);

    // ---- checkpoints: RUN_DIR/checkpoints/step-NNNNNNNN
    // A fresh, empty temporary folder to write the checkpoint of `step` into.
    std::string beginCheckpoint(int64_t step);
    // Renames the temporary folder into place (replacing an older checkpoint
    // of the same step), then deletes the oldest ones beyond keepLast
    // (keepLast <= 0 keeps all). Returns the checkpoint's folder.
    std::string commitCheckpoint(int64_t step, int keepLast);
    // Complete checkpoints, oldest first (temporary folders are not listed).
    std::vector<std::string> checkpoints() const;
    std::optional<std::string> latestCheckpoint() const;
    // "step-00000012"
    static std::string checkpointName(int64_t step);
    // The step of a checkpoint folder name, or -1 when it is not one.
    static int64_t checkpointStep(const std::string& folderName);

    std::string finalModelDir() const;   // RUN_DIR/final

private:
    explicit Run(std::string dir);
    std::string dir_;
    std::unique_ptr<MetricsWriter> metrics_;
    struct Log;
    std::unique_ptr<Log> log_;
};

// A new run folder next to a project: <project folder>/runs/<label>-YYYYMMDD-HHMMSS
// (with -2, -3 ... appended when that exists). The folder is not created.
std::string defaultRunDir(const std::string& projectPath, const std::string& label);

} // namespace wb
