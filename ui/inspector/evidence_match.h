#pragma once
// The evidence shown for a claim: the passage that supports it best, with the
// words they share marked in both (numbers match across formats, "1,500" =
// "1500"). Uses the semantic detector's best chunk when the report has one,
// else the chunk sharing the most content with the claim. Qt-free.
#include "core/inspect/inspector.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wb {

using ByteRange = std::pair<size_t, size_t>;   // [begin, end) in UTF-8 bytes

struct WordAlignment {
    std::vector<ByteRange> inClaim;     // shared words/numbers/Han characters, offsets into the claim text
    std::vector<ByteRange> inPassage;   // the same, offsets into the passage
    int sharedUnits = 0;                // content units of the claim found in the passage
    int claimUnits = 0;                 // content units of the claim
};

// Content units (no stopwords, no Han stop characters) the two texts share.
WordAlignment alignWords(std::string_view claim, std::string_view passage);

struct EvidenceForClaim {
    int chunk = -1;            // index into chunks, -1 when there is no evidence
    std::string passage;
    WordAlignment alignment;
    bool bySemantic = false;   // chosen by the embedder (else by shared words)
};

// `evidence` are the passages the inspection was given; chunks are cut with
// inspect::evidenceChunks unless the report already has them.
EvidenceForClaim bestEvidence(const inspect::InspectReport& report, const std::vector<std::string>& evidence,
                              size_t claimIndex);

} // namespace wb
