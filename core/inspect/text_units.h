#pragma once
// The small pieces of text the detectors compare: words, Han characters and
// their offsets. Offsets everywhere in core/inspect are UTF-8 BYTE offsets
// into the text given; codePointOffset() turns one into a character index
// (what Python's str indexing and RAGTruth's spans count).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wb::inspect {

enum class UnitKind { Word, Digits, Han };

struct TextUnit {
    size_t begin = 0;   // byte offsets into the text, [begin, end)
    size_t end = 0;
    UnitKind kind = UnitKind::Word;
    std::string norm;   // Word: lower-cased and stemmed; Digits: the digits; Han: the character
    bool capitalised = false;   // Word starting with an upper-case letter
    bool stop = false;          // Word that is a stopword (isStopword of the word as written)
};

// Words (letters, inner apostrophes and hyphens), digit runs and single Han
// characters, in text order. Everything else (spaces, punctuation) separates.
std::vector<TextUnit> textUnits(std::string_view text);

bool isHan(char32_t cp);
// Lower-case ASCII letters (other characters unchanged) and strip common
// English inflections ("cities" -> "city", "played" -> "play").
std::string normaliseWord(std::string_view word);
// Function words and answer filler ("the", "does", "based on"), judged on the
// word as written, so a name whose stem is a stopword ("Andes") is not one.
bool isStopword(std::string_view word);
bool isHanStopChar(std::string_view hanChar);   // 的 了 是 在 ...

// Number of code points before byteOffset (invalid bytes count as one each).
size_t codePointOffset(std::string_view text, size_t byteOffset);
// The byte offset of code point index `cp` (text.size() when past the end).
size_t byteOffsetOfCodePoint(std::string_view text, size_t cp);

// ASCII lower-case copy.
std::string asciiLower(std::string_view s);

} // namespace wb::inspect
