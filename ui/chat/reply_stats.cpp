#include "ui/chat/reply_stats.h"

#include <QCoreApplication>
#include <QLocale>

#include <nlohmann/json.hpp>

namespace wb {

std::string replyStatsJson(const GenerationStats& s, const QString& dtype)
{
    nlohmann::json j = {
        {"prompt_tokens", s.promptTokens},
        {"tokens", s.generatedTokens},
        {"prefill_s", s.prefillSeconds},
        {"decode_s", s.decodeSeconds},
        {"ttft_s", s.timeToFirstTokenSeconds},
        {"tokens_per_s", s.decodeTokensPerSecond()},
        {"prefill_tokens_per_s", s.prefillTokensPerSecond()},
        {"stop", toString(s.stopReason)},
    };
    if (!dtype.isEmpty())
        j["dtype"] = dtype.toStdString();
    return j.dump();
}

QString stopReasonText(const QString& stop)
{
    if (stop == QLatin1String("eos")) return QCoreApplication::translate("wb::ReplyStats", "end of text");
    if (stop == QLatin1String("stop")) return QCoreApplication::translate("wb::ReplyStats", "stop string");
    if (stop == QLatin1String("length")) return QCoreApplication::translate("wb::ReplyStats", "token limit");
    if (stop == QLatin1String("context")) return QCoreApplication::translate("wb::ReplyStats", "context full");
    if (stop == QLatin1String("cancelled")) return QCoreApplication::translate("wb::ReplyStats", "stopped");
    if (stop == QLatin1String("error")) return QCoreApplication::translate("wb::ReplyStats", "error");
    return stop;
}

QString replyStatsSummary(const std::string& statsJson)
{
    if (statsJson.empty())
        return {};
    const nlohmann::json j = nlohmann::json::parse(statsJson, nullptr, false);
    if (!j.is_object())
        return {};
    const QLocale locale;
    const double tps = j.value("tokens_per_s", 0.0);
    const double ttft = j.value("ttft_s", 0.0);
    const int tokens = j.value("tokens", 0);
    const QString stop = QString::fromStdString(j.value("stop", std::string()));
    return QCoreApplication::translate("wb::ReplyStats", "%1 tokens/s · first token %2 s · %3 tokens · %4")
        .arg(locale.toString(tps, 'f', 1), locale.toString(ttft, 'f', 2), locale.toString(tokens),
             stopReasonText(stop));
}

} // namespace wb
