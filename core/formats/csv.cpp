#include "core/formats/csv.h"

#include "core/text/utf8.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace wb::formats {

CsvReader::CsvReader(ChunkedInput& in, char delimiter, int64_t maxRecordBytes)
    : in_(in), delim_(delimiter), maxBytes_(maxRecordBytes)
{
    if (in_.ensure(2, 0) && std::memcmp(in_.ptr(0), "\xEF\xBB\xBF", 3) == 0)
        pos_ = 3;
}

bool CsvReader::next(CsvRow& row)
{
    while (!done_) {
        row = CsvRow{};
        row.line = line_;
        int64_t start = pos_, p = pos_;
        bool inQuote = false;
        int64_t newlines = 0;
        int64_t end = -1;
        for (;;) {
            if (!in_.ensure(p, start))
                break;
            char c = in_.at(p);
            if (c == '"')
                inQuote = !inQuote;
            else if (c == '\n') {
                if (!inQuote) {
                    end = p;
                    break;
                }
                ++newlines;
            }
            ++p;
            if (p - start > maxBytes_) {
                row.error = "row is larger than the limit of " + std::to_string(maxBytes_) + " bytes";
                row.errLine = line_;
                row.errColumn = 1;
                row.raw.assign(in_.view(start, std::min(p, start + 65536)));
                done_ = true;   // cannot find a reliable row end after this
                return true;
            }
        }
        if (end < 0) {
            done_ = true;
            end = p;
            if (inQuote) {
                row.raw.assign(in_.view(start, end));
                row.error = "unterminated quoted field (the file ends inside quotes)";
                row.errLine = line_ + newlines;
                row.errColumn = 1;
                return true;
            }
        }
        std::string_view raw = in_.view(start, end);
        if (!raw.empty() && raw.back() == '\r')
            raw.remove_suffix(1);
        row.raw.assign(raw);
        pos_ = end + 1;
        line_ += newlines + 1;
        if (raw.empty())
            continue;   // blank line between rows
        parse(row);
        return true;
    }
    return false;
}

void CsvReader::parse(CsvRow& row) const
{
    const std::string& s = row.raw;
    auto positionOf = [&](size_t off, int64_t& line, int64_t& col) {
        line = row.line;
        size_t lineStart = 0;
        for (size_t i = 0; i < off; ++i)
            if (s[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        col = int64_t(off - lineStart) + 1;
    };
    size_t bad = utf8::firstInvalid(s);
    if (bad != std::string::npos) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", (unsigned char)s[bad]);
        row.error = std::string("invalid UTF-8 byte ") + hex;
        positionOf(bad, row.errLine, row.errColumn);
        return;
    }
    size_t p = 0;
    for (;;) {
        std::string field;
        if (p < s.size() && s[p] == '"') {
            size_t open = p++;
            for (;;) {
                size_t q = s.find('"', p);
                if (q == std::string::npos) {
                    row.error = "unterminated quoted field";
                    positionOf(open, row.errLine, row.errColumn);
                    return;
                }
                field.append(s, p, q - p);
                p = q + 1;
                if (p < s.size() && s[p] == '"') {
                    field += '"';
                    ++p;
                    continue;
                }
                break;
            }
            if (p < s.size() && s[p] != delim_) {
                row.error = "unexpected character after a closing quote";
                positionOf(p, row.errLine, row.errColumn);
                return;
            }
        } else {
            size_t q = s.find(delim_, p);
            if (q == std::string::npos)
                q = s.size();
            field.assign(s, p, q - p);
            p = q;
        }
        row.fields.push_back(std::move(field));
        if (p >= s.size())
            return;
        ++p;   // delimiter
    }
}

void appendCsvField(std::string& out, std::string_view field, char delimiter)
{
    bool quote = field.find_first_of(std::string{'"', '\n', '\r', delimiter}) != std::string_view::npos
        || (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        out.append(field);
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

} // namespace wb::formats
