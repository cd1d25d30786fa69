#include "ui/curation/stats_view.h"

#include "ui/common/background_task.h"
#include "ui/common/display_names.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace wb {

namespace {

QTableWidget* makeCountTable(const QString& name)
{
    auto* t = new QTableWidget(0, 2);
    t->setObjectName(name);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setSortingEnabled(false);
    return t;
}

QGroupBox* boxed(QWidget* w)
{
    auto* box = new QGroupBox;
    auto* l = new QVBoxLayout(box);
    l->addWidget(w);
    return box;
}

QString statusLabel(const std::string& s)
{
    try {
        return displayName(reviewStatusFromString(s));
    } catch (const std::exception&) {
        return QString::fromStdString(s);
    }
}

QString splitLabel(const std::string& s)
{
    try {
        return displayName(splitFromString(s));
    } catch (const std::exception&) {
        return QString::fromStdString(s);
    }
}

QString plainLabel(const std::string& s)
{
    return s.empty() ? StatsView::tr("(none)") : QString::fromStdString(s);
}

} // namespace

StatsView::StatsView(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    setObjectName(QStringLiteral("StatsView"));
    if (projectPath_.isEmpty())
        projectPath_ = QString::fromStdString(store_.path());
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("summaryLabel"));
    refreshButton_ = new QPushButton;
    refreshButton_->setObjectName(QStringLiteral("refreshButton"));
    connect(refreshButton_, &QPushButton::clicked, this, &StatsView::refresh);

    statusTable_ = makeCountTable(QStringLiteral("statusTable"));
    categoryTable_ = makeCountTable(QStringLiteral("categoryTable"));
    splitTable_ = makeCountTable(QStringLiteral("splitTable"));
    languageTable_ = makeCountTable(QStringLiteral("languageTable"));
    statusBox_ = boxed(statusTable_);
    categoryBox_ = boxed(categoryTable_);
    splitBox_ = boxed(splitTable_);
    languageBox_ = boxed(languageTable_);

    fieldLabel_ = new QLabel;
    fieldCombo_ = new QComboBox;
    fieldCombo_->setObjectName(QStringLiteral("fieldCombo"));
    fieldLabel_->setBuddy(fieldCombo_);
    connect(fieldCombo_, &QComboBox::currentTextChanged, this, &StatsView::showField);
    meanLabel_ = new QLabel;
    meanLabel_->setObjectName(QStringLiteral("meanLabel"));

    series_ = new QLineSeries;
    chart_ = new QChart;
    chart_->addSeries(series_);
    chart_->legend()->hide();
    axisX_ = new QValueAxis;
    axisY_ = new QValueAxis;
    axisY_->setLabelFormat(QStringLiteral("%d"));
    chart_->addAxis(axisX_, Qt::AlignBottom);
    chart_->addAxis(axisY_, Qt::AlignLeft);
    series_->attachAxis(axisX_);
    series_->attachAxis(axisY_);
    chartView_ = new QChartView(chart_);
    chartView_->setObjectName(QStringLiteral("lengthChart"));
    chartView_->setRenderHint(QPainter::Antialiasing);
    chartView_->setMinimumHeight(220);

    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(refreshButton_);
    auto* tables = new QGridLayout;
    tables->addWidget(statusBox_, 0, 0);
    tables->addWidget(splitBox_, 0, 1);
    tables->addWidget(categoryBox_, 1, 0);
    tables->addWidget(languageBox_, 1, 1);
    auto* fieldRow = new QHBoxLayout;
    fieldRow->addWidget(fieldLabel_);
    fieldRow->addWidget(fieldCombo_);
    fieldRow->addWidget(meanLabel_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(tables, 1);
    layout->addLayout(fieldRow);
    layout->addWidget(chartView_, 1);

    retranslate();
}

StatsView::~StatsView() = default;

void StatsView::retranslate()
{
    refreshButton_->setText(tr("&Refresh"));
    statusBox_->setTitle(tr("By status"));
    categoryBox_->setTitle(tr("By category"));
    splitBox_->setTitle(tr("By split"));
    languageBox_->setTitle(tr("By language"));
    statusTable_->setHorizontalHeaderLabels({tr("Status"), tr("Records")});
    categoryTable_->setHorizontalHeaderLabels({tr("Category"), tr("Records")});
    splitTable_->setHorizontalHeaderLabels({tr("Split"), tr("Records")});
    languageTable_->setHorizontalHeaderLabels({tr("Language"), tr("Records")});
    fieldLabel_->setText(tr("Length histogram of &field:"));
    axisX_->setTitleText(tr("Characters"));
    axisY_->setTitleText(tr("Records"));
    if (stats_)
        showStats();
    else if (!isBusy())
        summary_->setText(tr("No dataset selected."));
}

void StatsView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(e);
}

bool StatsView::isBusy() const
{
    return task_ && task_->isRunning();
}

QString StatsView::currentField() const
{
    return fieldCombo_->currentText();
}

void StatsView::setDataset(qint64 datasetId)
{
    datasetId_ = datasetId;
    refresh();
}

void StatsView::refresh()
{
    BackgroundTask::retire(std::move(task_));
    stats_.reset();
    for (QTableWidget* t : {statusTable_, categoryTable_, splitTable_, languageTable_})
        t->setRowCount(0);
    series_->clear();
    if (datasetId_ == 0) {
        summary_->setText(tr("No dataset selected."));
        return;
    }
    const int64_t id = datasetId_;
    auto result = std::make_shared<curation::DatasetStats>();
    task_ = std::make_unique<BackgroundTask>(
        [id, result](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            *result = curation::computeStats(*store, id);
        },
        projectPath_);
    connect(task_.get(), &BackgroundTask::finished, this, [this, result](bool ok, const QString& error) {
        refreshButton_->setEnabled(true);
        if (!ok) {
            summary_->setText(tr("Could not compute statistics: %1").arg(error));
            return;
        }
        stats_ = result;
        showStats();
        Q_EMIT statsReady();
    });
    summary_->setText(tr("Computing statistics..."));
    refreshButton_->setEnabled(false);
    task_->start();
}

void StatsView::fillTable(QTableWidget* table, const std::map<std::string, int64_t>& counts,
                          QString (*label)(const std::string&))
{
    table->setRowCount(int(counts.size()));
    int row = 0;
    for (const auto& [key, n] : counts) {
        auto* name = new QTableWidgetItem(label(key));
        name->setData(Qt::UserRole, QString::fromStdString(key));
        table->setItem(row, 0, name);
        auto* count = new QTableWidgetItem;
        count->setData(Qt::DisplayRole, qint64(n));
        table->setItem(row, 1, count);
        ++row;
    }
    table->resizeColumnToContents(0);
}

void StatsView::showStats()
{
    const curation::DatasetStats& s = *stats_;
    summary_->setText(tr("%n record(s).", nullptr, int(s.records)));
    fillTable(statusTable_, s.byStatus, statusLabel);
    fillTable(categoryTable_, s.byCategory, plainLabel);
    fillTable(splitTable_, s.bySplit, splitLabel);
    fillTable(languageTable_, s.byLanguage, plainLabel);

    const QString keep = fieldCombo_->currentText();
    {
        const QSignalBlocker block(fieldCombo_);
        fieldCombo_->clear();
        for (const auto& [field, h] : s.charLengths)
            fieldCombo_->addItem(QString::fromStdString(field));
        const int idx = fieldCombo_->findText(keep);
        if (idx >= 0)
            fieldCombo_->setCurrentIndex(idx);
        else if (const int out = fieldCombo_->findText(QStringLiteral("output")); out >= 0)
            fieldCombo_->setCurrentIndex(out);
    }
    showField(fieldCombo_->currentText());
}

void StatsView::showField(const QString& field)
{
    if (!stats_)
        return;
    const auto it = stats_->charLengths.find(field.toStdString());
    if (it == stats_->charLengths.end()) {
        series_->clear();
        meanLabel_->clear();
        return;
    }
    const curation::Histogram& h = it->second;
    // A step outline of the histogram: each bin is a flat segment at its count.
    QList<QPointF> points;
    int64_t maxCount = 0;
    for (size_t i = 0; i < h.counts.size() && i + 1 < h.edges.size(); ++i) {
        points << QPointF(h.edges[i], double(h.counts[i])) << QPointF(h.edges[i + 1], double(h.counts[i]));
        maxCount = std::max(maxCount, h.counts[i]);
    }
    series_->replace(points);
    if (!h.edges.empty()) {
        axisX_->setRange(h.edges.front(), std::max(h.edges.back(), h.edges.front() + 1));
        axisY_->setRange(0, double(std::max<int64_t>(maxCount, 1)) * 1.05);
    }
    const auto mean = stats_->meanChars.find(field.toStdString());
    meanLabel_->setText(mean == stats_->meanChars.end()
                            ? QString()
                            : tr("Mean length: %1 characters").arg(QString::number(mean->second, 'f', 1)));
}

} // namespace wb
