#include "core/curation/text_scan.h"

#include <cstring>

namespace wb::curation::detail {

char32_t nextCodePoint(std::string_view s, size_t& pos)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    unsigned char c = p[pos];
    if (c < 0x80) {
        ++pos;
        return c;
    }
    int len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        ++pos;
        return 0xFFFD;
    }
    if (pos + len > n) {
        ++pos;
        return 0xFFFD;
    }
    for (int i = 1; i < len; ++i) {
        unsigned char t = p[pos + i];
        if ((t & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (t & 0x3F);
    }
    pos += len;
    return cp;
}

size_t codePointCount(std::string_view s)
{
    size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

Script scriptOf(char32_t c)
{
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return Script::Latin;
        if (c >= '0' && c <= '9')
            return Script::Digit;
        return Script::None;
    }
    if (c < 0x250)
        return (c >= 0xC0 && c != 0xD7 && c != 0xF7) ? Script::Latin : Script::None;
    if (c >= 0x1E00 && c <= 0x1EFF)
        return Script::Latin;
    if (c >= 0x370 && c < 0x400)
        return Script::OtherLetter;   // Greek
    if (c >= 0x400 && c < 0x530)
        return Script::Cyrillic;
    if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780) || (c >= 0x8A0 && c < 0x900)
        || (c >= 0xFB50 && c < 0xFE00) || (c >= 0xFE70 && c < 0xFF00)) {
        if ((c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9))
            return Script::Digit;
        if (c == 0x60C || c == 0x61B || c == 0x61F || c == 0x66A || c == 0x66B || c == 0x66C || c == 0x6D4)
            return Script::None;   // Arabic punctuation
        return Script::Arabic;
    }
    if (c >= 0x1100 && c < 0x1200)
        return Script::Hangul;   // Jamo
    if (c >= 0x530 && c < 0x2000)
        return Script::OtherLetter;   // Armenian, Hebrew, Indic, Thai, Georgian...
    if (c >= 0x2000 && c < 0x3040)
        return c >= 0x2E80 && c < 0x3000 ? Script::Han : Script::None;   // CJK radicals; punctuation, symbols
    if (c >= 0x3040 && c < 0x3100)
        return (c == 0x30FB) ? Script::None : Script::Kana;
    if ((c >= 0x3130 && c < 0x3190) || (c >= 0xAC00 && c < 0xD7B0))
        return Script::Hangul;
    if (c >= 0x31F0 && c < 0x3200)
        return Script::Kana;
    if ((c >= 0x3400 && c < 0x4DC0) || (c >= 0x4E00 && c < 0xA000) || (c >= 0xF900 && c < 0xFB00)
        || (c >= 0x20000 && c < 0x32000))
        return Script::Han;
    if (c >= 0xFF10 && c <= 0xFF19)
        return Script::Digit;
    if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
        return Script::Latin;   // full-width Latin
    if (c >= 0xFF66 && c <= 0xFF9D)
        return Script::Kana;   // half-width katakana
    if (c >= 0xA000 && c < 0xAC00)
        return Script::OtherLetter;   // Yi, Vai, ...
    if (c >= 0xE000 && c < 0xF900)
        return Script::None;   // private use
    if (c >= 0xFE00 && c < 0xFF00)
        return Script::None;   // variation selectors, CJK compatibility punctuation
    if (c >= 0x1F000)
        return Script::None;   // emoji, symbols
    if (c >= 0xFF00 && c < 0x10000)
        return Script::None;
    return Script::OtherLetter;
}

uint64_t hashBytes(std::string_view s, uint64_t seed)
{
    // 8 bytes at a time, each word mixed in; good enough for token identity.
    uint64_t h = seed ^ (0x9e3779b97f4a7c15ull * (s.size() + 1));
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = mix64(h ^ w);
    }
    uint64_t tail = 0;
    for (size_t k = 0; i < s.size(); ++i, ++k)
        tail |= uint64_t(static_cast<unsigned char>(s[i])) << (8 * k);
    return mix64(h ^ tail ^ 0x5bd1e9955bd1e995ull);
}

std::vector<uint64_t> tokenHashes(std::string_view text)
{
    std::vector<uint64_t> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) {
            out.push_back(hashBytes(word, 1));
            word.clear();
        }
    };
    for (size_t p = 0; p < text.size();) {
        size_t start = p;
        char32_t c = nextCodePoint(text, p);
        Script s = scriptOf(c);
        if (isCjkScript(s)) {
            flush();
            out.push_back(hashBytes(text.substr(start, p - start), 2));
        } else if (s == Script::None) {
            flush();
        } else if (c < 0x80) {
            word += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
        } else {
            word.append(text.substr(start, p - start));
        }
    }
    flush();
    return out;
}

std::vector<uint64_t> ngramHashes(const std::vector<uint64_t>& tokens, int n)
{
    std::vector<uint64_t> out;
    if (n < 1 || tokens.size() < size_t(n))
        return out;
    out.reserve(tokens.size() - n + 1);
    for (size_t i = 0; i + n <= tokens.size(); ++i) {
        uint64_t h = 0x243f6a8885a308d3ull;
        for (int k = 0; k < n; ++k)
            h = mix64(h ^ tokens[i + k]) + k;
        out.push_back(h);
    }
    return out;
}

} // namespace wb::curation::detail
