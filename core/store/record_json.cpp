// JSON forms used by the store: the revision snapshot of a whole record, and
// the small arrays kept in the messages_json / tags columns.
#include "core/store/project_store_impl.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace wb {

using nlohmann::json;

namespace {

std::string dumpJson(const json& j, int64_t recordId, const char* what)
{
    try {
        return j.dump();
    } catch (const json::exception& e) {
        throw Error("record " + std::to_string(recordId) + ": cannot store " + what + " (" + e.what() + ")");
    }
}

json parseJson(std::string_view text, int64_t recordId, const char* what)
{
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw Error("record " + std::to_string(recordId) + ": corrupt " + what + " JSON (" + e.what() + ")");
    }
}

} // namespace

std::string tagsToJson(const std::vector<std::string>& tags)
{
    if (tags.empty())
        return {};
    return dumpJson(json(tags), 0, "tags");
}

std::vector<std::string> tagsFromJson(std::string_view text, int64_t recordId)
{
    if (text.empty())
        return {};
    try {
        return parseJson(text, recordId, "tags").get<std::vector<std::string>>();
    } catch (const json::exception& e) {
        throw Error("record " + std::to_string(recordId) + ": corrupt tags (" + e.what() + ")");
    }
}

std::string messagesToJson(const std::vector<Message>& ms)
{
    if (ms.empty())
        return {};
    json arr = json::array();
    for (const auto& m : ms)
        arr.push_back({{"role", m.role}, {"content", m.content}});
    return dumpJson(arr, 0, "messages");
}

std::vector<Message> messagesFromJson(std::string_view text, int64_t recordId)
{
    std::vector<Message> out;
    if (text.empty())
        return out;
    try {
        for (const auto& m : parseJson(text, recordId, "messages"))
            out.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
    } catch (const json::exception& e) {
        throw Error("record " + std::to_string(recordId) + ": corrupt messages (" + e.what() + ")");
    }
    return out;
}

void normalizeRecordForWrite(Record& r)
{
    auto where = [&] {
        std::string s = "record " + std::to_string(r.id);
        if (!r.sourceFile.empty())
            s += " (" + r.sourceFile + ":" + std::to_string(r.sourceLine) + ")";
        return s;
    };
    if (r.rating < 0 || r.rating > 5)
        throw Error(where() + ": field 'rating' must be 0..5, got " + std::to_string(r.rating));
    std::unordered_set<std::string> seen;
    std::vector<std::string> tags;
    for (auto& t : r.tags) {
        if (t.empty())
            throw Error(where() + ": field 'tags' contains an empty tag");
        if (seen.insert(t).second)
            tags.push_back(t);
    }
    if (tags.size() != r.tags.size())
        r.tags = std::move(tags);
}

std::string ProjectStore::recordToJson(const Record& r)
{
    json j;
    j["id"] = r.id;
    j["datasetId"] = r.datasetId;
    j["kind"] = toString(r.kind);
    j["system"] = r.system;
    j["instruction"] = r.instruction;
    j["input"] = r.input;
    j["output"] = r.output;
    j["category"] = r.category;
    json ms = json::array();
    for (const auto& m : r.messages)
        ms.push_back({{"role", m.role}, {"content", m.content}});
    j["messages"] = std::move(ms);
    j["prompt"] = r.prompt;
    j["chosen"] = r.chosen;
    j["rejected"] = r.rejected;
    j["text"] = r.text;
    j["extra"] = r.extra;
    j["sourceFile"] = r.sourceFile;
    j["sourceLine"] = r.sourceLine;
    j["contentHash"] = r.contentHash;
    j["tags"] = r.tags;
    j["status"] = toString(r.status);
    j["rating"] = r.rating;
    j["split"] = toString(r.split);
    j["createdAt"] = r.createdAt;
    j["updatedAt"] = r.updatedAt;
    return dumpJson(j, r.id, "revision");
}

Record ProjectStore::recordFromJson(const std::string& text)
{
    const json j = parseJson(text, 0, "revision");
    Record r;
    std::string field;
    try {
        auto str = [&](const char* key, std::string& out) {
            field = key;
            if (j.contains(key))
                out = j.at(key).get<std::string>();
        };
        auto num = [&](const char* key, auto& out) {
            field = key;
            if (j.contains(key))
                out = j.at(key).get<std::remove_reference_t<decltype(out)>>();
        };
        num("id", r.id);
        num("datasetId", r.datasetId);
        field = "kind";
        r.kind = datasetKindFromString(j.at("kind").get<std::string>());
        str("system", r.system);
        str("instruction", r.instruction);
        str("input", r.input);
        str("output", r.output);
        str("category", r.category);
        field = "messages";
        if (j.contains("messages"))
            for (const auto& m : j.at("messages"))
                r.messages.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
        str("prompt", r.prompt);
        str("chosen", r.chosen);
        str("rejected", r.rejected);
        str("text", r.text);
        str("extra", r.extra);
        str("sourceFile", r.sourceFile);
        num("sourceLine", r.sourceLine);
        str("contentHash", r.contentHash);
        field = "tags";
        if (j.contains("tags"))
            r.tags = j.at("tags").get<std::vector<std::string>>();
        field = "status";
        if (j.contains("status"))
            r.status = reviewStatusFromString(j.at("status").get<std::string>());
        num("rating", r.rating);
        field = "split";
        if (j.contains("split"))
            r.split = splitFromString(j.at("split").get<std::string>());
        num("createdAt", r.createdAt);
        num("updatedAt", r.updatedAt);
    } catch (const json::exception& e) {
        throw Error("revision JSON: bad field '" + field + "' (" + e.what() + ")");
    } catch (const Error& e) {
        throw Error("revision JSON: bad field '" + field + "' (" + e.what() + ")");
    }
    return r;
}

} // namespace wb
