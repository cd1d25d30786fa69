#pragma once
// Table of quality issues: record id, kind, field, detail.
#include "core/curation/curation.h"

#include <QAbstractTableModel>

#include <vector>

namespace wb {

class QualityIssueModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RecordColumn, KindColumn, FieldColumn, DetailColumn, ColumnCount };
    static constexpr int KindRole = Qt::UserRole + 1;       // the IssueKind as int
    static constexpr int RecordIdRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;

    void setIssues(std::vector<curation::QualityIssue> issues);
    const std::vector<curation::QualityIssue>& issues() const { return issues_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void retranslate();

private:
    std::vector<curation::QualityIssue> issues_;
};

} // namespace wb
