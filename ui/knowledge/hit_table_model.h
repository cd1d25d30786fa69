#pragma once
// Retrieval hits of a query: the rank and score each hit got from BM25, from
// the dense index and from their fusion, its source, and its text with the
// query's matches highlighted (HighlightedHtmlRole, drawn by RichTextDelegate).
#include "core/retrieval/retriever.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace wb {

class HitTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        FusedColumn,
        Bm25RankColumn,
        Bm25ScoreColumn,
        DenseRankColumn,
        DenseScoreColumn,
        SourceColumn,
        TextColumn,
        ColumnCount
    };
    static constexpr int HighlightedHtmlRole = Qt::UserRole + 1;
    static constexpr int ChunkIdRole = Qt::UserRole + 2;

    explicit HitTableModel(QObject* parent = nullptr);

    void setHits(std::vector<RetrievalHit> hits, const QString& query, RetrievalMode mode);
    const RetrievalHit& hit(int row) const { return hits_[size_t(row)]; }
    QString query() const { return query_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<RetrievalHit> hits_;
    QString query_;
    RetrievalMode mode_ = RetrievalMode::Hybrid;
};

} // namespace wb
