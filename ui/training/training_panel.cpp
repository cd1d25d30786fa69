#include "ui/training/training_panel.h"

#include "core/data/record.h"
#include "ui/training/job_launcher.h"
#include "ui/training/new_run_dialog.h"
#include "ui/training/run_list_model.h"
#include "ui/training/run_watcher.h"
#include "ui/training/training_charts.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace wb {

namespace {

const char* kRememberedRunsKey = "training.extra_runs";   // project meta: JSON array of folders

bool looksLikeRun(const QDir& d)
{
    return d.exists(QStringLiteral("status.json")) || d.exists(QStringLiteral("config.json")) ||
           d.exists(QStringLiteral("run.json"));
}

QString formatDuration(double seconds)
{
    const qint64 s = qint64(std::llround(seconds));
    if (s >= 3600) return TrainingPanel::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60) return TrainingPanel::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return TrainingPanel::tr("%1 s").arg(s);
}

} // namespace

TrainingPanel::TrainingPanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent)
    , store_(store)
    , projectPath_(projectPath)
{
    model_ = new RunListModel(this);

    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    newRun_ = new QPushButton(this);
    newRun_->setObjectName(QStringLiteral("newRunButton"));
    openRun_ = new QPushButton(this);
    bar->addWidget(newRun_);
    bar->addWidget(openRun_);
    bar->addStretch(1);
    layout->addLayout(bar);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    table_ = new QTableView(splitter_);
    table_->setObjectName(QStringLiteral("runTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setMinimumWidth(280);

    auto* right = new QWidget(splitter_);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(right);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    rl->addWidget(title_);
    auto* progressRow = new QHBoxLayout;
    progress_ = new QProgressBar(right);
    progressLabel_ = new QLabel(right);
    stop_ = new QPushButton(right);
    stop_->setObjectName(QStringLiteral("stopButton"));
    resume_ = new QPushButton(right);
    resume_->setObjectName(QStringLiteral("resumeButton"));
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(progressLabel_);
    progressRow->addWidget(stop_);
    progressRow->addWidget(resume_);
    rl->addLayout(progressRow);
    statusMessage_ = new QLabel(right);
    statusMessage_->setWordWrap(true);
    statusMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(statusMessage_);
    tabs_ = new QTabWidget(right);
    charts_ = new TrainingCharts(tabs_);
    log_ = new QPlainTextEdit(tabs_);
    log_->setObjectName(QStringLiteral("logView"));
    log_->setReadOnly(true);
    log_->setLineWrapMode(QPlainTextEdit::NoWrap);
    log_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    tabs_->addTab(charts_, QString());
    tabs_->addTab(log_, QString());
    rl->addWidget(tabs_, 1);
    splitter_->addWidget(table_);
    splitter_->addWidget(right);
    splitter_->setStretchFactor(1, 3);
    layout->addWidget(splitter_, 1);

    connect(newRun_, &QPushButton::clicked, this, [this] { openNewRunDialog(); });
    connect(openRun_, &QPushButton::clicked, this, &TrainingPanel::chooseRunFolder);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopCurrent);
    connect(resume_, &QPushButton::clicked, this, &TrainingPanel::resumeCurrent);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateChartsRuns();
        updateDetails();
        log_->clear();
        updateLog();
    });
    connect(model_, &RunListModel::checkedRunsChanged, this, &TrainingPanel::updateChartsRuns);
    connect(model_, &RunListModel::runMetricsAdded, this, [this](RunWatcher* r) {
        charts_->runUpdated(r);
        if (r == currentRun()) updateDetails();
    });
    connect(model_, &RunListModel::runLogChanged, this, [this](RunWatcher* r) {
        if (r == currentRun()) updateLog();
    });
    connect(model_, &RunListModel::runStatusChanged, this, [this](RunWatcher* r) {
        if (r == currentRun()) updateDetails();
    });

    // New folders under runs/ (jobs started from the CLI) appear within a few seconds.
    rescanTimer_ = new QTimer(this);
    rescanTimer_->setInterval(2000);
    connect(rescanTimer_, &QTimer::timeout, this, &TrainingPanel::rescan);
    rescanTimer_->start();

    retranslateUi();
    rescan();
    if (model_->rowCount() > 0) table_->selectRow(model_->rowCount() - 1);
    updateDetails();
}

TrainingPanel::~TrainingPanel() = default;

void TrainingPanel::retranslateUi()
{
    newRun_->setText(tr("&New Run…"));
    openRun_->setText(tr("&Open Run…"));
    openRun_->setToolTip(tr("Watch a run folder outside this project's runs folder"));
    stop_->setText(tr("&Stop"));
    stop_->setToolTip(tr("Write a checkpoint and stop the run; Resume continues it exactly"));
    resume_->setText(tr("&Resume"));
    tabs_->setTabText(0, tr("Charts"));
    tabs_->setTabText(1, tr("Log"));
    updateDetails();
}

void TrainingPanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(e);
}

QString TrainingPanel::runsFolder() const
{
    return QFileInfo(projectPath_).absoluteDir().filePath(QStringLiteral("runs"));
}

void TrainingPanel::setPollInterval(int ms)
{
    model_->setPollInterval(ms);
    rescanTimer_->setInterval(std::max(ms, 50));
}

void TrainingPanel::rescan()
{
    QStringList dirs;
    const QDir runs(runsFolder());
    // Folder names end in -YYYYMMDD-HHMMSS: sorted by time within a label.
    for (const QFileInfo& fi : runs.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time | QDir::Reversed))
        if (looksLikeRun(QDir(fi.absoluteFilePath()))) dirs << fi.absoluteFilePath();
    for (const QString& d : rememberedRuns())
        if (QDir(d).exists()) dirs << d;
    for (const QString& d : std::as_const(dirs))
        if (model_->rowOf(d) < 0) model_->addRun(d);
}

QStringList TrainingPanel::rememberedRuns()
{
    QStringList out;
    try {
        const auto text = store_.meta(kRememberedRunsKey);
        if (!text) return out;
        for (const QJsonValue& v : QJsonDocument::fromJson(QByteArray::fromStdString(*text)).array()) out << v.toString();
    } catch (const Error& e) {
        setError(QString::fromStdString(e.what()));
    }
    return out;
}

void TrainingPanel::rememberRun(const QString& dir)
{
    QStringList runs = rememberedRuns();
    if (runs.contains(dir) || QFileInfo(dir).absolutePath() == QDir(runsFolder()).absolutePath()) return;
    runs << dir;
    try {
        store_.setMeta(kRememberedRunsKey, QJsonDocument(QJsonArray::fromStringList(runs)).toJson(QJsonDocument::Compact).toStdString());
    } catch (const Error& e) {
        setError(QString::fromStdString(e.what()));
    }
}

bool TrainingPanel::openRun(const QString& dir)
{
    const QDir d(dir);
    if (!d.exists() || !looksLikeRun(d)) {
        setError(tr("%1 is not a run folder (no status.json, config.json or run.json).").arg(dir));
        return false;
    }
    rememberRun(d.absolutePath());
    model_->addRun(d.absolutePath());
    selectRun(d.absolutePath());
    return true;
}

void TrainingPanel::chooseRunFolder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Run Folder"), runsFolder());
    if (!dir.isEmpty() && !openRun(dir)) Q_EMIT message(lastError_);
}

void TrainingPanel::selectRun(const QString& dir)
{
    const int row = model_->rowOf(dir);
    if (row >= 0) table_->selectRow(row);
}

RunWatcher* TrainingPanel::currentRun() const
{
    const QModelIndex cur = table_->selectionModel()->currentIndex();
    return cur.isValid() ? model_->run(cur.row()) : nullptr;
}

bool TrainingPanel::startRun(const QString& runDir)
{
    const LaunchResult r = startTrainingJob(runDir);
    if (!r.pid) {
        setError(r.error);
        return false;
    }
    RunWatcher* w = model_->addRun(runDir, true);
    w->setLaunchPid(r.pid);
    if (QFileInfo(runDir).absolutePath() != QDir(runsFolder()).absolutePath()) rememberRun(w->dir());
    selectRun(runDir);
    Q_EMIT message(tr("Training started in %1").arg(QDir::toNativeSeparators(runDir)));
    return true;
}

bool TrainingPanel::stopCurrent()
{
    RunWatcher* r = currentRun();
    if (!r || r->state() != RunDisplayState::Running) {
        setError(tr("The selected run is not running."));
        return false;
    }
    QString error;
    if (!stopTrainingJob(r->status()->pid, &error)) {
        setError(error);
        return false;
    }
    statusMessage_->setText(tr("Stopping: writing a checkpoint…"));
    return true;
}

bool TrainingPanel::resumeCurrent()
{
    RunWatcher* r = currentRun();
    if (!r) return false;
    const RunDisplayState s = r->state();
    if (s != RunDisplayState::Stopped && s != RunDisplayState::Killed && s != RunDisplayState::Failed) {
        setError(tr("Only a stopped, killed or failed run can be resumed."));
        return false;
    }
    const LaunchResult l = resumeTrainingJob(r->dir());
    if (!l.pid) {
        setError(l.error);
        return false;
    }
    statusMessage_->setText(tr("Resuming…"));
    return true;
}

NewRunDialog* TrainingPanel::openNewRunDialog()
{
    auto* dlg = new NewRunDialog(store_, projectPath_, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &NewRunDialog::runCreated, this, [this](const QString& dir) { startRun(dir); });
    dlg->setWindowModality(Qt::WindowModal);
    dlg->show();
    return dlg;
}

void TrainingPanel::updateChartsRuns()
{
    QVector<RunWatcher*> runs = model_->checkedRuns();
    if (runs.isEmpty())
        if (RunWatcher* r = currentRun()) runs << r;
    charts_->setRuns(runs);
}

void TrainingPanel::updateDetails()
{
    RunWatcher* r = currentRun();
    if (!r) {
        title_->setText(tr("No run selected. Start one with New Run, or from the command line with llmwb train."));
        progress_->setRange(0, 1);
        progress_->setValue(0);
        progressLabel_->clear();
        statusMessage_->clear();
        stop_->setEnabled(false);
        resume_->setEnabled(false);
        return;
    }
    const RunDisplayState state = r->state();
    title_->setText(tr("<b>%1</b> (%2) — %3").arg(r->name().toHtmlEscaped(), displayName(state),
                                                     QDir::toNativeSeparators(r->dir()).toHtmlEscaped()));
    const auto& st = r->status();
    const qint64 step = st ? st->step : 0, total = st ? st->totalSteps : 0;
    progress_->setRange(0, int(std::max<qint64>(1, total)));
    progress_->setValue(int(std::min(step, std::max<qint64>(1, total))));
    QString text = tr("step %1 / %2").arg(QLocale().toString(step), QLocale().toString(total));
    if (state == RunDisplayState::Running) {
        const double eta = r->etaSeconds();
        if (eta >= 0) text += QStringLiteral(" · ") + tr("ETA %1").arg(formatDuration(eta));
        if (auto tps = r->lastValue(QStringLiteral("tokens_per_second")))
            text += QStringLiteral(" · ") + tr("%1 tokens/s").arg(QLocale().toString(*tps, 'f', 0));
    }
    progressLabel_->setText(text);
    QString msg = st ? QString::fromStdString(st->message) : QString();
    if (state == RunDisplayState::Killed)
        msg = tr("The job's process (pid %1) is gone without ending the run: it was killed. Resume continues from the last checkpoint.")
                  .arg(st->pid);
    if (!r->errors().isEmpty()) msg += (msg.isEmpty() ? QString() : QStringLiteral("\n")) + r->errors().last();
    statusMessage_->setText(msg);
    stop_->setEnabled(state == RunDisplayState::Running);
    resume_->setEnabled(state == RunDisplayState::Stopped || state == RunDisplayState::Killed ||
                        state == RunDisplayState::Failed);
    updateLog();
}

void TrainingPanel::updateLog()
{
    RunWatcher* r = currentRun();
    const QString text = r ? r->logTail() : QString();
    if (log_->toPlainText() == text) return;
    const bool atEnd = log_->verticalScrollBar()->value() == log_->verticalScrollBar()->maximum();
    log_->setPlainText(text);
    if (atEnd) log_->verticalScrollBar()->setValue(log_->verticalScrollBar()->maximum());
}

void TrainingPanel::setError(const QString& text)
{
    lastError_ = text;
    statusMessage_->setText(text);
    Q_EMIT message(text);
}

} // namespace wb
