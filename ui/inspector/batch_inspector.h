#pragma once
// Batch mode: score every record of an SFT dataset on a worker thread
// (progress, cancel), list them riskiest first, and send the selected ones to
// the review flow (status needs-fix, one undoable edit group). Each record's
// score is stored with it (InspectionStore) for the embedding map.
#include "core/store/project_store.h"
#include "ui/inspector/inspection_job.h"

#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace wb {

class BackgroundTask;
class BatchResultModel;

class BatchInspector : public QWidget {
    Q_OBJECT
public:
    // Gives the current settings (may throw wb::Error) and the shared tools.
    using SettingsSource = std::function<InspectorSettings()>;

    BatchInspector(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~BatchInspector() override;

    void setSettingsSource(SettingsSource source) { settings_ = std::move(source); }
    void setTools(std::shared_ptr<InspectorTools> tools) { tools_ = std::move(tools); }

    void refreshDatasets();
    bool setDataset(qint64 datasetId);
    qint64 datasetId() const;
    bool isBusy() const;
    // The single-answer inspection shares the tools: no batch while it runs.
    void setOtherTaskRunning(bool running);
    QString lastError() const { return lastError_; }
    // Records in the batch result that the table has selected.
    QList<qint64> selectedRecordIds() const;

    BatchResultModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QPushButton* runButton() const { return run_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* reviewButton() const { return review_; }
    QLabel* statusLabel() const { return status_; }
    QProgressBar* progressBar() const { return progress_; }

public Q_SLOTS:
    bool run();     // false (reason in lastError()) when busy or no dataset
    void cancel();
    // Status needs-fix for the selected records, one edit group; returns how many changed.
    qint64 sendSelectedToReview();

Q_SIGNALS:
    void busyChanged(bool busy);
    void finished(bool ok);
    void recordsChanged();
    void inspectRecordRequested(qint64 recordId);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void setBusy(bool busy);
    void onFinished(bool ok, const QString& error);
    void updateButtons();

    ProjectStore& store_;
    QString projectPath_;
    SettingsSource settings_;
    std::shared_ptr<InspectorTools> tools_;
    std::unique_ptr<BackgroundTask> task_;
    std::shared_ptr<BatchOutcome> result_;
    QString lastError_;
    bool otherRunning_ = false;

    QLabel* datasetLabel_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QTableView* table_ = nullptr;
    BatchResultModel* model_ = nullptr;
    QPushButton* review_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace wb
