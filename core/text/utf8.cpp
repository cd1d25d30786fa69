#include "core/text/utf8.h"

namespace wb::utf8 {

size_t firstInvalid(std::string_view s)
{
    auto* u = reinterpret_cast<const unsigned char*>(s.data());
    size_t n = s.size();
    for (size_t p = 0; p < n;) {
        if (u[p] < 0x80) {
            ++p;
            continue;
        }
        size_t len = seqLen(u, p, n);
        if (!len)
            return p;
        p += len;
    }
    return std::string_view::npos;
}

void append(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

} // namespace wb::utf8
