#pragma once
// Lazy table over one dataset's records, after Qt's fetchmore idea but paged:
// rowCount comes from ProjectStore::count and rows are fetched in pages of
// kPageSize into a small LRU cache on demand, so a million records scroll
// smoothly and jumping to the last row costs one page query.
#include "core/store/project_store.h"

#include <QAbstractTableModel>

#include <list>
#include <optional>
#include <vector>

namespace wb {

class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 256;
    static constexpr int kMaxPages = 16;
    static constexpr int RecordIdRole = Qt::UserRole + 1;

    // What a column shows; which ones exist depends on the dataset kind.
    enum class Field {
        Instruction, Input, Output, Category,    // sft
        FirstUser, Turns,                        // chat
        Prompt, Chosen, Rejected,                // preference
        Text,                                    // text
        Status, Rating, Split, Tags, Source
    };

    explicit DatasetTableModel(ProjectStore& store, QObject* parent = nullptr);

    void setQuery(const RecordQuery& q);
    const RecordQuery& query() const { return query_; }
    DatasetKind kind() const { return kind_; }
    qint64 recordId(int row) const;                  // 0 when out of range
    std::optional<Record> recordAt(int row) const;   // from the page cache
    int rowOfId(qint64 id) const;                    // -1 unless in a cached page
    Field field(int column) const { return columns_.at(size_t(column)); }
    int columnOf(Field f) const;                     // -1 when absent for this kind
    // Re-count and drop the cache. Keeps the model (no reset) when the row
    // count did not change, so selection and scroll position survive an edit.
    void refresh();
    // Above this many rows, sorting by a text column is refused (queryFailed).
    void setMaxTextSortRows(qint64 n) { maxTextSortRows_ = n; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static QString fieldTitle(Field f);
    static QString statusTitle(ReviewStatus s);
    static QString splitTitle(Split s);

    // Models get no LanguageChange event: the owning view calls this.
    void retranslate();

Q_SIGNALS:
    // The store rejected the query (e.g. a search FTS cannot parse).
    void queryFailed(QString error);

private:
    struct Page {
        int index = 0;
        std::vector<Record> rows;
    };
    const Record* row(int r) const;
    QString cellText(const Record& r, Field f, bool full) const;
    void setColumnsFor(DatasetKind k);
    void reload();   // count + clear cache (no signals)

    ProjectStore& store_;
    RecordQuery query_;
    DatasetKind kind_ = DatasetKind::Sft;
    std::vector<Field> columns_;
    qint64 count_ = 0;
    qint64 maxTextSortRows_;
    mutable std::list<Page> pages_;   // most recently used first
};

} // namespace wb
