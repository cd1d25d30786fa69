#pragma once
// Export the records of a filter to a file in a chosen format, in the background.
#include "core/formats/formats.h"
#include "core/store/project_store.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace wb {

class BackgroundTask;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ProjectStore& store, const QString& projectPath, const RecordQuery& currentFilter,
                 QWidget* parent = nullptr);
    ~ExportDialog() override;

    RecordQuery query() const;                 // the filter as currently set in the dialog
    formats::ExportOptions options() const;
    void setPath(const QString& path);
    bool isExporting() const;

public Q_SLOTS:
    void startExport();
    void cancelExport();

Q_SIGNALS:
    void exported(qint64 count, QString path);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void browse();
    void updateWidgets();
    void suggestExtension();
    void fillFilters();

    ProjectStore& store_;
    QString projectPath_;
    RecordQuery initial_;
    std::unique_ptr<BackgroundTask> task_;

    QFormLayout* form_ = nullptr;
    QComboBox* datasetCombo_ = nullptr;
    QComboBox* formatCombo_ = nullptr;
    QComboBox* containerCombo_ = nullptr;
    QCheckBox* metadataCheck_ = nullptr;
    QComboBox* statusCombo_ = nullptr;
    QComboBox* splitCombo_ = nullptr;
    QComboBox* tagCombo_ = nullptr;
    QComboBox* categoryCombo_ = nullptr;
    QLineEdit* searchEdit_ = nullptr;
    QCheckBox* selectionCheck_ = nullptr;
    QLineEdit* pathEdit_ = nullptr;
    QPushButton* browseButton_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* resultLabel_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* closeButton_ = nullptr;
};

} // namespace wb
