#pragma once
// The map's legend: one checkable row per colour group (label, colour swatch,
// point count). Unchecking a row hides that group's points.
#include "ui/embeddings/map_coloring.h"

#include <QAbstractListModel>

#include <vector>

namespace wb {

class MapLegendModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int CountRole = Qt::UserRole + 1;

    explicit MapLegendModel(QObject* parent = nullptr);

    void setEntries(const std::vector<LegendEntry>& entries);
    const std::vector<LegendEntry>& entries() const { return entries_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    // The user checked/unchecked a row (the view applies it, then calls setEntries).
    void groupToggled(int group, bool hidden);

private:
    std::vector<LegendEntry> entries_;
};

} // namespace wb
