#include "ui/curation/quality_issue_model.h"

#include "ui/common/display_names.h"

namespace wb {

void QualityIssueModel::setIssues(std::vector<curation::QualityIssue> issues)
{
    beginResetModel();
    issues_ = std::move(issues);
    endResetModel();
}

int QualityIssueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(issues_.size());
}

int QualityIssueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QualityIssueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const curation::QualityIssue& issue = issues_[size_t(index.row())];
    if (role == KindRole)
        return static_cast<int>(issue.kind);
    if (role == RecordIdRole)
        return qint64(issue.recordId);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case RecordColumn: return qint64(issue.recordId);
    case KindColumn: return displayName(issue.kind);
    case FieldColumn: return QString::fromStdString(issue.field);
    case DetailColumn: return QString::fromStdString(issue.detail);
    default: return {};
    }
}

QVariant QualityIssueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RecordColumn: return tr("Record");
    case KindColumn: return tr("Issue");
    case FieldColumn: return tr("Field");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}

void QualityIssueModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!issues_.empty())
        Q_EMIT dataChanged(index(0, KindColumn), index(rowCount() - 1, KindColumn));
}

} // namespace wb
