#pragma once
// The hallucination inspector: splits an answer into claims, runs every
// detector it has the means for, and combines their scores. Qt-free and
// LibTorch-free header and source; the model-based detectors take the
// CausalLM / Tokenizer interfaces (a caller that loads a model links wb_torch).
#include "core/infer/chat_template.h"
#include "core/inspect/claims.h"
#include "core/inspect/combiner.h"
#include "core/inspect/model_grounding.h"
#include "core/inspect/span_score.h"
#include "core/retrieval/embedder.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::inspect {

// Detector score names (higher = riskier), used as combiner features:
inline constexpr const char* kLexical = "lexical";                   // weighted share of content missing
inline constexpr const char* kLexicalNumbers = "lexical_numbers";    // share of numbers missing
inline constexpr const char* kLexicalEntities = "lexical_entities";  // share of names missing
inline constexpr const char* kSemantic = "semantic";                 // 1 - best cosine similarity (embedder)
inline constexpr const char* kModelPmi = "model_pmi";                // -mean PMI of the claim's tokens (model)
inline constexpr const char* kModelSurprisal = "model_surprisal";    // -mean log p with the evidence (model)
inline constexpr const char* kConsistency = "consistency";           // 1 - agreement with samples (model)

struct InspectInput {
    std::string question;                // may be empty
    std::string answer;
    std::vector<std::string> evidence;   // passages: RAG hits or pasted documents
};

// What the inspector may use. Every pointer is optional; a detector without
// its means is skipped and its score is absent.
struct InspectTools {
    Embedder* embedder = nullptr;            // semantic grounding (and self-consistency similarity)
    CausalLM* model = nullptr;               // model-based grounding, self-consistency
    const Tokenizer* tokenizer = nullptr;    // needed with model
    std::optional<ChatTemplate> chatTemplate;
    int consistencySamples = 0;              // self-consistency: N answers sampled from the model
    uint64_t seed = 0;
    int maxSampleTokens = 128;
    const LogisticModel* combiner = nullptr; // fitted weights; without them an unweighted mean
    ClaimGranularity granularity = ClaimGranularity::Clause;
    std::vector<std::string> samples;        // precomputed samples (used instead of sampling when given)
};

struct ClaimReport {
    Claim claim;
    std::map<std::string, double> scores;   // detector name -> risk
    double combined = 0;                     // [0, 1]
    int bestEvidence = -1;                   // chunk index (semantic grounding), -1 when none
    std::vector<std::string> reasons;        // of its riskiest spans, riskiest first
};

struct InspectReport {
    std::vector<ClaimReport> claims;
    std::vector<SpanScore> spans;            // all detectors' spans, by position
    std::vector<TokenScore> tokens;          // model-based grounding (empty without a model)
    std::vector<std::string> evidenceChunks; // what bestEvidence indexes
    std::vector<std::string> samples;        // self-consistency samples
    std::map<std::string, double> answerScores;   // each detector: its riskiest claim
    double answerRisk = 0;                   // combined, answer level
    bool combinerUsed = false;               // false: unweighted mean of the detectors
    bool evidenceTruncated = false;
};

InspectReport inspectAnswer(const InspectInput& input, const InspectTools& tools,
                      const std::atomic<bool>* cancel = nullptr);

// The report's non-empty spans inside a claim, riskiest first (equals in text
// order, as report.spans is sorted): what ClaimReport::reasons lists.
std::vector<const SpanScore*> spansByRisk(const InspectReport& report, const Claim& claim);

// The fallback without fitted weights: the mean of the detectors' risks, each
// mapped to [0, 1] (lexical: the largest of its share of missing content, of
// missing numbers and 0.8 x missing names; semantic as is; model_pmi through
// a sigmoid; consistency as is). Uncalibrated: fit a combiner for real use.
double unweightedRisk(const std::map<std::string, double>& scores);

// JSON for the CLI and the UI. Offsets are given both ways: "begin"/"end" in
// UTF-8 bytes and "char_begin"/"char_end" in code points.
nlohmann::json toJson(const InspectReport& report, const std::string& answer);

} // namespace wb::inspect
