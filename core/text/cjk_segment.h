#pragma once
// CJK-aware helpers for SQLite FTS5's unicode61 tokenizer, which treats a run
// of ideographs as one token. We index every CJK character as its own token and
// turn CJK query runs into phrases of single characters, so 地质 finds 地质学.
#include <string>
#include <string_view>

namespace wb {

// True for code points indexed as single-character tokens: CJK ideographs
// (incl. extensions and compatibility), kana, hangul, bopomofo, CJK symbols and
// fullwidth/halfwidth forms.
bool isCjkCodePoint(char32_t cp);

// `utf8` with a space before and after every CJK code point. Other bytes are
// copied unchanged (invalid UTF-8 bytes too).
std::string segmentForIndex(std::string_view utf8);
// The same into `out` (cleared first), reusing its capacity.
void segmentForIndexInto(std::string_view utf8, std::string& out);
// False when segmentForIndex(utf8) == utf8 for sure (pure ASCII input).
bool mayNeedSegmentation(std::string_view utf8);

// Turn free user input into a safe FTS5 MATCH expression: each
// whitespace-separated term becomes a quoted phrase of its segmented tokens,
// terms are ANDed (implicitly), and '"' is escaped. When the input does not end
// in whitespace and its last term ends in an ASCII letter or digit, that phrase
// becomes a prefix query. Terms without any letter, digit or CJK character are
// dropped; returns "" when nothing searchable is left. Never produces an FTS5
// syntax error.
std::string ftsQuery(std::string_view userQuery);

} // namespace wb
