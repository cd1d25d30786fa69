#pragma once
// The dataset panel: filter bar, lazy record table and record editor side by
// side, the keyboard review flow (A/R/F, J/K, 1-5 on the table) and bulk
// actions over the whole filtered result, run on a worker thread.
#include "core/store/project_store.h"

#include <QList>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QMenu;
class QSplitter;
class QTableView;
class QToolButton;

namespace wb {

class DatasetTableModel;
class FilterBar;
class RecordEditor;

class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    DatasetPanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);

    void setDataset(qint64 datasetId);
    qint64 datasetId() const;
    const RecordQuery& query() const;   // dataset + filter + sort, as the table shows it
    QString filterDescription() const;
    qint64 currentRecordId() const;
    int currentRow() const;
    bool isBusy() const { return busy_; }
    bool hasIdFilter() const { return !idFilter_.empty(); }

    DatasetTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    RecordEditor* editor() const { return editor_; }
    FilterBar* filterBar() const { return filterBar_; }
    QMenu* bulkMenu() const { return bulkMenu_; }

public Q_SLOTS:
    void selectRow(int row);
    bool selectRecord(qint64 recordId);   // clears filters if the record is filtered out
    // Show only these records (a selection on the embedding map) on top of the
    // filter bar. Cleared by clearIdFilter() (its button), setDataset(), or
    // selectRecord() of a record outside it.
    void setIdFilter(const QList<qint64>& recordIds);
    void clearIdFilter();
    void review(wb::ReviewStatus status); // current record; moves to the next one
    void rate(int rating);
    void next();
    void previous();
    // Save the editor's unsaved edits, if any (before undo, switching datasets...).
    bool commitPendingEdits();
    // The store changed behind the table (undo/redo, a dialog, another view).
    void reloadData();

    // Bulk actions over every record matching the current filter. Each asks
    // for confirmation with the count, runs on a worker thread and is one undo step.
    void bulkSetStatus(wb::ReviewStatus status);
    void bulkSetSplit(wb::Split split);
    void bulkSetRating(int rating);
    void bulkAddTag(const QString& tag);
    void bulkRemoveTag(const QString& tag);
    void bulkDelete();

Q_SIGNALS:
    // Records were written (counts, tags and undo state may have changed).
    void recordsChanged();
    // The table now shows `shown` of the dataset's `total` records.
    void countsChanged(qint64 shown, qint64 total, QString filter);
    void busyChanged(bool busy);
    void message(QString text);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void buildBulkMenu();
    void applyFilter();
    void refreshChoices();
    void loadCurrent();
    void onCurrentRowChanged(int row, int previous);
    void emitCounts();
    void runBulk(const BulkChange& change, const QString& label, bool deleteRecords);
    void setBusy(bool busy);
    void updateIdFilterButton();
    bool confirmBulk(const QString& what, qint64 n);

    ProjectStore& store_;
    QString projectPath_;
    DatasetTableModel* model_ = nullptr;
    FilterBar* filterBar_ = nullptr;
    QTableView* table_ = nullptr;
    RecordEditor* editor_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QToolButton* bulkButton_ = nullptr;
    QMenu* bulkMenu_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QToolButton* idFilterButton_ = nullptr;
    std::vector<int64_t> idFilter_;   // ascending; empty = no id filter
    bool busy_ = false;
    bool switching_ = false;   // guards re-entrant current-row changes
};

} // namespace wb
