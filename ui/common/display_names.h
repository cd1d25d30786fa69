#pragma once
// Translated, user-visible names for core enums, shared by the dialogs and views.
#include "core/curation/curation.h"
#include "core/data/record.h"
#include "core/formats/formats.h"

#include <QString>

namespace wb {

QString displayName(DatasetKind k);
QString displayName(ReviewStatus s);
QString displayName(Split s);
QString displayName(formats::Format f);
QString displayName(curation::IssueKind k);

// First `maxChars` characters of a record's visible text on one line.
QString recordPreview(const Record& r, int maxChars = 160);

inline QString qstr(const std::string& s) { return QString::fromStdString(s); }

} // namespace wb
