#pragma once
// The nearest-neighbours list of the map's current point: rank, distance
// (cosine distance in the embedding space, or 2-D distance on the map when
// no vectors are at hand) and a preview of the item's text.
#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace wb {

struct NeighbourRow {
    qint64 point = -1;    // index on the map
    qint64 itemId = 0;
    double distance = 0;
    QString text;
};

class MapNeighbourModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Id, Distance, Text, ColumnCount };
    static constexpr int PointRole = Qt::UserRole + 1;

    explicit MapNeighbourModel(QObject* parent = nullptr);

    void setRows(std::vector<NeighbourRow> rows, bool embeddingSpace);
    const std::vector<NeighbourRow>& rows() const { return rows_; }
    bool embeddingSpace() const { return embeddingSpace_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    std::vector<NeighbourRow> rows_;
    bool embeddingSpace_ = false;
};

} // namespace wb
