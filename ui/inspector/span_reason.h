#pragma once
// The inspector's words for a risky span, in the user's language, made from
// the span's kind and text (core's SpanScore::reason is English, for the CLI).
#include <QCoreApplication>
#include <QString>

#include <string>

namespace wb::inspect {
struct SpanScore;
struct InspectReport;
} // namespace wb::inspect

namespace wb {

class SpanReason {
    Q_DECLARE_TR_FUNCTIONS(wb::SpanReason)
public:
    // `answer` is the text the span's byte offsets index; the report gives
    // the model's token log-probabilities for "token" spans.
    static QString text(const inspect::SpanScore& span, const std::string& answer,
                        const inspect::InspectReport& report);
};

} // namespace wb
