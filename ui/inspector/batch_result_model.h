#pragma once
// Batch inspection results: one row per scored record, riskiest first.
#include "ui/inspector/inspection_job.h"

#include <QAbstractTableModel>

#include <vector>

namespace wb {

class BatchResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RiskColumn, RecordColumn, AnswerColumn, ReasonColumn, ColumnCount };
    static constexpr int RecordIdRole = Qt::UserRole + 1;
    static constexpr int RiskRole = Qt::UserRole + 2;

    explicit BatchResultModel(QObject* parent = nullptr);

    // Replaces the rows; they are kept sorted by risk, highest first (ties by record id).
    void setRows(std::vector<BatchRow> rows);
    void clear();
    const BatchRow& row(int r) const { return rows_[size_t(r)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<BatchRow> rows_;
};

} // namespace wb
