#include "core/text/cjk_segment.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace wb {

namespace {

// Decode one UTF-8 code point at s[p]; sets len (>= 1). Invalid sequences
// decode as U+FFFD with len 1 so callers always advance.
char32_t decodeUtf8(std::string_view s, size_t p, size_t& len)
{
    const auto c = static_cast<unsigned char>(s[p]);
    auto cont = [&](size_t i) {
        return p + i < s.size() && (static_cast<unsigned char>(s[p + i]) & 0xC0) == 0x80;
    };
    auto byte = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[p + i]) & 0x3F); };
    if (c < 0x80) {
        len = 1;
        return c;
    }
    if ((c & 0xE0) == 0xC0 && c >= 0xC2 && cont(1)) {
        len = 2;
        return (char32_t(c & 0x1F) << 6) | byte(1);
    }
    if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
        char32_t cp = (char32_t(c & 0x0F) << 12) | (byte(1) << 6) | byte(2);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            len = 3;
            return cp;
        }
    }
    if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
        char32_t cp = (char32_t(c & 0x07) << 18) | (byte(1) << 12) | (byte(2) << 6) | byte(3);
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            len = 4;
            return cp;
        }
    }
    len = 1;
    return 0xFFFD;
}

bool isUnicodeSpace(char32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
}

bool isAsciiAlnum(char32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

// Whether unicode61 could produce a token from this code point. ASCII
// punctuation and Unicode spaces certainly cannot; anything else non-ASCII is
// assumed to be able to (a phrase that turns out empty is still valid syntax).
bool mayBeTokenChar(char32_t cp)
{
    if (cp < 0x80)
        return isAsciiAlnum(cp);
    return !isUnicodeSpace(cp) && cp != 0xFFFD;
}

} // namespace

bool isCjkCodePoint(char32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF)        // Hangul Jamo
        || (cp >= 0x2E80 && cp <= 0x2FDF)        // CJK radicals, Kangxi radicals
        || (cp >= 0x3001 && cp <= 0x303F)        // CJK symbols and punctuation (not U+3000 space)
        || (cp >= 0x3040 && cp <= 0x30FF)        // Hiragana, Katakana
        || (cp >= 0x3100 && cp <= 0x31FF)        // Bopomofo, Hangul compat jamo, Katakana ext
        || (cp >= 0x3200 && cp <= 0x4DBF)        // enclosed CJK, compat, CJK ext A
        || (cp >= 0x4E00 && cp <= 0x9FFF)        // CJK unified ideographs
        || (cp >= 0xA960 && cp <= 0xA97F)        // Hangul Jamo ext A
        || (cp >= 0xAC00 && cp <= 0xD7FF)        // Hangul syllables, Jamo ext B
        || (cp >= 0xF900 && cp <= 0xFAFF)        // CJK compatibility ideographs
        || (cp >= 0xFE30 && cp <= 0xFE4F)        // CJK compatibility forms
        || (cp >= 0xFF01 && cp <= 0xFFEF)        // halfwidth and fullwidth forms
        || (cp >= 0x1B000 && cp <= 0x1B16F)      // kana supplement / extended
        || (cp >= 0x20000 && cp <= 0x3134F);     // CJK ext B..G, compat supplement
}

bool mayNeedSegmentation(std::string_view utf8)
{
    const char* p = utf8.data();
    size_t n = utf8.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        if (w & 0x8080808080808080ull)
            return true;
    }
    for (; n; ++p, --n)
        if (static_cast<unsigned char>(*p) >= 0x80)
            return true;
    return false;
}

void segmentForIndexInto(std::string_view utf8, std::string& out)
{
    out.clear();
    out.reserve(utf8.size() + utf8.size() / 2);
    for (size_t p = 0; p < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[p]);
        if (c < 0x80) {   // fast path: a run of ASCII is copied as is
            size_t q = p + 1;
            while (q < utf8.size() && static_cast<unsigned char>(utf8[q]) < 0x80)
                ++q;
            out.append(utf8.data() + p, q - p);
            p = q;
            continue;
        }
        size_t len = 1;
        const char32_t cp = decodeUtf8(utf8, p, len);
        if (isCjkCodePoint(cp)) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
            out.append(utf8.substr(p, len));
            out += ' ';
        } else {
            out.append(utf8.substr(p, len));
        }
        p += len;
    }
}

std::string segmentForIndex(std::string_view utf8)
{
    std::string out;
    segmentForIndexInto(utf8, out);
    return out;
}

std::string ftsQuery(std::string_view userQuery)
{
    struct Term {
        std::string_view text;
        bool searchable = false;
    };
    std::vector<Term> terms;
    bool endsInSpace = true;
    size_t start = std::string_view::npos;
    bool searchable = false;
    for (size_t p = 0; p < userQuery.size();) {
        size_t len = 1;
        const char32_t cp = decodeUtf8(userQuery, p, len);
        if (isUnicodeSpace(cp)) {
            if (start != std::string_view::npos)
                terms.push_back({userQuery.substr(start, p - start), searchable});
            start = std::string_view::npos;
            searchable = false;
            endsInSpace = true;
        } else {
            if (start == std::string_view::npos)
                start = p;
            searchable = searchable || mayBeTokenChar(cp);
            endsInSpace = false;
        }
        p += len;
    }
    if (start != std::string_view::npos)
        terms.push_back({userQuery.substr(start), searchable});

    std::string out;
    for (size_t i = 0; i < terms.size(); ++i) {
        if (!terms[i].searchable)
            continue;
        if (!out.empty())
            out += ' ';
        out += '"';
        for (char ch : segmentForIndex(terms[i].text)) {
            if (ch == '"')
                out += "\"\"";
            else if (ch != '\0')   // NUL would end the expression early in SQLite
                out += ch;
        }
        out += '"';
        const auto last = static_cast<unsigned char>(terms[i].text.back());
        if (i + 1 == terms.size() && !endsInSpace && isAsciiAlnum(last))
            out += " *";
    }
    return out;
}

} // namespace wb
