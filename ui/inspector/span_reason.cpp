#include "ui/inspector/span_reason.h"

#include "core/inspect/inspector.h"

#include <algorithm>

namespace wb {

QString SpanReason::text(const inspect::SpanScore& span, const std::string& answer,
                         const inspect::InspectReport& report)
{
    const size_t end = std::min(span.end, answer.size());
    const QString term = QString::fromStdString(answer.substr(std::min(span.begin, end), end - std::min(span.begin, end)));
    if (span.kind == "number") return tr("number \"%1\" is not in the evidence").arg(term);
    if (span.kind == "quoted") return tr("quoted term \"%1\" is not in the evidence").arg(term);
    if (span.kind == "entity") return tr("name \"%1\" is not in the evidence").arg(term);
    if (span.kind == "entity-apart")
        return tr("the words of \"%1\" are in the evidence, but not together").arg(term);
    if (span.kind == "word" || span.kind == "han") return tr("\"%1\" is not in the evidence").arg(term);
    if (span.kind == "token") {
        const auto t = std::find_if(report.tokens.begin(), report.tokens.end(), [&](const inspect::TokenScore& x) {
            return x.begin == span.begin && x.end == span.end;
        });
        if (t != report.tokens.end())
            return tr("\"%1\": log-probability %2 with the evidence, %3 without")
                .arg(term)
                .arg(t->logpWith, 0, 'f', 2)
                .arg(t->logpWithout, 0, 'f', 2);
        return tr("\"%1\": the evidence does not make it more likely").arg(term);
    }
    return QString::fromStdString(span.reason);   // a kind this version does not know
}

} // namespace wb
