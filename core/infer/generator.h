#pragma once
// The generation loop: prefill the prompt into a preallocated KV cache, then
// decode one token at a time, sampling, stopping on EOS, stop strings or the
// token limit, streaming whole UTF-8 characters. Qt-free; LibTorch-free header.
#include "core/infer/sampler.h"
#include "core/nn/causal_lm.h"
#include "core/text/tokenizer.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace wb {

enum class StopReason { Eos, StopString, MaxTokens, ContextFull, Cancelled, Error };
std::string toString(StopReason r);   // "eos" "stop" "length" "context" "cancelled" "error"

struct GenerationOptions {
    SamplingParams sampling;
    int maxTokens = 256;
    std::vector<std::string> stopStrings;   // cut from the text when they appear
    std::vector<int> eosIds;                // default: the model config's eos ids
    bool addBos = false;                    // prepend config bos id to the prompt ids
    bool allowSpecialInPrompt = true;       // template markers like <|im_start|> are special tokens
};

struct GenerationStats {
    int promptTokens = 0;
    int generatedTokens = 0;
    double prefillSeconds = 0;
    double decodeSeconds = 0;
    double timeToFirstTokenSeconds = 0;   // from start until the first generated token is known
    double prefillTokensPerSecond() const { return prefillSeconds > 0 ? promptTokens / prefillSeconds : 0; }
    double decodeTokensPerSecond() const;   // over tokens after the first
    StopReason stopReason = StopReason::MaxTokens;
    std::string error;                      // set with StopReason::Error
};

struct GenerationResult {
    std::vector<int> promptIds;
    std::vector<int> ids;   // generated ids (a stop string's tokens included)
    std::string text;       // generated text, stop string removed
    GenerationStats stats;
};

// Called with each new piece of text (never a partial UTF-8 character, never
// part of a stop string that may still complete). Return false to cancel.
using TokenCallback = std::function<bool(const std::string& piece)>;

class Generator {
public:
    Generator(CausalLM& model, const Tokenizer& tokenizer) : model_(model), tok_(tokenizer) {}

    // Text prompt (already rendered through a chat template).
    GenerationResult generate(const std::string& prompt, const GenerationOptions& options,
                              const TokenCallback& onText = {}, const std::atomic<bool>* cancel = nullptr);
    GenerationResult generateIds(const std::vector<int>& promptIds, const GenerationOptions& options,
                                 const TokenCallback& onText = {}, const std::atomic<bool>* cancel = nullptr);

private:
    CausalLM& model_;
    const Tokenizer& tok_;
};

} // namespace wb
