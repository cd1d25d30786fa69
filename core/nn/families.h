#pragma once
// Internal to core/nn: one factory per model family file.
#include "core/nn/causal_lm.h"
#include "core/weights/safetensors.h"

namespace wb {

std::unique_ptr<CausalLM> makeGpt2(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors,
                                   const LoadOptions& options);
std::unique_ptr<CausalLM> makeLlama(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors,
                                    const LoadOptions& options);

} // namespace wb
