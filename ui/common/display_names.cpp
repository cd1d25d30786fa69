#include "ui/common/display_names.h"

#include <QCoreApplication>

namespace wb {
namespace {
struct DisplayNames {
    Q_DECLARE_TR_FUNCTIONS(wb::DisplayNames)
};
} // namespace

QString displayName(DatasetKind k)
{
    switch (k) {
    case DatasetKind::Sft: return DisplayNames::tr("Instruction (SFT)");
    case DatasetKind::Chat: return DisplayNames::tr("Chat");
    case DatasetKind::Preference: return DisplayNames::tr("Preference");
    case DatasetKind::Text: return DisplayNames::tr("Plain text");
    }
    return {};
}

QString displayName(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Unreviewed: return DisplayNames::tr("Unreviewed");
    case ReviewStatus::Accepted: return DisplayNames::tr("Accepted");
    case ReviewStatus::Rejected: return DisplayNames::tr("Rejected");
    case ReviewStatus::NeedsFix: return DisplayNames::tr("Needs fix");
    }
    return {};
}

QString displayName(Split s)
{
    switch (s) {
    case Split::Train: return DisplayNames::tr("Train");
    case Split::Validation: return DisplayNames::tr("Validation");
    case Split::Test: return DisplayNames::tr("Test");
    }
    return {};
}

QString displayName(formats::Format f)
{
    using formats::Format;
    switch (f) {
    case Format::Auto: return DisplayNames::tr("Automatic");
    case Format::Alpaca: return DisplayNames::tr("Alpaca (instruction/input/output)");
    case Format::Dolly: return DisplayNames::tr("Dolly (instruction/context/response)");
    case Format::ShareGpt: return DisplayNames::tr("ShareGPT (conversations)");
    case Format::OpenAiMessages: return DisplayNames::tr("OpenAI messages");
    case Format::Preference: return DisplayNames::tr("Preference (prompt/chosen/rejected)");
    case Format::Text: return DisplayNames::tr("Plain text");
    case Format::Csv: return DisplayNames::tr("CSV");
    }
    return {};
}

QString displayName(curation::IssueKind k)
{
    using curation::IssueKind;
    switch (k) {
    case IssueKind::EmptyOutput: return DisplayNames::tr("Empty output");
    case IssueKind::OutputRepeatsInstruction: return DisplayNames::tr("Output repeats instruction");
    case IssueKind::TooLongChars: return DisplayNames::tr("Too long (characters)");
    case IssueKind::TooLongTokens: return DisplayNames::tr("Too long (tokens)");
    case IssueKind::RepeatedNgrams: return DisplayNames::tr("Repeated n-grams");
    case IssueKind::LanguageMismatch: return DisplayNames::tr("Language mismatch");
    case IssueKind::PersonalData: return DisplayNames::tr("Personal data");
    }
    return {};
}

QString recordPreview(const Record& r, int maxChars)
{
    QString text = QString::fromStdString(recordText(r)).simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

} // namespace wb
