#pragma once
// Dataset statistics: counts by status, category, split and language, and a
// character-length histogram per field.
#include "core/curation/curation.h"
#include "core/store/project_store.h"

#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QTableWidget;
class QValueAxis;

namespace wb {

class BackgroundTask;

class StatsView : public QWidget {
    Q_OBJECT
public:
    StatsView(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~StatsView() override;

    void setDataset(qint64 datasetId);   // computes the statistics in the background
    qint64 datasetId() const { return datasetId_; }
    const curation::DatasetStats* stats() const { return stats_.get(); }
    bool isBusy() const;
    QString currentField() const;
    QLineSeries* histogramSeries() const { return series_; }

public Q_SLOTS:
    void refresh();
    void showField(const QString& field);

Q_SIGNALS:
    void openRecord(qint64 recordId);
    void datasetChanged();
    void statsReady();

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslate();
    void showStats();
    void fillTable(QTableWidget* table, const std::map<std::string, int64_t>& counts,
                   QString (*label)(const std::string&));

    ProjectStore& store_;
    QString projectPath_;
    qint64 datasetId_ = 0;
    std::unique_ptr<BackgroundTask> task_;
    std::shared_ptr<curation::DatasetStats> stats_;

    QLabel* summary_ = nullptr;
    QPushButton* refreshButton_ = nullptr;
    QGroupBox* statusBox_ = nullptr;
    QGroupBox* categoryBox_ = nullptr;
    QGroupBox* splitBox_ = nullptr;
    QGroupBox* languageBox_ = nullptr;
    QTableWidget* statusTable_ = nullptr;
    QTableWidget* categoryTable_ = nullptr;
    QTableWidget* splitTable_ = nullptr;
    QTableWidget* languageTable_ = nullptr;
    QLabel* fieldLabel_ = nullptr;
    QComboBox* fieldCombo_ = nullptr;
    QLabel* meanLabel_ = nullptr;
    QChart* chart_ = nullptr;
    QChartView* chartView_ = nullptr;
    QLineSeries* series_ = nullptr;
    QValueAxis* axisX_ = nullptr;
    QValueAxis* axisY_ = nullptr;
};

} // namespace wb
