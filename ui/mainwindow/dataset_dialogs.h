#pragma once
// Small dataset dialogs of the Dataset menu: new dataset, split, merge.
// Split and merge run on a worker thread with their own ProjectStore.
#include "core/store/project_store.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace wb {

class BackgroundTask;

class NewDatasetDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewDatasetDialog(QWidget* parent = nullptr);
    QString name() const;
    DatasetKind kind() const;

private:
    QLineEdit* name_ = nullptr;
    QComboBox* kind_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

// Assigns train/validation/test to every record of the query (curation::assignSplits).
class SplitDialog : public QDialog {
    Q_OBJECT
public:
    SplitDialog(const QString& projectPath, const RecordQuery& query, QWidget* parent = nullptr);
    ~SplitDialog() override;

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void done();

private:
    QString projectPath_;
    RecordQuery query_;
    QDoubleSpinBox* train_ = nullptr;
    QDoubleSpinBox* validation_ = nullptr;
    QDoubleSpinBox* test_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* stratify_ = nullptr;
    QLabel* result_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    BackgroundTask* task_ = nullptr;
};

// Copies several datasets of one kind into a new dataset (curation::mergeDatasets).
class MergeDialog : public QDialog {
    Q_OBJECT
public:
    MergeDialog(ProjectStore& store, const QString& projectPath, qint64 currentDatasetId, QWidget* parent = nullptr);
    ~MergeDialog() override;

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void merged(qint64 datasetId);

private:
    void updateOk();
    QString projectPath_;
    QListWidget* list_ = nullptr;
    QLineEdit* name_ = nullptr;
    QCheckBox* dropDuplicates_ = nullptr;
    QLabel* result_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    BackgroundTask* task_ = nullptr;
};

} // namespace wb
