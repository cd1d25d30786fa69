#pragma once
// Everything a run needs that can be checked before weights are loaded:
// the model's configuration (from its folder, or a preset plus the
// tokenizer's vocabulary), the tokenizer, the chat template, the EOS token,
// the dataset and its splits, LoRA targets and a memory estimate. Each
// problem is a wb::Error naming the run.json field. Also the mask preview.
// Qt-free and LibTorch-free (the training panel calls these directly).
#include "core/model/config.h"
#include "core/store/project_store.h"
#include "core/train/train_config.h"
#include "core/train/training_data.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// A linear layer LoRA adapts. HF GPT-2 layers are Conv1D (weight [in, out]).
struct LoraTarget {
    std::string module;        // HF module path: "model.layers.0.self_attn.q_proj", "transformer.h.0.attn.c_attn"
    std::string weight;        // its weight as the model families name it ("h.0.attn.c_attn.weight")
    int64_t in = 0, out = 0;
    bool conv1d = false;
};
// The family's adaptable module names: q_proj ... down_proj, or c_attn c_proj c_fc.
std::vector<std::string> loraModuleNames(ModelFamily family);
// Every layer matching `names` (empty: the family's default, q_proj+v_proj or
// c_attn). Throws wb::Error naming field "lora.target_modules" for a name that
// matches nothing.
std::vector<LoraTarget> loraTargets(const ModelConfig& model, const std::vector<std::string>& names);

struct MemoryEstimate {
    uint64_t parameters = 0;            // all weights
    uint64_t trainableParameters = 0;
    uint64_t weightBytes = 0;           // fp32 weights
    uint64_t gradientBytes = 0;
    uint64_t optimizerBytes = 0;        // AdamW moments
    uint64_t activationBytes = 0;       // kept for backward, one micro-batch
    uint64_t totalBytes = 0;
};
MemoryEstimate estimateTrainingMemory(const ModelConfig& model, const TrainConfig& c);
// MemAvailable from /proc/meminfo (0 when unknown).
uint64_t availableMemoryBytes();
// Model FLOPs per trained token, forward + backward: 6 N + attention (12 L C T),
// N without the embeddings (nanoGPT's estimate, also used by the benchmark).
double trainingFlopsPerToken(const ModelConfig& model, int seqLen);

struct TrainSetup {
    TrainConfig config;
    ModelConfig model;
    std::string tokenizerDir;                 // folder whose tokenizer files the output gets
    std::string tokenizerFile;                // when the tokenizer was given as a single file
    std::unique_ptr<Tokenizer> tokenizer;
    std::optional<ChatTemplate> chatTemplate;
    int eosId = -1;
    DatasetInfo dataset;
    int64_t trainRecords = 0;
    int64_t evalRecords = 0;                  // 0 when there is no eval split
    MemoryEstimate memory;
    std::vector<std::string> warnings;

    TextRenderer renderer() const;
};

// Runs every check (model, tokenizer, template, project, dataset, splits,
// seq_len, LoRA targets, memory). Throws wb::Error "field \"x\": ...".
TrainSetup prepareTraining(const TrainConfig& c);

struct TrainingData {
    std::vector<PackedRow> train, eval;
    int64_t truncated = 0;                    // sequences cut at seq_len
    std::vector<std::string> warnings;        // records left out (no text), truncation
};
// Reads the records of both splits in id order, renders, tokenizes and packs them.
TrainingData loadTrainingData(const TrainSetup& s);

// Optimizer steps per epoch and in the whole run for `rows` training rows.
int64_t stepsPerEpoch(int64_t rows, const TrainConfig& c);
int64_t totalTrainingSteps(int64_t rows, const TrainConfig& c);

// The first `maxSamples` training records as they will be trained: each
// token's text and whether the loss falls on it.
struct PreviewSample {
    int64_t recordId = 0;
    std::vector<PreviewToken> tokens;
    bool truncated = false;                   // longer than seq_len (SFT examples are cut there)
};
std::vector<PreviewSample> previewTraining(const TrainSetup& s, int maxSamples);

} // namespace wb
