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
    // "number", "quoted" (a quoted term), "entity" (a name not in the evidence),
    // "entity-apart" (a name whose words are there, but not together), "word",
    // "han" (Han characters), "token" (model-based grounding)
    std::string kind;
    std::string reason;     // English, for the CLI and logs ("number '1,600' not in the evidence");
                            // the inspector panel words its own from kind and the span's text
};

} // namespace wb::inspect
