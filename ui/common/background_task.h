#pragma once
// Runs one piece of long work on its own thread. The work gets a Context with
// an atomic cancel flag and a throttled progress reporter; results travel back
// through state captured in the lambda and read in the finished() slot.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace wb {

namespace detail {
class BackgroundWorker;
}

class BackgroundTask : public QObject {
    Q_OBJECT
public:
    class Context {
    public:
        bool cancelled() const { return cancel_.load(std::memory_order_relaxed); }
        // Safe to call as often as the work likes: at most ~20 signals per
        // second reach the GUI, plus the final one (done == total).
        void progress(qint64 done, qint64 total, const QString& what = {});
        std::string projectPath;   // open a second ProjectStore on it in the work
        // For core calls that poll a cancel flag themselves.
        const std::atomic<bool>* cancelFlag() const { return &cancel_; }
        // The (done, total) -> keep-going callback core calls take: reports
        // progress and stops the call once the task is cancelled.
        std::function<bool(int64_t, int64_t)> coreProgress()
        {
            return [this](int64_t done, int64_t total) {
                progress(done, total);
                return !cancelled();
            };
        }

    private:
        friend class BackgroundTask;
        friend class detail::BackgroundWorker;
        std::atomic<bool> cancel_{false};
        detail::BackgroundWorker* worker_ = nullptr;
        QElapsedTimer sinceLast_;
    };
    using Work = std::function<void(Context&)>;

    explicit BackgroundTask(Work work, const QString& projectPath = {}, QObject* parent = nullptr);
    // Cancels and waits for the work to return.
    ~BackgroundTask() override;

    void start();          // no-op while running; may be called again after finished()
    void cancel();         // sets the flag; finished() still follows
    bool isRunning() const { return running_; }

    // Cancel a task the caller no longer wants results from without blocking:
    // its signals are disconnected and it deletes itself once the work returns.
    static void retire(std::unique_ptr<BackgroundTask> task);

Q_SIGNALS:
    void progressed(qint64 done, qint64 total, QString what);
    void finished(bool ok, QString error);

private:
    void onWorkerDone(bool ok, const QString& error);

    Work work_;
    Context ctx_;
    std::unique_ptr<detail::BackgroundWorker> worker_;
    bool running_ = false;
};

} // namespace wb
