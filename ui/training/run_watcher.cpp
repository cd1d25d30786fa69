#include "ui/training/run_watcher.h"

#include "core/data/record.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>

namespace wb {

namespace {

constexpr int kLogLinesKept = 400;
constexpr qint64 kLogTailBytes = 256 * 1024;

// A process exists and is not a zombie (a zombie's job is over).
bool processAlive(qint64 pid)
{
    if (pid <= 0) return false;
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM) return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return true;   // no /proc: trust kill()
    const QByteArray s = stat.readAll();
    const int close = s.lastIndexOf(')');   // "pid (comm) S ..." - comm may hold spaces
    return close < 0 || s.size() < close + 3 || s[close + 2] != 'Z';
}

const QVector<QPointF> kEmpty;

} // namespace

QString displayName(RunDisplayState s)
{
    switch (s) {
    case RunDisplayState::Starting: return QCoreApplication::translate("wb::RunWatcher", "starting");
    case RunDisplayState::Queued: return QCoreApplication::translate("wb::RunWatcher", "queued");
    case RunDisplayState::Running: return QCoreApplication::translate("wb::RunWatcher", "running");
    case RunDisplayState::Finished: return QCoreApplication::translate("wb::RunWatcher", "finished");
    case RunDisplayState::Failed: return QCoreApplication::translate("wb::RunWatcher", "failed");
    case RunDisplayState::Stopped: return QCoreApplication::translate("wb::RunWatcher", "stopped");
    case RunDisplayState::Killed: return QCoreApplication::translate("wb::RunWatcher", "killed");
    }
    return {};
}

RunWatcher::RunWatcher(const QString& runDir, QObject* parent)
    : QObject(parent)
    , dir_(QDir(runDir).absolutePath())
    , tail_(std::make_unique<MetricsTail>(dir_.toStdString()))
{
    name_ = QFileInfo(dir_).fileName();
    fsWatcher_ = new QFileSystemWatcher(this);
    connect(fsWatcher_, &QFileSystemWatcher::directoryChanged, this, &RunWatcher::schedulePoll);
    connect(fsWatcher_, &QFileSystemWatcher::fileChanged, this, &RunWatcher::schedulePoll);
    // A job appends a metrics line per step: coalesce bursts of change notices.
    coalesce_ = new QTimer(this);
    coalesce_->setSingleShot(true);
    coalesce_->setInterval(100);
    connect(coalesce_, &QTimer::timeout, this, &RunWatcher::poll);
    timer_ = new QTimer(this);
    timer_->setInterval(1000);
    connect(timer_, &QTimer::timeout, this, &RunWatcher::poll);
    timer_->start();
    poll();
}

RunWatcher::~RunWatcher() = default;

void RunWatcher::setPollInterval(int ms)
{
    timer_->setInterval(ms);
}

void RunWatcher::schedulePoll()
{
    if (!coalesce_->isActive()) coalesce_->start();
}

void RunWatcher::watchFiles()
{
    // status.json is replaced by a rename, which drops a watch on the file;
    // the folder's watch sees the rename and this re-adds the file.
    QStringList want{dir_};
    for (const char* f : {"status.json", "metrics.jsonl", "train.log"}) {
        const QString path = dir_ + QLatin1Char('/') + QLatin1String(f);
        if (QFileInfo::exists(path)) want << path;
    }
    const QStringList have = fsWatcher_->files() + fsWatcher_->directories();
    QStringList missing;
    for (const QString& p : want)
        if (!have.contains(p)) missing << p;
    if (!missing.isEmpty()) fsWatcher_->addPaths(missing);
}

void RunWatcher::readConfigInfo()
{
    for (const char* f : {"config.json", "run.json"}) {
        QFile file(dir_ + QLatin1Char('/') + QLatin1String(f));
        if (!file.open(QIODevice::ReadOnly)) continue;
        const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
        const QString name = o.value(QStringLiteral("name")).toString();
        if (!name.isEmpty()) name_ = name;
        const QFileInfo info(file.fileName());
        started_ = info.birthTime().isValid() ? info.birthTime() : info.lastModified();
        return;
    }
}

void RunWatcher::poll()
{
    watchFiles();
    if (!started_.isValid()) readConfigInfo();
    const bool statusChanged_ = pollStatus();
    const int added = pollMetrics();
    const bool logChanged_ = pollLog();
    if (statusChanged_) Q_EMIT statusChanged();
    if (added > 0) Q_EMIT metricsAdded(added);
    if (logChanged_) Q_EMIT logChanged();
}

bool RunWatcher::pollStatus()
{
    const QFileInfo info(dir_ + QStringLiteral("/status.json"));
    bool changed = false;
    if (info.exists() && (info.lastModified() != statusTime_ || info.size() != statusSize_)) {
        statusTime_ = info.lastModified();
        statusSize_ = info.size();
        try {
            status_ = readRunStatus(dir_.toStdString());
            changed = true;
        } catch (const Error& e) {
            const QString text = QString::fromStdString(e.what());
            if (!errors_.contains(text)) errors_ << text;
        }
    }
    // A job can die without a word (SIGKILL, power loss): only its pid tells.
    const bool alive = isAlive();
    if (alive != lastAlive_) {
        lastAlive_ = alive;
        changed = true;
    }
    return changed;
}

int RunWatcher::pollMetrics()
{
    const std::vector<MetricPoint> points = tail_->poll();
    for (const MetricPoint& p : points) {
        const double x = double(p.step);
        for (const auto& [key, value] : p.values) {
            QVector<QPointF>& s = series_[QString::fromStdString(key)];
            // A resumed run logs the steps after its checkpoint again.
            while (!s.isEmpty() && s.last().x() >= x) s.removeLast();
            s.append(QPointF(x, value));
        }
    }
    for (; tailErrors_ < tail_->errors().size(); ++tailErrors_)
        errors_ << QString::fromStdString(tail_->errors()[tailErrors_]);
    return int(points.size());
}

bool RunWatcher::pollLog()
{
    QFile log(dir_ + QStringLiteral("/train.log"));
    if (!log.exists()) log.setFileName(dir_ + QStringLiteral("/launch.log"));   // a job that died early
    if (!log.open(QIODevice::ReadOnly)) return false;
    if (log.fileName() != logName_ || log.size() < logOffset_) {   // train.log took over, or the file was replaced
        logName_ = log.fileName();
        logOffset_ = 0;
        logPartial_.clear();
        logLines_.clear();
    }
    if (log.size() == logOffset_) return false;
    bool skipFirstLine = false;
    if (logOffset_ == 0 && log.size() > kLogTailBytes) {   // a long log: only its end is shown
        logOffset_ = log.size() - kLogTailBytes;
        skipFirstLine = true;
    }
    log.seek(logOffset_);
    QByteArray chunk = log.readAll();
    if (skipFirstLine) {
        const qsizetype nl = chunk.indexOf('\n');
        chunk = chunk.mid(nl + 1);
    }
    logOffset_ = log.pos();
    logPartial_ += QString::fromUtf8(chunk);
    const int lastNl = logPartial_.lastIndexOf(QLatin1Char('\n'));
    if (lastNl < 0) return false;
    logLines_ += logPartial_.left(lastNl).split(QLatin1Char('\n'));
    logPartial_ = logPartial_.mid(lastNl + 1);
    if (logLines_.size() > kLogLinesKept) logLines_ = logLines_.mid(logLines_.size() - kLogLinesKept);
    return true;
}

bool RunWatcher::isAlive() const
{
    if (status_) return processAlive(status_->pid);
    return processAlive(launchPid_);
}

RunDisplayState RunWatcher::state() const
{
    if (!status_) {
        if (launchPid_ > 0 && !isAlive()) return RunDisplayState::Failed;   // died before its status
        return RunDisplayState::Starting;
    }
    switch (status_->state) {
    case RunState::Queued: return RunDisplayState::Queued;
    case RunState::Running: return isAlive() ? RunDisplayState::Running : RunDisplayState::Killed;
    case RunState::Finished: return RunDisplayState::Finished;
    case RunState::Failed: return RunDisplayState::Failed;
    case RunState::Stopped: return RunDisplayState::Stopped;
    }
    return RunDisplayState::Queued;
}

const QVector<QPointF>& RunWatcher::series(const QString& key) const
{
    auto it = series_.constFind(key);
    return it == series_.constEnd() ? kEmpty : *it;
}

QStringList RunWatcher::metricKeys() const
{
    QStringList keys = series_.keys();
    keys.sort();
    return keys;
}

std::optional<double> RunWatcher::lastValue(const QString& key) const
{
    const QVector<QPointF>& s = series(key);
    if (s.isEmpty()) return std::nullopt;
    return s.last().y();
}

double RunWatcher::secondsPerStep() const
{
    // "time" is logged with every train and eval line; the pace between the
    // first and last of the recent ones includes evaluations, as the ETA should.
    const QVector<QPointF>& t = series(QStringLiteral("time"));
    if (t.size() < 2) return 0;
    const int first = std::max(0, int(t.size()) - 20);
    const double steps = t.last().x() - t[first].x();
    return steps > 0 ? (t.last().y() - t[first].y()) / steps : 0;
}

double RunWatcher::etaSeconds() const
{
    if (!status_ || status_->totalSteps <= 0) return -1;
    const double sps = secondsPerStep();
    if (sps <= 0) return -1;
    return double(std::max<int64_t>(0, status_->totalSteps - status_->step)) * sps;
}

} // namespace wb
