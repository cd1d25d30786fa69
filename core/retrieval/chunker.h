#pragma once
// Splitting a document's text into chunks for retrieval. Offsets are BYTE
// offsets into the UTF-8 text, always on code point boundaries:
// text.substr(begin, end - begin) is the chunk's text (leading and trailing
// whitespace trimmed). Qt-free.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

enum class ChunkStrategy {
    Tokens,      // windows of maxTokens tokens, overlapTokens shared with the previous window
    Paragraph,   // one chunk per paragraph (blank-line separated); long ones split by tokens
    Heading,     // one chunk per markdown section (heading line + body); long ones split by tokens
    Sentence,    // consecutive sentences (English . ! ? and Chinese 。！？；) packed up to maxTokens;
                 // "." followed by a lower-case letter or digit ("e.g. x", "3.5") does not end one
};
std::string toString(ChunkStrategy s);                      // "tokens" "paragraph" "heading" "sentence"
ChunkStrategy chunkStrategyFromString(const std::string& s); // throws wb::Error naming the value

struct ChunkOptions {
    ChunkStrategy strategy = ChunkStrategy::Tokens;
    int maxTokens = 200;
    int overlapTokens = 40;   // Tokens strategy (and long pieces split by tokens); < maxTokens
};
// {"strategy":"tokens","max_tokens":200,"overlap_tokens":40}; parsing throws wb::Error naming the field.
std::string chunkOptionsToJson(const ChunkOptions& o);
ChunkOptions chunkOptionsFromJson(const std::string& json);

struct ChunkSpan {
    size_t begin = 0;     // byte offset of the first byte
    size_t end = 0;       // byte offset one past the last byte
    std::string heading;  // Heading strategy: the section's heading text ("" before the first heading)
};

// The tokenizer-free token approximation used for sizes: every CJK code point
// is a token, every run of other letters/digits is a token, every other
// non-space code point is a token. Returns [begin, end) byte spans.
std::vector<std::pair<size_t, size_t>> approximateTokens(std::string_view text);

// Throws wb::Error for maxTokens < 1 or overlapTokens outside [0, maxTokens).
// Whitespace-only pieces are dropped. Invalid UTF-8 bytes count as one code point.
std::vector<ChunkSpan> chunkText(std::string_view text, const ChunkOptions& options);

} // namespace wb
