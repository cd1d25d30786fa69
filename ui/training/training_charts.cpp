#include "ui/training/training_charts.h"

#include "ui/training/metric_chart.h"
#include "ui/training/run_watcher.h"

#include <QCheckBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QSlider>
#include <QVBoxLayout>

namespace wb {

namespace {

struct MetricDef {
    const char* key;
    const char* title;
};
// The charts, in grid order (titles translated in retranslateUi()).
const MetricDef kMetrics[] = {
    {"loss", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Train loss")},
    {"eval_loss", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Eval loss")},
    {"lr", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Learning rate")},
    {"grad_norm", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Gradient norm")},
    {"tokens_per_second", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Tokens/s")},
    {"memory_mb", QT_TRANSLATE_NOOP("wb::TrainingCharts", "Memory (MB)")},
};

QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n'))) return s;
    QString q = s;
    q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

} // namespace

TrainingCharts::TrainingCharts(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    smoothingLabel_ = new QLabel(this);
    smoothing_ = new QSlider(Qt::Horizontal, this);
    smoothing_->setObjectName(QStringLiteral("smoothingSlider"));
    smoothing_->setRange(0, 99);
    smoothing_->setValue(60);
    smoothing_->setMaximumWidth(200);
    smoothingLabel_->setBuddy(smoothing_);
    smoothingValue_ = new QLabel(this);
    logScale_ = new QCheckBox(this);
    logScale_->setObjectName(QStringLiteral("logScaleCheck"));
    exportPng_ = new QPushButton(this);
    exportCsv_ = new QPushButton(this);
    bar->addWidget(smoothingLabel_);
    bar->addWidget(smoothing_);
    bar->addWidget(smoothingValue_);
    bar->addSpacing(12);
    bar->addWidget(logScale_);
    bar->addStretch(1);
    bar->addWidget(exportPng_);
    bar->addWidget(exportCsv_);
    layout->addLayout(bar);

    grid_ = new QWidget(this);
    auto* grid = new QGridLayout(grid_);
    grid->setContentsMargins(0, 0, 0, 0);
    int i = 0;
    for (const MetricDef& m : kMetrics) {
        auto* c = new MetricChart(QLatin1String(m.key), tr(m.title), grid_);
        c->setObjectName(QStringLiteral("chart_") + QLatin1String(m.key));
        grid->addWidget(c, i / 3, i % 3);
        charts_ << c;
        ++i;
    }
    layout->addWidget(grid_, 1);

    connect(smoothing_, &QSlider::valueChanged, this, &TrainingCharts::applySmoothing);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        for (MetricChart* c : std::as_const(charts_)) c->setLogScale(on);
    });
    connect(exportPng_, &QPushButton::clicked, this, &TrainingCharts::choosePngFile);
    connect(exportCsv_, &QPushButton::clicked, this, &TrainingCharts::chooseCsvFile);
    retranslateUi();
    applySmoothing();
}

void TrainingCharts::retranslateUi()
{
    smoothingLabel_->setText(tr("&Smoothing:"));
    smoothing_->setToolTip(tr("Exponential moving average of the plotted values; hover a line for the raw value"));
    logScale_->setText(tr("&Log scale"));
    exportPng_->setText(tr("Export &PNG…"));
    exportCsv_->setText(tr("Export &CSV…"));
    int i = 0;
    for (const MetricDef& m : kMetrics) charts_[i++]->setTitle(tr(m.title));
}

void TrainingCharts::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(e);
}

double TrainingCharts::smoothing() const
{
    return smoothing_->value() / 100.0;
}

void TrainingCharts::applySmoothing()
{
    smoothingValue_->setText(QLocale().toString(smoothing(), 'f', 2));
    for (MetricChart* c : std::as_const(charts_)) c->setSmoothing(smoothing());
}

MetricChart* TrainingCharts::chart(const QString& key) const
{
    for (MetricChart* c : charts_)
        if (c->key() == key) return c;
    return nullptr;
}

void TrainingCharts::setRuns(const QVector<RunWatcher*>& runs)
{
    runs_ = runs;
    for (MetricChart* c : std::as_const(charts_)) c->setRuns(runs);
}

void TrainingCharts::runUpdated(RunWatcher* run)
{
    if (!runs_.contains(run)) return;
    for (MetricChart* c : std::as_const(charts_)) c->refresh();
}

QString TrainingCharts::csvText(const QVector<RunWatcher*>& runs)
{
    QStringList keys;   // the standard metrics first, then any other numeric keys
    for (const MetricDef& m : kMetrics) keys << QLatin1String(m.key);
    QSet<QString> extra;
    for (const RunWatcher* r : runs)
        for (const QString& k : r->metricKeys())
            if (!keys.contains(k)) extra.insert(k);
    QStringList extraSorted(extra.begin(), extra.end());
    extraSorted.sort();
    keys += extraSorted;

    QString out = QStringLiteral("run,step");
    for (const QString& k : keys) out += QLatin1Char(',') + k;
    out += QLatin1Char('\n');
    for (const RunWatcher* r : runs) {
        QMap<qint64, QMap<QString, double>> rows;   // step -> key -> value
        for (const QString& k : keys)
            for (const QPointF& p : r->series(k)) rows[qint64(p.x())][k] = p.y();
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            out += csvField(r->name()) + QLatin1Char(',') + QString::number(it.key());
            for (const QString& k : keys) {
                out += QLatin1Char(',');
                auto v = it.value().constFind(k);
                if (v != it.value().cend()) out += QString::number(*v, 'g', 10);
            }
            out += QLatin1Char('\n');
        }
    }
    return out;
}

bool TrainingCharts::exportCsv(const QString& path, QString* error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(csvText(runs_).toUtf8()) < 0 || !f.commit()) {
        if (error) *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

bool TrainingCharts::exportPng(const QString& path, QString* error)
{
    const QPixmap pixmap = grid_->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        if (error) *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

void TrainingCharts::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Metrics"), QString(), tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportCsv(path, &error)) QMessageBox::warning(this, tr("Export Metrics"), error);
}

void TrainingCharts::choosePngFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Charts"), QString(), tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    QString error;
    if (!exportPng(path, &error)) QMessageBox::warning(this, tr("Export Charts"), error);
}

} // namespace wb
