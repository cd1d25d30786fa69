#include "core/train/engine/training_job.h"

#include "core/data/record.h"
#include "core/jobs/run.h"
#include "core/model/model_export.h"
#include "core/runtime/threads.h"
#include "core/util/thread_environment.h"
#include "core/train/engine/cpu_allocator.h"
#include "core/train/chat_template_file.h"
#include "core/train/train_setup.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace wb {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double nowSeconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double residentMb()
{
    std::ifstream in("/proc/self/statm");
    uint64_t size = 0, resident = 0;
    in >> size >> resident;
    return double(resident) * double(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

std::string hex(uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string fixed(double v, int digits)
{
    std::ostringstream s;
    s.precision(digits);
    s << std::fixed << v;
    return s.str();
}

// State of the loop that is not the model's or the optimizer's; saved with
// every checkpoint as trainer_state.json.
struct LoopState {
    double bestEvalLoss = std::numeric_limits<double>::infinity();
    int64_t bestEvalStep = 0;
    int evalsWithoutImprovement = 0;
    int nanSkipsInARow = 0;
    int64_t tokensSeen = 0;
};

class Job {
public:
    Job(std::unique_ptr<Run> run, TrainSetup setup, const TrainingHooks& hooks)
        : run_(std::move(run)), setup_(std::move(setup)), config_(setup_.config), hooks_(hooks)
    {
    }

    TrainingOutcome run(bool resume)
    {
        try {
            return train(resume);
        } catch (const std::exception& e) {
            const std::string message = e.what();
            log(LogLevel::Error, "failed: " + message);
            run_->setStatus(RunState::Failed, step(), totalSteps_, message);
            throw;
        }
    }

private:
    int64_t step() const { return trainer_ ? trainer_->stepsDone() : 0; }

    void log(LogLevel level, const std::string& text)
    {
        run_->log(level, text);
        if (hooks_.onLog) hooks_.onLog(text);
    }

    TrainingOutcome train(bool resume)
    {
        configureComputeThreads(config_.threads);
        installCachingCpuAllocator();   // a job is its own process: no page faults for the same blocks every step
        log(LogLevel::Info, std::string(resume ? "resuming" : "starting") + " run in " + run_->dir() + " (pid " +
                                std::to_string(::getpid()) + ", " + std::to_string(computeThreads()) + " threads, " +
                                describeComputeThreadEnvironment() + ")");
        for (const std::string& w : setup_.warnings) log(LogLevel::Warning, w);
        run_->setStatus(RunState::Running, 0, 0, "loading data");

        data_ = loadTrainingData(setup_);
        for (const std::string& w : data_.warnings) log(LogLevel::Warning, w);
        stepsPerEpoch_ = stepsPerEpoch(int64_t(data_.train.size()), config_);
        totalSteps_ = totalTrainingSteps(int64_t(data_.train.size()), config_);
        fingerprint_ = rowsFingerprint(data_.train);
        int64_t trainTokens = 0;
        for (const PackedRow& r : data_.train) trainTokens += int64_t(r.ids.size());
        log(LogLevel::Info, std::to_string(setup_.trainRecords) + " training records -> " +
                                std::to_string(data_.train.size()) + " rows, " + std::to_string(trainTokens) +
                                " tokens; " + std::to_string(data_.eval.size()) + " eval rows; " +
                                std::to_string(stepsPerEpoch_) + " steps per epoch, " + std::to_string(totalSteps_) +
                                " steps");

        std::optional<std::string> checkpoint = resume ? run_->latestCheckpoint() : std::nullopt;
        if (resume && !checkpoint) log(LogLevel::Warning, "no checkpoint yet: starting from the beginning");
        run_->setStatus(RunState::Running, 0, totalSteps_, "loading model");
        // A fresh run seeds LibTorch's generator (LoRA dropout); a resumed one restores it.
        TrainableModel::seedGlobalRng(config_.seed);
        loadModel(checkpoint);
        trainer_ = std::make_unique<Trainer>(*model_, config_, totalSteps_);
        if (checkpoint) restore(*checkpoint);
        log(LogLevel::Info, std::string(toString(setup_.model.family)) + " model, " +
                                std::to_string(model_->parameterCount()) + " parameters, " +
                                std::to_string(model_->trainableParameterCount()) + " trainable" +
                                (model_->hasLora() ? " (LoRA r=" + std::to_string(config_.lora->rank) + ")" : "") +
                                ", " + toString(config_.precision) +
                                (config_.gradientCheckpointing ? ", gradient checkpointing" : ""));
        return loop();
    }

    void loadModel(const std::optional<std::string>& checkpoint)
    {
        const bool lora = config_.lora.has_value();
        if (checkpoint && !lora) {
            model_ = TrainableModel::load(*checkpoint);
        } else if (config_.newModel) {
            model_ = TrainableModel::create(setup_.model, config_.seed);
        } else {
            model_ = TrainableModel::load(config_.modelPath);
        }
        if (lora) {
            model_->addLora(*config_.lora, config_.seed);
            if (checkpoint) model_->loadAdapter(*checkpoint);
        }
        model_->setBf16(config_.precision == TrainPrecision::BF16);
        model_->setGradientCheckpointing(config_.gradientCheckpointing);
    }

    void restore(const std::string& dir)
    {
        trainer_->load(dir);
        const std::string path = (fs::path(dir) / "trainer_state.json").string();
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(path + ": cannot open file");
        std::stringstream s;
        s << in.rdbuf();
        const json j = json::parse(s.str(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw Error(path + ": not a JSON object");
        try {
            const int64_t saved = j.at("step").get<int64_t>();
            if (saved != trainer_->stepsDone())
                throw Error(path + ": step " + std::to_string(saved) + " disagrees with optimizer.safetensors (" +
                            std::to_string(trainer_->stepsDone()) + ")");
            const json& data = j.at("data");
            const int64_t rows = data.at("rows").get<int64_t>();
            if (rows != int64_t(data_.train.size()) || data.at("fingerprint").get<std::string>() != hex(fingerprint_))
                throw Error(run_->dir() + ": the training data changed since the run started (" +
                            std::to_string(data_.train.size()) + " rows now, " + std::to_string(rows) +
                            " then): a resumed run must see the same records");
            state_.bestEvalLoss = j.at("best_eval_loss").is_null() ? std::numeric_limits<double>::infinity()
                                                                   : j.at("best_eval_loss").get<double>();
            state_.bestEvalStep = j.at("best_eval_step").get<int64_t>();
            state_.evalsWithoutImprovement = j.at("evals_without_improvement").get<int>();
            state_.nanSkipsInARow = j.at("nan_skips_in_a_row").get<int>();
            state_.tokensSeen = j.at("tokens_seen").get<int64_t>();
        } catch (const json::exception& e) {
            throw Error(path + ": " + e.what());
        }
        log(LogLevel::Info, "restored checkpoint " + dir + " at step " + std::to_string(trainer_->stepsDone()));
    }

    // The micro-batches of optimizer step `s` (0-based): rows
    // [k B A, (k+1) B A) of the epoch's order, k = s mod steps per epoch.
    std::vector<Batch> stepBatches(int64_t s)
    {
        const int64_t epoch = s / stepsPerEpoch_;
        if (epoch != orderEpoch_) {
            order_ = epochOrder(int64_t(data_.train.size()), config_.seed, epoch, config_.shuffle);
            orderEpoch_ = epoch;
        }
        const int64_t perStep = int64_t(config_.batchSize) * config_.gradAccumSteps;
        const int64_t begin = (s % stepsPerEpoch_) * perStep;
        const int64_t end = std::min<int64_t>(begin + perStep, int64_t(order_.size()));
        std::vector<Batch> batches;
        for (int64_t at = begin; at < end; at += config_.batchSize) {
            std::vector<const PackedRow*> rows;
            for (int64_t i = at; i < std::min<int64_t>(at + config_.batchSize, end); ++i)
                rows.push_back(&data_.train[size_t(order_[size_t(i)])]);
            batches.push_back(makeBatch(rows));
        }
        return batches;
    }

    std::vector<Batch> evalBatches() const
    {
        std::vector<Batch> out;
        for (size_t at = 0; at < data_.eval.size(); at += size_t(config_.batchSize)) {
            if (config_.evalMaxBatches > 0 && int64_t(out.size()) >= config_.evalMaxBatches) break;
            std::vector<const PackedRow*> rows;
            for (size_t i = at; i < std::min(at + size_t(config_.batchSize), data_.eval.size()); ++i)
                rows.push_back(&data_.eval[i]);
            out.push_back(makeBatch(rows));
        }
        return out;
    }

    double epochAt(int64_t stepsDone) const { return double(stepsDone) / double(stepsPerEpoch_); }

    // Returns true when early stopping ends the run.
    bool evaluate(int64_t s)
    {
        const double loss = trainer_->evaluate(evalBatches());
        MetricPoint p;
        p.step = s;
        p.values = {{"epoch", epochAt(s)}, {"eval_loss", loss}, {"eval_perplexity", std::exp(loss)}, {"time", nowSeconds()}};
        run_->appendMetrics(p);
        std::string note;
        if (loss < state_.bestEvalLoss - config_.earlyStoppingMinDelta) {
            state_.bestEvalLoss = loss;
            state_.bestEvalStep = s;
            state_.evalsWithoutImprovement = 0;
        } else {
            ++state_.evalsWithoutImprovement;
            note = " (no improvement for " + std::to_string(state_.evalsWithoutImprovement) + " evaluation(s); best " +
                   fixed(state_.bestEvalLoss, 4) + " at step " + std::to_string(state_.bestEvalStep) + ")";
        }
        log(LogLevel::Info, "step " + std::to_string(s) + ": eval loss " + fixed(loss, 4) + ", perplexity " +
                                fixed(std::exp(loss), 2) + note);
        return config_.earlyStoppingPatience > 0 && state_.evalsWithoutImprovement >= config_.earlyStoppingPatience;
    }

    void writeCheckpoint()
    {
        const int64_t s = trainer_->stepsDone();
        const std::string tmp = run_->beginCheckpoint(s);
        if (model_->hasLora()) model_->saveAdapter(tmp, config_.modelPath);
        else model_->saveModel(tmp, setup_.tokenizerDir, setup_.tokenizerFile);
        trainer_->save(tmp);
        const json state = {
            {"step", s},
            {"epoch", epochAt(s)},
            {"total_steps", totalSteps_},
            {"data", {{"rows", int64_t(data_.train.size())},
                      {"fingerprint", hex(fingerprint_)},
                      {"seed", config_.seed},
                      {"epoch", s / stepsPerEpoch_},
                      {"row", (s % stepsPerEpoch_) * int64_t(config_.batchSize) * config_.gradAccumSteps}}},
            {"best_eval_loss", std::isfinite(state_.bestEvalLoss) ? json(state_.bestEvalLoss) : json()},
            {"best_eval_step", state_.bestEvalStep},
            {"evals_without_improvement", state_.evalsWithoutImprovement},
            {"nan_skips_in_a_row", state_.nanSkipsInARow},
            {"tokens_seen", state_.tokensSeen},
        };
        writeTextFileAtomic((fs::path(tmp) / "trainer_state.json").string(), state.dump(2) + "\n");
        const std::string dir = run_->commitCheckpoint(s, config_.keepLast);
        log(LogLevel::Info, "checkpoint " + dir);
    }

    void writeFinalModel()
    {
        const std::string final = run_->finalModelDir();
        const std::string tmp = final + ".tmp";
        std::error_code ec;
        fs::remove_all(tmp, ec);
        model_->saveModel(tmp, setup_.tokenizerDir, setup_.tokenizerFile);   // LoRA merged in
        if (config_.method == TrainMethod::Sft && setup_.chatTemplate) writeChatTemplate(tmp, *setup_.chatTemplate);
        fs::remove_all(final, ec);
        fs::rename(tmp, final, ec);
        if (ec) throw Error(final + ": cannot rename the final model into place: " + ec.message());
        log(LogLevel::Info, "final model " + final);
        if (model_->hasLora()) {
            const std::string adapter = (fs::path(run_->dir()) / "adapter").string();
            model_->saveAdapter(adapter, config_.modelPath);
            log(LogLevel::Info, "LoRA adapter " + adapter);
        }
    }

    TrainingOutcome loop()
    {
        const bool hasEval = !data_.eval.empty();
        std::string endNote;
        bool earlyStopped = false;
        run_->setStatus(RunState::Running, step(), totalSteps_, "training");
        while (trainer_->stepsDone() < totalSteps_) {
            if (hooks_.stopRequested && hooks_.stopRequested()) return stop();
            const int64_t s = trainer_->stepsDone();
            const std::vector<Batch> batches = stepBatches(s);
            const auto start = Clock::now();
            const StepResult r = trainer_->step(batches);
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            state_.tokensSeen += r.tokens;

            MetricPoint p;
            p.step = r.step;
            p.values = {{"epoch", epochAt(r.step)},
                        {"loss", r.loss},
                        {"lr", r.learningRate},
                        {"grad_norm", r.gradNorm},
                        {"tokens_per_second", seconds > 0 ? double(r.tokens) / seconds : 0.0},
                        {"memory_mb", residentMb()},
                        {"time", nowSeconds()}};
            if (r.skipped) p.values["skipped"] = 1;
            run_->appendMetrics(p);

            if (r.skipped && r.trainedTokens == 0) {
                log(LogLevel::Warning, "step " + std::to_string(r.step) + ": " + r.problem + ": step skipped");
            } else if (r.skipped) {
                ++state_.nanSkipsInARow;
                const std::string what = "step " + std::to_string(r.step) + ": " + r.problem;
                if (config_.onNan == NanPolicy::Stop || state_.nanSkipsInARow >= config_.maxNanSkips) {
                    const std::string message =
                        what + ": stopping (" +
                        (config_.onNan == NanPolicy::Stop ? std::string("on_nan = stop")
                                                          : std::to_string(state_.nanSkipsInARow) +
                                                                " steps in a row were skipped, max_nan_skips = " +
                                                                std::to_string(config_.maxNanSkips)) +
                        ")";
                    log(LogLevel::Error, message);
                    run_->setStatus(RunState::Failed, r.step, totalSteps_, message);
                    return {RunState::Failed, r.step, message, {}};
                }
                log(LogLevel::Warning, what + ": step skipped (on_nan = skip)");
                run_->setStatus(RunState::Running, r.step, totalSteps_, what + ": step skipped");
            } else {
                state_.nanSkipsInARow = 0;
                if (r.step % config_.logEvery == 0 || r.step == totalSteps_)
                    log(LogLevel::Info, "step " + std::to_string(r.step) + "/" + std::to_string(totalSteps_) + ": loss " +
                                            fixed(r.loss, 4) + ", lr " + std::to_string(r.learningRate) +
                                            ", grad norm " + fixed(r.gradNorm, 3) + ", " +
                                            fixed(seconds > 0 ? double(r.tokens) / seconds : 0.0, 0) + " tokens/s");
                run_->setStatus(RunState::Running, r.step, totalSteps_, "training");
            }

            if (hasEval && config_.evalEvery > 0 && r.step % config_.evalEvery == 0 && evaluate(r.step)) {
                earlyStopped = true;
                endNote = "early stopping at step " + std::to_string(r.step) + ": eval loss did not improve for " +
                          std::to_string(config_.earlyStoppingPatience) + " evaluations (best " +
                          fixed(state_.bestEvalLoss, 4) + " at step " + std::to_string(state_.bestEvalStep) + ")";
                log(LogLevel::Info, endNote);
            }
            if (config_.saveEvery > 0 && r.step % config_.saveEvery == 0) writeCheckpoint();
            if (hooks_.onStep) hooks_.onStep(r, totalSteps_);
            if (earlyStopped) break;
        }
        const int64_t s = trainer_->stepsDone();
        if (hasEval && !earlyStopped && !(config_.evalEvery > 0 && s % config_.evalEvery == 0)) evaluate(s);
        run_->setStatus(RunState::Running, s, totalSteps_, "writing the final model");
        writeFinalModel();
        if (endNote.empty())
            endNote = "finished after " + std::to_string(s) + " steps" +
                      (std::isfinite(state_.bestEvalLoss) ? ", best eval loss " + fixed(state_.bestEvalLoss, 4) : "");
        run_->setStatus(RunState::Finished, s, totalSteps_, endNote);
        log(LogLevel::Info, endNote);
        return {RunState::Finished, s, endNote, run_->finalModelDir()};
    }

    TrainingOutcome stop()
    {
        const int64_t s = trainer_->stepsDone();
        log(LogLevel::Info, "stop requested at step " + std::to_string(s) + ": writing a checkpoint");
        run_->setStatus(RunState::Running, s, totalSteps_, "stopping: writing a checkpoint");
        if (s > 0) writeCheckpoint();
        const std::string message = "stopped at step " + std::to_string(s) + " (resume with llmwb train --resume " +
                                    run_->dir() + ")";
        run_->setStatus(RunState::Stopped, s, totalSteps_, message);
        log(LogLevel::Info, message);
        return {RunState::Stopped, s, message, {}};
    }

    std::unique_ptr<Run> run_;
    TrainSetup setup_;
    const TrainConfig& config_;
    TrainingHooks hooks_;
    TrainingData data_;
    int64_t stepsPerEpoch_ = 1;
    int64_t totalSteps_ = 0;
    uint64_t fingerprint_ = 0;
    std::vector<int64_t> order_;
    int64_t orderEpoch_ = -1;
    std::unique_ptr<TrainableModel> model_;
    std::unique_ptr<Trainer> trainer_;
    LoopState state_;
};

} // namespace

TrainingOutcome startTraining(const std::string& runDir, const TrainConfig& config, const TrainingHooks& hooks)
{
    TrainSetup setup = prepareTraining(config);   // every configuration error, before the folder exists
    std::unique_ptr<Run> run = Run::create(runDir, toJson(config));
    Job job(std::move(run), std::move(setup), hooks);
    return job.run(false);
}

TrainingOutcome resumeTraining(const std::string& runDir, const TrainingHooks& hooks)
{
    std::unique_ptr<Run> run = Run::open(runDir);
    if (std::optional<RunStatus> status = readRunStatus(runDir)) {
        if (status->state == RunState::Finished) throw Error(runDir + ": the run has already finished");
        if (status->state == RunState::Running && status->pid > 0 && status->pid != int64_t(::getpid()) &&
            ::kill(pid_t(status->pid), 0) == 0)
            throw Error(runDir + ": the run is still running (pid " + std::to_string(status->pid) + ")");
    }
    const TrainConfig config = parseTrainConfig(run->readConfig(), run->configPath(), runDir);
    TrainSetup setup;
    try {
        setup = prepareTraining(config);
    } catch (const Error& e) {
        run->setStatus(RunState::Failed, 0, 0, e.what());
        throw Error(run->configPath() + ": " + e.what());
    }
    Job job(std::move(run), std::move(setup), hooks);
    return job.run(true);
}

} // namespace wb
