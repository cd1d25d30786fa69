#include "ui/embeddings/map_legend_model.h"

namespace wb {

MapLegendModel::MapLegendModel(QObject* parent) : QAbstractListModel(parent) {}

void MapLegendModel::setEntries(const std::vector<LegendEntry>& entries)
{
    const bool sameShape = entries.size() == entries_.size();
    if (!sameShape)
        beginResetModel();
    entries_ = entries;
    if (!sameShape)
        endResetModel();
    else if (!entries_.empty())
        Q_EMIT dataChanged(index(0), index(int(entries_.size()) - 1));
}

int MapLegendModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

QVariant MapLegendModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LegendEntry& e = entries_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 (%L2)").arg(e.label).arg(e.count);
    case Qt::DecorationRole:
        return e.color;
    case Qt::CheckStateRole:
        return e.hidden ? Qt::Unchecked : Qt::Checked;
    case Qt::ToolTipRole:
        return e.label;
    case CountRole:
        return qlonglong(e.count);
    default:
        return {};
    }
}

bool MapLegendModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool hidden = value.toInt() == Qt::Unchecked;
    if (entries_[size_t(index.row())].hidden == hidden)
        return true;
    entries_[size_t(index.row())].hidden = hidden;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT groupToggled(index.row(), hidden);
    return true;
}

Qt::ItemFlags MapLegendModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
}

} // namespace wb
