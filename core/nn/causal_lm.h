#pragma once
// A decoder-only language model loaded from a Hugging Face folder
// (config.json + model.safetensors or a sharded index). LibTorch-free header:
// the families live in core/nn/*.cpp and compute on the CPU in fp32 or bf16.
#include "core/model/config.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wb {

enum class ComputeDType { F32, BF16 };
std::string_view toString(ComputeDType t);            // "f32" "bf16"
ComputeDType computeDTypeFromString(std::string_view s); // throws wb::Error naming the value

struct LoadOptions {
    // Weights are held in this type (BF16 checkpoints stay zero-copy with
    // BF16; F32 checkpoints alias the file with F32). Norms, softmax and the
    // logits are computed in fp32 either way.
    ComputeDType dtype = ComputeDType::F32;
    // Called with (bytes done, bytes total) while tensors are read or converted.
    std::function<void(uint64_t, uint64_t)> progress;
};

// Keys and values of the tokens seen so far, for one sequence. Made by
// CausalLM::newCache; only valid with the model that made it.
class KvCache {
public:
    virtual ~KvCache();
    virtual int length() const = 0;     // tokens held
    virtual int capacity() const = 0;   // tokens it can hold
    // Forgets everything after the first n tokens (n <= length()): reuse a
    // shared prompt prefix, or regenerate from a point.
    virtual void truncate(int n) = 0;
    virtual uint64_t bytes() const = 0;
};

class CausalLM {
public:
    // Reads modelDir/config.json and the checkpoint, checking every tensor's
    // name and shape against the config. Throws wb::Error naming the file and
    // the tensor (with both shapes on a mismatch). Families: gpt2, llama,
    // qwen2, mistral.
    static std::unique_ptr<CausalLM> load(const std::string& modelDir, const LoadOptions& options = {});

    virtual ~CausalLM();

    // Logits for every position of `ids`, computed from scratch: T * vocabSize
    // floats, row-major [T, vocab]. Throws wb::Error for an empty input, an id
    // outside the vocabulary, or more ids than max_position_embeddings.
    virtual std::vector<float> logits(const std::vector<int>& ids) = 0;

    // The final-normed last hidden states of every position of `ids` (what
    // the lm_head would read), computed from scratch: T * hiddenSize floats,
    // row-major [T, C]. For embeddings (mean pooling in core/embed). Same
    // errors as logits(). Families that do not have it throw wb::Error.
    virtual std::vector<float> hiddenStates(const std::vector<int>& ids);

    // A preallocated cache for up to `capacity` tokens (at most
    // max_position_embeddings; throws wb::Error naming the limit otherwise).
    virtual std::unique_ptr<KvCache> newCache(int capacity) = 0;
    // Runs `ids` at positions cache.length() ... (batched prefill when there
    // are several, the batch-1 decode path for one), appends their keys and
    // values, and returns the logits of the last position (vocabSize floats).
    // With allLogits, returns [ids.size(), vocab] instead. Throws wb::Error when
    // the cache would overflow or an id is outside the vocabulary; the cache is
    // unchanged then.
    virtual std::vector<float> step(const std::vector<int>& ids, KvCache& cache, bool allLogits = false) = 0;

    virtual const ModelConfig& config() const = 0;
    virtual ComputeDType dtype() const = 0;
    virtual uint64_t parameterCount() const = 0;
    virtual uint64_t weightBytes() const = 0;   // as held in memory
};

} // namespace wb
