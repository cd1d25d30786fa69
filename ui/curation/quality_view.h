#pragma once
// Run quality checks over a dataset and work through the issues found.
#include "core/curation/curation.h"
#include "core/store/project_store.h"

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace wb {

class BackgroundTask;
class QualityIssueModel;

class QualityView : public QWidget {
    Q_OBJECT
public:
    QualityView(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~QualityView() override;

    void setDataset(qint64 datasetId);
    qint64 datasetId() const { return datasetId_; }
    const std::vector<curation::QualityIssue>& issues() const;
    std::vector<qint64> listedRecordIds() const;   // distinct ids of the rows passing the kind filter
    bool isBusy() const;

public Q_SLOTS:
    void check();
    void cancel();
    void markListedNeedsFix();

Q_SIGNALS:
    void openRecord(qint64 recordId);
    void datasetChanged();

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void updateWidgets();
    void applyKindFilter();

    ProjectStore& store_;
    QString projectPath_;
    qint64 datasetId_ = 0;
    std::unique_ptr<BackgroundTask> task_;
    QualityIssueModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;

    QFormLayout* form_ = nullptr;
    QSpinBox* maxChars_ = nullptr;
    QCheckBox* tokensCheck_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QDoubleSpinBox* ngramRatio_ = nullptr;
    QPushButton* checkButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* kindLabel_ = nullptr;
    QComboBox* kindFilter_ = nullptr;
    QTableView* table_ = nullptr;
    QPushButton* markButton_ = nullptr;
};

} // namespace wb
