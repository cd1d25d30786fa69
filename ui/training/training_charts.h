#pragma once
// The live charts of the training panel: train loss, eval loss, learning
// rate, grad norm, tokens/s and memory for the checked runs, with an EMA
// smoothing slider, a log-scale toggle and PNG/CSV export.
#include <QVector>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;

namespace wb {

class MetricChart;
class RunWatcher;

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainingCharts(QWidget* parent = nullptr);

    void setRuns(const QVector<RunWatcher*>& runs);
    QVector<RunWatcher*> runs() const { return runs_; }
    // A run got new points: redraw if it is shown.
    void runUpdated(RunWatcher* run);

    QVector<MetricChart*> charts() const { return charts_; }
    MetricChart* chart(const QString& key) const;
    QSlider* smoothingSlider() const { return smoothing_; }
    QCheckBox* logScaleCheck() const { return logScale_; }
    double smoothing() const;   // the EMA weight, 0 .. 0.99

    // Every logged point of the shown runs, one row per run and step:
    // run,step,<metric>...; raw values (not smoothed).
    static QString csvText(const QVector<RunWatcher*>& runs);
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportPng(const QString& path, QString* error = nullptr);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void applySmoothing();
    void chooseCsvFile();
    void choosePngFile();

    QVector<RunWatcher*> runs_;
    QVector<MetricChart*> charts_;
    QWidget* grid_ = nullptr;
    QLabel* smoothingLabel_ = nullptr;
    QSlider* smoothing_ = nullptr;
    QLabel* smoothingValue_ = nullptr;
    QCheckBox* logScale_ = nullptr;
    QPushButton* exportPng_ = nullptr;
    QPushButton* exportCsv_ = nullptr;
};

} // namespace wb
