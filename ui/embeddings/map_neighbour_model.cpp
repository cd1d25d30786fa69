#include "ui/embeddings/map_neighbour_model.h"

namespace wb {

MapNeighbourModel::MapNeighbourModel(QObject* parent) : QAbstractTableModel(parent) {}

void MapNeighbourModel::setRows(std::vector<NeighbourRow> rows, bool embeddingSpace)
{
    beginResetModel();
    rows_ = std::move(rows);
    embeddingSpace_ = embeddingSpace;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, Distance, Distance);
}

int MapNeighbourModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int MapNeighbourModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MapNeighbourModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NeighbourRow& r = rows_[size_t(index.row())];
    if (role == PointRole)
        return r.point;
    if (role == Qt::ToolTipRole && index.column() == Text)
        return r.text;
    if (role == Qt::TextAlignmentRole && index.column() != Text)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Rank:
        return index.row() + 1;
    case Id:
        return r.itemId;
    case Distance:
        return QString::number(r.distance, 'f', 4);
    case Text:
        return r.text;
    default:
        return {};
    }
}

QVariant MapNeighbourModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Rank:
        return tr("#");
    case Id:
        return tr("Id");
    case Distance:
        return embeddingSpace_ ? tr("Cosine distance") : tr("Map distance");
    case Text:
        return tr("Text");
    default:
        return {};
    }
}

} // namespace wb
