#pragma once
// RFC 4180 CSV, streamed a row at a time: quoted fields with embedded
// delimiters, newlines and doubled quotes, CRLF or LF rows, a UTF-8 BOM.
#include "core/formats/chunked_input.h"

#include <string>
#include <string_view>
#include <vector>

namespace wb::formats {

struct CsvRow {
    std::vector<std::string> fields;
    std::string raw;          // the row's bytes as read, without the line end
    int64_t line = 0;         // first line of the row
    std::string error;        // "" when the row parsed
    int64_t errLine = 0, errColumn = 0;
};

class CsvReader {
public:
    CsvReader(ChunkedInput& in, char delimiter, int64_t maxRecordBytes);
    // Next non-empty row; false at the end. A row with `error` set is still
    // returned so the caller can report it; reading can go on after it.
    bool next(CsvRow& row);

private:
    void parse(CsvRow& row) const;

    ChunkedInput& in_;
    char delim_;
    int64_t maxBytes_;
    int64_t pos_ = 0;
    int64_t line_ = 1;
    bool done_ = false;
};

// Quote a field if it needs it.
void appendCsvField(std::string& out, std::string_view field, char delimiter);

} // namespace wb::formats
