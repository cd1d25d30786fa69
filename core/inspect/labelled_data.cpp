#include "core/inspect/labelled_data.h"

#include "core/data/record.h"
#include "core/inspect/text_units.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace wb::inspect {
namespace {

using nlohmann::json;

std::string where(const std::string& path, int64_t line) { return path + ":" + std::to_string(line); }

std::string stringField(const json& j, const char* field, const std::string& at, bool required = true)
{
    if (!j.contains(field)) {
        if (required) throw Error(at + ": missing field '" + field + "'");
        return {};
    }
    if (!j[field].is_string()) throw Error(at + ": field '" + field + "' must be a string");
    return j[field].get<std::string>();
}

// Calls f(json, line) for each non-blank line.
template <typename F>
void forEachJsonLine(const std::string& path, size_t limit, F f)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open file");
    std::string line;
    int64_t lineNo = 0;
    size_t n = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        if (limit && n >= limit) break;
        json j;
        try {
            j = json::parse(line);
        } catch (const json::parse_error& e) {
            throw Error(where(path, lineNo) + ": invalid JSON: " + e.what());
        }
        if (!j.is_object()) throw Error(where(path, lineNo) + ": a line must hold a JSON object");
        f(j, lineNo);
        ++n;
    }
}

} // namespace

std::vector<LabelledAnswer> loadHaluEvalQa(const std::string& path, size_t limit)
{
    std::vector<LabelledAnswer> out;
    forEachJsonLine(path, limit, [&](const json& j, int64_t line) {
        const std::string at = where(path, line);
        LabelledAnswer a;
        a.group = line;
        a.question = stringField(j, "question", at);
        a.evidence = {stringField(j, "knowledge", at)};
        a.answer = stringField(j, "right_answer", at);
        a.id = at + ":right";
        LabelledAnswer h = a;
        h.answer = stringField(j, "hallucinated_answer", at);
        h.id = at + ":hallucinated";
        h.hallucinated = true;
        out.push_back(std::move(a));
        out.push_back(std::move(h));
    });
    if (out.empty()) throw Error(path + ": no records");
    return out;
}

std::vector<LabelledAnswer> loadRagTruthSpans(const std::string& path, size_t limit)
{
    std::vector<LabelledAnswer> out;
    forEachJsonLine(path, limit, [&](const json& j, int64_t line) {
        const std::string at = where(path, line);
        LabelledAnswer a;
        a.group = line;
        a.id = j.contains("id") && (j["id"].is_string() || j["id"].is_number())
                   ? (j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump())
                   : at;
        a.question = stringField(j, "question", at, false);
        a.answer = stringField(j, "response", at);
        if (!j.contains("context")) throw Error(at + ": missing field 'context'");
        if (j["context"].is_string()) {
            a.evidence = {j["context"].get<std::string>()};
        } else if (j["context"].is_array()) {
            for (const auto& p : j["context"]) {
                if (!p.is_string()) throw Error(at + ": field 'context' must hold strings");
                a.evidence.push_back(p.get<std::string>());
            }
        } else {
            throw Error(at + ": field 'context' must be a string or an array of strings");
        }
        if (!j.contains("labels") || !j["labels"].is_array()) throw Error(at + ": field 'labels' must be an array");
        const size_t chars = codePointOffset(a.answer, a.answer.size());
        for (size_t k = 0; k < j["labels"].size(); ++k) {
            const json& l = j["labels"][k];
            const std::string lat = at + ": labels[" + std::to_string(k) + "]";
            if (!l.is_object() || !l.contains("start") || !l.contains("end") || !l["start"].is_number_unsigned() ||
                !l["end"].is_number_unsigned())
                throw Error(lat + ": needs non-negative integer 'start' and 'end'");
            const size_t s = l["start"].get<size_t>(), e = l["end"].get<size_t>();
            if (s >= e || e > chars)
                throw Error(lat + ": range [" + std::to_string(s) + ", " + std::to_string(e) +
                            ") is empty or beyond the response's " + std::to_string(chars) + " characters");
            const size_t b = byteOffsetOfCodePoint(a.answer, s), be = byteOffsetOfCodePoint(a.answer, e);
            if (l.contains("text")) {
                if (!l["text"].is_string()) throw Error(lat + ": field 'text' must be a string");
                if (l["text"].get<std::string>() != a.answer.substr(b, be - b))
                    throw Error(lat + ": 'text' is not the response's characters " + std::to_string(s) + " to " +
                                std::to_string(e) + " ('" + a.answer.substr(b, be - b) + "')");
            }
            a.spans.push_back({b, be});
        }
        a.hasSpans = true;
        a.hallucinated = !a.spans.empty();
        out.push_back(std::move(a));
    });
    if (out.empty()) throw Error(path + ": no records");
    return out;
}

std::vector<LabelledAnswer> loadLabelled(const std::string& path, const std::string& format, size_t limit)
{
    if (format == "halueval") return loadHaluEvalQa(path, limit);
    if (format == "ragtruth") return loadRagTruthSpans(path, limit);
    throw Error("unknown labelled-data format '" + format + "' (halueval, ragtruth)");
}

} // namespace wb::inspect
