#pragma once
// The training panel: the runs of the project (every folder under
// <project folder>/runs/, plus folders added with "Open run..."), live charts
// of the checked runs, progress with ETA, stop/resume, the log tail, and the
// new-run dialog. It only reads run folders and launches `llmwb` processes:
// no LibTorch here. Runs started from the CLI show up; jobs outlive the window.
#include "core/store/project_store.h"

#include <QString>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QTimer;

namespace wb {

class NewRunDialog;
class RunListModel;
class RunWatcher;
class TrainingCharts;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    TrainingPanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    QString runsFolder() const;   // <project folder>/runs
    // Lists new run folders (under runsFolder() and remembered ones).
    void rescan();
    // Adds a run folder from anywhere and remembers it in the project.
    // False (reason in lastError()) when the folder is not a run.
    bool openRun(const QString& dir);
    void selectRun(const QString& dir);
    RunWatcher* currentRun() const;

    // Launches `llmwb train` on a folder holding run.json and lists it.
    bool startRun(const QString& runDir);
    bool stopCurrent();     // SIGTERM: checkpoint, then "stopped"
    bool resumeCurrent();   // llmwb train --resume
    NewRunDialog* openNewRunDialog();   // window-modal, not blocking

    void setPollInterval(int ms);   // run folders are polled this often (tests)
    QString lastError() const { return lastError_; }

    RunListModel* runModel() const { return model_; }
    QTableView* runTable() const { return table_; }
    TrainingCharts* charts() const { return charts_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* progressLabel() const { return progressLabel_; }
    QPushButton* stopButton() const { return stop_; }
    QPushButton* resumeButton() const { return resume_; }
    QPlainTextEdit* logView() const { return log_; }

Q_SIGNALS:
    void message(QString text);      // for the status bar

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void updateChartsRuns();
    void updateDetails();
    void updateLog();
    void chooseRunFolder();
    void rememberRun(const QString& dir);
    QStringList rememberedRuns();
    void setError(const QString& text);

    ProjectStore& store_;
    QString projectPath_;
    QString lastError_;
    RunListModel* model_ = nullptr;
    QTimer* rescanTimer_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QPushButton* newRun_ = nullptr;
    QPushButton* openRun_ = nullptr;
    QTableView* table_ = nullptr;
    QLabel* title_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QLabel* statusMessage_ = nullptr;
    QPushButton* stop_ = nullptr;
    QPushButton* resume_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    TrainingCharts* charts_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
};

} // namespace wb
