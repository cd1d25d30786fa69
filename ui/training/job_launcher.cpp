#include "ui/training/job_launcher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace wb {

QString llmwbPath()
{
    const QString env = qEnvironmentVariable("LLMWB");
    if (!env.isEmpty()) return env;
    return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("llmwb"));
}

LaunchResult launchLlmwb(const QStringList& args, const QString& logFile, const QString& workingDir)
{
    LaunchResult r;
    const QString exe = llmwbPath();
    if (!QFileInfo(exe).isExecutable()) {
        r.error = QCoreApplication::translate("wb::TrainingPanel",
                                              "The llmwb program was not found at %1 (set the LLMWB environment variable).")
                      .arg(exe);
        return r;
    }
    QProcess p;
    // setsid: its own session, so closing the window (or its terminal) does not end the job.
    // After startDetached's double fork the child is no group leader, so setsid execs in place
    // and the pid we get is llmwb's.
    const QString setsid = QStandardPaths::findExecutable(QStringLiteral("setsid"));
    if (setsid.isEmpty()) {
        p.setProgram(exe);
        p.setArguments(args);
    } else {
        p.setProgram(setsid);
        p.setArguments(QStringList{exe} + args);
    }
    if (!workingDir.isEmpty()) p.setWorkingDirectory(workingDir);
    p.setStandardInputFile(QProcess::nullDevice());
    if (!logFile.isEmpty()) {
        p.setStandardOutputFile(logFile, QIODevice::Append);
        p.setStandardErrorFile(logFile, QIODevice::Append);
    }
    if (!p.startDetached(&r.pid)) {
        r.error = QCoreApplication::translate("wb::TrainingPanel", "Cannot start %1: %2").arg(exe, p.errorString());
        r.pid = 0;
    }
    return r;
}

LaunchResult startTrainingJob(const QString& runDir)
{
    const QDir dir(runDir);
    return launchLlmwb({QStringLiteral("train"), QStringLiteral("--config"), dir.filePath(QStringLiteral("run.json")),
                        QStringLiteral("--run-dir"), dir.absolutePath(), QStringLiteral("--quiet")},
                       dir.filePath(QStringLiteral("launch.log")), dir.absolutePath());
}

LaunchResult resumeTrainingJob(const QString& runDir)
{
    const QDir dir(runDir);
    return launchLlmwb({QStringLiteral("train"), QStringLiteral("--resume"), dir.absolutePath(), QStringLiteral("--quiet")},
                       dir.filePath(QStringLiteral("launch.log")), dir.absolutePath());
}

bool stopTrainingJob(qint64 pid, QString* error)
{
    if (pid > 0 && ::kill(pid_t(pid), SIGTERM) == 0) return true;
    if (error)
        *error = QCoreApplication::translate("wb::TrainingPanel", "Cannot stop process %1: %2")
                     .arg(pid)
                     .arg(QString::fromLocal8Bit(std::strerror(pid > 0 ? errno : ESRCH)));
    return false;
}

} // namespace wb
