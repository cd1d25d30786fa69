#include "ui/inspector/batch_inspector.h"

#include "ui/common/background_task.h"
#include "ui/inspector/batch_result_model.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace wb {

BatchInspector::BatchInspector(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    datasetLabel_ = new QLabel(this);
    dataset_ = new QComboBox(this);
    run_ = new QPushButton(this);
    cancel_ = new QPushButton(this);
    progress_ = new QProgressBar(this);
    progress_->setVisible(false);
    model_ = new BatchResultModel(this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    review_ = new QPushButton(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(datasetLabel_);
    top->addWidget(dataset_, 1);
    top->addWidget(run_);
    top->addWidget(cancel_);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(status_, 1);
    bottom->addWidget(review_);
    auto* l = new QVBoxLayout(this);
    l->addLayout(top);
    l->addWidget(progress_);
    l->addWidget(table_, 1);
    l->addLayout(bottom);

    connect(run_, &QPushButton::clicked, this, &BatchInspector::run);
    connect(cancel_, &QPushButton::clicked, this, &BatchInspector::cancel);
    connect(review_, &QPushButton::clicked, this, &BatchInspector::sendSelectedToReview);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BatchInspector::updateButtons);
    connect(model_, &QAbstractItemModel::modelReset, this, &BatchInspector::updateButtons);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& i) {
        Q_EMIT inspectRecordRequested(i.data(BatchResultModel::RecordIdRole).toLongLong());
    });
    retranslateUi();
    refreshDatasets();
}

BatchInspector::~BatchInspector() = default;

void BatchInspector::retranslateUi()
{
    datasetLabel_->setText(tr("SFT dataset:"));
    run_->setText(tr("Score every record"));
    run_->setToolTip(tr("Checks each record's output against its input (or the chosen knowledge base)"));
    cancel_->setText(tr("Cancel"));
    review_->setText(tr("Send selected to review"));
    review_->setToolTip(tr("Sets the status of the selected records to needs fix (one undo step)"));
}

void BatchInspector::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(e);
}

void BatchInspector::refreshDatasets()
{
    const qint64 current = datasetId();
    dataset_->clear();
    for (const DatasetInfo& d : store_.datasets())
        if (d.kind == DatasetKind::Sft)
            dataset_->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(d.name)).arg(d.recordCount),
                              qint64(d.id));
    if (const int i = dataset_->findData(current); i >= 0) dataset_->setCurrentIndex(i);
    updateButtons();
}

bool BatchInspector::setDataset(qint64 datasetId)
{
    const int i = dataset_->findData(datasetId);
    if (i < 0) return false;
    dataset_->setCurrentIndex(i);
    return true;
}

qint64 BatchInspector::datasetId() const { return dataset_->currentData().toLongLong(); }

bool BatchInspector::isBusy() const { return task_ && task_->isRunning(); }

void BatchInspector::setOtherTaskRunning(bool running)
{
    otherRunning_ = running;
    updateButtons();
}

void BatchInspector::updateButtons()
{
    const bool busy = isBusy();
    run_->setEnabled(!busy && !otherRunning_ && datasetId() > 0);
    cancel_->setEnabled(busy);
    dataset_->setEnabled(!busy);
    review_->setEnabled(!busy && !table_->selectionModel()->selectedRows().isEmpty());
}

void BatchInspector::setBusy(bool busy)
{
    progress_->setVisible(busy);
    updateButtons();
    Q_EMIT busyChanged(busy);
}

bool BatchInspector::run()
{
    lastError_.clear();
    if (isBusy() || otherRunning_) {
        lastError_ = tr("Another inspection is running.");
        return false;
    }
    const qint64 dataset = datasetId();
    if (dataset <= 0) {
        lastError_ = tr("Choose an SFT dataset first.");
        status_->setText(lastError_);
        return false;
    }
    InspectorSettings settings;
    try {
        settings = settings_ ? settings_() : InspectorSettings{};
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        status_->setText(lastError_);
        return false;
    }
    if (!tools_) tools_ = std::make_shared<InspectorTools>(ModelLoader{}, EmbedderFactory{});
    auto result = std::make_shared<BatchOutcome>();
    result_ = result;
    auto tools = tools_;
    task_ = std::make_unique<BackgroundTask>(
        [dataset, settings, tools, result](BackgroundTask::Context& ctx) {
            *result = runBatch(dataset, settings, *tools, ctx);
            result->returned = true;
        },
        projectPath_, this);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total, const QString&) {
        progress_->setRange(0, int(std::max<qint64>(total, 1)));
        progress_->setValue(int(done));
        status_->setText(tr("Scored %1 of %2 records...").arg(done).arg(total));
    });
    connect(task_.get(), &BackgroundTask::finished, this, &BatchInspector::onFinished);
    model_->clear();
    progress_->setRange(0, 0);
    status_->setText(tr("Scoring..."));
    task_->start();
    setBusy(true);
    return true;
}

void BatchInspector::cancel()
{
    if (isBusy()) task_->cancel();
}

void BatchInspector::onFinished(bool ok, const QString& error)
{
    const std::shared_ptr<BatchOutcome> r = result_;
    setBusy(false);
    if (!ok && !r->returned) {
        lastError_ = error;
        status_->setText(tr("Batch inspection failed: %1").arg(error));
        Q_EMIT finished(false);
        return;
    }
    // Cancelled or not, what was scored is stored: show it.
    r->cancelled = r->cancelled || !ok;
    model_->setRows(r->rows);
    table_->resizeColumnToContents(BatchResultModel::RiskColumn);
    table_->resizeColumnToContents(BatchResultModel::RecordColumn);
    QString text = r->cancelled ? tr("Cancelled: %1 of %2 records scored (their scores are saved).")
                                      .arg(r->rows.size())
                                      .arg(r->total)
                                : tr("%1 of %2 records scored, riskiest first.").arg(r->rows.size()).arg(r->total);
    if (!r->skipped.empty()) {
        text += QLatin1Char(' ') + tr("%1 not scored, e.g. %2").arg(r->skipped.size()).arg(
                                       QString::fromStdString(r->skipped.front()));
        for (const std::string& s : r->skipped) spdlog::info("inspector batch: {}", s);
    }
    status_->setText(text);
    Q_EMIT finished(true);
}

QList<qint64> BatchInspector::selectedRecordIds() const
{
    QList<qint64> ids;
    for (const QModelIndex& i : table_->selectionModel()->selectedRows())
        ids << i.data(BatchResultModel::RecordIdRole).toLongLong();
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 BatchInspector::sendSelectedToReview()
{
    lastError_.clear();
    const QList<qint64> ids = selectedRecordIds();
    // An empty id list would mean "every record" to a RecordQuery.
    if (ids.isEmpty() || isBusy()) return 0;
    RecordQuery q;
    q.ids.assign(ids.begin(), ids.end());
    BulkChange change;
    change.status = ReviewStatus::NeedsFix;
    try {
        // A handful of selected records: one short transaction, one edit group.
        const int64_t changed = store_.applyBulk(
            q, change, "Inspector: needs fix (" + std::to_string(ids.size()) + " records)");
        status_->setText(tr("%1 records sent to review (status: needs fix).").arg(changed));
        Q_EMIT recordsChanged();
        return changed;
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        status_->setText(tr("Cannot send to review: %1").arg(lastError_));
        return 0;
    }
}

} // namespace wb
