#pragma once
// The documents of one knowledge-base collection: source, kind, chunks and
// the error of documents that could not be read (shown in red).
#include "core/retrieval/knowledge_base.h"

#include <QAbstractTableModel>

#include <vector>

namespace wb {

class DocumentTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SourceColumn, KindColumn, ChunksColumn, ErrorColumn, ColumnCount };
    static constexpr int DocumentIdRole = Qt::UserRole + 1;

    explicit DocumentTableModel(QObject* parent = nullptr);

    void setDocuments(std::vector<DocumentInfo> documents);
    const DocumentInfo& document(int row) const { return docs_[size_t(row)]; }
    int rowOf(qint64 documentId) const;   // -1 when not shown

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<DocumentInfo> docs_;
};

// "basalt.md" for a file path, the SQuAD/record source as it is otherwise.
QString shortSource(const std::string& source);

} // namespace wb
