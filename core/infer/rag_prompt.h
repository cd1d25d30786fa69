#pragma once
// Retrieval-augmented prompts: the passages retrieved for a question go into
// the user turn through a visible, editable template, numbered [1], [2] ...,
// with an instruction to cite them; the answer's citations ([1], [2], [1][3],
// [1, 2], 【1】) are parsed back to the chunks they name. Also the chunk ids a
// reply was given, kept in the reply's stats JSON so citations still resolve
// after the conversation is reopened. Qt-free, LibTorch-free.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wb {

struct RagPassage {
    int64_t chunkId = 0;
    std::string source;    // shown after the number, e.g. a file name
    std::string text;
};

// Placeholders a template may use: {passages} (required) and {question}
// (required: the user's message), {count} (number of passages).
inline constexpr const char* kRagPassagesPlaceholder = "{passages}";
inline constexpr const char* kRagQuestionPlaceholder = "{question}";
inline constexpr const char* kRagCountPlaceholder = "{count}";

// The default template, in English or Chinese.
std::string defaultRagTemplate(bool chinese = false);

// "[1] (source)\ntext\n\n[2] (source)\ntext" ("[n]\ntext" when source is empty).
std::string renderPassages(const std::vector<RagPassage>& passages);

// The template with its placeholders filled. Throws wb::Error naming the
// placeholder when {passages} or {question} is missing.
std::string renderRagPrompt(const std::string& ragTemplate, const std::vector<RagPassage>& passages,
                            const std::string& question);

// One citation mark in an answer: bytes [begin, end) of the text, and the
// passage numbers it names (1-based, in order, e.g. "[1, 3]" -> {1, 3},
// "[2-4]" -> {2, 3, 4}).
struct CitationMark {
    size_t begin = 0;
    size_t end = 0;
    std::vector<int> numbers;
};
// Marks in [n], [n, m], [n-m], [n][m] (two marks), 【n】 and ［n］ form. Markdown
// links ("[1](http://...)") and numbers above `maxNumber` (when > 0) are not
// citations.
std::vector<CitationMark> findCitations(const std::string& answer, int maxNumber = 0);
// Passage numbers cited, each once, in order of first appearance.
std::vector<int> citedNumbers(const std::string& answer, int maxNumber = 0);
// The chunk ids the answer cites: number n -> chunkIds[n - 1]; numbers
// outside the list are ignored. Each once, in order of first appearance.
std::vector<int64_t> citedChunkIds(const std::string& answer, const std::vector<int64_t>& chunkIds);

// A reply's stats JSON with {"rag": {"collection": id, "chunk_ids": [...]}}
// added ("" or unreadable stats become an object with just that).
std::string withRagChunks(const std::string& statsJson, int64_t collectionId, const std::vector<int64_t>& chunkIds);
// The chunk ids stored by withRagChunks; empty when none or unreadable.
std::vector<int64_t> ragChunkIds(const std::string& statsJson);
int64_t ragCollectionId(const std::string& statsJson);   // 0 when none

} // namespace wb
