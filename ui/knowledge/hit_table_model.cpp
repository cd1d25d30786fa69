#include "ui/knowledge/hit_table_model.h"

#include "ui/knowledge/document_table_model.h"
#include "ui/knowledge/match_highlight.h"

#include <QLocale>

namespace wb {

namespace {

QString rankText(int rank)
{
    return rank > 0 ? QString::number(rank) : QStringLiteral("–");
}

QString scoreText(double score, int rank)
{
    return rank > 0 ? QLocale().toString(score, 'f', 3) : QStringLiteral("–");
}

QString oneLine(const std::string& text)
{
    QString s = QString::fromStdString(text).simplified();
    constexpr int kMax = 240;
    return s.size() > kMax ? s.left(kMax - 1) + QStringLiteral("…") : s;
}

} // namespace

HitTableModel::HitTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void HitTableModel::setHits(std::vector<RetrievalHit> hits, const QString& query, RetrievalMode mode)
{
    beginResetModel();
    hits_ = std::move(hits);
    query_ = query;
    mode_ = mode;
    endResetModel();
}

int HitTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(hits_.size());
}

int HitTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HitTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(hits_.size()))
        return {};
    const RetrievalHit& h = hits_[size_t(index.row())];
    if (role == ChunkIdRole)
        return QVariant::fromValue<qint64>(h.chunkId);
    if (role == HighlightedHtmlRole)
        return index.column() == TextColumn ? highlightMatches(oneLine(h.text), query_) : QVariant();
    if (role == Qt::ToolTipRole)
        return index.column() == SourceColumn ? QString::fromStdString(h.source) : QVariant();
    if (role == Qt::TextAlignmentRole && index.column() < SourceColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case RankColumn: return h.rank;
    case FusedColumn:
        return mode_ == RetrievalMode::Hybrid ? QLocale().toString(h.fusedScore, 'f', 4) : QStringLiteral("–");
    case Bm25RankColumn: return rankText(h.bm25Rank);
    case Bm25ScoreColumn: return scoreText(h.bm25Score, h.bm25Rank);
    case DenseRankColumn: return rankText(h.denseRank);
    case DenseScoreColumn: return scoreText(h.denseScore, h.denseRank);
    case SourceColumn: return shortSource(h.source);
    case TextColumn: return oneLine(h.text);
    }
    return {};
}

QVariant HitTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case FusedColumn: return tr("Weighted reciprocal rank fusion of the BM25 and dense rankings");
        case Bm25ScoreColumn: return tr("Keyword score (BM25): higher is better");
        case DenseScoreColumn: return tr("Cosine similarity of the embeddings");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn: return tr("Rank");
    case FusedColumn: return tr("Fused");
    case Bm25RankColumn: return tr("BM25 rank");
    case Bm25ScoreColumn: return tr("BM25 score");
    case DenseRankColumn: return tr("Dense rank");
    case DenseScoreColumn: return tr("Dense score");
    case SourceColumn: return tr("Source");
    case TextColumn: return tr("Text");
    }
    return {};
}

} // namespace wb
