#include "ui/inspector/batch_result_model.h"

#include "ui/inspector/risk_highlight.h"

#include <algorithm>

namespace wb {

BatchResultModel::BatchResultModel(QObject* parent) : QAbstractTableModel(parent) {}

void BatchResultModel::setRows(std::vector<BatchRow> rows)
{
    std::stable_sort(rows.begin(), rows.end(), [](const BatchRow& a, const BatchRow& b) {
        return a.risk != b.risk ? a.risk > b.risk : a.recordId < b.recordId;
    });
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void BatchResultModel::clear() { setRows({}); }

int BatchResultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int BatchResultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BatchResultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const BatchRow& r = rows_[size_t(index.row())];
    switch (role) {
    case RecordIdRole: return qint64(r.recordId);
    case RiskRole: return r.risk;
    case Qt::DisplayRole:
        switch (index.column()) {
        case RiskColumn: return QString::number(r.risk, 'f', 3);
        case RecordColumn: return qint64(r.recordId);
        case AnswerColumn: {
            QString a = QString::fromStdString(r.answer).simplified();
            return a.size() > 160 ? a.left(157) + QStringLiteral("...") : a;
        }
        case ReasonColumn: return QString::fromStdString(r.reason);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == AnswerColumn || index.column() == ReasonColumn)
            return QString::fromStdString(r.riskiestClaim);
        break;
    case Qt::BackgroundRole:
        if (index.column() == RiskColumn) {
            const QColor c = riskColor(riskLevel(r.risk));
            if (c.isValid()) return c;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == RiskColumn || index.column() == RecordColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant BatchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RiskColumn: return tr("Risk");
    case RecordColumn: return tr("Record");
    case AnswerColumn: return tr("Output");
    case ReasonColumn: return tr("Reason");
    }
    return {};
}

} // namespace wb
