#pragma once
// One optimizer step at a time: forward and backward over the micro-batches
// of a step (gradient accumulation), NaN/inf detection, gradient clipping,
// AdamW (PyTorch's update rule, decoupled weight decay on matrices and
// embeddings only) and the learning-rate schedule. The trainable tensors
// live in one flat buffer per group, so the optimizer, the gradient norm and
// zeroing are a few large operations instead of one per tensor.
// LibTorch-free header.
#include "core/train/engine/trainable_model.h"
#include "core/train/train_config.h"
#include "core/train/training_data.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wb {

struct StepResult {
    int64_t step = 0;              // steps done, this one included
    double loss = 0;               // mean over the step's labelled tokens (NaN/inf when it was)
    double learningRate = 0;
    double gradNorm = 0;           // before clipping
    int64_t tokens = 0;            // tokens in the step's rows (padding left out)
    int64_t trainedTokens = 0;     // tokens with a loss
    double forwardSeconds = 0;     // where the step's time went
    double backwardSeconds = 0;
    double optimizerSeconds = 0;   // gradient norm, clipping and AdamW
    bool skipped = false;          // no update: the loss or a gradient was not finite
    std::string problem;           // why it was skipped, e.g. "loss is nan"
};

class Trainer {
public:
    // Takes the model's trainable tensors (after addLora, when used).
    Trainer(TrainableModel& model, const TrainConfig& config, int64_t totalSteps);
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // One optimizer step over `microBatches`; the loss is normalised by their
    // total labelled tokens, so 2 batches of 1 row equal 1 batch of 2 rows.
    // A non-finite loss or gradient norm skips the update (the step still
    // counts); what to do next is the caller's policy (TrainConfig::onNan).
    StepResult step(const std::vector<Batch>& microBatches);
    // Mean loss over the labelled tokens of `batches`, without dropout or gradients.
    double evaluate(const std::vector<Batch>& batches);

    int64_t stepsDone() const;

    // optimizer.safetensors (AdamW moments by tensor name, step counters in
    // its metadata) and rng.safetensors (LibTorch's CPU generator) in dir.
    void save(const std::string& dir) const;
    // Restores what save() wrote. Throws wb::Error naming the file and tensor
    // when they do not fit this model.
    void load(const std::string& dir);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace wb
