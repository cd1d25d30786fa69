#include "ui/mainwindow/preferences_dialog.h"

#include "ui/common/language.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>

namespace wb {

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(this);
    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("languageCombo"));
    language_->addItem(tr("System"), QString());
    for (const QString& code : availableLanguages())
        language_->addItem(languageDisplayName(code), code);
    const QString current = QSettings().value(kLanguageKey).toString();
    language_->setCurrentIndex(std::max(0, language_->findData(current)));
    form->addRow(tr("Language:"), language_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void PreferencesDialog::accept()
{
    const QString code = language_->currentData().toString();
    QSettings().setValue(kLanguageKey, code);
    applyLanguage(code);
    QDialog::accept();
}

} // namespace wb
