#include "core/formats/json_cursor.h"

#include "core/text/utf8.h"

#include <cstdio>

namespace wb::formats::json {

namespace {
constexpr int kMaxDepth = 256;

std::string hexByte(unsigned char c)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

int hexVal(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

const char* typeName(Type t)
{
    switch (t) {
    case Type::Null: return "null";
    case Type::Bool: return "boolean";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Array: return "array";
    case Type::Object: return "object";
    }
    return "?";
}

void Cursor::fail(size_t at, std::string message) const
{
    throw ParseError{at, std::move(message)};
}

void Cursor::enter()
{
    if (++depth_ > kMaxDepth)
        fail(p_, "nesting deeper than 256 levels");
}

void Cursor::skipWs()
{
    while (p_ < s_.size()) {
        char c = s_[p_];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return;
        ++p_;
    }
}

void Cursor::expect(char c, const char* what)
{
    skipWs();
    if (p_ >= s_.size())
        fail(p_, std::string("unexpected end of record, expected ") + what);
    if (s_[p_] != c)
        fail(p_, std::string("expected ") + what);
    ++p_;
}

Type Cursor::peekType()
{
    skipWs();
    if (p_ >= s_.size())
        fail(p_, "unexpected end of record, expected a value");
    unsigned char c = s_[p_];
    switch (c) {
    case '"': return Type::String;
    case '{': return Type::Object;
    case '[': return Type::Array;
    case 't': case 'f': return Type::Bool;
    case 'n': return Type::Null;
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return Type::Number;
    }
    if (c >= 0x80 && !utf8::seqLen(reinterpret_cast<const unsigned char*>(s_.data()), p_, s_.size()))
        fail(p_, "invalid UTF-8 byte " + hexByte(c));
    if (c < 0x20 || c >= 0x80)
        fail(p_, "unexpected byte " + hexByte(c) + ", expected a value");
    fail(p_, std::string("unexpected character '") + char(c) + "', expected a value");
}

unsigned Cursor::readHex4(size_t at)
{
    if (p_ + 4 > s_.size())
        fail(at, "bad \\u escape (needs 4 hex digits)");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
        int h = hexVal(s_[p_ + i]);
        if (h < 0)
            fail(at, "bad \\u escape (needs 4 hex digits)");
        v = v * 16 + unsigned(h);
    }
    p_ += 4;
    return v;
}

void Cursor::readEscape(std::string& out)
{
    size_t at = p_;   // the backslash
    if (p_ + 1 >= s_.size())
        fail(at, "unterminated string (ends inside an escape)");
    char e = s_[p_ + 1];
    p_ += 2;
    switch (e) {
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    case '/': out += '/'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case 'u': break;
    default:
        if ((unsigned char)e < 0x20 || (unsigned char)e >= 0x80)
            fail(at, "bad escape '\\" + hexByte((unsigned char)e) + "' in string");
        fail(at, std::string("bad escape '\\") + e + "' in string");
    }
    unsigned cp = readHex4(at);
    char buf[16];
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        std::snprintf(buf, sizeof buf, "%04X", cp);
        fail(at, std::string("lone surrogate \\u") + buf + " in string");
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned lo = 0;
        if (p_ + 1 < s_.size() && s_[p_] == '\\' && s_[p_ + 1] == 'u') {
            size_t save = p_;
            p_ += 2;
            lo = readHex4(save);
            if (lo < 0xDC00 || lo > 0xDFFF)
                lo = 0;
        }
        if (!lo) {
            std::snprintf(buf, sizeof buf, "%04X", cp);
            fail(at, std::string("lone surrogate \\u") + buf + " in string");
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    }
    utf8::append(out, cp);
}

void Cursor::readString(std::string& out)
{
    size_t open = p_++;
    auto* u = reinterpret_cast<const unsigned char*>(s_.data());
    size_t n = s_.size();
    for (;;) {
        size_t run = p_;
        while (p_ < n) {
            unsigned char c = u[p_];
            if (c < 0x80) {
                if (c < 0x20 || c == '"' || c == '\\')
                    break;
                p_ = skipAsciiPlain(s_.data(), p_ + 1, n);
                continue;
            }
            // Fast path for the common 3-byte sequences (CJK) that need no
            // overlong/surrogate check.
            if (c >= 0xE1 && c <= 0xEC && p_ + 2 < n && (u[p_ + 1] & 0xC0) == 0x80 && (u[p_ + 2] & 0xC0) == 0x80) {
                p_ += 3;
                continue;
            }
            size_t len = utf8::seqLen(u, p_, n);
            if (!len)
                break;
            p_ += len;
        }
        out.append(s_.data() + run, p_ - run);
        if (p_ >= n)
            fail(open, "unterminated string");
        unsigned char c = u[p_];
        if (c == '"') {
            ++p_;
            return;
        }
        if (c == '\\') {
            readEscape(out);
            continue;
        }
        if (c < 0x20)
            fail(p_, "control character " + hexByte(c) + " in string must be escaped");
        fail(p_, "invalid UTF-8 byte " + hexByte(c));
    }
}

void Cursor::skipString()
{
    // Validation is the same as reading; strings are short compared to the
    // cost of a second code path.
    std::string scratch;
    readString(scratch);
}

void Cursor::skipNumber()
{
    size_t start = p_;
    auto digit = [&] { return p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9'; };
    if (s_[p_] == '-')
        ++p_;
    if (!digit())
        fail(start, "bad number");
    if (s_[p_] == '0')
        ++p_;
    else
        while (digit())
            ++p_;
    if (p_ < s_.size() && s_[p_] == '.') {
        ++p_;
        if (!digit())
            fail(start, "bad number (no digits after '.')");
        while (digit())
            ++p_;
    }
    if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) {
        ++p_;
        if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-'))
            ++p_;
        if (!digit())
            fail(start, "bad number (no digits in exponent)");
        while (digit())
            ++p_;
    }
}

void Cursor::skipLiteral(std::string_view word)
{
    if (s_.substr(p_, word.size()) != word)
        fail(p_, "bad literal (expected '" + std::string(word) + "')");
    p_ += word.size();
}

void Cursor::skipValue()
{
    switch (peekType()) {
    case Type::String: skipString(); return;
    case Type::Number: skipNumber(); return;
    case Type::Null: skipLiteral("null"); return;
    case Type::Bool: skipLiteral(s_[p_] == 't' ? "true" : "false"); return;
    case Type::Object: readObject([&](std::string_view, size_t, size_t) { skipValue(); }); return;
    case Type::Array: readArray([&](size_t) { skipValue(); }); return;
    }
}

void appendCompact(std::string& out, std::string_view v)
{
    bool inStr = false, esc = false;
    for (char c : v) {
        if (inStr) {
            out += c;
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                inStr = false;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '"')
            inStr = true;
        out += c;
    }
}

void appendQuoted(std::string& out, std::string_view s)
{
    static const char* hex = "0123456789abcdef";
    out += '"';
    size_t run = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

} // namespace wb::formats::json
