#pragma once
// A decoder-only language model loaded from a Hugging Face folder
// (config.json + model.safetensors or a sharded index). LibTorch-free header:
// the families live in core/nn/*.cpp and compute in fp32 on the CPU.
#include "core/model/config.h"

#include <memory>
#include <string>
#include <vector>

namespace wb {

class CausalLM {
public:
    // Reads modelDir/config.json and the checkpoint, checking every tensor's
    // name and shape against the config. Throws wb::Error naming the file and
    // the tensor (with both shapes on a mismatch). Families: gpt2, llama,
    // qwen2, mistral.
    static std::unique_ptr<CausalLM> load(const std::string& modelDir);

    virtual ~CausalLM();

    // Logits for every position of `ids`: T * vocabSize floats, row-major
    // [T, vocab]. Throws wb::Error for an empty input, an id outside the
    // vocabulary, or (learned positions) more ids than max positions.
    virtual std::vector<float> logits(const std::vector<int>& ids) = 0;
    virtual const ModelConfig& config() const = 0;
};

} // namespace wb
