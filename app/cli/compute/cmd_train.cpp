// llmwb train: training runs (continued pretraining, SFT, LoRA) as their own
// process writing a run folder (core/jobs/run_folder.h); the token-mask
// preview. Part of the llmwb_compute module (LibTorch).
#include "cli/command.h"
#include "cli/common.h"
#include "cli/compute/compute_commands.h"

#include "core/data/record.h"
#include "core/jobs/run.h"
#include "core/train/engine/training_job.h"
#include "core/train/train_config.h"
#include "core/train/train_setup.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

namespace wb::cli {
namespace {

using nlohmann::json;

// For the resume test: after step N the process waits (as if busy) until it is
// killed, or stops cleanly on SIGTERM/SIGINT. Not for users.
void haltIfAsked(int64_t step)
{
    const char* env = std::getenv("LLMWB_TRAIN_HALT_AFTER_STEP");
    if (!env || std::atoll(env) != step) return;
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);
    std::fprintf(stderr, "llmwb train: halted after step %lld (LLMWB_TRAIN_HALT_AFTER_STEP)\n",
                 static_cast<long long>(step));
    std::fflush(stderr);
    while (!interrupted()) sigsuspend(&old);   // returns after a handled signal
    sigprocmask(SIG_SETMASK, &old, nullptr);
}

TrainingHooks terminalHooks(bool quiet)
{
    TrainingHooks h;
    h.stopRequested = [] { return interrupted(); };
    h.onLog = [quiet](const std::string& line) {
        if (!quiet) std::fprintf(stderr, "%s\n", line.c_str());
    };
    h.onStep = [](const StepResult& r, int64_t) { haltIfAsked(r.step); };
    return h;
}

int finish(const ParsedArgs& a, const std::string& runDir, const TrainingOutcome& o)
{
    if (a.has("json")) {
        printJson({{"run_dir", runDir},
                   {"state", toString(o.state)},
                   {"step", o.step},
                   {"message", o.message},
                   {"final_model", o.finalModelDir.empty() ? json() : json(o.finalModelDir)}});
    } else {
        if (a.has("quiet")) std::fprintf(stderr, "%s\n", o.message.c_str());   // otherwise the log said it
        if (!o.finalModelDir.empty()) std::printf("%s\n", o.finalModelDir.c_str());
    }
    return o.state == RunState::Failed ? kExitError : kExitOk;
}

void printPreview(const std::vector<PreviewSample>& samples, bool color)
{
    const char* on = color ? "\033[1;32m" : "[[";
    const char* off = color ? "\033[0m" : "]]";
    for (const PreviewSample& s : samples) {
        int64_t trained = 0;
        for (const PreviewToken& t : s.tokens) trained += t.trained ? 1 : 0;
        std::printf("--- record %lld: %zu tokens, %lld trained%s\n", static_cast<long long>(s.recordId), s.tokens.size(),
                    static_cast<long long>(trained), s.truncated ? " (truncated at seq_len)" : "");
        bool inTrained = false;
        for (const PreviewToken& t : s.tokens) {
            if (t.trained != inTrained) {
                std::fputs(t.trained ? on : off, stdout);
                inTrained = t.trained;
            }
            std::fwrite(t.text.data(), 1, t.text.size(), stdout);
        }
        if (inTrained) std::fputs(off, stdout);
        std::fputs("\n", stdout);
    }
}

int runPreview(const ParsedArgs& a, const TrainConfig& config)
{
    const TrainSetup setup = prepareTraining(config);
    const int samples = int(toInt("samples", a.value("samples", "3"), 1, 1000000));
    const std::vector<PreviewSample> preview = previewTraining(setup, samples);
    if (a.has("json")) {
        json out = json::array();
        for (const PreviewSample& s : preview) {
            json tokens = json::array();
            for (const PreviewToken& t : s.tokens) tokens.push_back({{"id", t.id}, {"text", t.text}, {"trained", t.trained}});
            out.push_back({{"record_id", s.recordId}, {"truncated", s.truncated}, {"tokens", tokens}});
        }
        printJson({{"method", toString(config.method)},
                   {"template", setup.chatTemplate ? toString(setup.chatTemplate->kind) : std::string()},
                   {"samples", out}});
    } else {
        for (const std::string& w : setup.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        printPreview(preview, ::isatty(STDOUT_FILENO) != 0);
    }
    return kExitOk;
}

int runCheck(const ParsedArgs& a, const TrainConfig& config)
{
    const TrainSetup s = prepareTraining(config);
    const json j = {{"model_family", std::string(toString(s.model.family))},
                    {"parameters", s.memory.parameters},
                    {"trainable_parameters", s.memory.trainableParameters},
                    {"dataset", s.dataset.name},
                    {"train_records", s.trainRecords},
                    {"eval_records", s.evalRecords},
                    {"template", s.chatTemplate ? toString(s.chatTemplate->kind) : std::string()},
                    {"eos_token_id", s.eosId},
                    {"memory_estimate_bytes", s.memory.totalBytes},
                    {"warnings", s.warnings}};
    if (a.has("json")) {
        printJson(j);
    } else {
        std::printf("ok: %s model, %llu parameters (%llu trainable), %lld train / %lld eval records, about %s\n",
                    std::string(toString(s.model.family)).c_str(), static_cast<unsigned long long>(s.memory.parameters),
                    static_cast<unsigned long long>(s.memory.trainableParameters), static_cast<long long>(s.trainRecords),
                    static_cast<long long>(s.evalRecords), humanBytes(int64_t(s.memory.totalBytes)).c_str());
        for (const std::string& w : s.warnings) std::printf("warning: %s\n", w.c_str());
    }
    return kExitOk;
}

int runTrain(const ParsedArgs& a)
{
    installInterruptHandler();   // this module's flag: SIGTERM checkpoints and stops
    const bool quiet = a.has("quiet");
    if (a.has("resume")) {
        if (a.has("config") || a.has("preview") || a.has("run-dir") || a.has("check"))
            throw UsageError("--resume RUN_DIR takes no --config, --run-dir, --preview or --check");
        const std::string runDir = a.value("resume");
        return finish(a, runDir, resumeTraining(runDir, terminalHooks(quiet)));
    }
    if (!a.has("config")) throw UsageError("give --config run.json (or --resume RUN_DIR)");
    const TrainConfig config = loadTrainConfig(a.value("config"));
    if (a.has("preview")) return runPreview(a, config);
    if (a.has("check")) return runCheck(a, config);
    const std::string label = config.name.empty() ? toString(config.method) : config.name;
    const std::string runDir = a.has("run-dir") ? a.value("run-dir") : defaultRunDir(config.project, label);
    if (!quiet) std::fprintf(stderr, "run folder: %s\n", runDir.c_str());
    return finish(a, runDir, startTraining(runDir, config, terminalHooks(quiet)));
}

} // namespace

CommandGroup trainCommands()
{
    CommandGroup g{"train", "train a model: continued pretraining or SFT, full or LoRA", {}, true};
    g.commands.push_back(
        {"train", "train a model: continued pretraining or SFT, full or LoRA",
         "usage: llmwb train --config run.json [--run-dir DIR] [--json] [--quiet]\n"
         "       llmwb train --resume RUN_DIR [--json] [--quiet]\n"
         "       llmwb train --preview --config run.json [--samples N] [--json]\n"
         "       llmwb train --check --config run.json [--json]\n\n"
         "Runs a training job in this process, writing the run folder: config.json, status.json,\n"
         "metrics.jsonl, train.log, checkpoints/ and final/ (an HF model folder, LoRA merged).\n"
         "SIGTERM or Ctrl-C writes a checkpoint and stops (state \"stopped\"); --resume continues\n"
         "from the latest checkpoint exactly. The run.json schema is in docs/TRAINING.md.\n\n"
         "  --config FILE     the run configuration (relative paths are taken from its folder)\n"
         "  --run-dir DIR     the run folder (default: runs/<name>-<date> next to the project)\n"
         "  --resume DIR      continue the run in DIR\n"
         "  --preview         print the first training examples with the trained tokens marked\n"
         "                    ([[...]], or green on a terminal) instead of training\n"
         "  --samples N       examples to preview (default 3)\n"
         "  --check           validate the configuration and print the memory estimate\n"
         "  --json            print one JSON document (the outcome, preview or check) on stdout\n"
         "  --quiet           no log lines on stderr (train.log still has them)\n\n"
         "Exit codes: 0 finished or stopped, 1 configuration error or failed run, 2 usage.\n",
         {{"config", true},
          {"run-dir", true},
          {"resume", true},
          {"preview", false},
          {"samples", true},
          {"check", false},
          {"json", false},
          {"quiet", false}},
         0,
         0,
         &runTrain});
    return g;
}

} // namespace wb::cli
