#include "core/infer/chat_template.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {
namespace {

using Segments = std::vector<std::pair<std::string, bool>>;

// Jinja's trim / Python's strip(), as the Llama templates apply to contents.
std::string trimmed(const std::string& s)
{
    const char* ws = " \t\n\r\f\v";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

const char* kAlpacaSystem =
    "Below is an instruction that describes a task. Write a response that appropriately completes the request.";
const char* kVicunaSystem =
    "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, "
    "and polite answers to the user's questions.";

void checkRole(const ChatMessage& m, size_t index)
{
    if (m.role != "system" && m.role != "user" && m.role != "assistant")
        throw Error("chat template: message " + std::to_string(index) + ": role \"" + m.role +
                    "\" is not system, user or assistant");
}

// The system prompt (first message when its role is system) and the rest.
std::pair<std::string, std::vector<ChatMessage>> splitSystem(const std::vector<ChatMessage>& messages)
{
    for (size_t i = 0; i < messages.size(); ++i) {
        checkRole(messages[i], i);
        if (i > 0 && messages[i].role == "system")
            throw Error("chat template: message " + std::to_string(i) + ": a system message must come first");
    }
    if (!messages.empty() && messages.front().role == "system")
        return {messages.front().content, std::vector<ChatMessage>(messages.begin() + 1, messages.end())};
    return {std::string(), messages};
}

// Segments for the conversation; with `generationPrompt` the header of the
// next assistant turn is appended (untrained).
Segments render(const ChatTemplate& t, const std::vector<ChatMessage>& messages, bool generationPrompt)
{
    Segments out;
    auto prompt = [&](const std::string& s) {
        if (s.empty()) return;
        if (!out.empty() && !out.back().second) out.back().first += s;
        else out.emplace_back(s, false);
    };
    auto reply = [&](const std::string& s) { out.emplace_back(s, true); };
    prompt(t.bos);
    switch (t.kind) {
    case ChatTemplateKind::ChatML:
        for (size_t i = 0; i < messages.size(); ++i) {
            const ChatMessage& m = messages[i];
            checkRole(m, i);
            prompt("<|im_start|>" + m.role + "\n");
            if (m.role == "assistant") {
                reply(m.content + "<|im_end|>");
                prompt("\n");
            } else {
                prompt(m.content + "<|im_end|>\n");
            }
        }
        if (generationPrompt) prompt("<|im_start|>assistant\n");
        break;
    case ChatTemplateKind::Llama3:
        for (size_t i = 0; i < messages.size(); ++i) {
            const ChatMessage& m = messages[i];
            checkRole(m, i);
            prompt("<|start_header_id|>" + m.role + "<|end_header_id|>\n\n");
            if (m.role == "assistant") reply(trimmed(m.content) + "<|eot_id|>");
            else prompt(trimmed(m.content) + "<|eot_id|>");
        }
        if (generationPrompt) prompt("<|start_header_id|>assistant<|end_header_id|>\n\n");
        break;
    case ChatTemplateKind::Llama2: {
        auto [system, turns] = splitSystem(messages);
        for (size_t i = 0; i < turns.size(); ++i) {
            const bool wantUser = i % 2 == 0;
            if ((turns[i].role == "user") != wantUser)
                throw Error("chat template llama2: message " + std::to_string(i) + " is \"" + turns[i].role +
                            "\" but the conversation must alternate user / assistant, starting with user");
            if (wantUser) {
                if (i > 0) prompt(t.bos);
                std::string user = trimmed(turns[i].content);
                if (i == 0 && !system.empty()) user = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + user;
                prompt("[INST] " + user + " [/INST]");
            } else {
                reply(" " + trimmed(turns[i].content) + " " + t.eos);
            }
        }
        break;
    }
    case ChatTemplateKind::Alpaca: {
        auto [system, turns] = splitSystem(messages);
        prompt((system.empty() ? std::string(kAlpacaSystem) : system) + "\n\n");
        for (const ChatMessage& m : turns) {
            if (m.role == "user") prompt("### Instruction:\n" + m.content + "\n\n### Response:\n");
            else { reply(m.content + t.eos); prompt("\n\n"); }
        }
        break;
    }
    case ChatTemplateKind::Vicuna: {
        auto [system, turns] = splitSystem(messages);
        prompt((system.empty() ? std::string(kVicunaSystem) : system) + " ");
        for (const ChatMessage& m : turns) {
            if (m.role == "user") prompt("USER: " + m.content + " ASSISTANT:");
            else reply(" " + m.content + t.eos);
        }
        break;
    }
    case ChatTemplateKind::Plain: {
        auto [system, turns] = splitSystem(messages);
        if (!system.empty()) prompt(system + "\n\n");
        for (const ChatMessage& m : turns) {
            if (m.role == "user") prompt(m.content + "\n");
            else { reply(m.content + t.eos); prompt("\n"); }
        }
        break;
    }
    }
    return out;
}

std::string tokenText(const nlohmann::json& j)
{
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string()) return j["content"].get<std::string>();
    return {};
}

} // namespace

std::string ChatTemplate::renderPrompt(const std::vector<ChatMessage>& messages) const
{
    std::string out;
    for (const auto& [text, trained] : render(*this, messages, true)) out += text;
    return out;
}

std::vector<std::pair<std::string, bool>> ChatTemplate::renderTraining(const std::vector<ChatMessage>& messages) const
{
    if (messages.empty() || messages.back().role != "assistant")
        throw Error("chat template: a training conversation must end with an assistant message");
    Segments s = render(*this, messages, false);
    while (!s.empty() && !s.back().second) s.pop_back();   // trailing separators are not part of the example
    return s;
}

std::string toString(ChatTemplateKind k)
{
    switch (k) {
    case ChatTemplateKind::ChatML: return "chatml";
    case ChatTemplateKind::Llama3: return "llama3";
    case ChatTemplateKind::Llama2: return "llama2";
    case ChatTemplateKind::Alpaca: return "alpaca";
    case ChatTemplateKind::Vicuna: return "vicuna";
    case ChatTemplateKind::Plain: return "plain";
    }
    return "plain";
}

std::vector<ChatTemplateKind> allChatTemplates()
{
    return {ChatTemplateKind::ChatML, ChatTemplateKind::Llama3, ChatTemplateKind::Llama2,
            ChatTemplateKind::Alpaca, ChatTemplateKind::Vicuna, ChatTemplateKind::Plain};
}

ChatTemplateKind chatTemplateFromString(const std::string& s)
{
    for (ChatTemplateKind k : allChatTemplates())
        if (toString(k) == s) return k;
    throw Error("chat template \"" + s + "\" is unknown (chatml, llama3, llama2, alpaca, vicuna, plain)");
}

ChatTemplate makeChatTemplate(ChatTemplateKind kind)
{
    ChatTemplate t;
    t.kind = kind;
    switch (kind) {
    case ChatTemplateKind::ChatML:
        t.eos = "<|im_end|>";
        t.stops = {"<|im_end|>", "<|im_start|>"};
        break;
    case ChatTemplateKind::Llama3:
        t.bos = "<|begin_of_text|>";
        t.eos = "<|eot_id|>";
        t.stops = {"<|eot_id|>", "<|start_header_id|>"};
        break;
    case ChatTemplateKind::Llama2:
        t.bos = "<s>";
        t.eos = "</s>";
        t.stops = {"</s>", "[INST]"};
        break;
    case ChatTemplateKind::Alpaca:
        t.stops = {"### Instruction:", "### Response:"};
        break;
    case ChatTemplateKind::Vicuna:
        t.eos = "</s>";
        t.stops = {"</s>", "USER:"};
        break;
    case ChatTemplateKind::Plain:
        break;
    }
    return t;
}

std::optional<ChatTemplate> detectChatTemplate(const std::string& modelDir)
{
    const std::filesystem::path path = std::filesystem::path(modelDir) / "tokenizer_config.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buf;
    buf << in.rdbuf();
    const nlohmann::json j = nlohmann::json::parse(buf.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("chat_template")) return std::nullopt;
    std::string text;
    const nlohmann::json& ct = j["chat_template"];
    if (ct.is_string()) text = ct.get<std::string>();
    else if (ct.is_array())   // [{"name": "default", "template": ...}, ...]
        for (const auto& e : ct)
            if (e.is_object() && e.value("name", "") == "default" && e.contains("template") && e["template"].is_string())
                text = e["template"].get<std::string>();
    if (text.empty()) return std::nullopt;

    std::optional<ChatTemplateKind> kind;
    if (text.find("<|im_start|>") != std::string::npos) kind = ChatTemplateKind::ChatML;
    else if (text.find("<|start_header_id|>") != std::string::npos) kind = ChatTemplateKind::Llama3;
    else if (text.find("[INST]") != std::string::npos) kind = ChatTemplateKind::Llama2;
    else if (text.find("### Instruction") != std::string::npos) kind = ChatTemplateKind::Alpaca;
    else if (text.find("USER:") != std::string::npos && text.find("ASSISTANT:") != std::string::npos)
        kind = ChatTemplateKind::Vicuna;
    if (!kind) return std::nullopt;
    ChatTemplate t = makeChatTemplate(*kind);
    // The model's own special token texts, where the template uses them.
    const std::string bos = tokenText(j.value("bos_token", nlohmann::json()));
    const std::string eos = tokenText(j.value("eos_token", nlohmann::json()));
    if (*kind == ChatTemplateKind::Llama2 || *kind == ChatTemplateKind::Vicuna || *kind == ChatTemplateKind::Alpaca) {
        if (!eos.empty()) t.eos = eos;
        if (*kind == ChatTemplateKind::Llama2 && !bos.empty()) t.bos = bos;
    }
    if (*kind == ChatTemplateKind::Llama3 && text.find("bos_token") == std::string::npos &&
        text.find("<|begin_of_text|>") == std::string::npos)
        t.bos.clear();
    if (!eos.empty() && std::find(t.stops.begin(), t.stops.end(), eos) == t.stops.end()) t.stops.push_back(eos);
    return t;
}

std::vector<ChatMessage> withFewShot(const std::vector<ChatMessage>& conversation,
                                     const std::vector<FewShotExample>& examples)
{
    std::vector<ChatMessage> out;
    size_t rest = 0;
    if (!conversation.empty() && conversation.front().role == "system") {
        out.push_back(conversation.front());
        rest = 1;
    }
    for (const FewShotExample& e : examples) {
        out.push_back({"user", e.input});
        out.push_back({"assistant", e.output});
    }
    out.insert(out.end(), conversation.begin() + std::ptrdiff_t(rest), conversation.end());
    return out;
}

std::vector<ChatMessage> withStepByStep(const std::vector<ChatMessage>& conversation, bool chinese)
{
    std::vector<ChatMessage> out = conversation;
    const std::string cue = chinese ? "\n\n请一步一步地思考，先写出推理过程，再给出最终答案。"
                                    : "\n\nLet's think step by step. Write out the reasoning first, then give the "
                                      "final answer.";
    for (auto it = out.rbegin(); it != out.rend(); ++it)
        if (it->role == "user") {
            it->content += cue;
            break;
        }
    return out;
}

} // namespace wb
