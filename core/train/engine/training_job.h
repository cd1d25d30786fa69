#pragma once
// A whole training run in a run folder (core/jobs/run.h): set-up and
// validation, the step loop with evaluation, early stopping, NaN policy and
// checkpoints, stop on request, and the final model. Resuming restores model,
// optimizer, schedule position, LibTorch's RNG and the data position from the
// latest checkpoint, so on the CPU with the same thread count a resumed run
// computes exactly the losses the uninterrupted run would have.
// LibTorch-free header.
#include "core/jobs/run_folder.h"
#include "core/train/engine/trainer.h"
#include "core/train/train_config.h"

#include <cstdint>
#include <functional>
#include <string>

namespace wb {

struct TrainingHooks {
    // Polled between steps: true writes a checkpoint and ends the run as "stopped".
    std::function<bool()> stopRequested;
    // After every step (and its evaluation and checkpoint, if any).
    std::function<void(const StepResult& step, int64_t totalSteps)> onStep;
    // Each line the run logs (also in train.log), for a terminal.
    std::function<void(const std::string& line)> onLog;
};

struct TrainingOutcome {
    RunState state = RunState::Finished;   // Finished, Stopped or Failed
    int64_t step = 0;
    std::string message;
    std::string finalModelDir;             // RUN_DIR/final when finished
};

// Starts a new run in runDir (which must not hold one) with a configuration
// that prepareTraining() accepts. Configuration errors throw wb::Error before
// the folder is created; errors during training end the run as Failed (also
// in status.json) and are rethrown.
TrainingOutcome startTraining(const std::string& runDir, const TrainConfig& config, const TrainingHooks& hooks = {});
// Continues the run in runDir from its latest checkpoint (from the start when
// it has none). Throws wb::Error when the run finished, is still running, or
// its data changed.
TrainingOutcome resumeTraining(const std::string& runDir, const TrainingHooks& hooks = {});

} // namespace wb
