#pragma once
// Labelled answers for evaluating the detectors: HaluEval QA and span-labelled
// sets in RAGTruth's shape. Qt-free.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace wb::inspect {

struct LabelledAnswer {
    std::string id;                      // "<file>:<line>:right", ...
    int64_t group = 0;                   // answers to one question share it (kept in one CV fold)
    std::string question;
    std::string answer;
    std::vector<std::string> evidence;
    bool hallucinated = false;
    bool hasSpans = false;               // span labels exist (RAGTruth shape)
    std::vector<std::pair<size_t, size_t>> spans;   // labelled hallucinated ranges, UTF-8 byte offsets into answer
};

// HaluEval QA (JSON Lines; the file is named .json): {"knowledge", "question",
// "right_answer", "hallucinated_answer"} per line -> a grounded and a
// hallucinated answer over the same evidence. limit: the first `limit`
// records (0 = all). Throws wb::Error naming the file, line and field.
std::vector<LabelledAnswer> loadHaluEvalQa(const std::string& path, size_t limit = 0);

// RAGTruth's shape, JSON Lines, one response per line:
//   {"id": "r1", "question": "...", "context": "..." | ["passage", ...],
//    "response": "...", "labels": [{"start": 10, "end": 25, "text": "...", "label_type": "..."}]}
// "question", "id", "text" and "label_type" are optional; start/end are
// character (code point) offsets into "response", as in RAGTruth; when "text"
// is given it must equal that slice. A response with labels is hallucinated.
std::vector<LabelledAnswer> loadRagTruthSpans(const std::string& path, size_t limit = 0);

// "halueval" or "ragtruth"; throws wb::Error naming an unknown format.
std::vector<LabelledAnswer> loadLabelled(const std::string& path, const std::string& format, size_t limit = 0);

} // namespace wb::inspect
