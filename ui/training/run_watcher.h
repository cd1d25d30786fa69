#pragma once
// Watches one training run folder (core/jobs/run_folder.h) written by an
// `llmwb train` process: status.json, metrics.jsonl (read incrementally with
// MetricsTail, never re-read from the start) and the tail of train.log. A
// QFileSystemWatcher wakes it when the job writes; a timer (1 s by default)
// is the fallback, and is what notices that a running job's pid is gone.
// Updates are batched: one poll reads everything new and emits once.
#include "core/jobs/run_folder.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>

class QFileSystemWatcher;
class QTimer;

namespace wb {

// What the run list shows: RunState plus the states only a reader can tell.
enum class RunDisplayState { Starting, Queued, Running, Finished, Failed, Stopped, Killed };
QString displayName(RunDisplayState s);

class RunWatcher : public QObject {
    Q_OBJECT
public:
    explicit RunWatcher(const QString& runDir, QObject* parent = nullptr);
    ~RunWatcher() override;

    QString dir() const { return dir_; }
    QString name() const { return name_; }          // config "name", else the folder name
    QDateTime started() const { return started_; }  // config.json's (or run.json's) time
    const std::optional<RunStatus>& status() const { return status_; }
    RunDisplayState state() const;
    bool isAlive() const;                            // a running job whose process exists

    // Each metric's points (x = step, y = value) in step order. A step logged
    // again after a resume replaces the points from that step on (the last
    // line of a step wins). Keys: "loss", "eval_loss", "lr", ...
    const QVector<QPointF>& series(const QString& key) const;
    QStringList metricKeys() const;
    std::optional<double> lastValue(const QString& key) const;
    // Seconds per optimizer step over the last few train steps (0 when unknown).
    double secondsPerStep() const;
    // Seconds until the run ends at the current pace; -1 when unknown.
    double etaSeconds() const;

    QString logTail() const { return logLines_.join(QLatin1Char('\n')); }
    // Problems reading the folder (a malformed status.json, bad metrics lines).
    QStringList errors() const { return errors_; }

    // The pid of a job this GUI launched, until its status.json appears:
    // a launch that dies before writing one shows as failed.
    void setLaunchPid(qint64 pid) { launchPid_ = pid; }
    void setPollInterval(int ms);

public Q_SLOTS:
    void poll();

Q_SIGNALS:
    void statusChanged();
    void metricsAdded(int count);
    void logChanged();

private:
    void schedulePoll();
    bool pollStatus();
    int pollMetrics();
    bool pollLog();
    void readConfigInfo();
    void watchFiles();

    QString dir_;
    QString name_;
    QDateTime started_;
    std::optional<RunStatus> status_;
    QDateTime statusTime_;
    qint64 statusSize_ = -1;
    bool lastAlive_ = true;
    qint64 launchPid_ = 0;
    std::unique_ptr<MetricsTail> tail_;
    size_t tailErrors_ = 0;
    QHash<QString, QVector<QPointF>> series_;
    QString logName_;
    qint64 logOffset_ = 0;
    QString logPartial_;
    QStringList logLines_;
    QStringList errors_;
    QFileSystemWatcher* fsWatcher_ = nullptr;
    QTimer* timer_ = nullptr;
    QTimer* coalesce_ = nullptr;
};

} // namespace wb
