#pragma once
// A training run's folder: what `llmwb train` writes and the GUI watches.
// Qt-free and LibTorch-free, so the training panel can read runs without
// loading LibTorch.
//
//   RUN_DIR/config.json        the run configuration (as given, then resolved)
//   RUN_DIR/status.json        {"state", "pid", "step", "total_steps", "message", "updated"} (rewritten atomically)
//   RUN_DIR/metrics.jsonl      append-only, one JSON object per line:
//                              train: {"step", "epoch", "loss", "lr", "grad_norm", "tokens_per_second",
//                                      "memory_mb", "time"}
//                              eval:  {"step", "epoch", "eval_loss", "eval_perplexity", "time"}
//                              (more keys may appear: rewards, kl ... for RLHF)
//   RUN_DIR/train.log          the job's own log (spdlog)
//   RUN_DIR/checkpoints/step-NNNNNNNN/   model, optimizer, scheduler, RNG, data position
//   RUN_DIR/final/             an HF model folder (merged when LoRA was used) when the run finished
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb {

enum class RunState { Queued, Running, Finished, Failed, Stopped };
std::string toString(RunState s);          // "queued" "running" "finished" "failed" "stopped"
RunState runStateFromString(const std::string& s);   // throws wb::Error naming the value

struct RunStatus {
    RunState state = RunState::Queued;
    int64_t pid = 0;
    int64_t step = 0;
    int64_t totalSteps = 0;
    std::string message;     // the error for Failed, else a short note
    double updated = 0;      // seconds since the epoch
};

// One metrics.jsonl line: step plus every numeric field by name.
struct MetricPoint {
    int64_t step = 0;
    std::map<std::string, double> values;   // "loss", "lr", "eval_loss", ...
};

// Writes status.json atomically (tmp + rename). Throws wb::Error naming the file.
void writeRunStatus(const std::string& runDir, const RunStatus& status);
// Reads status.json; nullopt when it does not exist yet. Throws wb::Error
// naming the file and field when it is malformed.
std::optional<RunStatus> readRunStatus(const std::string& runDir);

// Appends one line to metrics.jsonl and flushes it (a reader never sees half a line
// unless the writer is killed mid-write; readers skip a trailing partial line).
class MetricsWriter {
public:
    explicit MetricsWriter(const std::string& runDir);   // throws wb::Error naming the file
    ~MetricsWriter();
    void append(const MetricPoint& point);
private:
    std::string path_;
    int fd_ = -1;
};

// Reads metrics.jsonl incrementally: each poll() returns the complete lines
// added since the last call (a partial last line waits for its newline).
// Malformed lines are reported in errors() with their line number, not skipped silently.
class MetricsTail {
public:
    explicit MetricsTail(std::string runDir);
    std::vector<MetricPoint> poll();
    const std::vector<std::string>& errors() const { return errors_; }
private:
    std::string path_;
    uint64_t offset_ = 0;
    int64_t line_ = 0;
    std::string partial_;
    std::vector<std::string> errors_;
};

} // namespace wb
