// Unicode tables (generated) and Normalization Form C, following UAX #15:
// decompose canonically, put combining marks in canonical order, then compose
// each mark with the last starter unless a mark in between blocks it.
#include "core/text/unicode_props.h"

#include "core/text/utf8.h"

#include <algorithm>
#include <vector>

namespace wb::unicode {
namespace detail {
#include "core/text/unicode_tables.inc"
static_assert(kClassBlockBits == kBlockBits, "regenerate unicode_tables.inc");
} // namespace detail

namespace {

using namespace detail;

// Hangul syllables are composed and decomposed arithmetically (Unicode ch. 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

bool needsCheck(char32_t cp)
{
    return flagsOf(cp) & kNfcCheck;
}

void appendDecomposition(char32_t cp, std::vector<char32_t>& out)
{
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t s = cp - kSBase;
        out.push_back(kLBase + s / kNCount);
        out.push_back(kVBase + (s % kNCount) / kTCount);
        if (s % kTCount) out.push_back(kTBase + s % kTCount);
        return;
    }
    // Precomposed letters that NFC keeps (é) have no check flag, yet must be
    // decomposed inside a segment, so every character is looked up.
    const auto it = std::lower_bound(std::begin(kDecomposition), std::end(kDecomposition), cp,
                                     [](const DecompEntry& e, char32_t c) { return e.cp < c; });
    if (it != std::end(kDecomposition) && it->cp == cp) {
        out.insert(out.end(), kDecompositionPool + it->offset, kDecompositionPool + it->offset + it->length);
        return;
    }
    out.push_back(cp);
}

// The primary composite of (first, second), or 0.
char32_t compose(char32_t first, char32_t second)
{
    if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount)
        return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
    if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 && second > kTBase
        && second < kTBase + kTCount)
        return first + (second - kTBase);
    const uint64_t key = (uint64_t(first) << 32) | second;
    const auto it = std::lower_bound(std::begin(kComposition), std::end(kComposition), key,
                                     [](const CompEntry& e, uint64_t k) { return e.pair < k; });
    return it != std::end(kComposition) && it->pair == key ? it->composite : 0;
}

// NFC of a run of valid UTF-8 that starts at a starter, appended to out.
void normalizeSegment(std::string_view seg, std::vector<char32_t>& buf, std::string& out)
{
    buf.clear();
    for (size_t i = 0; i < seg.size();) {
        const Decoded d = decodeUtf8(seg, i);
        appendDecomposition(d.cp, buf);
        i += d.len;
    }
    // Canonical ordering: stable insertion sort of each run of non-starters.
    const size_t n = buf.size();
    for (size_t i = 1; i < n; ++i) {
        const uint8_t c = combiningClass(buf[i]);
        if (c == 0) continue;
        for (size_t j = i; j > 0 && combiningClass(buf[j - 1]) > c; --j) std::swap(buf[j], buf[j - 1]);
    }
    // Canonical composition, in place: w is the output length.
    size_t w = 0;
    size_t starter = SIZE_MAX;
    uint8_t lastClass = 0;
    for (size_t i = 0; i < n; ++i) {
        const char32_t ch = buf[i];
        const uint8_t cls = combiningClass(ch);
        if (starter != SIZE_MAX) {
            const bool adjacent = w - 1 == starter;
            const bool blocked = !adjacent && (lastClass == 0 || lastClass >= cls);
            if (!blocked) {
                if (const char32_t c = compose(buf[starter], ch)) {
                    buf[starter] = c;
                    continue;
                }
            }
        }
        if (cls == 0) starter = w;
        lastClass = cls;
        buf[w++] = ch;
    }
    for (size_t i = 0; i < w; ++i) utf8::append(out, buf[i]);
}

} // namespace

const char* unicodeVersion()
{
    return kUnicodeVersion;
}

uint8_t combiningClass(char32_t cp)
{
    if (!needsCheck(cp)) return 0;
    const auto it = std::lower_bound(std::begin(kCombiningClass), std::end(kCombiningClass), cp,
                                     [](const CccEntry& e, char32_t c) { return e.cp < c; });
    return it != std::end(kCombiningClass) && it->cp == cp ? it->ccc : 0;
}

size_t nfcQuickCheck(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        if (s[i] < 0xCC) {   // below U+0300 nothing needs a check (invalid bytes neither)
            ++i;
            continue;
        }
        const Decoded d = decodeUtf8(s, i, n);
        if (d.valid && needsCheck(d.cp)) return i;
        i += d.len;
    }
    return std::string_view::npos;
}

std::string toNfc(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    std::string out;
    std::vector<char32_t> buf;
    size_t copied = 0;      // text[0, copied) is in out
    size_t prevStart = 0;   // start of the previous valid character (a boundary), or npos
    bool prevValid = false;
    for (size_t i = 0; i < n;) {
        const Decoded d = decodeUtf8(s, i, n);
        if (!d.valid || !needsCheck(d.cp)) {
            prevStart = i;
            prevValid = d.valid;
            i += d.len;
            continue;
        }
        // A segment starts at the last starter that cannot combine backwards
        // (the previous character, unless it was an invalid byte) and ends
        // before the next such starter or invalid byte.
        const size_t start = prevValid && prevStart >= copied ? prevStart : i;
        if (out.empty()) out.reserve(n + n / 8);
        out.append(text.substr(copied, start - copied));
        size_t end = i + d.len;
        while (end < n) {
            const Decoded e = decodeUtf8(s, end, n);
            if (!e.valid || !needsCheck(e.cp)) break;
            end += e.len;
        }
        normalizeSegment(text.substr(start, end - start), buf, out);
        copied = end;
        prevValid = false;
        i = end;
    }
    if (copied == 0) return std::string(text);
    out.append(text.substr(copied));
    return out;
}

} // namespace wb::unicode
