#include "ui/dataset/dataset_panel.h"

#include "ui/common/background_task.h"
#include "ui/dataset/dataset_table_model.h"
#include "ui/dataset/filter_bar.h"
#include "ui/dataset/record_editor.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QScopedValueRollback>
#include <QMessageBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace wb {

DatasetPanel::DatasetPanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    setObjectName(QStringLiteral("datasetPanel"));
    model_ = new DatasetTableModel(store_, this);

    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    filterBar_ = new FilterBar(this);
    top->addWidget(filterBar_, 1);
    idFilterButton_ = new QToolButton(this);
    idFilterButton_->setObjectName(QStringLiteral("idFilterButton"));
    idFilterButton_->hide();
    connect(idFilterButton_, &QToolButton::clicked, this, &DatasetPanel::clearIdFilter);
    top->addWidget(idFilterButton_);
    bulkButton_ = new QToolButton(this);
    bulkButton_->setObjectName(QStringLiteral("bulkButton"));
    bulkButton_->setPopupMode(QToolButton::InstantPopup);
    bulkMenu_ = new QMenu(this);
    bulkMenu_->setObjectName(QStringLiteral("bulkMenu"));
    bulkButton_->setMenu(bulkMenu_);
    top->addWidget(bulkButton_);
    layout->addLayout(top);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("datasetSplitter"));
    table_ = new QTableView(splitter_);
    table_->setObjectName(QStringLiteral("recordTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setDefaultSectionSize(160);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table_->setSortingEnabled(true);
    table_->installEventFilter(this);
    editor_ = new RecordEditor(store_, splitter_);
    splitter_->addWidget(table_);
    splitter_->addWidget(editor_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 2);
    layout->addWidget(splitter_, 1);
    countLabel_ = new QLabel(this);
    countLabel_->setObjectName(QStringLiteral("countLabel"));
    layout->addWidget(countLabel_);

    connect(filterBar_, &FilterBar::changed, this, &DatasetPanel::applyFilter);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur, const QModelIndex& prev) { onCurrentRowChanged(cur.row(), prev.row()); });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        // A reset (filter, sort) leaves no current row: show the first record.
        if (!switching_ && model_->rowCount() > 0 && currentRow() < 0)
            selectRow(0);
    });
    connect(model_, &DatasetTableModel::queryFailed, this, &DatasetPanel::message);
    connect(editor_, &RecordEditor::saved, this, [this] {
        reloadData();
        Q_EMIT recordsChanged();
    });
    retranslateUi();
}

void DatasetPanel::retranslateUi()
{
    bulkButton_->setText(tr("Bulk actions"));
    bulkButton_->setToolTip(tr("Apply to every record matching the filter"));
    buildBulkMenu();
    updateIdFilterButton();
    model_->retranslate();
    emitCounts();
}

void DatasetPanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void DatasetPanel::buildBulkMenu()
{
    bulkMenu_->clear();
    QMenu* status = bulkMenu_->addMenu(tr("Set status"));
    for (ReviewStatus s : {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected,
                           ReviewStatus::NeedsFix})
        status->addAction(DatasetTableModel::statusTitle(s), this, [this, s] { bulkSetStatus(s); });
    QMenu* split = bulkMenu_->addMenu(tr("Set split"));
    for (Split s : {Split::Train, Split::Validation, Split::Test})
        split->addAction(DatasetTableModel::splitTitle(s), this, [this, s] { bulkSetSplit(s); });
    QMenu* rating = bulkMenu_->addMenu(tr("Set rating"));
    rating->addAction(tr("Unrated"), this, [this] { bulkSetRating(0); });
    for (int r = 1; r <= 5; ++r)
        rating->addAction(QString(r, QChar(0x2605)), this, [this, r] { bulkSetRating(r); });
    bulkMenu_->addAction(tr("Add tag…"), this, [this] {
        bool ok = false;
        const QString tag = QInputDialog::getText(this, tr("Add tag"), tr("Tag to add:"), QLineEdit::Normal, {}, &ok);
        if (ok && !tag.trimmed().isEmpty())
            bulkAddTag(tag.trimmed());
    });
    bulkMenu_->addAction(tr("Remove tag…"), this, [this] {
        QStringList tags;
        for (const auto& t : store_.tags(datasetId()))
            tags << QString::fromStdString(t);
        bool ok = false;
        const QString tag = QInputDialog::getItem(this, tr("Remove tag"), tr("Tag to remove:"), tags, 0, true, &ok);
        if (ok && !tag.trimmed().isEmpty())
            bulkRemoveTag(tag.trimmed());
    });
    bulkMenu_->addSeparator();
    bulkMenu_->addAction(tr("Delete matching records…"), this, &DatasetPanel::bulkDelete);
}

qint64 DatasetPanel::datasetId() const { return model_->query().datasetId; }
const RecordQuery& DatasetPanel::query() const { return model_->query(); }
QString DatasetPanel::filterDescription() const
{
    QString d = filterBar_->describe();
    if (!idFilter_.empty()) {
        const QString ids = tr("map selection: %n record(s)", nullptr, int(idFilter_.size()));
        d = d.isEmpty() ? ids : d + QStringLiteral(", ") + ids;
    }
    return d;
}
int DatasetPanel::currentRow() const { return table_->currentIndex().isValid() ? table_->currentIndex().row() : -1; }
qint64 DatasetPanel::currentRecordId() const { return currentRow() >= 0 ? model_->recordId(currentRow()) : 0; }

void DatasetPanel::setDataset(qint64 id)
{
    commitPendingEdits();
    switching_ = true;
    {
        QSignalBlocker block(filterBar_);
        filterBar_->clear();
    }
    idFilter_.clear();
    updateIdFilterButton();
    RecordQuery q;
    q.datasetId = id;
    model_->setQuery(q);
    table_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    switching_ = false;
    refreshChoices();
    if (model_->rowCount() > 0)
        selectRow(0);
    loadCurrent();
    emitCounts();
}

void DatasetPanel::refreshChoices()
{
    const qint64 id = datasetId();
    if (id == 0) {
        filterBar_->setChoices({}, {});
        return;
    }
    try {
        filterBar_->setChoices(store_.tags(id), store_.categories(id));
    } catch (const Error& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
    }
}

void DatasetPanel::applyFilter()
{
    commitPendingEdits();
    RecordQuery q = model_->query();
    filterBar_->applyTo(q);
    q.ids = idFilter_;
    switching_ = true;
    model_->setQuery(q);
    switching_ = false;
    if (model_->rowCount() > 0)
        selectRow(0);
    loadCurrent();
    emitCounts();
}

void DatasetPanel::selectRow(int row)
{
    if (row < 0 || row >= model_->rowCount())
        return;
    const QModelIndex idx = model_->index(row, 0);
    table_->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(idx);
}

bool DatasetPanel::selectRecord(qint64 recordId)
{
    auto find = [&]() -> int {
        int row = model_->rowOfId(recordId);
        if (row >= 0)
            return row;
        const auto ids = store_.ids(model_->query());
        auto it = std::find(ids.begin(), ids.end(), recordId);
        return it == ids.end() ? -1 : int(it - ids.begin());
    };
    int row = find();
    if (row < 0 && !idFilter_.empty()) {
        idFilter_.clear();   // outside the map selection
        updateIdFilterButton();
        applyFilter();
        row = find();
    }
    if (row < 0) {
        filterBar_->clear();   // the record is filtered out: show everything
        row = find();
    }
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

void DatasetPanel::setIdFilter(const QList<qint64>& recordIds)
{
    idFilter_.assign(recordIds.begin(), recordIds.end());
    std::sort(idFilter_.begin(), idFilter_.end());
    idFilter_.erase(std::unique(idFilter_.begin(), idFilter_.end()), idFilter_.end());
    updateIdFilterButton();
    applyFilter();
}

void DatasetPanel::clearIdFilter()
{
    if (idFilter_.empty())
        return;
    idFilter_.clear();
    updateIdFilterButton();
    applyFilter();
}

void DatasetPanel::updateIdFilterButton()
{
    idFilterButton_->setVisible(!idFilter_.empty());
    idFilterButton_->setText(tr("Map selection (%n) ✕", nullptr, int(idFilter_.size())));
    idFilterButton_->setToolTip(tr("Show all records again"));
}

void DatasetPanel::loadCurrent()
{
    const int row = currentRow();
    editor_->setRecord(row >= 0 ? model_->recordAt(row) : std::nullopt);
}

void DatasetPanel::onCurrentRowChanged(int row, int)
{
    if (switching_)
        return;
    if (editor_->isDirty() && editor_->recordId() != model_->recordId(row)) {
        // Moving on saves the edits (one undo step) rather than dropping them;
        // `saved` reloads the table and the editor.
        const qint64 target = model_->recordId(row);
        editor_->save();
        const int r = model_->rowOfId(target);
        if (r >= 0 && r != currentRow())
            selectRow(r);
        return;
    }
    loadCurrent();
}

bool DatasetPanel::commitPendingEdits()
{
    if (!editor_->isDirty())
        return true;
    const bool ok = editor_->save();   // `saved` reloads the table
    return ok;
}

void DatasetPanel::reloadData()
{
    const int row = currentRow();
    {
        QScopedValueRollback guard(switching_, true);
        model_->refresh();
        const int n = model_->rowCount();
        if (n > 0) {
            const int target = std::clamp(row, 0, n - 1);
            if (target != currentRow())
                selectRow(target);
        }
    }
    refreshChoices();
    loadCurrent();
    emitCounts();
}

void DatasetPanel::review(ReviewStatus status)
{
    const int row = currentRow();
    if (row < 0 || busy_)
        return;
    const qint64 id = model_->recordId(row);
    std::optional<Record> r = editor_->recordId() == id ? std::optional(editor_->currentRecord()) : model_->recordAt(row);
    if (!r)
        return;
    r->status = status;
    const int before = model_->rowCount();
    try {
        store_.updateRecord(*r, tr("Set status: %1").arg(DatasetTableModel::statusTitle(status)).toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Review"), QString::fromStdString(e.what()));
        return;
    }
    switching_ = true;
    editor_->setRecord(std::nullopt);
    model_->refresh();
    const int n = model_->rowCount();
    // The record may have left the filtered rows; then the next one moved up.
    const int target = n < before ? row : row + 1;
    if (n > 0)
        selectRow(std::clamp(target, 0, n - 1));
    switching_ = false;
    loadCurrent();
    emitCounts();
    Q_EMIT recordsChanged();
}

void DatasetPanel::rate(int rating)
{
    const int row = currentRow();
    if (row < 0 || busy_)
        return;
    const qint64 id = model_->recordId(row);
    std::optional<Record> r = editor_->recordId() == id ? std::optional(editor_->currentRecord()) : model_->recordAt(row);
    if (!r)
        return;
    r->rating = rating;
    try {
        store_.updateRecord(*r, tr("Set rating: %1").arg(rating).toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Review"), QString::fromStdString(e.what()));
        return;
    }
    reloadData();
    Q_EMIT recordsChanged();
}

void DatasetPanel::next()
{
    const int row = currentRow();
    selectRow(row < 0 ? 0 : std::min(row + 1, model_->rowCount() - 1));
}

void DatasetPanel::previous()
{
    const int row = currentRow();
    selectRow(row <= 0 ? 0 : row - 1);
}

bool DatasetPanel::eventFilter(QObject* watched, QEvent* e)
{
    if (watched == table_ && e->type() == QEvent::KeyPress) {
        auto* ke = static_cast<QKeyEvent*>(e);
        const auto mods = ke->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
        if (mods == Qt::NoModifier) {
            switch (ke->key()) {
            case Qt::Key_A: review(ReviewStatus::Accepted); return true;
            case Qt::Key_R: review(ReviewStatus::Rejected); return true;
            case Qt::Key_F: review(ReviewStatus::NeedsFix); return true;
            case Qt::Key_U: review(ReviewStatus::Unreviewed); return true;
            case Qt::Key_J: next(); return true;
            case Qt::Key_K: previous(); return true;
            case Qt::Key_0: case Qt::Key_1: case Qt::Key_2: case Qt::Key_3: case Qt::Key_4: case Qt::Key_5:
                rate(ke->key() - Qt::Key_0);
                return true;
            default: break;
            }
        }
    }
    return QWidget::eventFilter(watched, e);
}

void DatasetPanel::emitCounts()
{
    const qint64 shown = model_->rowCount();
    qint64 total = 0;
    if (datasetId() != 0) {
        RecordQuery all;
        all.datasetId = datasetId();
        try {
            total = store_.count(all);
        } catch (const Error&) {
        }
    }
    const QString filter = filterDescription();
    countLabel_->setText(filter.isEmpty() ? tr("%n record(s)", nullptr, int(total))
                                          : tr("%1 of %n record(s) match", nullptr, int(total)).arg(shown));
    Q_EMIT countsChanged(shown, total, filter);
}

void DatasetPanel::setBusy(bool busy)
{
    busy_ = busy;
    for (QWidget* w : std::initializer_list<QWidget*>{filterBar_, table_, editor_, bulkButton_})
        w->setEnabled(!busy);
    Q_EMIT busyChanged(busy);
}

bool DatasetPanel::confirmBulk(const QString& what, qint64 n)
{
    const QString text =
        tr("%1\n\nThis changes all %n record(s) matching the current filter, not only the visible ones. "
           "Edit ▸ Undo reverts it.", nullptr, int(n)).arg(what);
    return QMessageBox::question(this, tr("Bulk action"), text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

void DatasetPanel::runBulk(const BulkChange& change, const QString& label, bool deleteRecords)
{
    if (busy_ || datasetId() == 0)
        return;
    commitPendingEdits();
    const RecordQuery q = model_->query();
    qint64 n = 0;
    try {
        n = store_.count(q);
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Bulk action"), QString::fromStdString(e.what()));
        return;
    }
    if (n == 0) {
        Q_EMIT message(tr("No records match the filter."));
        return;
    }
    if (!confirmBulk(label, n))
        return;
    const std::string groupLabel = tr("%1 (%n record(s))", nullptr, int(n)).arg(label).toStdString();
    auto changed = std::make_shared<qint64>(0);
    auto* task = new BackgroundTask(
        [q, change, groupLabel, changed, deleteRecords](BackgroundTask::Context& ctx) {
            // A second connection on this thread; WAL lets the GUI keep reading.
            auto store = ProjectStore::open(ctx.projectPath);
            if (deleteRecords)
                *changed = store->deleteRecords(store->ids(q), groupLabel);
            else
                *changed = store->applyBulk(q, change, groupLabel);
        },
        projectPath_, this);
    setBusy(true);
    Q_EMIT message(tr("%1…").arg(label));
    connect(task, &BackgroundTask::finished, this, [this, task, changed, label](bool ok, const QString& error) {
        task->deleteLater();
        setBusy(false);
        reloadData();
        if (ok)
            Q_EMIT message(tr("%1: %n record(s) changed", nullptr, int(*changed)).arg(label));
        else
            QMessageBox::warning(this, tr("Bulk action"), error);
        Q_EMIT recordsChanged();
    });
    task->start();
}

void DatasetPanel::bulkSetStatus(ReviewStatus status)
{
    BulkChange c;
    c.status = status;
    runBulk(c, tr("Set status: %1").arg(DatasetTableModel::statusTitle(status)), false);
}

void DatasetPanel::bulkSetSplit(Split split)
{
    BulkChange c;
    c.split = split;
    runBulk(c, tr("Set split: %1").arg(DatasetTableModel::splitTitle(split)), false);
}

void DatasetPanel::bulkSetRating(int rating)
{
    BulkChange c;
    c.rating = rating;
    runBulk(c, tr("Set rating: %1").arg(rating), false);
}

void DatasetPanel::bulkAddTag(const QString& tag)
{
    BulkChange c;
    c.addTags.push_back(tag.toStdString());
    runBulk(c, tr("Add tag: %1").arg(tag), false);
}

void DatasetPanel::bulkRemoveTag(const QString& tag)
{
    BulkChange c;
    c.removeTags.push_back(tag.toStdString());
    runBulk(c, tr("Remove tag: %1").arg(tag), false);
}

void DatasetPanel::bulkDelete()
{
    runBulk({}, tr("Delete records"), true);
}

} // namespace wb
