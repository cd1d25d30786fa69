#include "ui/training/run_list_model.h"

#include "ui/training/run_watcher.h"

#include <QDir>
#include <QLocale>

namespace wb {

RunListModel::RunListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int RunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int RunListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Entry& e = rows_[index.row()];
    const RunWatcher* w = e.watcher;
    if (role == RunDirRole) return w->dir();
    if (role == Qt::CheckStateRole && index.column() == Name) return e.checked ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        if (index.column() == State && w->status() && !w->status()->message.empty())
            return QString::fromStdString(w->status()->message);
        return w->dir();
    }
    if (role != Qt::DisplayRole) return {};
    const auto number = [](std::optional<double> v) { return v ? QVariant(QLocale().toString(*v, 'f', 4)) : QVariant(); };
    switch (index.column()) {
    case Name: return w->name();
    case State: return displayName(w->state());
    case Step:
        if (!w->status()) return {};
        if (w->status()->totalSteps <= 0) return QLocale().toString(qlonglong(w->status()->step));
        return tr("%1 / %2").arg(QLocale().toString(qlonglong(w->status()->step)),
                                  QLocale().toString(qlonglong(w->status()->totalSteps)));
    case Loss: return number(w->lastValue(QStringLiteral("loss")));
    case EvalLoss: return number(w->lastValue(QStringLiteral("eval_loss")));
    case Started: return w->started().isValid() ? QLocale().toString(w->started(), QLocale::ShortFormat) : QVariant();
    }
    return {};
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Name: return tr("Run");
    case State: return tr("State");
    case Step: return tr("Step");
    case Loss: return tr("Loss");
    case EvalLoss: return tr("Eval loss");
    case Started: return tr("Started");
    }
    return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == Name) f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != Name || role != Qt::CheckStateRole) return false;
    const bool checked = value.toInt() == Qt::Checked;
    if (rows_[index.row()].checked == checked) return true;
    rows_[index.row()].checked = checked;
    Q_EMIT dataChanged(index, index, {Qt::CheckStateRole});
    Q_EMIT checkedRunsChanged();
    return true;
}

RunWatcher* RunListModel::addRun(const QString& dir, bool checked)
{
    const int existing = rowOf(dir);
    if (existing >= 0) return rows_[existing].watcher;
    auto* w = new RunWatcher(dir, this);
    w->setPollInterval(pollMs_);
    connect(w, &RunWatcher::statusChanged, this, [this, w] {
        rowChanged(w);
        Q_EMIT runStatusChanged(w);
    });
    connect(w, &RunWatcher::metricsAdded, this, [this, w] {
        rowChanged(w);
        Q_EMIT runMetricsAdded(w);
    });
    connect(w, &RunWatcher::logChanged, this, [this, w] { Q_EMIT runLogChanged(w); });
    beginInsertRows({}, int(rows_.size()), int(rows_.size()));
    rows_.append({w, checked});
    endInsertRows();
    if (checked) Q_EMIT checkedRunsChanged();
    return w;
}

void RunListModel::removeRun(int row)
{
    if (row < 0 || row >= rows_.size()) return;
    const bool wasChecked = rows_[row].checked;
    beginRemoveRows({}, row, row);
    RunWatcher* w = rows_[row].watcher;
    rows_.removeAt(row);
    endRemoveRows();
    w->deleteLater();
    if (wasChecked) Q_EMIT checkedRunsChanged();
}

RunWatcher* RunListModel::run(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row].watcher : nullptr;
}

int RunListModel::rowOf(const QString& dir) const
{
    const QString abs = QDir(dir).absolutePath();
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].watcher->dir() == abs) return i;
    return -1;
}

QVector<RunWatcher*> RunListModel::runs() const
{
    QVector<RunWatcher*> out;
    for (const Entry& e : rows_) out << e.watcher;
    return out;
}

QVector<RunWatcher*> RunListModel::checkedRuns() const
{
    QVector<RunWatcher*> out;
    for (const Entry& e : rows_)
        if (e.checked) out << e.watcher;
    return out;
}

void RunListModel::setPollInterval(int ms)
{
    pollMs_ = ms;
    for (const Entry& e : rows_) e.watcher->setPollInterval(ms);
}

void RunListModel::rowChanged(RunWatcher* w)
{
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_[i].watcher == w) {
            Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            return;
        }
    }
}

} // namespace wb
