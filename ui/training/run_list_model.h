#pragma once
// The run list: one row per watched run folder (name, state, step/total,
// last train loss, last eval loss, started). The name column is checkable:
// checked runs are overlaid in the charts. The model owns the RunWatchers.
#include <QAbstractTableModel>
#include <QVector>

namespace wb {

class RunWatcher;

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, State, Step, Loss, EvalLoss, Started, ColumnCount };
    static constexpr int RunDirRole = Qt::UserRole + 1;

    explicit RunListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    // Adds a watcher for `dir` (an existing row when it is already listed).
    RunWatcher* addRun(const QString& dir, bool checked = false);
    void removeRun(int row);
    RunWatcher* run(int row) const;
    int rowOf(const QString& dir) const;
    QVector<RunWatcher*> runs() const;
    QVector<RunWatcher*> checkedRuns() const;
    void setPollInterval(int ms);

Q_SIGNALS:
    void checkedRunsChanged();
    void runMetricsAdded(wb::RunWatcher* run);
    void runStatusChanged(wb::RunWatcher* run);
    void runLogChanged(wb::RunWatcher* run);

private:
    void rowChanged(RunWatcher* w);

    struct Entry {
        RunWatcher* watcher = nullptr;
        bool checked = false;
    };
    QVector<Entry> rows_;
    int pollMs_ = 1000;
};

} // namespace wb
