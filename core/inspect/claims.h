#pragma once
// Splitting an answer into claims: sentences, and clauses within them, for
// English and Chinese. Every claim carries exact UTF-8 byte offsets into the
// answer (see text_units.h for code-point offsets). Qt-free, LibTorch-free.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wb::inspect {

struct Claim {
    size_t begin = 0;   // byte offsets into the answer, [begin, end); no leading/trailing space
    size_t end = 0;
    int sentence = 0;   // index of the sentence it belongs to
    std::string text;   // answer.substr(begin, end - begin)
};

enum class ClaimGranularity { Sentence, Clause };

// Sentences end at 。！？!? (with closing quotes/brackets that follow), a line
// break, or a '.' that is not a decimal point, an abbreviation ("e.g.", "Dr.",
// "U.S.") or an initial ("J. K."), and is followed by a space and no lower-case
// word. Clauses split a sentence further at ；; and at ，, when both sides hold
// enough words (3 English words or 4 Han characters), never inside "1,500" and
// never at the enumeration comma 、. A clause keeps its trailing delimiter.
std::vector<Claim> splitClaims(std::string_view answer, ClaimGranularity granularity = ClaimGranularity::Clause);

} // namespace wb::inspect
