#pragma once
// Records that failed to import: see why, fix the raw text, re-import or discard.
#include "core/formats/formats.h"
#include "core/store/project_store.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace wb {

class QuarantineDialog : public QDialog {
    Q_OBJECT
public:
    QuarantineDialog(ProjectStore& store, qint64 datasetId, QWidget* parent = nullptr);

    int entryCount() const { return int(entries_.size()); }
    void selectEntry(int row);

public Q_SLOTS:
    void reimportSelected();
    void discardSelected();
    void reload();

Q_SIGNALS:
    void recordsChanged();

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void onSelectionChanged();
    int selectedRow() const;
    formats::Format guessFormat(const QuarantineEntry& e) const;

    ProjectStore& store_;
    qint64 datasetId_;
    std::vector<QuarantineEntry> entries_;

    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* rawLabel_ = nullptr;
    QPlainTextEdit* rawEdit_ = nullptr;
    QLabel* formatLabel_ = nullptr;
    QComboBox* formatCombo_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QPushButton* reimportButton_ = nullptr;
    QPushButton* discardButton_ = nullptr;
    QPushButton* closeButton_ = nullptr;
};

} // namespace wb
