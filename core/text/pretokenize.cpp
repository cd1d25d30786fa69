// Hand-written matchers for the pre-tokenizer regexes (see pretokenize.h).
// Each branch below is one alternative of the regex, tried in order.
#include "core/text/pretokenize.h"

#include "core/text/unicode_props.h"

#include <array>

namespace wb::pretok {
namespace {

using unicode::CharClass;

constexpr std::string_view kGpt2Regex =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr std::string_view kCl100kRegex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2Regex =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

constexpr CharClass O = CharClass::Other, L = CharClass::Letter, N = CharClass::Number, S = CharClass::Space;

constexpr std::array<CharClass, 128> makeAsciiClasses()
{
    std::array<CharClass, 128> t{};
    for (auto& c : t) c = O;
    for (int c = 'a'; c <= 'z'; ++c) t[c] = L;
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = L;
    for (int c = '0'; c <= '9'; ++c) t[c] = N;
    for (int c : {' ', '\t', '\n', '\v', '\f', '\r'}) t[c] = S;
    return t;
}
constexpr auto kAscii = makeAsciiClasses();

struct Char {
    CharClass cls;
    uint32_t len;
};

// Text as bytes, with the class of the character at a position.
struct Text {
    const unsigned char* s;
    size_t n;

    explicit Text(std::string_view t) : s(reinterpret_cast<const unsigned char*>(t.data())), n(t.size()) {}

    [[gnu::always_inline]] Char at(size_t i) const
    {
        if (s[i] < 0x80) return {kAscii[s[i]], 1};
        const unicode::Decoded d = unicode::decodeUtf8(s, i, n);
        return {d.valid ? unicode::classOf(d.cp) : O, d.len};
    }
    CharClass classAt(size_t i) const { return at(i).cls; }
    bool isNewline(size_t i) const { return s[i] == '\n' || s[i] == '\r'; }

    // End of the run of characters of class `cls` from i, at most maxCount.
    size_t runEnd(size_t i, CharClass cls, size_t maxCount = SIZE_MAX) const
    {
        for (size_t count = 0; i < n && count < maxCount; ++count) {
            const Char c = at(i);
            if (c.cls != cls) break;
            i += c.len;
        }
        return i;
    }
};

// ---- GPT-2 ---------------------------------------------------------------

size_t gpt2Match(const Text& t, size_t i)
{
    const size_t n = t.n;
    const unsigned char* s = t.s;
    // 's|'t|'re|'ve|'m|'ll|'d (case-sensitive)
    if (s[i] == '\'' && i + 1 < n) {
        const unsigned char a = s[i + 1];
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        if (i + 2 < n) {
            const unsigned char b = s[i + 2];
            if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
        }
    }
    Char c = t.at(i);
    size_t j = i;
    if (s[i] == ' ' && i + 1 < n) {
        const Char next = t.at(i + 1);
        if (next.cls != S) {
            j = i + 1;
            c = next;
        }
    }
    // ' ?\p{L}+', ' ?\p{N}+' or ' ?[^\s\p{L}\p{N}]+': a run of one class.
    if (c.cls != S) return t.runEnd(j + c.len, c.cls) - i;
    // Whitespace run. '\s+(?!\S)' leaves the last character for the next
    // word when one follows; a single one before a word falls to '\s+'.
    size_t lastStart = i;
    j = i;
    while (j < n) {
        const Char d = t.at(j);
        if (d.cls != S) break;
        lastStart = j;
        j += d.len;
    }
    return (j < n && lastStart > i ? lastStart : j) - i;
}

// ---- cl100k / Llama 3 / Qwen2 ---------------------------------------------

// U+017F (long s) folds to 's' under Unicode case folding; nothing else
// outside ASCII folds to a letter of the contractions.
bool foldsTo(const Text& t, size_t i, char lower, size_t& len)
{
    const unsigned char b = t.s[i];
    if (b == static_cast<unsigned char>(lower) || b == static_cast<unsigned char>(lower - 32)) {
        len = 1;
        return true;
    }
    if (lower == 's' && b == 0xC5 && i + 1 < t.n && t.s[i + 1] == 0xBF) {
        len = 2;
        return true;
    }
    return false;
}

// Length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at i, or 0.
size_t contraction(const Text& t, size_t i)
{
    if (t.s[i] != '\'' || i + 1 >= t.n) return 0;
    size_t a = 0, b = 0;
    for (char c : {'s', 't', 'm', 'd'})
        if (foldsTo(t, i + 1, c, a)) return 1 + a;
    for (const char* pair : {"re", "ve", "ll"})
        if (foldsTo(t, i + 1, pair[0], a) && i + 1 + a < t.n && foldsTo(t, i + 1 + a, pair[1], b)) return 1 + a + b;
    return 0;
}

size_t cl100kMatch(const Text& t, size_t i, size_t maxDigits)
{
    if (size_t k = contraction(t, i)) return k;
    const size_t n = t.n;
    const Char c0 = t.at(i);
    const size_t next = i + c0.len;
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (c0.cls == L) return t.runEnd(next, L) - i;
    if ((c0.cls == O || (c0.cls == S && !t.isNewline(i))) && next < n && t.classAt(next) == L)
        return t.runEnd(next, L) - i;
    // \p{N}{1,3} (Cl100k) or \p{N} (Qwen2)
    if (c0.cls == N) return t.runEnd(next, N, maxDigits - 1) - i;
    // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    size_t start = SIZE_MAX;
    if (c0.cls == O) start = i;
    else if (t.s[i] == ' ' && next < n && t.classAt(next) == O) start = next;
    if (start != SIZE_MAX) {
        size_t j = t.runEnd(start, O);
        while (j < n && t.isNewline(j)) ++j;
        return j - i;
    }
    // c0 is whitespace. '\s*[\r\n]+' ends after the run's last newline;
    // '\s+(?!\S)' takes the run but its last character when a non-space
    // follows; '\s+' the single whitespace character before one.
    size_t lastNewlineEnd = 0;
    size_t lastStart = i;
    size_t j = i;
    while (j < n) {
        const Char c = t.at(j);
        if (c.cls != S) break;
        lastStart = j;
        j += c.len;
        if (c.len == 1 && t.isNewline(j - 1)) lastNewlineEnd = j;
    }
    if (lastNewlineEnd) return lastNewlineEnd - i;
    return (j < n && lastStart > i ? lastStart : j) - i;
}

} // namespace

std::string_view regexOf(Pattern p)
{
    switch (p) {
    case Pattern::Gpt2: return kGpt2Regex;
    case Pattern::Cl100k: return kCl100kRegex;
    case Pattern::Qwen2: return kQwen2Regex;
    }
    return {};
}

std::optional<Pattern> patternForRegex(std::string_view regex)
{
    for (Pattern p : {Pattern::Gpt2, Pattern::Cl100k, Pattern::Qwen2})
        if (regex == regexOf(p)) return p;
    return std::nullopt;
}

size_t matchLength(Pattern p, std::string_view text, size_t pos)
{
    const Text t(text);
    switch (p) {
    case Pattern::Gpt2: return gpt2Match(t, pos);
    case Pattern::Cl100k: return cl100kMatch(t, pos, 3);
    case Pattern::Qwen2: return cl100kMatch(t, pos, 1);
    }
    return 1;
}

std::vector<std::string_view> split(Pattern p, std::string_view text)
{
    std::vector<std::string_view> out;
    forEachPiece(p, text, [&](std::string_view piece) { out.push_back(piece); });
    return out;
}

size_t digitsMatchLength(bool individualDigits, std::string_view text, size_t pos)
{
    const Text t(text);
    const Char c = t.at(pos);
    if (c.cls == N) return individualDigits ? c.len : t.runEnd(pos, N) - pos;
    size_t j = pos + c.len;
    while (j < t.n) {
        const Char d = t.at(j);
        if (d.cls == N) break;
        j += d.len;
    }
    return j - pos;
}

std::vector<std::string_view> splitDigits(std::string_view text, bool individualDigits)
{
    std::vector<std::string_view> out;
    for (size_t i = 0; i < text.size();) {
        const size_t n = digitsMatchLength(individualDigits, text, i);
        out.push_back(text.substr(i, n));
        i += n;
    }
    return out;
}

} // namespace wb::pretok
