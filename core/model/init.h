#pragma once
// The Hugging Face tensor list of each causal model family (names and shapes
// exactly as core/nn/gpt2.cpp and core/nn/llama.cpp load them), a check of a
// tensor set against it, and deterministic random initialisation for models
// built from scratch. Qt-free and LibTorch-free.
#include "core/model/config.h"
#include "core/model/model_weights.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb {

struct WeightSpec {
    enum class Kind { Matrix, Embedding, Norm, Bias };
    std::string name;
    std::vector<int64_t> shape;
    Kind kind = Kind::Matrix;
};

// Every tensor of the family, in load order. GPT-2 names have no
// "transformer." prefix and Conv1D weights are [in, out]; Llama/Qwen2/Mistral
// Linear weights are [out, in]; lm_head.weight only when not tied. Throws
// wb::Error for BERT (not a causal model here).
std::vector<WeightSpec> expectedWeights(const ModelConfig& config);

// Checks names and shapes of `tensors` against expectedWeights(): a missing
// tensor, a shape mismatch (both shapes named) or an unexpected tensor is a
// wb::Error starting with nameForErrors. Tolerated extras: GPT-2's causal-mask
// buffers, Llama's rotary inv_freq buffers, and a saved copy of a tied
// lm_head; GPT-2 names may carry the "transformer." prefix. Float dtypes only.
void checkWeights(const ModelConfig& config, const std::vector<TensorView>& tensors, const std::string& nameForErrors);

// splitmix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose output
// is the same on every platform; normals by the Box-Muller transform.
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : state_(seed) {}
    uint64_t next();
    double uniform();   // in (0, 1]: 53 random bits
    // Standard normal; pairs from one Box-Muller step are used in turn.
    double normal();

private:
    uint64_t state_;
    bool haveSpare_ = false;
    double spare_ = 0.0;
};

// Random weights for `config`: matrices and embeddings normal(0, stddev),
// norm weights 1, biases 0. Each tensor draws from its own generator seeded
// from (seed, tensor name), so a tensor's values do not depend on the others.
// dtype F32, F16 or BF16.
std::vector<OwnedTensor> initWeights(const ModelConfig& config, uint64_t seed, DType dtype = DType::F32,
                                     double stddev = 0.02);

} // namespace wb
