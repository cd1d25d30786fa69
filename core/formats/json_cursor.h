#pragma once
// A pull parser over one JSON value held in memory (one record's bytes). The
// streaming layer (json_stream.h) cuts the file into records; this parses a
// record straight into the caller's fields without building a DOM. Errors
// throw ParseError with a byte offset into the span.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wb::formats::json {

struct ParseError {
    size_t offset = 0;        // into the parsed span
    std::string message;
};

enum class Type { Null, Bool, Number, String, Array, Object };
const char* typeName(Type t);

class Cursor {
public:
    explicit Cursor(std::string_view s, size_t pos = 0) : s_(s), p_(pos) {}

    std::string_view source() const { return s_; }
    size_t pos() const { return p_; }
    void skipWs();
    bool atEnd() { skipWs(); return p_ >= s_.size(); }
    // Skips whitespace; throws at the end of input or on a character that
    // cannot start a value.
    Type peekType();
    // p_ at '"': decodes escapes, validates UTF-8, appends to out.
    void readString(std::string& out);
    // Validates and skips any value.
    void skipValue();
    // Iterate an object: onKey(key, keyStart, keyEnd) must consume the value.
    // Duplicate keys are errors naming the key.
    template <typename F> void readObject(F&& onKey);
    // Iterate an array: onElement(index) must consume the element.
    template <typename F> void readArray(F&& onElement);

    [[noreturn]] void fail(size_t at, std::string message) const;

private:
    void expect(char c, const char* what);
    void skipString();
    void skipNumber();
    void skipLiteral(std::string_view word);
    void readEscape(std::string& out);
    unsigned readHex4(size_t at);
    void enter();
    void leave() { --depth_; }

    std::string_view s_;
    size_t p_;
    int depth_ = 0;
    std::string key_;
};

// Word-at-a-time scans (8 bytes per step) for the hot loops. Each returns the
// index of the first byte in [p, n) that stops it, or n.
namespace detail {
constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
inline uint64_t hasByte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (kOnes * b);
    return (x - kOnes) & ~x & kHigh;
}
inline uint64_t hasControl(uint64_t w) { return (w - kOnes * 0x20) & ~w & kHigh; }
} // namespace detail

// Stops at '"', '\\', a control byte or any byte >= 0x80.
inline size_t skipAsciiPlain(const char* s, size_t p, size_t n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    for (; p + 16 <= n; p += 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
        int mask = _mm_movemask_epi8(m) | _mm_movemask_epi8(v);   // high bit = byte >= 0x80
        if (mask)
            return p + size_t(__builtin_ctz(unsigned(mask)));
    }
#else
    using namespace detail;
    for (; p + 8 <= n; p += 8) {
        uint64_t w;
        std::memcpy(&w, s + p, 8);
        if ((w & kHigh) | hasControl(w) | hasByte(w, '"') | hasByte(w, '\\'))
            break;
    }
#endif
    for (; p < n; ++p) {
        unsigned char c = s[p];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            break;
    }
    return p;
}

// Stops at '"', '\\' or a control byte (UTF-8 bytes pass).
inline size_t skipStringBody(const char* s, size_t p, size_t n)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    for (; p + 16 <= n; p += 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v));
        if (int mask = _mm_movemask_epi8(m))
            return p + size_t(__builtin_ctz(unsigned(mask)));
    }
#else
    using namespace detail;
    for (; p + 8 <= n; p += 8) {
        uint64_t w;
        std::memcpy(&w, s + p, 8);
        if (hasControl(w) | hasByte(w, '"') | hasByte(w, '\\'))
            break;
    }
#endif
    for (; p < n; ++p) {
        unsigned char c = s[p];
        if (c < 0x20 || c == '"' || c == '\\')
            break;
    }
    return p;
}

// Append the compact form of a valid JSON value (whitespace outside strings dropped).
void appendCompact(std::string& out, std::string_view validJson);
// Append s as a JSON string literal (quotes included).
void appendQuoted(std::string& out, std::string_view s);

template <typename F> void Cursor::readObject(F&& onKey)
{
    enter();
    ++p_;   // '{'
    std::vector<std::string> seen;
    skipWs();
    if (p_ < s_.size() && s_[p_] == '}') {
        ++p_;
        leave();
        return;
    }
    for (;;) {
        skipWs();
        if (p_ >= s_.size())
            fail(p_, "unexpected end of record inside an object");
        if (s_[p_] != '"')
            fail(p_, "expected a key string in object");
        size_t keyStart = p_;
        key_.clear();
        readString(key_);
        size_t keyEnd = p_;
        for (const auto& k : seen)
            if (k == key_)
                fail(keyStart, "duplicate key '" + key_ + "'");
        seen.push_back(key_);
        expect(':', "':' after key");
        std::string key = key_;
        onKey(std::string_view(key), keyStart, keyEnd);
        skipWs();
        if (p_ >= s_.size())
            fail(p_, "unexpected end of record inside an object");
        if (s_[p_] == ',') {
            size_t comma = p_++;
            skipWs();
            if (p_ < s_.size() && s_[p_] == '}')
                fail(comma, "trailing comma in object");
            continue;
        }
        if (s_[p_] == '}') {
            ++p_;
            leave();
            return;
        }
        fail(p_, "expected ',' or '}' in object");
    }
}

template <typename F> void Cursor::readArray(F&& onElement)
{
    enter();
    ++p_;   // '['
    skipWs();
    if (p_ < s_.size() && s_[p_] == ']') {
        ++p_;
        leave();
        return;
    }
    for (size_t i = 0;; ++i) {
        onElement(i);
        skipWs();
        if (p_ >= s_.size())
            fail(p_, "unexpected end of record inside an array");
        if (s_[p_] == ',') {
            size_t comma = p_++;
            skipWs();
            if (p_ < s_.size() && s_[p_] == ']')
                fail(comma, "trailing comma in array");
            continue;
        }
        if (s_[p_] == ']') {
            ++p_;
            leave();
            return;
        }
        fail(p_, "expected ',' or ']' in array");
    }
}

} // namespace wb::formats::json
