#include "core/inspect/claims.h"

#include "core/inspect/text_units.h"
#include "core/text/unicode_props.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace wb::inspect {
namespace {

using unicode::decodeUtf8;

bool isSpace(char32_t cp) { return unicode::classOf(cp) == unicode::CharClass::Space; }

bool isStrongTerminator(char32_t cp) { return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?'; }

// Closing quotes and brackets that stay with the sentence they close.
bool isCloser(char32_t cp)
{
    switch (cp) {
    case '"': case '\'': case ')': case ']': case '}': case 0x201D: case 0x2019: case 0x300D: case 0x300F:
    case 0xFF09: case 0x300B: case 0x3011: case 0xFF3D:
        return true;
    default:
        return false;
    }
}

bool isAbbreviation(std::string_view wordBeforeDot)
{
    static constexpr std::string_view kAbbrev[] = {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "eg", "ie", "cf", "al", "inc",
        "ltd", "co", "corp", "no", "fig", "approx", "dept", "est", "jan", "feb", "mar", "apr", "aug", "sept",
        "oct", "nov", "dec", "mt"};
    const std::string w = asciiLower(wordBeforeDot);
    if (std::find(std::begin(kAbbrev), std::end(kAbbrev), w) != std::end(kAbbrev)) return true;
    // Initials and dotted acronyms: "J", "U.S", "Ph.D".
    if (w.size() == 1 && wordBeforeDot[0] >= 'A' && wordBeforeDot[0] <= 'Z') return true;
    return w.find('.') != std::string::npos;
}

// The letters and inner dots right before position `dot` ("e.g" for "e.g.").
std::string_view wordBefore(std::string_view s, size_t dot)
{
    size_t b = dot;
    while (b > 0) {
        const char c = s[b - 1];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (letter || (c == '.' && b >= 2 && std::isalpha(static_cast<unsigned char>(s[b - 2])))) --b;
        else break;
    }
    return s.substr(b, dot - b);
}

// Does a '.' at `dot` end a sentence?
bool dotEndsSentence(std::string_view s, size_t dot)
{
    const size_t next = dot + 1;
    if (next < s.size() && s[next] >= '0' && s[next] <= '9' && dot > 0 && s[dot - 1] >= '0' && s[dot - 1] <= '9')
        return false;   // decimal point
    size_t j = next;
    while (j < s.size() && (s[j] == '.' || isCloser(static_cast<unsigned char>(s[j])))) ++j;   // "..." or ".)"
    if (j >= s.size()) return true;
    const unicode::Decoded d = decodeUtf8(s, j);
    if (d.valid && isHan(d.cp)) return true;   // "...end.下一句"
    if (!isSpace(d.cp)) return false;          // "e.g.x", "example.com", "century.First" in the middle of a word
    size_t k = j;
    while (k < s.size() && isSpace(decodeUtf8(s, k).cp)) k += decodeUtf8(s, k).len;
    if (k >= s.size()) return true;
    const char c = s[k];
    if (c >= 'a' && c <= 'z') return false;   // a lower-case word continues the sentence
    const std::string_view word = wordBefore(s, dot);
    if (isAbbreviation(word)) return asciiLower(word) == "etc";
    return true;
}

struct Range {
    size_t begin, end;
};

Range trimmed(std::string_view s, size_t b, size_t e)
{
    while (b < e) {
        const unicode::Decoded d = decodeUtf8(s, b);
        if (!isSpace(d.cp)) break;
        b += d.len;
    }
    while (e > b) {
        size_t p = e - 1;
        while (p > b && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
        if (!isSpace(decodeUtf8(s, p).cp)) break;
        e = p;
    }
    return {b, e};
}

// Position after the terminator at i (of length len) and the closers and
// further terminators that follow it.
size_t absorbClosers(std::string_view s, size_t i)
{
    while (i < s.size()) {
        const unicode::Decoded d = decodeUtf8(s, i);
        if (isCloser(d.cp) || isStrongTerminator(d.cp) || d.cp == '.') i += d.len;
        else break;
    }
    return i;
}

std::vector<Range> sentences(std::string_view s)
{
    std::vector<Range> out;
    size_t start = 0;
    size_t i = 0;
    auto cut = [&](size_t end) {
        const Range r = trimmed(s, start, end);
        if (r.end > r.begin) out.push_back(r);
        start = end;
    };
    while (i < s.size()) {
        const unicode::Decoded d = decodeUtf8(s, i);
        if (d.cp == '\n') {
            cut(i);
            i += 1;
            start = i;
        } else if (isStrongTerminator(d.cp) || (d.cp == '.' && dotEndsSentence(s, i))) {
            i = absorbClosers(s, i + d.len);
            cut(i);
        } else {
            i += d.len;
        }
    }
    cut(s.size());
    return out;
}

// A comma splits only when both sides hold a clause's worth of words.
struct Weight {
    int words = 0;
    int han = 0;
    bool enough() const { return words >= 3 || han >= 4 || (words >= 2 && han >= 2); }
};

Weight weightOf(std::string_view s, size_t b, size_t e)
{
    Weight w;
    for (const TextUnit& u : textUnits(s.substr(b, e - b))) {
        if (u.kind == UnitKind::Han) ++w.han;
        else ++w.words;
    }
    return w;
}

void clauses(std::string_view s, Range sentence, int index, std::vector<Claim>& out)
{
    std::vector<std::pair<size_t, bool>> candidates;   // (position after the delimiter, hard)
    for (size_t i = sentence.begin; i < sentence.end;) {
        const unicode::Decoded d = decodeUtf8(s, i);
        const size_t after = i + d.len;
        if (d.cp == 0xFF1B || d.cp == ';') candidates.push_back({after, true});
        else if (d.cp == 0xFF0C) candidates.push_back({after, false});
        else if (d.cp == ',') {
            const bool digitsAround = i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1])) && after < s.size() &&
                                      std::isdigit(static_cast<unsigned char>(s[after]));
            if (!digitsAround) candidates.push_back({after, false});
        }
        i = after;
    }
    size_t start = sentence.begin;
    auto emit = [&](size_t end) {
        const Range r = trimmed(s, start, end);
        if (r.end > r.begin) out.push_back({r.begin, r.end, index, std::string(s.substr(r.begin, r.end - r.begin))});
        start = end;
    };
    for (const auto& [pos, hard] : candidates) {
        if (pos >= sentence.end) break;
        if (hard || (weightOf(s, start, pos).enough() && weightOf(s, pos, sentence.end).enough())) emit(pos);
    }
    emit(sentence.end);
}

} // namespace

std::vector<Claim> splitClaims(std::string_view answer, ClaimGranularity granularity)
{
    std::vector<Claim> out;
    const std::vector<Range> sents = sentences(answer);
    for (size_t k = 0; k < sents.size(); ++k) {
        const Range r = sents[k];
        if (granularity == ClaimGranularity::Sentence)
            out.push_back({r.begin, r.end, int(k), std::string(answer.substr(r.begin, r.end - r.begin))});
        else
            clauses(answer, r, int(k), out);
    }
    return out;
}

} // namespace wb::inspect
