#include "core/formats/formats.h"

#include "core/formats/csv.h"
#include "core/formats/json_stream.h"
#include "core/formats/reader.h"
#include "core/formats/shapes.h"
#include "core/text/utf8.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace wb::formats {

namespace {

constexpr std::string_view kFormatNames[] = {"auto", "alpaca", "dolly", "sharegpt", "openai", "preference", "text", "csv"};
constexpr int kDetectRecords = 5;

std::string lowerExt(const std::string& name)
{
    std::string ext = std::filesystem::path(name).extension().string();
    for (auto& c : ext)
        c = char(std::tolower((unsigned char)c));
    return ext;
}

bool isTextExt(const std::string& ext) { return ext == ".txt" || ext == ".md" || ext == ".text"; }
bool isCsvExt(const std::string& ext) { return ext == ".csv" || ext == ".tsv"; }

std::string at(int64_t line, int64_t col, const std::string& msg)
{
    return "line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + msg;
}

ImportError makeError(const std::string& file, int64_t line, int64_t col, const std::string& msg, std::string raw)
{
    return ImportError{file, line, col, at(line, col, msg), std::move(raw)};
}

std::string hexByte(unsigned char c)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

// ---------------------------------------------------------------- CSV

struct CsvPlan {
    DatasetKind kind = DatasetKind::Sft;
    std::vector<std::pair<std::string, size_t>> fields;   // record field -> column
    std::vector<size_t> extraColumns;
    std::string reason;
};

const std::vector<std::string>& fieldsFor(DatasetKind k)
{
    static const std::vector<std::string> sft = {"instruction", "input", "output", "system", "category"};
    static const std::vector<std::string> pref = {"prompt", "chosen", "rejected", "system"};
    static const std::vector<std::string> text = {"text"};
    return k == DatasetKind::Sft ? sft : k == DatasetKind::Preference ? pref : text;
}

CsvPlan planCsv(const std::vector<std::string>& header, const ImportOptions& opt, const std::string& file)
{
    std::string columns;
    for (const auto& h : header)
        columns += (columns.empty() ? "" : ", ") + h;
    std::map<std::string, std::string> mapping = opt.csvMapping;
    if (mapping.empty())
        for (const auto& h : header)
            if (std::find(csvFieldNames().begin(), csvFieldNames().end(), h) != csvFieldNames().end())
                mapping[h] = h;
    for (const auto& [field, col] : mapping) {
        if (std::find(csvFieldNames().begin(), csvFieldNames().end(), field) == csvFieldNames().end())
            throw Error(file + ": CSV mapping names an unknown record field '" + field + "'");
        if (std::find(header.begin(), header.end(), col) == header.end())
            throw Error(file + ": CSV mapping: column '" + col + "' (for field '" + field
                        + "') is not in the header (columns: " + columns + ")");
    }
    CsvPlan plan;
    if (mapping.count("prompt") && mapping.count("chosen") && mapping.count("rejected"))
        plan.kind = DatasetKind::Preference;
    else if (mapping.count("instruction") && mapping.count("output"))
        plan.kind = DatasetKind::Sft;
    else if (mapping.count("text"))
        plan.kind = DatasetKind::Text;
    else
        throw Error(file + ": CSV columns do not map to a record kind: need instruction+output, "
                           "prompt+chosen+rejected or text (columns: " + columns + ")");
    std::set<size_t> used;
    for (const auto& field : fieldsFor(plan.kind)) {
        auto it = mapping.find(field);
        if (it == mapping.end())
            continue;
        size_t col = size_t(std::find(header.begin(), header.end(), it->second) - header.begin());
        plan.fields.emplace_back(field, col);
        used.insert(col);
    }
    for (size_t i = 0; i < header.size(); ++i)
        if (!used.count(i))
            plan.extraColumns.push_back(i);
    plan.reason = std::string("CSV columns map to a ") + std::string(toString(plan.kind)) + " record";
    return plan;
}

std::string* fieldRef(Record& r, const std::string& f)
{
    if (f == "instruction") return &r.instruction;
    if (f == "input") return &r.input;
    if (f == "output") return &r.output;
    if (f == "system") return &r.system;
    if (f == "category") return &r.category;
    if (f == "prompt") return &r.prompt;
    if (f == "chosen") return &r.chosen;
    if (f == "rejected") return &r.rejected;
    return &r.text;
}

ReadStats readCsv(ChunkedInput& in, const std::string& file, const ImportOptions& opt, const RecordSink& onRecord,
                  const ErrorSink& onError, int limitRecords = -1)
{
    char delim = opt.csvDelimiter;
    if (delim == ',' && lowerExt(file) == ".tsv")
        delim = '\t';
    CsvReader csv(in, delim, opt.maxRecordBytes);
    CsvRow header;
    if (!csv.next(header))
        throw Error(file + ": file is empty");
    if (!header.error.empty())
        throw Error(file + ": " + at(header.errLine, header.errColumn, "CSV header: " + header.error));
    CsvPlan plan = planCsv(header.fields, opt, file);
    ReadStats st;
    st.format = Format::Csv;
    st.kind = plan.kind;
    CsvRow row;
    while (csv.next(row)) {
        std::string raw = header.raw + "\n" + row.raw;
        if (!row.error.empty()) {
            ++st.errors;
            onError(makeError(file, row.errLine, row.errColumn, row.error, std::move(raw)));
            continue;
        }
        if (row.fields.size() != header.fields.size()) {
            ++st.errors;
            onError(makeError(file, row.line, 1,
                              "row has " + std::to_string(row.fields.size()) + " fields, the header has "
                                  + std::to_string(header.fields.size()),
                              std::move(raw)));
            continue;
        }
        Record r;
        r.kind = plan.kind;
        for (const auto& [field, col] : plan.fields)
            *fieldRef(r, field) = std::move(row.fields[col]);
        if (!plan.extraColumns.empty()) {
            r.extra = "{";
            for (size_t i : plan.extraColumns) {
                if (r.extra.size() > 1)
                    r.extra += ',';
                json::appendQuoted(r.extra, header.fields[i]);
                r.extra += ':';
                json::appendQuoted(r.extra, row.fields[i]);
            }
            r.extra += '}';
        }
        r.sourceFile = file;
        r.sourceLine = row.line;
        ++st.records;
        if (!onRecord(std::move(r)) || (limitRecords >= 0 && st.records >= limitRecords))
            break;
    }
    return st;
}

// ---------------------------------------------------------------- plain text

void emitText(std::string text, int64_t line, const std::string& file, ReadStats& st, const RecordSink& onRecord,
              const ErrorSink& onError, bool& stop)
{
    size_t bad = utf8::firstInvalid(text);
    if (bad != std::string::npos) {
        int64_t l = line;
        size_t ls = 0;
        for (size_t i = 0; i < bad; ++i)
            if (text[i] == '\n') {
                ++l;
                ls = i + 1;
            }
        ++st.errors;
        std::string msg = "invalid UTF-8 byte " + hexByte((unsigned char)text[bad]);
        onError(makeError(file, l, int64_t(bad - ls) + 1, msg, std::move(text)));
        return;
    }
    Record r;
    r.kind = DatasetKind::Text;
    r.text = std::move(text);
    r.sourceFile = file;
    r.sourceLine = line;
    ++st.records;
    if (!onRecord(std::move(r)))
        stop = true;
}

ReadStats readText(ChunkedInput& in, const std::string& file, const ImportOptions& opt, const RecordSink& onRecord,
                   const ErrorSink& onError)
{
    ReadStats st;
    st.format = Format::Text;
    st.kind = DatasetKind::Text;
    int64_t pos = 0;
    if (in.ensure(2, 0) && std::memcmp(in.ptr(0), "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    std::string para;
    int64_t paraLine = 1, line = 1;
    bool stop = false, any = false, skipping = false;
    auto tooBig = [&] {
        ++st.errors;
        if (para.size() > 64 * 1024)
            para.resize(64 * 1024);
        onError(makeError(file, paraLine, 1,
                          "record is larger than the limit of " + std::to_string(opt.maxRecordBytes) + " bytes",
                          std::move(para)));
        para.clear();
        skipping = true;
    };
    while (!stop) {
        int64_t start = pos, nl = -1, scan = pos;
        for (;;) {
            if (scan >= in.end() && !in.refill(start))
                break;
            const char* b = in.ptr(scan);
            if (const void* hit = std::memchr(b, '\n', size_t(in.end() - scan))) {
                nl = scan + (static_cast<const char*>(hit) - b);
                break;
            }
            scan = in.end();
        }
        int64_t end = nl >= 0 ? nl : in.end();
        std::string_view text = in.view(start, end);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        bool blank = std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
        any = any || !blank;
        if (opt.textSplitParagraphs) {
            if (blank) {
                if (!para.empty())
                    emitText(std::move(para), paraLine, file, st, onRecord, onError, stop);
                para.clear();
                skipping = false;
            } else if (!skipping) {
                if (para.empty())
                    paraLine = line;
                else
                    para += '\n';
                para.append(text);
                if (int64_t(para.size()) > opt.maxRecordBytes)
                    tooBig();
            }
        } else if (!skipping) {
            if (line > 1)
                para += '\n';
            para.append(text);
            if (int64_t(para.size()) > opt.maxRecordBytes)
                tooBig();
        }
        if (nl < 0)
            break;
        pos = nl + 1;
        ++line;
    }
    if (!any)
        throw Error(file + ": file is empty");
    if (!stop && !skipping && !para.empty())
        emitText(std::move(para), paraLine, file, st, onRecord, onError, stop);
    st.bytes = in.end();
    return st;
}

// ---------------------------------------------------------------- JSON

Format detectJsonFormat(ChunkedInput& in, const std::string& file, int64_t maxBytes, Detection& d)
{
    JsonRecordStream js(in, file, maxBytes);
    d.container = js.container();
    RawRecord raw;
    int seen = 0;
    while (seen < kDetectRecords && js.next(raw)) {
        if (!raw.ok)
            continue;
        try {
            for (auto& k : objectKeys(raw.bytes))
                if (std::find(d.fields.begin(), d.fields.end(), k) == d.fields.end())
                    d.fields.push_back(std::move(k));
            ++seen;
        } catch (const json::ParseError&) {
        }
    }
    if (seen == 0)
        throw Error(file + ": no readable JSON object among the first records, cannot detect the format");
    bool pref = false;
    std::string reason;
    Format f = formatFromKeys(d.fields, pref, reason);
    if (f == Format::Auto)
        throw Error(file + ": " + reason);
    d.format = f;
    d.kind = kindOf(f, pref);
    d.reason = std::string(d.container == Container::JsonArray ? "JSON array" : "JSON Lines") + "; " + reason;
    return f;
}

Detection detectInput(ChunkedInput& in, const std::string& file)
{
    Detection d;
    std::string ext = lowerExt(file);
    if (isCsvExt(ext)) {
        d.format = Format::Csv;
        d.container = Container::Csv;
        CsvReader csv(in, ext == ".tsv" ? '\t' : ',', 64ll << 20);
        CsvRow header;
        if (!csv.next(header))
            throw Error(file + ": file is empty");
        d.fields = header.fields;
        try {
            CsvPlan plan = planCsv(header.fields, ImportOptions{}, file);
            d.kind = plan.kind;
            d.reason = "extension " + ext + "; " + plan.reason;
        } catch (const Error& e) {
            // Still CSV: the user picks the column mapping.
            d.reason = "extension " + ext + "; no column mapping by name, choose one (" + e.what() + ")";
        }
        return d;
    }
    if (isTextExt(ext)) {
        d.format = Format::Text;
        d.kind = DatasetKind::Text;
        d.container = Container::PlainText;
        d.reason = "extension " + ext + " (plain text)";
        bool any = false;
        for (int64_t p = 0; !any && in.ensure(p, p); ++p) {
            unsigned char c = in.at(p);
            any = !(c == ' ' || c == '\n' || c == '\r' || c == '\t' || (p < 3 && c >= 0xBB));
        }
        if (!any)
            throw Error(file + ": file is empty");
        return d;
    }
    detectJsonFormat(in, file, 64ll << 20, d);
    return d;
}

ReadStats readInput(ChunkedInput& in, const std::function<ChunkedInput&()>& reopen, const std::string& file,
                    const ImportOptions& opt, const RecordSink& onRecord, const ErrorSink& onError,
                    const Progress& progress)
{
    std::string ext = lowerExt(file);
    Format fmt = opt.format;
    bool pref = false;
    Container container = Container::JsonLines;
    ChunkedInput* input = &in;
    if (fmt == Format::Auto) {
        Detection d = detectInput(in, file);
        fmt = d.format;
        pref = d.kind == DatasetKind::Preference;
        container = d.container;
        input = &reopen();
    } else if (fmt == Format::Csv) {
        container = Container::Csv;
    } else if (fmt == Format::Text && !(ext == ".json" || ext == ".jsonl")) {
        // plain text unless the content is JSON
        if (isTextExt(ext) || !in.ensure(0, 0) || (in.at(0) != '{' && in.at(0) != '['))
            container = Container::PlainText;
    }
    if (progress)
        input->onChunk = [&](int64_t done) {
            if (!progress(done, input->total()))
                throw Error("cancelled");
        };
    if (container == Container::Csv)
        return readCsv(*input, file, opt, onRecord, onError);
    if (container == Container::PlainText)
        return readText(*input, file, opt, onRecord, onError);

    ReadStats st;
    st.format = fmt;
    st.kind = kindOf(fmt, pref);
    bool firstKind = true;
    JsonRecordStream js(*input, file, opt.maxRecordBytes);
    RawRecord raw;
    while (js.next(raw)) {
        if (!raw.ok) {
            ++st.errors;
            onError(makeError(file, raw.errLine, raw.errColumn, raw.message, std::move(raw.bytes)));
            continue;
        }
        Record r;
        try {
            parseJsonRecord(raw.bytes, fmt, r);
        } catch (const json::ParseError& e) {
            auto [l, c] = JsonRecordStream::position(raw, e.offset);
            ++st.errors;
            onError(makeError(file, l, c, e.message, std::move(raw.bytes)));
            continue;
        }
        if (firstKind) {
            st.kind = r.kind;
            firstKind = false;
        }
        r.sourceFile = file;
        r.sourceLine = raw.line;
        ++st.records;
        if (!onRecord(std::move(r)))
            break;
    }
    st.bytes = input->end();
    return st;
}

} // namespace

const std::vector<std::string>& csvFieldNames()
{
    static const std::vector<std::string> names = {"instruction", "input",    "output", "system", "category",
                                                   "prompt",      "chosen",   "rejected", "text"};
    return names;
}

std::string_view toString(Format f) { return kFormatNames[static_cast<int>(f)]; }

Format formatFromString(std::string_view s)
{
    for (size_t i = 0; i < std::size(kFormatNames); ++i)
        if (kFormatNames[i] == s)
            return static_cast<Format>(i);
    std::string valid;
    for (auto n : kFormatNames)
        valid += (valid.empty() ? "" : ", ") + std::string(n);
    throw Error("unknown format '" + std::string(s) + "' (expected one of: " + valid + ")");
}

DatasetKind kindOf(Format f, bool sharegptPreference)
{
    switch (f) {
    case Format::ShareGpt: return sharegptPreference ? DatasetKind::Preference : DatasetKind::Chat;
    case Format::OpenAiMessages: return DatasetKind::Chat;
    case Format::Preference: return DatasetKind::Preference;
    case Format::Text: return DatasetKind::Text;
    default: return DatasetKind::Sft;
    }
}

Detection detect(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f)
        throw Error(path + ": cannot open file");
    ChunkedInput in(f, 256 * 1024);
    return detectInput(in, path);
}

Detection detectBytes(std::string_view bytes, const std::string& nameForErrors)
{
    ChunkedInput in(bytes);
    return detectInput(in, nameForErrors);
}

ReadStats readFile(const std::string& path, const ImportOptions& opt, const RecordSink& onRecord,
                   const ErrorSink& onError, const Progress& progress)
{
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    std::ifstream f(path, std::ios::binary);
    if (!f || ec)
        throw Error(path + ": cannot open file");
    ChunkedInput in(f, ChunkedInput::kDefaultChunk, int64_t(size));
    std::ifstream f2;
    std::unique_ptr<ChunkedInput> again;
    auto reopen = [&]() -> ChunkedInput& {
        f2.open(path, std::ios::binary);
        if (!f2)
            throw Error(path + ": cannot open file");
        again = std::make_unique<ChunkedInput>(f2, ChunkedInput::kDefaultChunk, int64_t(size));
        return *again;
    };
    return readInput(in, reopen, path, opt, onRecord, onError, progress);
}

ReadStats readBytesChunked(std::string_view bytes, const std::string& name, const ImportOptions& opt,
                           const RecordSink& onRecord, const ErrorSink& onError, size_t chunkSize)
{
    ChunkedInput in(bytes, chunkSize);
    std::unique_ptr<ChunkedInput> again;
    auto reopen = [&]() -> ChunkedInput& {
        again = std::make_unique<ChunkedInput>(bytes, chunkSize);
        return *again;
    };
    ReadStats st = readInput(in, reopen, name, opt, onRecord, onError, {});
    st.bytes = int64_t(bytes.size());
    return st;
}

ReadStats readBytes(std::string_view bytes, const std::string& name, const ImportOptions& opt,
                    const RecordSink& onRecord, const ErrorSink& onError)
{
    return readBytesChunked(bytes, name, opt, onRecord, onError, ChunkedInput::kDefaultChunk);
}

Record parseOne(std::string_view raw, Format format, const ImportOptions& opt)
{
    ImportOptions o = opt;
    std::string name = "record";
    if (format == Format::Auto) {
        std::string_view t = raw;
        while (!t.empty() && std::isspace((unsigned char)t.front()))
            t.remove_prefix(1);
        if (!t.empty() && t.front() != '{' && t.front() != '[')
            throw Error("cannot detect the format of a record that is not a JSON object (choose a format)");
        format = detectBytes(raw, name + ".jsonl").format;
    }
    o.format = format;
    if (format == Format::Csv)
        name += ".csv";
    else if (format == Format::Text) {
        std::string_view t = raw;
        while (!t.empty() && std::isspace((unsigned char)t.front()))
            t.remove_prefix(1);
        name += (!t.empty() && t.front() == '{') ? ".jsonl" : ".txt";
    } else
        name += ".jsonl";
    std::vector<Record> got;
    std::vector<ImportError> errors;
    readBytes(raw, name, o, [&](Record&& r) { got.push_back(std::move(r)); return true; },
              [&](ImportError&& e) { errors.push_back(std::move(e)); });
    if (!errors.empty())
        throw Error(errors.front().reason);
    if (got.size() != 1)
        throw Error("expected exactly one record, found " + std::to_string(got.size()));
    got.front().sourceFile.clear();
    got.front().sourceLine = 0;
    return std::move(got.front());
}

Preview preview(const std::string& path, const ImportOptions& opt, int n)
{
    Preview p;
    if (opt.format == Format::Auto) {
        p.detection = detect(path);
    } else {
        p.detection.format = opt.format;
        p.detection.kind = kindOf(opt.format);
        p.detection.container = opt.format == Format::Csv ? Container::Csv : Container::JsonLines;
        p.detection.reason = "format chosen by the user";
    }
    if (p.detection.format == Format::Csv) {
        std::ifstream f(path, std::ios::binary);
        ChunkedInput in(f, 256 * 1024);
        CsvReader csv(in, opt.csvDelimiter == ',' && lowerExt(path) == ".tsv" ? '\t' : opt.csvDelimiter,
                      opt.maxRecordBytes);
        CsvRow header;
        if (csv.next(header) && header.error.empty())
            p.csvColumns = header.fields;
        p.detection.fields = p.csvColumns;
    }
    ImportOptions o = opt;
    o.format = p.detection.format;
    int seen = 0;
    try {
        readFile(path, o,
                 [&](Record&& r) {
                     p.records.push_back(std::move(r));
                     return ++seen < n;
                 },
                 [&](ImportError&& e) {
                     if (int(p.errors.size()) < n)
                         p.errors.push_back(std::move(e));
                 });
    } catch (const Error& e) {
        // A whole-file problem (e.g. a CSV mapping that does not fit yet) is
        // shown in the preview rather than thrown, so the user can fix options.
        p.errors.push_back(ImportError{path, 1, 1, e.what(), {}});
    }
    if (!p.records.empty())
        p.detection.kind = p.records.front().kind;
    return p;
}

} // namespace wb::formats
