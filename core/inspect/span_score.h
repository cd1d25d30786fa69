#pragma once
// A scored piece of an answer, as every detector reports it.
#include <cstddef>
#include <string>

namespace wb::inspect {

struct SpanScore {
    size_t begin = 0;   // byte offsets into the answer, [begin, end)
    size_t end = 0;
    double risk = 0;    // 0 = supported ... 1 = certainly unsupported
    std::string detector;   // "lexical", "model"
    std::string kind;       // "number", "entity", "word", "han", "token"
    std::string reason;     // for people, English ("number 1,600 not in the evidence")
};

} // namespace wb::inspect
