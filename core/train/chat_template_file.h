#pragma once
// A trained chat model must carry its template, so the chat panel renders
// prompts the way it was trained: tokenizer_config.json "chat_template".
// Qt-free and LibTorch-free.
#include "core/infer/chat_template.h"

#include <string>

namespace wb {

// A Jinja text for the kind that detectChatTemplate() recognises ("" for
// plain, which has no standard Jinja form).
std::string chatTemplateJinja(ChatTemplateKind kind);

// Sets "chat_template" (and "eos_token" when the template has one) in
// modelDir/tokenizer_config.json, keeping its other fields, unless
// detectChatTemplate() already finds that kind there. Returns whether it wrote.
bool writeChatTemplate(const std::string& modelDir, const ChatTemplate& t);

} // namespace wb
