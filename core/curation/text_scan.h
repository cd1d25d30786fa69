#pragma once
// Small UTF-8 and Unicode-script helpers shared by the curation checks. Hand
// written (no ICU, no std::regex) because they run over every character of a
// dataset.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wb::curation::detail {

// Decode the code point at `pos` and advance `pos`. Invalid or truncated
// sequences yield U+FFFD and advance by one byte, so the scan always ends.
char32_t nextCodePoint(std::string_view s, size_t& pos);

size_t codePointCount(std::string_view s);

enum class Script { None, Latin, Han, Kana, Hangul, Cyrillic, Arabic, OtherLetter, Digit };
Script scriptOf(char32_t c);

// Han, kana and Hangul: tokenised one character at a time (no spaces between words).
inline bool isCjkScript(Script s) { return s == Script::Han || s == Script::Kana || s == Script::Hangul; }

// Text as a sequence of 64-bit token hashes: each CJK character is a token,
// every other run of letters/digits is a word (ASCII lower-cased).
std::vector<uint64_t> tokenHashes(std::string_view text);

// Hashes of the n-grams of a token sequence (fewer than n tokens: none).
std::vector<uint64_t> ngramHashes(const std::vector<uint64_t>& tokens, int n);

inline uint64_t mix64(uint64_t x)
{
    // splitmix64 finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

uint64_t hashBytes(std::string_view s, uint64_t seed = 0);

} // namespace wb::curation::detail
