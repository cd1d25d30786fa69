#pragma once
// Import one or more dataset files: detection with its reason, format
// override, CSV field mapping, a live preview, target dataset, background
// import with progress and cancel, then an error report.
#include "core/formats/formats.h"
#include "core/store/project_store.h"

#include <QDialog>
#include <QStringList>

#include <memory>
#include <vector>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace wb {

class BackgroundTask;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(ProjectStore& store, const QString& projectPath, const QStringList& files,
                 qint64 targetDatasetId /*0 = new dataset*/, QWidget* parent = nullptr);
    ~ImportDialog() override;

    // Per-file state, exposed for tests and callers that want to script an import.
    int currentFile() const;
    formats::Format detectedFormat(int file) const;
    formats::Format chosenFormat(int file) const;   // Auto = use detection
    void setFormatOverride(formats::Format f);      // for the current file
    void setCsvMapping(const std::string& field, const QString& column);   // current file
    bool isImporting() const;

public Q_SLOTS:
    void startImport();
    void cancelImport();

Q_SIGNALS:
    void imported(qint64 datasetId, qint64 imported, qint64 rejected);

protected:
    void changeEvent(QEvent* e) override;

private:
    struct FileState;
    struct Outcome;

    void buildUi();
    void retranslate();
    void selectFile(int row);
    void refreshDetectionLabel();
    void refreshFormatCombo();
    void refreshMapping();
    void refreshPreview();
    void onFormatChosen(int index);
    void onMappingChanged();
    void fillDatasetCombo();
    void updateTargetWidgets();
    DatasetKind kindForNewDataset() const;
    void onImportFinished(bool ok, const QString& error);
    void showReport();
    void openQuarantine();

    ProjectStore& store_;
    QString projectPath_;
    std::vector<FileState> files_;
    int current_ = -1;
    bool updating_ = false;
    std::unique_ptr<BackgroundTask> task_;
    std::shared_ptr<Outcome> outcome_;
    qint64 lastDatasetId_ = 0;

    QListWidget* fileList_ = nullptr;
    QLabel* filesLabel_ = nullptr;
    QLabel* detectionLabel_ = nullptr;
    QLabel* formatLabel_ = nullptr;
    QComboBox* formatCombo_ = nullptr;
    QGroupBox* mappingBox_ = nullptr;
    QTableWidget* mappingTable_ = nullptr;
    QGroupBox* previewBox_ = nullptr;
    QTableWidget* previewTable_ = nullptr;
    QLabel* previewStatus_ = nullptr;
    QGroupBox* targetBox_ = nullptr;
    QRadioButton* newRadio_ = nullptr;
    QRadioButton* existingRadio_ = nullptr;
    QLineEdit* nameEdit_ = nullptr;
    QComboBox* datasetCombo_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* resultLabel_ = nullptr;
    QTableWidget* errorTable_ = nullptr;
    QPushButton* quarantineButton_ = nullptr;
    QPushButton* importButton_ = nullptr;
    QPushButton* closeButton_ = nullptr;
};

} // namespace wb
