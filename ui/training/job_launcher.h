#pragma once
// Starting and stopping `llmwb train` jobs from the GUI. Jobs are detached
// in their own session (setsid), so they keep running when the window closes
// and are picked up again from their run folders on reopen.
#include <QString>
#include <QStringList>

namespace wb {

// The llmwb binary: env LLMWB if set, else next to the application binary.
QString llmwbPath();

struct LaunchResult {
    qint64 pid = 0;     // 0 on failure
    QString error;
};
// Starts `llmwb ARGS` detached, stdout and stderr appended to `logFile`
// (RUN_DIR/launch.log: what the job says before its own train.log exists).
LaunchResult launchLlmwb(const QStringList& args, const QString& logFile, const QString& workingDir = {});

// `llmwb train --config RUN_DIR/run.json --run-dir RUN_DIR`
LaunchResult startTrainingJob(const QString& runDir);
// `llmwb train --resume RUN_DIR`
LaunchResult resumeTrainingJob(const QString& runDir);
// SIGTERM to the job: it writes a checkpoint and ends as "stopped".
bool stopTrainingJob(qint64 pid, QString* error = nullptr);

} // namespace wb
