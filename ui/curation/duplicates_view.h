#pragma once
// Find exact or near duplicate records of a dataset and drop them (undoable).
#include "core/curation/curation.h"
#include "core/store/project_store.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTreeWidget;
class QTreeWidgetItem;

namespace wb {

class BackgroundTask;

class DuplicatesView : public QWidget {
    Q_OBJECT
public:
    DuplicatesView(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~DuplicatesView() override;

    void setDataset(qint64 datasetId);
    qint64 datasetId() const { return datasetId_; }
    const std::vector<curation::DuplicateGroup>& groups() const { return groups_; }
    bool isSearching() const;

public Q_SLOTS:
    void find();
    void cancel();
    // Keep the selected record of its group, drop the other records of that group.
    void keepSelectedDropRest();
    // Keep the first record of every group, drop all the others.
    void dropAllDuplicates();

Q_SIGNALS:
    void openRecord(qint64 recordId);
    void datasetChanged();

protected:
    void changeEvent(QEvent* e) override;

private:
    struct Found;
    void retranslate();
    void updateWidgets();
    void showGroups(const std::shared_ptr<Found>& found);
    void drop(const std::vector<curation::DuplicateGroup>& groups);
    void updateThresholdLabel();

    ProjectStore& store_;
    QString projectPath_;
    qint64 datasetId_ = 0;
    std::vector<curation::DuplicateGroup> groups_;
    std::unique_ptr<BackgroundTask> task_;

    QLabel* modeLabel_ = nullptr;
    QComboBox* modeCombo_ = nullptr;
    QLabel* thresholdLabel_ = nullptr;
    QSlider* thresholdSlider_ = nullptr;
    QLabel* thresholdValue_ = nullptr;
    QPushButton* findButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* summary_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QPushButton* keepButton_ = nullptr;
    QPushButton* dropAllButton_ = nullptr;
};

} // namespace wb
