#include "core/formats/shapes.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace wb::formats {

using json::Cursor;
using json::ParseError;
using json::Type;

std::string roleFromShareGpt(std::string_view from)
{
    if (from == "human" || from == "user")
        return "user";
    if (from == "gpt" || from == "assistant")
        return "assistant";
    if (from == "system" || from == "function_call")
        return std::string(from);
    if (from == "observation")
        return "tool";
    return {};
}

std::string shareGptFromRole(std::string_view role)
{
    if (role == "user")
        return "human";
    if (role == "assistant")
        return "gpt";
    if (role == "system" || role == "function_call")
        return std::string(role);
    if (role == "tool")
        return "observation";
    return {};
}

namespace {

class RecordParser {
public:
    RecordParser(std::string_view bytes, Format f, Record& r) : c_(bytes), f_(f), r_(r) {}

    void run()
    {
        Type t = c_.peekType();
        if (t != Type::Object)
            c_.fail(c_.pos(), std::string("record must be a JSON object, got ") + json::typeName(t));
        objStart_ = c_.pos();
        c_.readObject([&](std::string_view key, size_t ks, size_t ke) { onKey(key, ks, ke); });
        if (!c_.atEnd())
            c_.fail(c_.pos(), "trailing characters after the record");
        finish();
        if (!extra_.empty())
            extra_ += '}';
        r_.extra = std::move(extra_);
    }

private:
    [[noreturn]] void fail(size_t at, const std::string& msg) { c_.fail(at, msg); }

    void str(const std::string& field, std::string& out, bool nullable)
    {
        Type t = c_.peekType();
        if (t == Type::String) {
            out.clear();
            c_.readString(out);
            return;
        }
        if (t == Type::Null && nullable) {
            c_.skipValue();
            out.clear();
            return;
        }
        fail(c_.pos(), "field '" + field + "' must be a string, got " + json::typeName(t));
    }

    void keepExtra(size_t ks, size_t ke)
    {
        c_.peekType();
        size_t vs = c_.pos();
        c_.skipValue();
        extra_ += extra_.empty() ? '{' : ',';
        extra_.append(c_.source().substr(ks, ke - ks));
        extra_ += ':';
        json::appendCompact(extra_, c_.source().substr(vs, c_.pos() - vs));
    }

    // [{from,value}] (ShareGPT) or [{role,content}] (OpenAI).
    void messages(const std::string& field, bool shareGpt, std::vector<Message>& out)
    {
        Type t = c_.peekType();
        if (t != Type::Array)
            fail(c_.pos(), "field '" + field + "' must be an array, got " + json::typeName(t));
        const char* roleKey = shareGpt ? "from" : "role";
        const char* contentKey = shareGpt ? "value" : "content";
        out.clear();
        c_.readArray([&](size_t i) {
            std::string item = field + "[" + std::to_string(i) + "]";
            Type et = c_.peekType();
            if (et != Type::Object)
                fail(c_.pos(), "field '" + item + "' must be an object, got " + json::typeName(et));
            size_t start = c_.pos();
            Message m;
            bool hasRole = false, hasContent = false;
            c_.readObject([&](std::string_view k, size_t ks, size_t) {
                if (k == roleKey) {
                    c_.peekType();
                    size_t at = c_.pos();
                    str(item + "." + roleKey, m.role, false);
                    if (shareGpt) {
                        std::string role = roleFromShareGpt(m.role);
                        if (role.empty())
                            fail(at, "field '" + item + ".from' has unknown role '" + m.role + "'");
                        m.role = std::move(role);
                    }
                    hasRole = true;
                } else if (k == contentKey) {
                    str(item + "." + contentKey, m.content, false);
                    hasContent = true;
                } else {
                    fail(ks, "field '" + item + "' has unsupported key '" + std::string(k) + "' (only '" + roleKey
                             + "' and '" + contentKey + "' can be kept)");
                }
            });
            if (!hasRole)
                fail(start, "field '" + item + "' is missing '" + roleKey + "'");
            if (!hasContent)
                fail(start, "field '" + item + "' is missing '" + contentKey + "'");
            out.push_back(std::move(m));
        });
    }

    // ShareGPT chosen/rejected: a plain string or {from: gpt, value}.
    void answer(const std::string& field, std::string& out)
    {
        Type t = c_.peekType();
        if (t == Type::String) {
            str(field, out, false);
            return;
        }
        if (t != Type::Object)
            fail(c_.pos(), "field '" + field + "' must be a string or a {from, value} object, got " + json::typeName(t));
        size_t start = c_.pos();
        bool hasValue = false;
        c_.readObject([&](std::string_view k, size_t ks, size_t) {
            if (k == "from") {
                c_.peekType();
                size_t at = c_.pos();
                std::string from;
                str(field + ".from", from, false);
                if (roleFromShareGpt(from) != "assistant")
                    fail(at, "field '" + field + ".from' must be 'gpt' or 'assistant', got '" + from + "'");
            } else if (k == "value") {
                str(field + ".value", out, false);
                hasValue = true;
            } else {
                fail(ks, "field '" + field + "' has unsupported key '" + std::string(k) + "'");
            }
        });
        if (!hasValue)
            fail(start, "field '" + field + "' is missing 'value'");
    }

    void metadata()
    {
        c_.peekType();
        size_t vs = c_.pos();
        c_.skipValue();
        try {
            auto j = nlohmann::json::parse(c_.source().substr(vs, c_.pos() - vs));
            if (!j.is_object())
                throw Error("must be an object");
            if (j.contains("status"))
                r_.status = reviewStatusFromString(j.at("status").get<std::string>());
            if (j.contains("split"))
                r_.split = splitFromString(j.at("split").get<std::string>());
            if (j.contains("rating"))
                r_.rating = j.at("rating").get<int>();
            if (j.contains("tags"))
                r_.tags = j.at("tags").get<std::vector<std::string>>();
        } catch (const std::exception& e) {
            fail(vs, std::string("field '_wb' is not valid workbench metadata: ") + e.what());
        }
    }

    void set(const char* name, bool& flag, size_t at, std::string& out, bool nullable, const char* field)
    {
        if (flag)
            fail(at, std::string("field '") + field + "' duplicates '" + name + "'");
        flag = true;
        str(field, out, nullable);
    }

    void onKey(std::string_view k, size_t ks, size_t ke)
    {
        if (k == "_wb") {
            metadata();
            return;
        }
        switch (f_) {
        case Format::Alpaca:
            if (k == "instruction") { has_[0] = true; return str("instruction", r_.instruction, false); }
            if (k == "output") { has_[1] = true; return str("output", r_.output, false); }
            if (k == "input") return str("input", r_.input, true);
            if (k == "system") return str("system", r_.system, true);
            if (k == "category") return str("category", r_.category, true);
            break;
        case Format::Dolly:
            if (k == "instruction") { has_[0] = true; return str("instruction", r_.instruction, false); }
            if (k == "response") { has_[1] = true; return str("response", r_.output, false); }
            if (k == "context") return str("context", r_.input, true);
            if (k == "system") return str("system", r_.system, true);
            if (k == "category") return str("category", r_.category, true);
            break;
        case Format::ShareGpt:
            if (k == "conversations") {
                has_[0] = true;
                c_.peekType();
                convAt_ = c_.pos();
                return messages("conversations", true, r_.messages);
            }
            if (k == "system") return str("system", r_.system, true);
            if (k == "chosen") { has_[1] = true; return answer("chosen", r_.chosen); }
            if (k == "rejected") { has_[2] = true; return answer("rejected", r_.rejected); }
            break;
        case Format::OpenAiMessages:
            if (k == "messages") { has_[0] = true; return messages("messages", false, r_.messages); }
            if (k == "system") return str("system", r_.system, true);
            break;
        case Format::Preference:
            if (k == "prompt" || k == "question")
                return set("prompt/question", has_[0], ks, r_.prompt, false, k == "prompt" ? "prompt" : "question");
            if (k == "chosen" || k == "response_chosen")
                return set("chosen/response_chosen", has_[1], ks, r_.chosen, false, k == "chosen" ? "chosen" : "response_chosen");
            if (k == "rejected" || k == "response_rejected")
                return set("rejected/response_rejected", has_[2], ks, r_.rejected, false,
                           k == "rejected" ? "rejected" : "response_rejected");
            if (k == "system") return str("system", r_.system, true);
            if (k == "messages") return messages("messages", false, r_.messages);
            break;
        case Format::Text:
            if (k == "text") { has_[0] = true; return str("text", r_.text, false); }
            break;
        default:
            fail(ks, std::string("format '") + std::string(toString(f_)) + "' is not a JSON record format");
        }
        keepExtra(ks, ke);
    }

    void require(int i, const char* name)
    {
        if (!has_[i])
            fail(objStart_, std::string("missing required field '") + name + "'");
    }

    void finish()
    {
        switch (f_) {
        case Format::Alpaca:
            require(0, "instruction");
            require(1, "output");
            r_.kind = DatasetKind::Sft;
            break;
        case Format::Dolly:
            require(0, "instruction");
            require(1, "response");
            r_.kind = DatasetKind::Sft;
            break;
        case Format::ShareGpt:
            require(0, "conversations");
            if (r_.messages.empty())
                fail(convAt_, "field 'conversations' is empty");
            if (has_[1] || has_[2]) {
                require(1, "chosen");
                require(2, "rejected");
                if (r_.messages.back().role != "user")
                    fail(convAt_, "field 'conversations' must end with a human turn (the prompt) when 'chosen' and "
                                  "'rejected' are given");
                r_.prompt = std::move(r_.messages.back().content);
                r_.messages.pop_back();
                r_.kind = DatasetKind::Preference;
            } else {
                r_.kind = DatasetKind::Chat;
            }
            break;
        case Format::OpenAiMessages:
            require(0, "messages");
            r_.kind = DatasetKind::Chat;
            break;
        case Format::Preference:
            require(0, "prompt");
            require(1, "chosen");
            require(2, "rejected");
            r_.kind = DatasetKind::Preference;
            break;
        case Format::Text:
            require(0, "text");
            r_.kind = DatasetKind::Text;
            break;
        default:
            break;
        }
    }

    Cursor c_;
    Format f_;
    Record& r_;
    std::string extra_;
    bool has_[3] = {false, false, false};
    size_t objStart_ = 0;
    size_t convAt_ = 0;
};

bool has(const std::vector<std::string>& keys, std::string_view k)
{
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}

} // namespace

void parseJsonRecord(std::string_view bytes, Format f, Record& r)
{
    RecordParser(bytes, f, r).run();
}

std::vector<std::string> objectKeys(std::string_view bytes)
{
    Cursor c(bytes);
    Type t = c.peekType();
    if (t != Type::Object)
        c.fail(c.pos(), std::string("record must be a JSON object, got ") + json::typeName(t));
    std::vector<std::string> keys;
    c.readObject([&](std::string_view k, size_t, size_t) {
        keys.emplace_back(k);
        c.skipValue();
    });
    if (!c.atEnd())
        c.fail(c.pos(), "trailing characters after the record");
    return keys;
}

Format formatFromKeys(const std::vector<std::string>& keys, bool& preference, std::string& reason)
{
    preference = false;
    if (has(keys, "conversations")) {
        preference = has(keys, "chosen") || has(keys, "rejected");
        reason = preference ? "records have 'conversations' with 'chosen'/'rejected' (ShareGPT preference)"
                            : "records have 'conversations' (ShareGPT)";
        return Format::ShareGpt;
    }
    if (has(keys, "prompt") && has(keys, "chosen") && has(keys, "rejected")) {
        reason = "records have 'prompt', 'chosen' and 'rejected'";
        return Format::Preference;
    }
    if (has(keys, "question") && has(keys, "response_chosen") && has(keys, "response_rejected")) {
        reason = "records have 'question', 'response_chosen' and 'response_rejected'";
        return Format::Preference;
    }
    if (has(keys, "messages")) {
        reason = "records have 'messages' (OpenAI chat)";
        return Format::OpenAiMessages;
    }
    if (has(keys, "instruction") && (has(keys, "response") || has(keys, "context"))) {
        reason = "records have 'instruction' with 'response'/'context' (Dolly)";
        return Format::Dolly;
    }
    if (has(keys, "instruction") && has(keys, "output")) {
        reason = "records have 'instruction' and 'output' (Alpaca)";
        return Format::Alpaca;
    }
    if (has(keys, "text")) {
        reason = "records have 'text'";
        return Format::Text;
    }
    std::string list;
    for (const auto& k : keys)
        list += (list.empty() ? "" : ", ") + k;
    reason = "no known format has the keys: " + (list.empty() ? std::string("(none)") : list);
    return Format::Auto;
}

} // namespace wb::formats
