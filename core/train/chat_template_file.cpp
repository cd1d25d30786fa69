#include "core/train/chat_template_file.h"

#include "core/data/record.h"
#include "core/model/model_export.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {

std::string chatTemplateJinja(ChatTemplateKind kind)
{
    switch (kind) {
    case ChatTemplateKind::ChatML:
        return "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
               "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
    case ChatTemplateKind::Llama3:
        return "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + "
               "'<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
               "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
    case ChatTemplateKind::Llama2:
        return "{% for message in messages %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + "
               "message['content'] | trim + ' [/INST]' }}{% elif message['role'] == 'system' %}{{ '<<SYS>>\\n' + "
               "message['content'] | trim + '\\n<</SYS>>\\n\\n' }}{% elif message['role'] == 'assistant' %}{{ ' ' + "
               "message['content'] | trim + ' ' + eos_token }}{% endif %}{% endfor %}";
    case ChatTemplateKind::Alpaca:
        return "{% for message in messages %}{% if message['role'] == 'user' %}{{ '### Instruction:\\n' + "
               "message['content'] + '\\n\\n### Response:\\n' }}{% elif message['role'] == 'assistant' %}{{ "
               "message['content'] + eos_token + '\\n\\n' }}{% else %}{{ message['content'] + '\\n\\n' }}{% endif %}"
               "{% endfor %}";
    case ChatTemplateKind::Vicuna:
        return "{% for message in messages %}{% if message['role'] == 'user' %}{{ 'USER: ' + message['content'] + "
               "' ASSISTANT:' }}{% elif message['role'] == 'assistant' %}{{ ' ' + message['content'] + eos_token }}"
               "{% else %}{{ message['content'] + ' ' }}{% endif %}{% endfor %}";
    case ChatTemplateKind::Plain:
        return {};
    }
    return {};
}

bool writeChatTemplate(const std::string& modelDir, const ChatTemplate& t)
{
    if (auto found = detectChatTemplate(modelDir); found && found->kind == t.kind) return false;
    const std::string jinja = chatTemplateJinja(t.kind);
    if (jinja.empty()) return false;
    const std::string path = (std::filesystem::path(modelDir) / "tokenizer_config.json").string();
    nlohmann::json j = nlohmann::json::object();
    if (std::ifstream in(path, std::ios::binary); in) {
        std::stringstream s;
        s << in.rdbuf();
        j = nlohmann::json::parse(s.str(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw Error(path + ": not a JSON object");
    }
    j["chat_template"] = jinja;
    if (!t.eos.empty()) j["eos_token"] = t.eos;
    if (!t.bos.empty()) j["bos_token"] = t.bos;
    writeTextFileAtomic(path, j.dump(2) + "\n");
    return true;
}

} // namespace wb
