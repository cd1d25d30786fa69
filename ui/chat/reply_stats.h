#pragma once
// Generation stats of a reply as stored with the message (messages.stats_json)
// and as shown under it.
#include "core/infer/generator.h"

#include <QString>

#include <string>

namespace wb {

// {"prompt_tokens", "tokens", "prefill_s", "decode_s", "ttft_s",
//  "tokens_per_s", "prefill_tokens_per_s", "stop", "dtype"}
std::string replyStatsJson(const GenerationStats& stats, const QString& dtype = {});
// "41.2 tokens/s · first token 0.12 s · 57 tokens · end of text"; "" for
// empty or unreadable JSON.
QString replyStatsSummary(const std::string& statsJson);
// The user-facing name of a stop reason as stored ("eos", "stop", "length",
// "context", "cancelled", "error").
QString stopReasonText(const QString& stop);

} // namespace wb
