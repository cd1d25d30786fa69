#include "ui/knowledge/document_table_model.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>
#include <QLocale>

namespace wb {

QString shortSource(const std::string& source)
{
    const QString s = QString::fromStdString(source);
    if (s.startsWith(QLatin1String("record:")))
        return s;
    const qsizetype hash = s.lastIndexOf(QLatin1Char('#'));   // "<json>#<article>/<paragraph>"
    if (hash > 0)
        return QFileInfo(s.left(hash)).fileName() + s.mid(hash);
    const QString name = QFileInfo(s).fileName();
    return name.isEmpty() ? s : name;
}

DocumentTableModel::DocumentTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DocumentTableModel::setDocuments(std::vector<DocumentInfo> documents)
{
    beginResetModel();
    docs_ = std::move(documents);
    endResetModel();
}

int DocumentTableModel::rowOf(qint64 documentId) const
{
    for (size_t i = 0; i < docs_.size(); ++i)
        if (docs_[i].id == documentId)
            return int(i);
    return -1;
}

int DocumentTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(docs_.size());
}

int DocumentTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DocumentTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= int(docs_.size()))
        return {};
    const DocumentInfo& d = docs_[size_t(index.row())];
    if (role == DocumentIdRole)
        return QVariant::fromValue<qint64>(d.id);
    if (role == Qt::ForegroundRole && !d.error.empty())
        return QBrush(QColor(0xb0, 0x00, 0x20));
    if (role == Qt::ToolTipRole)
        return index.column() == ErrorColumn ? QString::fromStdString(d.error) : QString::fromStdString(d.source);
    if (role == Qt::TextAlignmentRole && index.column() == ChunksColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SourceColumn: return shortSource(d.source);
    case KindColumn: return QString::fromStdString(toString(d.kind));
    case ChunksColumn: return QLocale().toString(qint64(d.chunkCount));
    case ErrorColumn: return QString::fromStdString(d.error);
    }
    return {};
}

QVariant DocumentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SourceColumn: return tr("Source");
    case KindColumn: return tr("Kind");
    case ChunksColumn: return tr("Chunks");
    case ErrorColumn: return tr("Error");
    }
    return {};
}

} // namespace wb
