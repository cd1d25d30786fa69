#pragma once
// Rendering a conversation into the exact prompt text a chat model was
// trained on. Qt-free, LibTorch-free.
#include <optional>
#include <string>
#include <vector>

namespace wb {

enum class ChatTemplateKind { ChatML, Llama3, Llama2, Alpaca, Vicuna, Plain };

struct ChatMessage {
    std::string role;      // "system", "user", "assistant"
    std::string content;
};

struct ChatTemplate {
    ChatTemplateKind kind = ChatTemplateKind::Plain;
    std::string bos;                 // written at the very start ("<s>", "<|begin_of_text|>"), may be ""
    std::string eos;                 // appended after each assistant turn in training text, may be ""
    std::vector<std::string> stops;  // text that ends a reply ("<|im_end|>", "<|eot_id|>", "\n### Instruction:")

    // The prompt for the next assistant reply (ends where the model writes).
    // Throws wb::Error for a role the template does not know, or a conversation
    // that does not alternate where the template needs it (Llama-2).
    std::string renderPrompt(const std::vector<ChatMessage>& messages) const;
    // Full training text of a conversation that ends with an assistant turn,
    // split into segments: (text, trained). Assistant replies and their end
    // markers are trained; everything else is prompt.
    std::vector<std::pair<std::string, bool>> renderTraining(const std::vector<ChatMessage>& messages) const;
};

std::string toString(ChatTemplateKind k);                   // "chatml" "llama3" "llama2" "alpaca" "vicuna" "plain"
ChatTemplateKind chatTemplateFromString(const std::string& s); // throws wb::Error naming the value
std::vector<ChatTemplateKind> allChatTemplates();
ChatTemplate makeChatTemplate(ChatTemplateKind kind);

// Recognises the model's tokenizer_config.json "chat_template" (Jinja text) as
// one of the known kinds, with bos/eos from that file. nullopt when the file
// is missing, has no template, or the template is not one we know.
std::optional<ChatTemplate> detectChatTemplate(const std::string& modelDir);

// Prompt presets: few-shot (examples from a dataset as earlier turns) and
// step-by-step (an instruction to reason before answering).
struct FewShotExample {
    std::string input;
    std::string output;
};
std::vector<ChatMessage> withFewShot(const std::vector<ChatMessage>& conversation,
                                     const std::vector<FewShotExample>& examples);
std::vector<ChatMessage> withStepByStep(const std::vector<ChatMessage>& conversation, bool chinese = false);

} // namespace wb
