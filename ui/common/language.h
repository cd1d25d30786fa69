#pragma once
// UI language switching. Translations are embedded as :/i18n/llm_workbench_<code>.qm.
#include <QString>
#include <QStringList>

namespace wb {

// Language codes the UI ships: {"en", "zh_CN"}. "en" is the source language.
QStringList availableLanguages();

// Human readable name of a code in its own language ("English", "简体中文").
QString languageDisplayName(const QString& code);

// Install (replacing any previous) the app translator for `code` and the Qt
// base translations when available. "" follows the system locale. Installing
// sends QEvent::LanguageChange to every widget. Returns the code applied.
QString applyLanguage(const QString& code);

// The code last applied ("en" when none).
QString currentLanguage();

} // namespace wb
