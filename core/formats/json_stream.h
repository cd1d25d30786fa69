#pragma once
// Cuts a JSON file into records without parsing them: a top-level array of
// values, or JSON Lines. Tracks the line and byte column of every record,
// resyncs after a broken array element, and reports structural problems
// (unterminated array, trailing comma, trailing garbage) as error items.
#include "core/formats/chunked_input.h"
#include "core/formats/formats.h"

#include <deque>
#include <string>
#include <utility>

namespace wb::formats {

struct RawRecord {
    bool ok = true;          // false: a structural error, `message` says why
    std::string bytes;       // the record as read (for errors: the raw bytes at fault)
    int64_t line = 1;        // where the record starts (1-based)
    int64_t column = 1;      // byte column, 1-based
    std::string message;     // error items only
    int64_t errLine = 0;     // error items only: where the problem is
    int64_t errColumn = 0;
};

class JsonRecordStream {
public:
    // Skips a BOM and leading whitespace and decides the container from the
    // first byte ('[' array, '{' lines). Throws wb::Error naming the file when
    // the file is empty or does not start like JSON.
    JsonRecordStream(ChunkedInput& in, const std::string& fileName, int64_t maxRecordBytes);
    Container container() const { return container_; }
    bool next(RawRecord& out);

    // Line and column of byte `offset` inside a record that starts at line/column.
    static std::pair<int64_t, int64_t> position(const RawRecord& r, size_t offset);

private:
    void stepLines();
    void stepArray();
    bool skipWs(int64_t& p);                 // false at EOF
    void advanceLines(int64_t from, int64_t to);
    int64_t col(int64_t abs) const { return abs - lineStart_ + 1; }
    void pushError(int64_t at, std::string message, std::string raw);
    void resync(int64_t from);
    void endOfArray(int64_t p);

    ChunkedInput& in_;
    std::string file_;
    int64_t maxBytes_;
    Container container_ = Container::JsonLines;
    std::deque<RawRecord> queue_;
    bool done_ = false;
    bool first_ = true;
    int64_t pos_ = 0;          // next unread byte
    int64_t line_ = 1;         // line of pos_ (array mode: of the scan position)
    int64_t lineStart_ = 0;    // absolute offset where line_ starts
    bool pretty_ = false;      // array elements each start their own line
    int64_t elementColumn_ = 0;
};

} // namespace wb::formats
