#pragma once
// Lexical grounding: which numbers, names and rare content words of a claim
// do not appear in the evidence. Qt-free, LibTorch-free.
#include "core/inspect/claims.h"
#include "core/inspect/numbers.h"
#include "core/inspect/span_score.h"

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace wb::inspect {

// What the evidence passages contain, for fast look-ups.
struct EvidenceIndex {
    std::unordered_set<std::string> words;       // normalised (normaliseWord)
    std::unordered_set<std::string> prefixes;    // first five letters of words of five or more
    std::unordered_set<std::string> hanChars;
    std::unordered_set<std::string> hanBigrams;  // adjacent Han characters
    std::vector<NumberMention> numbers;
    std::string lowerText;                       // all passages, ASCII lower-cased, joined by '\n'
};

EvidenceIndex indexEvidence(const std::vector<std::string>& passages);

struct LexicalResult {
    double risk = 0;         // weighted share of the claim's content that the evidence lacks, [0, 1]
    double numberRisk = 0;   // share of its numbers missing (0 without numbers)
    double entityRisk = 0;   // share of its names missing (0 without names)
    std::vector<SpanScore> spans;   // one per missing unit, offsets into the answer
};

// Scores one claim of `answer` (claim offsets index the answer). Units and
// their weights: numbers 3 (risk 1 when missing), names 2 (capitalised word
// runs, quoted terms 《》「」“”, Han runs of two or more characters that share
// no bigram with the evidence; risk 1 missing, 0.5 when all words appear but
// not together), content words 1 (risk 0.6; 0.3 when a word with the same
// first five letters is there), Han characters 1 (stop characters 0.2).
LexicalResult lexicalGrounding(std::string_view answer, const Claim& claim, const EvidenceIndex& evidence);

} // namespace wb::inspect
