#pragma once
// One metric (train loss, eval loss, learning rate ...) of several runs as
// line series in a Qt Charts view: EMA smoothing, a log-scale Y axis, the
// value under the mouse, OpenGL drawing once a series gets large.
#include <QChartView>
#include <QHash>
#include <QPointF>
#include <QVector>

class QLineSeries;
class QValueAxis;
class QAbstractAxis;

namespace wb {

class RunWatcher;

class MetricChart : public QChartView {
    Q_OBJECT
public:
    MetricChart(const QString& key, const QString& title, QWidget* parent = nullptr);

    QString key() const { return key_; }
    void setTitle(const QString& title);
    void setRuns(const QVector<RunWatcher*>& runs);
    // Weight of the past in the exponential moving average, 0 (raw) .. <1.
    void setSmoothing(double weight);
    void setLogScale(bool on);
    bool logScale() const { return log_; }
    // Re-reads the runs' points into the series (replace(), not one append per point).
    void refresh();

    QLineSeries* seriesFor(const RunWatcher* run) const { return series_.value(run); }
    QAbstractAxis* yAxis() const { return yAxis_; }
    QString hoverText() const { return hoverText_; }

    // s_0 = y_0, s_i = w s_{i-1} + (1 - w) y_i  (TensorBoard's smoothing, without its debiasing)
    static QVector<QPointF> ema(const QVector<QPointF>& points, double weight);

private:
    void rebuildYAxis();
    void onHovered(const RunWatcher* run, const QPointF& point, bool state);

    QString key_;
    QVector<RunWatcher*> runs_;
    QHash<const RunWatcher*, QLineSeries*> series_;
    double smoothing_ = 0;
    bool log_ = false;
    QValueAxis* xAxis_ = nullptr;
    QAbstractAxis* yAxis_ = nullptr;
    QString hoverText_;
};

} // namespace wb
