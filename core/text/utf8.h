#pragma once
// Minimal UTF-8 helpers (format readers, tokenizers): strict validation (no
// overlongs, no surrogates, nothing above U+10FFFF) and encoding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wb::utf8 {

// Length of the valid UTF-8 sequence starting at s[p] (1..4), or 0 when the
// bytes there are not valid UTF-8 (including a sequence cut off by the end).
inline size_t seqLen(const unsigned char* s, size_t p, size_t n)
{
    unsigned char c = s[p];
    if (c < 0x80)
        return 1;
    auto cont = [&](size_t i) { return p + i < n && (s[p + i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        unsigned char c1 = s[p + 1];
        if (c == 0xE0 && c1 < 0xA0)
            return 0;   // overlong
        if (c == 0xED && c1 >= 0xA0)
            return 0;   // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        unsigned char c1 = s[p + 1];
        if (c == 0xF0 && c1 < 0x90)
            return 0;
        if (c == 0xF4 && c1 >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

// Offset of the first invalid byte, or std::string_view::npos when valid.
size_t firstInvalid(std::string_view s);

void append(std::string& out, uint32_t codepoint);

} // namespace wb::utf8
