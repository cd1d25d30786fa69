#include "core/formats/csv.h"
#include "core/formats/formats.h"
#include "core/formats/json_cursor.h"
#include "core/formats/shapes.h"
#include "core/text/utf8.h"

#include <algorithm>
#include <utility>

namespace wb::formats {

namespace {

std::string recordName(const Record& r)
{
    if (r.id)
        return "record " + std::to_string(r.id);
    if (!r.sourceFile.empty())
        return "record from " + r.sourceFile + ":" + std::to_string(r.sourceLine);
    return "record";
}

// Builds one JSON object, remembering which keys it wrote so `extra` keys
// cannot collide with them.
class ObjectWriter {
public:
    explicit ObjectWriter(const Record& r) : r_(r) { s_ = "{"; }

    void key(std::string_view k)
    {
        if (s_.size() > 1)
            s_ += ',';
        json::appendQuoted(s_, k);
        s_ += ':';
        keys_.emplace_back(k);
    }
    void str(std::string_view k, const std::string& v)
    {
        key(k);
        value(k, v);
    }
    void value(std::string_view field, const std::string& v)
    {
        if (utf8::firstInvalid(v) != std::string::npos)
            throw Error(recordName(r_) + ": field '" + std::string(field) + "' is not valid UTF-8");
        json::appendQuoted(s_, v);
    }
    void raw(std::string_view text) { s_.append(text); }
    void turns(std::string_view k, const std::vector<Message>& ms, bool shareGpt, const std::string* lastHuman)
    {
        key(k);
        s_ += '[';
        bool first = true;
        auto turn = [&](const std::string& role, const std::string& content) {
            if (!first)
                s_ += ',';
            first = false;
            std::string from = role;
            if (shareGpt) {
                from = shareGptFromRole(role);
                if (from.empty())
                    throw Error(recordName(r_) + ": role '" + role + "' cannot be written as ShareGPT");
            }
            s_ += shareGpt ? "{\"from\":" : "{\"role\":";
            value(k, from);
            s_ += shareGpt ? ",\"value\":" : ",\"content\":";
            value(k, content);
            s_ += '}';
        };
        for (const auto& m : ms)
            turn(m.role, m.content);
        if (lastHuman)
            turn("user", *lastHuman);
        s_ += ']';
    }
    void extra()
    {
        if (r_.extra.empty())
            return;
        try {
            json::Cursor c(r_.extra);
            if (c.peekType() != json::Type::Object)
                throw json::ParseError{0, "not a JSON object"};
            c.readObject([&](std::string_view k, size_t ks, size_t ke) {
                c.peekType();
                size_t vs = c.pos();
                c.skipValue();
                if (std::find(keys_.begin(), keys_.end(), k) != keys_.end())
                    return;   // a modelled field of this format wins
                if (s_.size() > 1)
                    s_ += ',';
                s_.append(r_.extra, ks, ke - ks);
                s_ += ':';
                json::appendCompact(s_, std::string_view(r_.extra).substr(vs, c.pos() - vs));
            });
        } catch (const json::ParseError& e) {
            throw Error(recordName(r_) + ": extra fields are not a valid JSON object: " + e.message);
        }
    }
    void metadata()
    {
        key("_wb");
        s_ += "{\"status\":";
        json::appendQuoted(s_, toString(r_.status));
        s_ += ",\"rating\":" + std::to_string(r_.rating) + ",\"split\":";
        json::appendQuoted(s_, toString(r_.split));
        s_ += ",\"tags\":[";
        for (size_t i = 0; i < r_.tags.size(); ++i) {
            if (i)
                s_ += ',';
            value("tags", r_.tags[i]);
        }
        s_ += "],\"source\":{\"file\":";
        value("sourceFile", r_.sourceFile);
        s_ += ",\"line\":" + std::to_string(r_.sourceLine) + "}}";
    }
    std::string done()
    {
        s_ += '}';
        return std::move(s_);
    }

private:
    const Record& r_;
    std::string s_;
    std::vector<std::string> keys_;
};

bool formatFits(Format f, DatasetKind k)
{
    switch (f) {
    case Format::Alpaca:
    case Format::Dolly: return k == DatasetKind::Sft;
    case Format::ShareGpt: return k == DatasetKind::Chat || k == DatasetKind::Preference;
    case Format::OpenAiMessages: return k == DatasetKind::Chat;
    case Format::Preference: return k == DatasetKind::Preference;
    case Format::Text: return k == DatasetKind::Text;
    case Format::Csv: return k != DatasetKind::Chat;
    case Format::Auto: return true;
    }
    return false;
}

std::vector<std::string> csvColumns(DatasetKind k)
{
    switch (k) {
    case DatasetKind::Preference: return {"system", "prompt", "chosen", "rejected"};
    case DatasetKind::Text: return {"text"};
    default: return {"instruction", "input", "output", "system", "category"};
    }
}

const std::string& csvValue(const Record& r, const std::string& c)
{
    if (c == "instruction") return r.instruction;
    if (c == "input") return r.input;
    if (c == "output") return r.output;
    if (c == "system") return r.system;
    if (c == "category") return r.category;
    if (c == "prompt") return r.prompt;
    if (c == "chosen") return r.chosen;
    if (c == "rejected") return r.rejected;
    return r.text;
}

// extra as (key, value text) pairs; string values are decoded, others kept as JSON.
std::vector<std::pair<std::string, std::string>> extraPairs(const Record& r)
{
    std::vector<std::pair<std::string, std::string>> out;
    if (r.extra.empty())
        return out;
    try {
        json::Cursor c(r.extra);
        if (c.peekType() != json::Type::Object)
            throw json::ParseError{0, "not a JSON object"};
        c.readObject([&](std::string_view k, size_t, size_t) {
            std::string v;
            if (c.peekType() == json::Type::String) {
                c.readString(v);
            } else {
                size_t vs = c.pos();
                c.skipValue();
                json::appendCompact(v, std::string_view(r.extra).substr(vs, c.pos() - vs));
            }
            out.emplace_back(std::string(k), std::move(v));
        });
    } catch (const json::ParseError& e) {
        throw Error(recordName(r) + ": extra fields are not a valid JSON object: " + e.message);
    }
    return out;
}

} // namespace

Format naturalFormat(DatasetKind k)
{
    switch (k) {
    case DatasetKind::Chat: return Format::ShareGpt;
    case DatasetKind::Preference: return Format::Preference;
    case DatasetKind::Text: return Format::Text;
    default: return Format::Alpaca;
    }
}

RecordWriter::RecordWriter(std::ostream& out, const ExportOptions& opt) : out_(out), opt_(opt) {}

RecordWriter::~RecordWriter()
{
    if (!finished_) {
        try {
            finish();
        } catch (...) {
        }
    }
}

void RecordWriter::writeCsv(const Record& r)
{
    if (r.kind == DatasetKind::Preference && !r.messages.empty())
        throw Error(recordName(r) + ": a preference record with earlier turns cannot be written as CSV");
    auto extra = extraPairs(r);
    std::vector<std::string> cols = csvColumns(r.kind);
    std::string line;
    if (n_ == 0) {
        csvKind_ = r.kind;
        for (const auto& [k, v] : extra)
            if (std::find(cols.begin(), cols.end(), k) == cols.end())
                csvExtra_.push_back(k);
        for (size_t i = 0; i < cols.size(); ++i) {
            if (i)
                line += ',';
            appendCsvField(line, cols[i], ',');
        }
        for (const auto& k : csvExtra_) {
            line += ',';
            appendCsvField(line, k, ',');
        }
        line += "\r\n";
    } else if (r.kind != csvKind_) {
        throw Error(recordName(r) + ": a " + std::string(toString(r.kind)) + " record cannot go into a CSV of "
                    + std::string(toString(csvKind_)) + " records");
    }
    for (const auto& [k, v] : extra)
        if (std::find(csvExtra_.begin(), csvExtra_.end(), k) == csvExtra_.end()
            && std::find(cols.begin(), cols.end(), k) == cols.end())
            throw Error(recordName(r) + ": extra field '" + k
                        + "' is not a column of this CSV (extra columns come from the first record)");
    for (size_t i = 0; i < cols.size(); ++i) {
        if (i)
            line += ',';
        const std::string& v = csvValue(r, cols[i]);
        if (utf8::firstInvalid(v) != std::string::npos)
            throw Error(recordName(r) + ": field '" + cols[i] + "' is not valid UTF-8");
        appendCsvField(line, v, ',');
    }
    for (const auto& k : csvExtra_) {
        line += ',';
        for (const auto& [ek, ev] : extra)
            if (ek == k)
                appendCsvField(line, ev, ',');
    }
    line += "\r\n";
    out_ << line;
    ++n_;
}

void RecordWriter::write(const Record& r)
{
    if (finished_)
        throw Error("RecordWriter: write after finish");
    Format f = opt_.format == Format::Auto ? naturalFormat(r.kind) : opt_.format;
    if (!formatFits(f, r.kind))
        throw Error(recordName(r) + ": a " + std::string(toString(r.kind)) + " record cannot be written as "
                    + std::string(toString(f)));
    if (f == Format::Csv) {
        writeCsv(r);
        return;
    }
    ObjectWriter w(r);
    switch (f) {
    case Format::Alpaca:
        w.str("instruction", r.instruction);
        w.str("input", r.input);
        w.str("output", r.output);
        if (!r.system.empty())
            w.str("system", r.system);
        if (!r.category.empty())
            w.str("category", r.category);
        break;
    case Format::Dolly:
        w.str("instruction", r.instruction);
        w.str("context", r.input);
        w.str("response", r.output);
        w.str("category", r.category);
        if (!r.system.empty())
            w.str("system", r.system);
        break;
    case Format::ShareGpt:
        if (r.kind == DatasetKind::Preference) {
            w.turns("conversations", r.messages, true, &r.prompt);
            w.key("chosen");
            w.raw("{\"from\":\"gpt\",\"value\":");
            w.value("chosen", r.chosen);
            w.raw("}");
            w.key("rejected");
            w.raw("{\"from\":\"gpt\",\"value\":");
            w.value("rejected", r.rejected);
            w.raw("}");
        } else {
            w.turns("conversations", r.messages, true, nullptr);
        }
        if (!r.system.empty())
            w.str("system", r.system);
        break;
    case Format::OpenAiMessages:
        w.turns("messages", r.messages, false, nullptr);
        if (!r.system.empty())
            w.str("system", r.system);
        break;
    case Format::Preference:
        w.str("prompt", r.prompt);
        w.str("chosen", r.chosen);
        w.str("rejected", r.rejected);
        if (!r.system.empty())
            w.str("system", r.system);
        if (!r.messages.empty())
            w.turns("messages", r.messages, false, nullptr);
        break;
    case Format::Text:
        w.str("text", r.text);
        break;
    default:
        break;
    }
    w.extra();
    if (opt_.includeMetadata)
        w.metadata();
    std::string obj = w.done();
    if (opt_.jsonLines) {
        obj += '\n';
    } else {
        obj.insert(0, n_ == 0 ? "[\n" : ",\n");
    }
    out_ << obj;
    ++n_;
}

void RecordWriter::finish()
{
    if (finished_)
        return;
    finished_ = true;
    bool csv = opt_.format == Format::Csv;
    if (!opt_.jsonLines && !csv)
        out_ << (n_ == 0 ? "[]\n" : "\n]\n");
    out_.flush();
}

} // namespace wb::formats
