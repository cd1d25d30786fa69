#pragma once
// Preferences: the UI language (System / English / 简体中文), kept in QSettings
// under "language" ("" = follow the system) and applied at once.
#include <QDialog>

class QComboBox;

namespace wb {

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);
    void accept() override;

    static constexpr const char* kLanguageKey = "language";

private:
    QComboBox* language_ = nullptr;
};

} // namespace wb
