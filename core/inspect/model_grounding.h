#pragma once
// Model-based grounding: the log-probability of each answer token under the
// local model with and without the evidence in the prompt. A token whose
// probability does not rise with the evidence (pointwise mutual information
// log p(t | evidence, q) - log p(t | q) <= 0) is suspect, in the spirit of
// context-aware decoding. Uses only the CausalLM / Tokenizer / ChatTemplate
// interfaces: no LibTorch header, so it builds into wb_core; callers that
// load a model link wb_torch.
#include "core/infer/chat_template.h"
#include "core/inspect/claims.h"
#include "core/inspect/span_score.h"
#include "core/nn/causal_lm.h"
#include "core/text/tokenizer.h"

#include <optional>
#include <string>
#include <vector>

namespace wb::inspect {

struct TokenScore {
    size_t begin = 0;   // byte offsets into the answer; a token that ends inside a
    size_t end = 0;     // character reaches to that character's start (may be empty)
    int id = 0;
    double logpWith = 0;      // natural log
    double logpWithout = 0;
    double pmi() const { return logpWith - logpWithout; }
};

struct ModelGroundingInput {
    std::string question;                // may be empty
    std::vector<std::string> evidence;   // passages
    std::string answer;
};

struct ModelGroundingOptions {
    std::optional<ChatTemplate> chatTemplate;   // nullopt: plain "Documents: ... Question: ... Answer:" text
    int maxContext = 0;                          // 0: the model's max_position_embeddings
};

struct ModelGroundingResult {
    std::vector<TokenScore> tokens;   // the answer's tokens, in order (fewer when the answer did not fit)
    bool evidenceTruncated = false;   // the evidence was cut to fit the context
    std::string promptWith;           // the prompts as rendered (for debugging and the UI)
    std::string promptWithout;
};

// The prompt texts, before any truncation.
std::string groundedPrompt(const ModelGroundingInput& in, const std::optional<ChatTemplate>& tmpl);
std::string ungroundedPrompt(const ModelGroundingInput& in, const std::optional<ChatTemplate>& tmpl);

// Two batched prefills (prompt + answer, all logits). Throws wb::Error when
// the model's context cannot hold even the question and a few answer tokens.
ModelGroundingResult modelGrounding(CausalLM& model, const Tokenizer& tokenizer, const ModelGroundingInput& in,
                                    const ModelGroundingOptions& options = {});

struct ClaimModelScore {
    double meanPmi = 0;        // over the claim's tokens
    double meanLogpWith = 0;
    int tokens = 0;
};
ClaimModelScore claimModelScore(const std::vector<TokenScore>& tokens, const Claim& claim);

// Tokens whose probability did not rise with the evidence (pmi <= 0), as
// spans with risk sigmoid(-pmi) in [0.5, 1).
std::vector<SpanScore> suspectTokenSpans(const std::string& answer, const std::vector<TokenScore>& tokens);

} // namespace wb::inspect
