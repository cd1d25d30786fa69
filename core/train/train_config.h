#pragma once
// The configuration of a training run: what `llmwb train --config run.json`
// reads and the run folder keeps as config.json. The schema is documented in
// docs/TRAINING.md. Parsing checks types and ranges and names the field at
// fault; checks that need the model, the tokenizer or the project (dataset
// exists, sequence length fits the model, memory) are in train_setup.h.
// Qt-free and LibTorch-free.
#include "core/model/config.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

enum class TrainMethod { Pretrain, Sft };
enum class LrSchedule { Cosine, Linear, Constant };
enum class TrainPrecision { F32, BF16 };
enum class NanPolicy { Skip, Stop };

std::string toString(TrainMethod m);      // "pretrain" "sft"
std::string toString(LrSchedule s);       // "cosine" "linear" "constant"
std::string toString(TrainPrecision p);   // "fp32" "bf16"
std::string toString(NanPolicy p);        // "skip" "stop"

struct LoraConfig {
    int rank = 8;
    double alpha = 16;
    double dropout = 0.05;
    // Module names (last path component, e.g. "q_proj", or a longer suffix
    // such as "attn.c_proj"). Empty: the family's default (q_proj+v_proj for
    // Llama, c_attn for GPT-2).
    std::vector<std::string> targetModules;
    double scale() const { return alpha / rank; }
};

// A model built from scratch: a family, a preset shape and optional
// overrides; the vocabulary comes from the tokenizer.
struct NewModelSpec {
    ModelFamily family = ModelFamily::Llama;
    std::string preset = "tiny";
    int hiddenSize = 0;              // 0: the preset's
    int numLayers = 0;
    int numHeads = 0;
    int numKvHeads = 0;
    int intermediateSize = 0;
    int maxPositionEmbeddings = 0;
};

struct TrainConfig {
    std::string name;                // a label for the run list ("" is fine)

    // ---- model: an HF folder, or a new model and a tokenizer
    std::string modelPath;           // absolute after parsing; "" for a new model
    std::optional<NewModelSpec> newModel;
    std::string tokenizerPath;       // tokenizer.json / .model file or a folder; new models only

    // ---- data
    std::string project;             // the .llmwb file (absolute after parsing)
    std::string dataset;             // dataset name (or id)
    std::string trainSplit = "train";
    std::string evalSplit = "validation";   // "" = no evaluation
    std::vector<std::string> excludeStatus = {"rejected"};   // review states left out
    TrainMethod method = TrainMethod::Sft;
    std::string chatTemplate;        // "" = the model's tokenizer_config.json template (SFT)
    bool trainOnPrompts = false;     // SFT: loss on prompt tokens too
    bool packing = true;             // several documents/examples per row (block-diagonal attention)
    bool shuffle = true;
    std::string eosToken;            // "" = the model's eos_token_id (else the tokenizer's end token)
    int seqLen = 256;

    // ---- method
    std::optional<LoraConfig> lora;  // absent: full fine-tuning

    // ---- optimisation
    int batchSize = 8;
    int gradAccumSteps = 1;
    double epochs = 1;
    int64_t maxSteps = 0;            // > 0: overrides epochs
    double learningRate = 3e-4;
    LrSchedule schedule = LrSchedule::Cosine;
    int64_t warmupSteps = 0;
    double minLrRatio = 0.1;         // the schedule ends at learningRate * minLrRatio
    double weightDecay = 0.0;        // decoupled (AdamW), on matrices and embeddings only
    double adamBeta1 = 0.9;
    double adamBeta2 = 0.999;
    double adamEpsilon = 1e-8;
    double maxGradNorm = 1.0;        // 0 = no clipping
    TrainPrecision precision = TrainPrecision::F32;
    bool gradientCheckpointing = false;
    uint64_t seed = 42;
    int threads = 0;                 // 0 = all cores

    // ---- evaluation, checkpoints, failures
    int64_t evalEvery = 0;           // steps; 0 = only at the end
    int64_t evalMaxBatches = 0;      // 0 = the whole eval split
    int earlyStoppingPatience = 0;   // evaluations without improvement; 0 = off
    double earlyStoppingMinDelta = 0;
    int64_t saveEvery = 0;           // steps; 0 = only when stopped or finished
    int keepLast = 2;
    NanPolicy onNan = NanPolicy::Skip;
    int maxNanSkips = 20;            // skipped steps in a row before the run stops anyway
    int64_t logEvery = 1;
    int64_t memoryLimitMb = 0;       // 0 = the memory available now
};

// Parses run.json text. Relative paths (project, model, tokenizer) are taken
// relative to baseDir. Throws wb::Error "NAME: field \"x\": ..." for unknown
// fields, wrong types and values out of range.
TrainConfig parseTrainConfig(const std::string& json, const std::string& nameForErrors, const std::string& baseDir);
// Reads and parses a run.json file (relative paths against its folder).
TrainConfig loadTrainConfig(const std::string& path);
// The configuration as JSON with every field written (what config.json of a
// run holds); parseTrainConfig() of it gives the same configuration.
std::string toJson(const TrainConfig& c);

} // namespace wb
