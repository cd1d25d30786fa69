#pragma once
// Dataset file formats: detection, streaming import with exact error
// positions, and export. Readers take bytes or a path and never hold the whole
// file in memory (bounded memory for files larger than RAM).
#include "core/data/record.h"

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace wb::formats {

enum class Format {
    Auto,
    Alpaca,          // instruction/input/output (+system, category, history ignored→extra)
    Dolly,           // instruction/context/response/category
    ShareGpt,        // conversations: [{from, value}]; with chosen/rejected => preference
    OpenAiMessages,  // messages: [{role, content}]
    Preference,      // prompt/chosen/rejected, or question/response_chosen/response_rejected
    Text,            // .txt files (one document per file, or per blank-line block) and {"text": ...} lines
    Csv,             // CSV with a column mapping
};
std::string_view toString(Format f);         // "auto" "alpaca" "dolly" "sharegpt" "openai" "preference" "text" "csv"
Format formatFromString(std::string_view s); // throws wb::Error
DatasetKind kindOf(Format f, bool sharegptPreference = false);

enum class Container { JsonArray, JsonLines, PlainText, Csv };

// One bad record. line/column are 1-based; column counts bytes from the start
// of the line (what editors call "byte column"), and `raw` holds the record's
// bytes as read (may be invalid UTF-8) so it can be quarantined and fixed.
struct ImportError {
    std::string file;
    int64_t line = 0;
    int64_t column = 0;
    std::string reason;
    std::string raw;
};

struct ImportOptions {
    Format format = Format::Auto;
    // Csv: record field name ("instruction", "input", "output", "system",
    // "category", "prompt", "chosen", "rejected", "text") -> CSV header name.
    std::map<std::string, std::string> csvMapping;
    char csvDelimiter = ',';
    // Text files: one record per file (false) or per blank-line separated block.
    bool textSplitParagraphs = false;
    int64_t maxRecordBytes = 64ll << 20;   // larger records are errors, not OOMs
};

struct Detection {
    Format format = Format::Auto;
    DatasetKind kind = DatasetKind::Sft;
    Container container = Container::JsonLines;
    std::vector<std::string> fields;   // keys seen in the first records / CSV header
    std::string reason;                // human readable: why this format was chosen
};
// Looks at the first few records only. Throws wb::Error (naming the file) when
// the file cannot be read or no format fits.
Detection detect(const std::string& path);
Detection detectBytes(std::string_view bytes, const std::string& nameForErrors);

struct ReadStats {
    int64_t records = 0;
    int64_t errors = 0;
    int64_t bytes = 0;
    Format format = Format::Auto;
    DatasetKind kind = DatasetKind::Sft;
};
using RecordSink = std::function<bool(Record&&)>;          // return false to stop
using ErrorSink = std::function<void(ImportError&&)>;
using Progress = std::function<bool(int64_t done, int64_t total)>;  // return false to cancel

// Stream every record of a file. Good records go to onRecord (with sourceFile
// and sourceLine set), bad ones to onError; reading continues after an error.
// Throws wb::Error only for problems with the whole file (unreadable, not any
// known container) or on cancel (message "cancelled").
ReadStats readFile(const std::string& path, const ImportOptions& opt,
                   const RecordSink& onRecord, const ErrorSink& onError,
                   const Progress& progress = {});
ReadStats readBytes(std::string_view bytes, const std::string& nameForErrors,
                    const ImportOptions& opt, const RecordSink& onRecord,
                    const ErrorSink& onError);

// Parse one record in the given format from its raw text (quarantine re-import).
// Throws wb::Error with the reason.
Record parseOne(std::string_view raw, Format format, const ImportOptions& opt = {});

struct Preview {
    Detection detection;
    std::vector<Record> records;       // first n good records
    std::vector<ImportError> errors;   // errors among the first records read
    std::vector<std::string> csvColumns;
};
Preview preview(const std::string& path, const ImportOptions& opt, int n = 20);

struct ExportOptions {
    Format format = Format::Auto;      // Auto = the natural format of the record kind
    bool jsonLines = true;             // else one JSON array
    bool includeMetadata = false;      // add "_wb": {status, rating, split, tags, source}
};
// Write records in a format. Throws wb::Error if a record's kind cannot be
// expressed in the format (names the record id).
class RecordWriter {
public:
    RecordWriter(std::ostream& out, const ExportOptions& opt);
    ~RecordWriter();
    void write(const Record& r);
    void finish();                     // closes a JSON array
private:
    void writeCsv(const Record& r);

    std::ostream& out_;
    ExportOptions opt_;
    int64_t n_ = 0;
    bool finished_ = false;
    DatasetKind csvKind_ = DatasetKind::Sft;
    std::vector<std::string> csvExtra_;   // extra columns, from the first record
};

// The format a kind is exported in when ExportOptions::format is Auto.
Format naturalFormat(DatasetKind k);

} // namespace wb::formats
