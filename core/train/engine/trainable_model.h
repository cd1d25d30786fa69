#pragma once
// A decoder-only model that trains: GPT-2 and Llama/Qwen2/Mistral with
// autograd, loaded from the same HF folders (same tensor names) as
// core/nn/causal_lm.h, or built from scratch. Optional LoRA adapters (PEFT
// names) on chosen projections, saved on their own or merged into a normal HF
// folder. Batches carry position ids and segments (see training_data.h), so
// packed documents never attend to each other.
// LibTorch-free header: the implementation lives in core/train/engine/*.cpp.
#include "core/model/config.h"
#include "core/model/model_weights.h"
#include "core/train/train_config.h"
#include "core/train/training_data.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wb {

class TrainableModel {
public:
    // Reads an HF folder (config.json + safetensors), checking every tensor
    // like CausalLM::load. Weights are held in fp32. Throws wb::Error naming
    // the file and tensor.
    static std::unique_ptr<TrainableModel> load(const std::string& modelDir);
    // Random weights (core/model/init.h initWeights, deterministic in the seed).
    static std::unique_ptr<TrainableModel> create(const ModelConfig& config, uint64_t seed);
    ~TrainableModel();

    const ModelConfig& config() const;
    uint64_t parameterCount() const;
    uint64_t trainableParameterCount() const;

    // Freezes the base weights and adds adapters: A ~ kaiming-uniform (from
    // the seed), B = 0, so the model is unchanged until it trains.
    void addLora(const LoraConfig& lora, uint64_t seed);
    bool hasLora() const;
    const LoraConfig& loraConfig() const;   // throws wb::Error without LoRA

    // Training mode turns LoRA dropout on; off by default.
    void setTraining(bool on);
    // Recompute each block in backward instead of keeping its activations.
    void setGradientCheckpointing(bool on);
    // bf16 autocast for the forward pass (matmuls in bf16, weights and
    // gradients stay fp32). Throws wb::Error when LibTorch cannot.
    void setBf16(bool on);
    static bool bf16Supported();
    // Seeds LibTorch's default CPU generator (LoRA dropout draws from it).
    static void seedGlobalRng(uint64_t seed);

    // Logits [T, vocab] of one sequence (positions 0..T-1), without gradients.
    std::vector<float> logits(const std::vector<int>& ids);
    // Logits [rows, length, vocab] of a packed batch, without gradients.
    std::vector<float> batchLogits(const Batch& batch);
    // Mean cross-entropy over the batch's labelled tokens, without gradients.
    double loss(const Batch& batch);

    // Trainable tensors by name (HF names; LoRA: PEFT names), in a fixed order.
    std::vector<std::string> trainableNames() const;
    std::vector<float> tensorValues(const std::string& name) const;   // any weight or adapter tensor
    void setTensorValues(const std::string& name, const std::vector<float>& values);

    // HF tensors (fp32, names as core/model/init.h expectedWeights), with the
    // LoRA update W + (alpha/r) B A merged in.
    std::vector<OwnedTensor> mergedWeights() const;
    // An HF folder CausalLM::load (and the exporters) take: config, weights
    // (merged), generation config; tokenizer files copied from tokenizerDir
    // (or tokenizerFile written as tokenizer.json).
    void saveModel(const std::string& dir, const std::string& tokenizerDir, const std::string& tokenizerFile = {}) const;
    // adapter_model.safetensors + adapter_config.json, PEFT's names and fields.
    void saveAdapter(const std::string& dir, const std::string& baseModel) const;
    // Loads adapter weights saved by saveAdapter (the adapter must already be
    // added with the same configuration). Throws wb::Error naming the tensor.
    void loadAdapter(const std::string& dir);

    struct Impl;
    Impl& impl() { return *d; }
    const Impl& impl() const { return *d; }

private:
    explicit TrainableModel(std::unique_ptr<Impl> d);
    std::unique_ptr<Impl> d;
};

} // namespace wb
