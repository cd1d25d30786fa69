#include "ui/common/background_task.h"

#include "core/data/record.h"

#include <QThread>

#include <exception>

namespace wb {
namespace detail {

// Owns its thread (gpt4all ChatLLM style): lives on it, runs the work there
// and reports through signals that reach the GUI queued.
class BackgroundWorker : public QObject {
    Q_OBJECT
public:
    BackgroundWorker(BackgroundTask::Work work, BackgroundTask::Context& ctx)
        : work_(std::move(work)), ctx_(ctx)
    {
        moveToThread(&thread_);
        thread_.setObjectName(QStringLiteral("wb-background-task"));
    }
    ~BackgroundWorker() override
    {
        thread_.quit();
        thread_.wait();
    }
    void start()
    {
        thread_.start();
        QMetaObject::invokeMethod(this, &BackgroundWorker::run, Qt::QueuedConnection);
    }

Q_SIGNALS:
    void progressed(qint64 done, qint64 total, QString what);
    void done(bool ok, QString error);

private:
    void run()
    {
        bool ok = false;
        QString error;
        try {
            work_(ctx_);
            ok = !ctx_.cancelled();
            if (!ok)
                error = BackgroundTask::tr("Cancelled");
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        } catch (...) {
            error = BackgroundTask::tr("Unknown error");
        }
        Q_EMIT done(ok, error);
        thread_.quit();
    }

    BackgroundTask::Work work_;
    BackgroundTask::Context& ctx_;
    QThread thread_;
};

} // namespace detail

void BackgroundTask::Context::progress(qint64 done, qint64 total, const QString& what)
{
    constexpr qint64 kMinIntervalMs = 50;
    const bool last = total > 0 && done >= total;
    if (sinceLast_.isValid() && !last && sinceLast_.elapsed() < kMinIntervalMs)
        return;
    sinceLast_.start();
    if (worker_)
        Q_EMIT worker_->progressed(done, total, what);
}

BackgroundTask::BackgroundTask(Work work, const QString& projectPath, QObject* parent)
    : QObject(parent), work_(std::move(work))
{
    ctx_.projectPath = projectPath.toStdString();
}

BackgroundTask::~BackgroundTask()
{
    ctx_.cancel_ = true;
    worker_.reset();   // waits for the thread
}

void BackgroundTask::start()
{
    if (running_)
        return;
    worker_.reset();
    ctx_.cancel_ = false;
    ctx_.sinceLast_.invalidate();
    worker_ = std::make_unique<detail::BackgroundWorker>(work_, ctx_);
    ctx_.worker_ = worker_.get();
    connect(worker_.get(), &detail::BackgroundWorker::progressed, this,
            &BackgroundTask::progressed, Qt::QueuedConnection);
    connect(worker_.get(), &detail::BackgroundWorker::done, this,
            &BackgroundTask::onWorkerDone, Qt::QueuedConnection);
    running_ = true;
    worker_->start();
}

void BackgroundTask::retire(std::unique_ptr<BackgroundTask> task)
{
    if (!task)
        return;
    task->cancel();
    task->disconnect();   // nobody hears from it again
    if (!task->isRunning())
        return;           // destroyed here, nothing to wait for
    BackgroundTask* t = task.release();
    t->setParent(nullptr);
    connect(t, &BackgroundTask::finished, t, &QObject::deleteLater);
}

void BackgroundTask::cancel()
{
    ctx_.cancel_ = true;
}

void BackgroundTask::onWorkerDone(bool ok, const QString& error)
{
    running_ = false;
    Q_EMIT finished(ok, error);
}

} // namespace wb

#include "background_task.moc"
