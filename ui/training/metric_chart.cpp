#include "ui/training/metric_chart.h"

#include "ui/training/run_watcher.h"

#include <QChart>
#include <QCursor>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace wb {

namespace {
// Above this many points a series is drawn with OpenGL (QLineSeries::setUseOpenGL).
constexpr int kOpenGlPoints = 20000;
}

MetricChart::MetricChart(const QString& key, const QString& title, QWidget* parent)
    : QChartView(parent)
    , key_(key)
{
    auto* c = new QChart;
    c->setTitle(title);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(2, 2, 2, 2));
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 180);
    xAxis_ = new QValueAxis(this);
    xAxis_->setLabelFormat(QStringLiteral("%d"));
    xAxis_->setTitleText(tr("step"));
    c->addAxis(xAxis_, Qt::AlignBottom);
    rebuildYAxis();
}

void MetricChart::setTitle(const QString& title)
{
    chart()->setTitle(title);
}

QVector<QPointF> MetricChart::ema(const QVector<QPointF>& points, double weight)
{
    if (weight <= 0) return points;
    QVector<QPointF> out;
    out.reserve(points.size());
    double s = 0;
    for (int i = 0; i < points.size(); ++i) {
        s = i == 0 ? points[i].y() : weight * s + (1 - weight) * points[i].y();
        out.append(QPointF(points[i].x(), s));
    }
    return out;
}

void MetricChart::setRuns(const QVector<RunWatcher*>& runs)
{
    for (auto it = series_.begin(); it != series_.end(); ++it) {
        if (!runs.contains(const_cast<RunWatcher*>(it.key()))) {
            chart()->removeSeries(it.value());
            delete it.value();
        }
    }
    QHash<const RunWatcher*, QLineSeries*> kept;
    for (RunWatcher* r : runs) {
        QLineSeries* s = series_.value(r);
        if (!s) {
            s = new QLineSeries;
            s->setName(r->name());
            chart()->addSeries(s);
            s->attachAxis(xAxis_);
            s->attachAxis(yAxis_);
            connect(s, &QLineSeries::hovered, this, [this, r](const QPointF& p, bool state) { onHovered(r, p, state); });
        }
        kept.insert(r, s);
    }
    series_ = kept;
    runs_ = runs;
    refresh();
}

void MetricChart::setSmoothing(double weight)
{
    smoothing_ = std::clamp(weight, 0.0, 0.999);
    refresh();
}

void MetricChart::setLogScale(bool on)
{
    if (on == log_) return;
    log_ = on;
    rebuildYAxis();
    refresh();
}

void MetricChart::rebuildYAxis()
{
    if (yAxis_) {
        for (QLineSeries* s : std::as_const(series_)) s->detachAxis(yAxis_);
        chart()->removeAxis(yAxis_);
        delete yAxis_;
    }
    if (log_) {
        auto* a = new QLogValueAxis(this);
        a->setBase(10);
        a->setLabelFormat(QStringLiteral("%.3g"));
        a->setMinorTickCount(-1);
        yAxis_ = a;
    } else {
        auto* a = new QValueAxis(this);
        a->setLabelFormat(QStringLiteral("%.3g"));
        yAxis_ = a;
    }
    chart()->addAxis(yAxis_, Qt::AlignLeft);
    for (QLineSeries* s : std::as_const(series_)) {
        if (log_) s->clear();   // refresh() puts back the positive points only
        s->attachAxis(yAxis_);
    }
}

void MetricChart::refresh()
{
    double minX = std::numeric_limits<double>::max(), maxX = std::numeric_limits<double>::lowest();
    double minY = minX, maxY = maxX;
    for (RunWatcher* r : std::as_const(runs_)) {
        QLineSeries* s = series_.value(r);
        QVector<QPointF> points = ema(r->series(key_), smoothing_);
        if (log_)   // a log axis cannot show zero or negative values
            points.erase(std::remove_if(points.begin(), points.end(), [](const QPointF& p) { return !(p.y() > 0); }),
                         points.end());
        points.erase(std::remove_if(points.begin(), points.end(), [](const QPointF& p) { return !std::isfinite(p.y()); }),
                     points.end());
        s->setUseOpenGL(points.size() > kOpenGlPoints);
        s->setPointsVisible(points.size() < 40);
        s->replace(points);
        for (const QPointF& p : std::as_const(points)) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
    }
    if (minX > maxX) return;   // nothing to show yet
    if (maxX == minX) maxX = minX + 1;
    xAxis_->setRange(minX, maxX);
    if (log_) {
        yAxis_->setRange(minY / 1.2, maxY * 1.2);
    } else {
        const double pad = maxY > minY ? (maxY - minY) * 0.05 : std::max(std::abs(maxY) * 0.05, 1e-9);
        yAxis_->setRange(minY - pad, maxY + pad);
    }
}

void MetricChart::onHovered(const RunWatcher* run, const QPointF& point, bool state)
{
    if (!state) {
        hoverText_.clear();
        QToolTip::hideText();
        return;
    }
    // The nearest logged step, with its raw value (the line may be smoothed).
    const QVector<QPointF>& raw = run->series(key_);
    auto it = std::lower_bound(raw.begin(), raw.end(), point.x(), [](const QPointF& p, double x) { return p.x() < x; });
    if (it == raw.end() && !raw.isEmpty()) --it;
    if (it != raw.begin() && it != raw.end() && std::abs((it - 1)->x() - point.x()) < std::abs(it->x() - point.x())) --it;
    const QPointF p = it != raw.end() ? *it : point;
    hoverText_ = tr("%1, step %2: %3").arg(run->name(), QLocale().toString(qlonglong(p.x())), QLocale().toString(p.y(), 'g', 6));
    QToolTip::showText(QCursor::pos(), hoverText_, this);
}

} // namespace wb
