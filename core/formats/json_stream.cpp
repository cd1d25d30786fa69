#include "core/formats/json_stream.h"

#include "core/formats/json_cursor.h"

#include <algorithm>
#include <cstring>

namespace wb::formats {

namespace {
constexpr size_t kMaxRawKept = 64 * 1024;   // raw bytes kept for an oversized/broken record

bool isWs(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
} // namespace

JsonRecordStream::JsonRecordStream(ChunkedInput& in, const std::string& fileName, int64_t maxRecordBytes)
    : in_(in), file_(fileName), maxBytes_(maxRecordBytes)
{
    if (in_.ensure(2, 0) && std::memcmp(in_.ptr(0), "\xEF\xBB\xBF", 3) == 0) {
        pos_ = 3;
        lineStart_ = 3;   // columns count from after the BOM
    }
    const int64_t bomEnd = pos_;
    int64_t p = pos_;
    if (!skipWs(p))
        throw Error(file_ + ": file is empty");
    char c = in_.at(p);
    if (c == '[')
        container_ = Container::JsonArray;
    else if (c == '{')
        container_ = Container::JsonLines;
    else
        throw Error(file_ + ": line " + std::to_string(line_) + ", column " + std::to_string(col(p))
                    + ": not JSON (expected '[' or '{' at the start of the file)");
    if (container_ == Container::JsonArray) {
        pos_ = p + 1;
    }
    else {
        // JSON Lines counts lines itself from the start (after the BOM).
        pos_ = bomEnd;
        lineStart_ = bomEnd;
        line_ = 1;
    }
}

std::pair<int64_t, int64_t> JsonRecordStream::position(const RawRecord& r, size_t offset)
{
    offset = std::min(offset, r.bytes.size());
    int64_t line = r.line;
    size_t lastNl = std::string::npos;
    for (size_t i = 0; i < offset; ++i)
        if (r.bytes[i] == '\n') {
            ++line;
            lastNl = i;
        }
    if (lastNl == std::string::npos)
        return {line, r.column + int64_t(offset)};
    return {line, int64_t(offset - lastNl)};
}

bool JsonRecordStream::next(RawRecord& out)
{
    while (queue_.empty() && !done_) {
        if (container_ == Container::JsonLines)
            stepLines();
        else
            stepArray();
    }
    if (queue_.empty())
        return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    return true;
}

// Whitespace skipping that keeps line numbers; p ends on the first other byte.
bool JsonRecordStream::skipWs(int64_t& p)
{
    for (;;) {
        if (!in_.ensure(p, pos_))
            return false;
        char c = in_.at(p);
        if (!isWs(c))
            return true;
        if (c == '\n') {
            ++line_;
            lineStart_ = p + 1;
        }
        ++p;
    }
}

void JsonRecordStream::pushError(int64_t at, std::string message, std::string raw)
{
    RawRecord r;
    r.ok = false;
    r.line = line_;
    r.column = col(at);
    r.errLine = line_;
    r.errColumn = col(at);
    r.message = std::move(message);
    r.bytes = std::move(raw);
    queue_.push_back(std::move(r));
}

void JsonRecordStream::stepLines()
{
    int64_t start = pos_;
    int64_t scan = start;
    bool oversize = false;
    std::string head;
    int64_t nl = -1;
    for (;;) {
        if (scan >= in_.end() && !in_.refill(oversize ? scan : start))
            break;
        const char* b = in_.ptr(scan);
        size_t avail = size_t(in_.end() - scan);
        if (const void* hit = std::memchr(b, '\n', avail)) {
            nl = scan + (static_cast<const char*>(hit) - b);
            break;
        }
        scan = in_.end();
        if (!oversize && scan - start > maxBytes_) {
            oversize = true;
            head.assign(in_.ptr(start), std::min<size_t>(kMaxRawKept, size_t(scan - start)));
        }
    }
    int64_t lineEnd = nl >= 0 ? nl : in_.end();
    if (nl < 0)
        done_ = true;
    int64_t lineNo = line_++;
    pos_ = lineEnd + 1;
    if (oversize || lineEnd - start > maxBytes_) {
        if (!oversize)
            head.assign(in_.ptr(start), std::min<size_t>(kMaxRawKept, size_t(lineEnd - start)));
        RawRecord r;
        r.ok = false;
        r.line = r.errLine = lineNo;
        r.column = r.errColumn = 1;
        r.message = "record is larger than the limit of " + std::to_string(maxBytes_) + " bytes";
        r.bytes = std::move(head);
        queue_.push_back(std::move(r));
        lineStart_ = pos_;
        return;
    }
    std::string_view text = in_.view(start, lineEnd);
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    size_t first = 0;
    while (first < text.size() && isWs(text[first]))
        ++first;
    int64_t firstCol = int64_t(first) + 1 + (start - lineStart_);
    lineStart_ = pos_;
    if (first == text.size())
        return;   // blank line
    RawRecord r;
    r.line = lineNo;
    r.column = firstCol;
    r.bytes.assign(text.substr(first));
    queue_.push_back(std::move(r));
}

void JsonRecordStream::advanceLines(int64_t from, int64_t to)
{
    for (int64_t i = from; i < to; ++i)
        if (in_.at(i) == '\n') {
            ++line_;
            lineStart_ = i + 1;
        }
}

// After the closing ']': only whitespace may follow.
void JsonRecordStream::endOfArray(int64_t p)
{
    done_ = true;
    pos_ = p;
    if (!skipWs(p))
        return;
    std::string raw;
    while (raw.size() < 1024 && in_.ensure(p + int64_t(raw.size()), p))
        raw += in_.at(p + int64_t(raw.size()));
    pushError(p, "trailing characters after the JSON array", std::move(raw));
}

void JsonRecordStream::stepArray()
{
    int64_t p = pos_;
    bool crossedLine = false;
    {
        int64_t before = line_;
        if (!skipWs(p)) {
            pushError(p, "unexpected end of file: the JSON array is not terminated (missing ']')", {});
            done_ = true;
            return;
        }
        crossedLine = line_ != before;
    }
    char c = in_.at(p);
    if (c == ']') {   // empty array (a ']' after a comma is handled below)
        endOfArray(p + 1);
        return;
    }
    if (first_) {
        pretty_ = crossedLine;
        elementColumn_ = col(p);
        first_ = false;
    }

    // Scan one element to its end with a bracket stack; nothing is parsed here.
    const int64_t start = p;
    const int64_t startLine = line_, startCol = col(p);
    std::string stack;
    bool inStr = false, esc = false;
    int64_t strLine = 0, strCol = 0;
    bool oversize = false;
    std::string head;
    bool scalar = c != '{' && c != '[';
    int64_t end = -1;          // one past the element
    std::string failMsg;
    int64_t failAt = -1;
    int64_t failLine = 0, failCol = 0;
    for (;;) {
        if (p >= in_.end() && !in_.refill(oversize ? p : start))
            break;
        if (!oversize && p - start > maxBytes_) {
            oversize = true;
            head.assign(in_.ptr(start), std::min<size_t>(kMaxRawKept, size_t(p - start)));
        }
        const int64_t stop = in_.end();
        const int64_t b0 = in_.begin();
        const char* base = in_.ptr(b0);
        for (; p < stop; ++p) {
            char ch = base[p - b0];
            if (inStr) {
                if (esc) {
                    esc = false;
                    continue;
                }
                if (ch != '"' && ch != '\\' && ch != '\n') {
                    // jump to the next byte that matters inside a string
                    size_t q = json::skipStringBody(base, size_t(p - b0), size_t(stop - b0));
                    p = b0 + int64_t(q);
                    if (p >= stop)
                        break;
                    ch = base[p - b0];
                }
                if (ch == '\\') {
                    esc = true;
                } else if (ch == '"') {
                    inStr = false;
                    if (scalar && stack.empty()) {
                        end = p + 1;
                        break;
                    }
                } else if (ch == '\n') {
                    failMsg = "unterminated string";
                    failLine = strLine;
                    failCol = strCol;
                    failAt = p;
                    break;
                }
                continue;
            }
            if (scalar) {
                if (ch == '"' && p == start) {
                    inStr = true;
                    strLine = line_;
                    strCol = col(p);
                    continue;
                }
                if (ch == ',' || ch == ']' || isWs(ch)) {
                    end = p;
                    break;
                }
                continue;
            }
            if (ch == '\n') {
                ++line_;
                lineStart_ = p + 1;
            }
            switch (ch) {
            case '"':
                inStr = true;
                strLine = line_;
                strCol = col(p);
                break;
            case '{': case '[':
                stack += ch;
                break;
            case '}': case ']':
                if (stack.empty() || stack.back() != (ch == '}' ? '{' : '[')) {
                    failMsg = std::string("mismatched '") + ch + "'";
                    failLine = line_;
                    failCol = col(p);
                    failAt = p;
                } else {
                    stack.pop_back();
                    if (stack.empty())
                        end = p + 1;
                }
                break;
            default:
                break;
            }
            if (end >= 0 || failAt >= 0)
                break;
        }
        if (end >= 0 || failAt >= 0)
            break;
    }

    if (end < 0 && failAt < 0) {
        // End of file inside the element: the array is structurally broken.
        RawRecord r;
        r.ok = false;
        r.line = startLine;
        r.column = startCol;
        r.errLine = line_;
        r.errColumn = col(in_.end());
        r.message = "unexpected end of file inside the array element starting at line " + std::to_string(startLine)
            + ", column " + std::to_string(startCol) + " (the JSON array is not terminated)";
        r.bytes = oversize ? std::move(head)
                           : std::string(in_.view(start, std::min(in_.end(), start + int64_t(kMaxRawKept))));
        queue_.push_back(std::move(r));
        done_ = true;
        return;
    }
    if (failAt >= 0) {
        RawRecord r;
        r.ok = false;
        r.line = startLine;
        r.column = startCol;
        r.errLine = failLine;
        r.errColumn = failCol;
        r.message = failMsg;
        r.bytes = oversize ? std::move(head)
                           : std::string(in_.view(start, std::min(failAt + 1, start + int64_t(kMaxRawKept))));
        queue_.push_back(std::move(r));
        resync(failAt);   // the failing byte may be the '}' of "},{"
        return;
    }

    RawRecord r;
    r.line = startLine;
    r.column = startCol;
    if (oversize || end - start > maxBytes_) {
        r.ok = false;
        r.errLine = startLine;
        r.errColumn = startCol;
        r.message = "record is larger than the limit of " + std::to_string(maxBytes_) + " bytes";
        r.bytes = oversize ? std::move(head) : std::string(in_.view(start, std::min(end, start + int64_t(kMaxRawKept))));
    } else {
        r.bytes.assign(in_.view(start, end));
    }
    queue_.push_back(std::move(r));

    // Separator: ',' then the next element, or ']'.
    p = end;
    pos_ = p;
    if (!skipWs(p)) {
        pushError(p, "unexpected end of file: the JSON array is not terminated (missing ']')", {});
        done_ = true;
        return;
    }
    c = in_.at(p);
    if (c == ']') {
        endOfArray(p + 1);
        return;
    }
    if (c == ',') {
        int64_t comma = p++;
        int64_t commaLine = line_, commaCol = col(comma);
        pos_ = p;
        if (skipWs(p) && in_.at(p) == ']') {
            RawRecord e;
            e.ok = false;
            e.line = e.errLine = commaLine;
            e.column = e.errColumn = commaCol;
            e.message = "trailing comma before ']' in the JSON array";
            queue_.push_back(std::move(e));
            endOfArray(p + 1);
            return;
        }
        pos_ = comma + 1;
        // re-skip from after the comma so line counting is not doubled
        line_ = commaLine;
        lineStart_ = comma - (commaCol - 1);
        return;
    }
    pushError(p, std::string("expected ',' or ']' after an array element"),
              std::string(in_.view(p, std::min(in_.end(), p + 64))));
    resync(p);
}

// After a broken element: find the start of the next top-level element, a
// '{' right after a ','. In a pretty-printed array it must also start its line
// at the column of the first element; on one line it must follow "},".
void JsonRecordStream::resync(int64_t from)
{
    int64_t p = from;
    char lastNonWs = 0, beforeComma = 0;
    bool newlineSinceNonWs = false;
    for (;; ++p) {
        if (!in_.ensure(p, p)) {
            pos_ = p;
            done_ = true;
            if (lastNonWs != ']')
                pushError(p, "unexpected end of file: could not find the next array element after the error "
                             "(the JSON array is not terminated)", {});
            return;
        }
        char ch = in_.at(p);
        if (ch == '\n') {
            ++line_;
            lineStart_ = p + 1;
            newlineSinceNonWs = true;
            continue;
        }
        if (isWs(ch))
            continue;
        if (ch == '{' && lastNonWs == ',') {
            bool ok = pretty_ ? (newlineSinceNonWs && col(p) == elementColumn_) : beforeComma == '}';
            if (ok) {
                pos_ = p;
                return;
            }
        }
        if (ch == ',')
            beforeComma = lastNonWs;
        lastNonWs = ch;
        newlineSinceNonWs = false;
    }
}

} // namespace wb::formats
