#pragma once
// Internal to core/train/engine (LibTorch .cpp files only): the tensors of a
// TrainableModel and its forward pass.
#include "core/train/engine/trainable_model.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wb {

// A projection, optionally with a LoRA adapter: y = x W^T + b + s * (drop(x) A^T) B^T.
struct Projection {
    at::Tensor weight;   // Linear [out, in]; HF GPT-2 Conv1D [in, out]
    at::Tensor bias;     // [out] or undefined
    bool conv1d = false;
    at::Tensor loraA;    // [r, in] or undefined
    at::Tensor loraB;    // [out, r]
    double loraScale = 0;
    double loraDropout = 0;
    std::string module;  // HF module path, for PEFT names

    at::Tensor operator()(const at::Tensor& x, bool training) const;   // x [..., in] -> [..., out]
};

struct TrainBlock {
    // Llama family
    at::Tensor inputNorm, postNorm;                 // [C]
    Projection q, k, v, o, gate, up, down;
    // GPT-2
    at::Tensor ln1Weight, ln1Bias, ln2Weight, ln2Bias;   // [C]
    Projection attn, attnProj, fc, fcProj;
};

// Per-batch tensors every block uses.
struct BatchContext {
    int64_t B = 0, L = 0;
    at::Tensor blocked;   // [B, 1, 1, L, L] bool: key j is hidden from query i
    at::Tensor cos, sin;  // [B, 1, L, D] rotary tables (Llama family)
};

// What a recomputing backward needs of its forward pass (gradient checkpointing).
struct BlockRun {
    const TrainableModel::Impl* model = nullptr;
    size_t layer = 0;
    const BatchContext* ctx = nullptr;
};
struct ForwardState {
    BatchContext ctx;
    std::vector<BlockRun> runs;
};

// Tensors of a Batch: [rows, length] int64 each.
struct BatchTensors {
    at::Tensor ids, labels, positions, segments;
};

struct TrainableModel::Impl {
    ModelConfig config;
    // Every HF weight in expectedWeights() order (fp32, owned). A tied lm_head
    // is not listed; it is the embedding.
    std::vector<std::pair<std::string, at::Tensor>> weights;
    std::map<std::string, at::Tensor> byName;        // weights and adapter tensors
    std::vector<TrainBlock> blocks;
    at::Tensor embed;          // [V, C] (wte for GPT-2)
    at::Tensor wpe;            // [P, C] GPT-2
    at::Tensor finalNorm, finalNormBias;   // [C] (bias: GPT-2)
    at::Tensor lmHead;         // [V, C], the embedding when tied
    at::Tensor invFreq;        // [D/2] Llama family
    std::optional<LoraConfig> lora;
    std::vector<std::pair<std::string, at::Tensor>> adapters;   // PEFT names, in order
    bool training = false;
    bool checkpointing = false;
    bool bf16 = false;
    // The last forward pass's state while its graph may still run backward.
    std::shared_ptr<ForwardState> lastForward;

    void build(std::vector<std::pair<std::string, at::Tensor>> tensors);   // fills weights, blocks ...
    std::vector<at::Tensor> trainable() const;       // in trainableNames() order
    std::vector<std::string> trainableNames() const;

    BatchContext context(const at::Tensor& positions, const at::Tensor& segments) const;
    // ids, positions, segments: [B, L] int64. Returns the final norm's output
    // [B, L, C], what the output layer reads.
    at::Tensor hidden(const at::Tensor& ids, const at::Tensor& positions, const at::Tensor& segments);
    // Logits [B, L, V] (fp32, or bf16 under autocast).
    at::Tensor forward(const at::Tensor& ids, const at::Tensor& positions, const at::Tensor& segments);
    // Sum of the cross-entropy over labelled tokens (fp32 scalar), without
    // the whole logits tensor (head_loss.h).
    at::Tensor lossSum(const BatchTensors& batch);
    at::Tensor block(size_t layer, const at::Tensor& x, const BatchContext& ctx) const;
};

BatchTensors toTensors(const Batch& b);

// Enables CPU bf16 autocast for its lifetime (off: leaves it disabled) and
// clears autocast's weight-cast cache when the outermost one ends.
class AutocastScope {
public:
    explicit AutocastScope(bool bf16);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool prevEnabled_;
    bool active_;
};

} // namespace wb
