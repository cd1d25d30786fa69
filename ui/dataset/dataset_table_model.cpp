#include "ui/dataset/dataset_table_model.h"


#include <algorithm>
#include <limits>

namespace wb {

namespace {
constexpr int kShortChars = 160;
// Text columns have no index: SQLite sorts the whole result for every page,
// which freezes the view for seconds on very large datasets. Beyond this size
// the user filters first.
constexpr qint64 kMaxTextSortRows = 200000;

bool isTextSort(SortColumn c)
{
    return c == SortColumn::Instruction || c == SortColumn::Output || c == SortColumn::Source;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// One display line: newlines become a visible mark, long text is cut.
QString oneLine(const std::string& s, bool full)
{
    QString t = q(s);
    if (full)
        return t.size() > 4000 ? t.left(4000) + QStringLiteral("…") : t;
    t.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    return t.size() > kShortChars ? t.left(kShortChars) + QStringLiteral("…") : t;
}

std::optional<SortColumn> sortColumnOf(DatasetTableModel::Field f)
{
    using F = DatasetTableModel::Field;
    switch (f) {
    case F::Instruction: return SortColumn::Instruction;
    case F::Output: return SortColumn::Output;
    case F::Category: return SortColumn::Category;
    case F::Status: return SortColumn::Status;
    case F::Rating: return SortColumn::Rating;
    case F::Split: return SortColumn::Split;
    case F::Source: return SortColumn::Source;
    default: return std::nullopt;
    }
}
} // namespace

DatasetTableModel::DatasetTableModel(ProjectStore& store, QObject* parent)
    : QAbstractTableModel(parent), store_(store), maxTextSortRows_(kMaxTextSortRows)
{
    setColumnsFor(DatasetKind::Sft);
}

void DatasetTableModel::setColumnsFor(DatasetKind k)
{
    using F = Field;
    kind_ = k;
    switch (k) {
    case DatasetKind::Sft: columns_ = {F::Instruction, F::Input, F::Output, F::Category}; break;
    case DatasetKind::Chat: columns_ = {F::FirstUser, F::Turns}; break;
    case DatasetKind::Preference: columns_ = {F::Prompt, F::Chosen, F::Rejected}; break;
    case DatasetKind::Text: columns_ = {F::Text}; break;
    }
    columns_.insert(columns_.end(), {F::Status, F::Rating, F::Split, F::Tags, F::Source});
}

void DatasetTableModel::reload()
{
    pages_.clear();
    count_ = 0;
    if (query_.datasetId == 0)
        return;
    try {
        count_ = store_.count(query_);
    } catch (const Error& e) {
        // e.g. a search string FTS cannot parse: show no rows, tell the view.
        count_ = 0;
        Q_EMIT queryFailed(QString::fromStdString(e.what()));
    }
}

void DatasetTableModel::setQuery(const RecordQuery& q)
{
    beginResetModel();
    query_ = q;
    DatasetKind k = DatasetKind::Sft;
    if (q.datasetId != 0) {
        if (auto info = store_.dataset(q.datasetId))
            k = info->kind;
    }
    setColumnsFor(k);
    reload();
    endResetModel();
}

void DatasetTableModel::refresh()
{
    const qint64 before = count_;
    qint64 after = 0;
    try {
        after = query_.datasetId ? store_.count(query_) : 0;
    } catch (const Error&) {
        after = -1;
    }
    if (after == before && before > 0) {
        pages_.clear();
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    reload();
    endResetModel();
}

int DatasetTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid())
        return 0;
    return int(std::min<qint64>(count_, std::numeric_limits<int>::max()));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(columns_.size());
}

int DatasetTableModel::columnOf(Field f) const
{
    auto it = std::find(columns_.begin(), columns_.end(), f);
    return it == columns_.end() ? -1 : int(it - columns_.begin());
}

const Record* DatasetTableModel::row(int r) const
{
    if (r < 0 || r >= rowCount())
        return nullptr;
    const int pageIndex = r / kPageSize;
    auto it = std::find_if(pages_.begin(), pages_.end(), [&](const Page& p) { return p.index == pageIndex; });
    if (it == pages_.end()) {
        Page p;
        p.index = pageIndex;
        try {
            p.rows = store_.fetch(query_, qint64(pageIndex) * kPageSize, kPageSize);
        } catch (const Error&) {
            return nullptr;   // the store changed under us; the next refresh fixes the count
        }
        pages_.push_front(std::move(p));
        if (pages_.size() > size_t(kMaxPages))
            pages_.pop_back();
        it = pages_.begin();
    } else if (it != pages_.begin()) {
        pages_.splice(pages_.begin(), pages_, it);
        it = pages_.begin();
    }
    const size_t offset = size_t(r % kPageSize);
    return offset < it->rows.size() ? &it->rows[offset] : nullptr;
}

qint64 DatasetTableModel::recordId(int r) const
{
    const Record* rec = row(r);
    return rec ? rec->id : 0;
}

std::optional<Record> DatasetTableModel::recordAt(int r) const
{
    const Record* rec = row(r);
    if (!rec)
        return std::nullopt;
    return *rec;
}

int DatasetTableModel::rowOfId(qint64 id) const
{
    for (const Page& p : pages_)
        for (size_t i = 0; i < p.rows.size(); ++i)
            if (p.rows[i].id == id)
                return p.index * kPageSize + int(i);
    return -1;
}

QString DatasetTableModel::statusTitle(ReviewStatus s)
{
    switch (s) {
    case ReviewStatus::Unreviewed: return tr("Unreviewed");
    case ReviewStatus::Accepted: return tr("Accepted");
    case ReviewStatus::Rejected: return tr("Rejected");
    case ReviewStatus::NeedsFix: return tr("Needs fix");
    }
    return {};
}

QString DatasetTableModel::splitTitle(Split s)
{
    switch (s) {
    case Split::Train: return tr("Train");
    case Split::Validation: return tr("Validation");
    case Split::Test: return tr("Test");
    }
    return {};
}

QString DatasetTableModel::fieldTitle(Field f)
{
    switch (f) {
    case Field::Instruction: return tr("Instruction");
    case Field::Input: return tr("Input");
    case Field::Output: return tr("Output");
    case Field::Category: return tr("Category");
    case Field::FirstUser: return tr("First user message");
    case Field::Turns: return tr("Turns");
    case Field::Prompt: return tr("Prompt");
    case Field::Chosen: return tr("Chosen");
    case Field::Rejected: return tr("Rejected");
    case Field::Text: return tr("Text");
    case Field::Status: return tr("Status");
    case Field::Rating: return tr("Rating");
    case Field::Split: return tr("Split");
    case Field::Tags: return tr("Tags");
    case Field::Source: return tr("Source");
    }
    return {};
}

QString DatasetTableModel::cellText(const Record& r, Field f, bool full) const
{
    switch (f) {
    case Field::Instruction: return oneLine(r.instruction, full);
    case Field::Input: return oneLine(r.input, full);
    case Field::Output: return oneLine(r.output, full);
    case Field::Category: return q(r.category);
    case Field::FirstUser: {
        for (const Message& m : r.messages)
            if (m.role == "user")
                return oneLine(m.content, full);
        return {};
    }
    case Field::Turns: return QString::number(r.messages.size());
    case Field::Prompt: return oneLine(r.prompt, full);
    case Field::Chosen: return oneLine(r.chosen, full);
    case Field::Rejected: return oneLine(r.rejected, full);
    case Field::Text: return oneLine(r.text, full);
    case Field::Status: return statusTitle(r.status);
    case Field::Rating: return r.rating > 0 ? QString(r.rating, QChar(0x2605)) : QString();
    case Field::Split: return splitTitle(r.split);
    case Field::Tags: {
        QStringList tags;
        for (const auto& t : r.tags)
            tags << q(t);
        return tags.join(QStringLiteral(", "));
    }
    case Field::Source:
        if (r.sourceFile.empty())
            return {};
        return q(r.sourceFile).section(QLatin1Char('/'), -1) + QLatin1Char(':') + QString::number(r.sourceLine);
    }
    return {};
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.column() >= columnCount())
        return {};
    const Record* rec = row(index.row());
    if (!rec)
        return {};
    const Field f = columns_[size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole: return cellText(*rec, f, false);
    case Qt::ToolTipRole:
        if (f == Field::Source)
            return q(rec->sourceFile) + QLatin1Char(':') + QString::number(rec->sourceLine);
        return cellText(*rec, f, true);
    case RecordIdRole: return QVariant::fromValue<qint64>(rec->id);
    default: return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (o == Qt::Vertical)
        return section + 1;
    if (section < 0 || section >= columnCount())
        return {};
    return fieldTitle(columns_[size_t(section)]);
}

void DatasetTableModel::sort(int column, Qt::SortOrder order)
{
    SortColumn sc = SortColumn::Id;
    if (column >= 0 && column < columnCount())
        sc = sortColumnOf(columns_[size_t(column)]).value_or(SortColumn::Id);
    const bool desc = order == Qt::DescendingOrder;
    if (sc == query_.sort && desc == query_.descending)
        return;
    if (isTextSort(sc) && count_ > maxTextSortRows_) {
        Q_EMIT queryFailed(tr("Sorting by text is limited to %L1 records: filter the dataset first.").arg(maxTextSortRows_));
        return;
    }
    beginResetModel();
    query_.sort = sc;
    query_.descending = desc;
    reload();
    endResetModel();
}

void DatasetTableModel::retranslate()
{
    if (columnCount() > 0)
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), {Qt::DisplayRole});
}

} // namespace wb
