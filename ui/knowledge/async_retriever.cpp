#include "ui/knowledge/async_retriever.h"

#include "core/retrieval/chunk_index_cache.h"
#include "core/retrieval/embedder.h"
#include "core/store/project_store.h"
#include "ui/common/background_task.h"

namespace wb {

struct AsyncRetriever::Session {
    std::unique_ptr<ProjectStore> store;
    std::unique_ptr<ChunkIndexCache> cache;
};

// The task is made once and started again for each search (so a search may
// start from a finished() slot); job_ is set on the GUI thread before start().
AsyncRetriever::AsyncRetriever(const QString& projectPath, QObject* parent) : QObject(parent)
{
    task_ = std::make_unique<BackgroundTask>(
        [this](BackgroundTask::Context& ctx) {
            const Job job = job_;
            if (!job.session->store) {
                job.session->store = ProjectStore::open(ctx.projectPath);
                job.session->cache = std::make_unique<ChunkIndexCache>(*job.session->store);
            }
            Retriever retriever(*job.session->store, job.session->cache.get());
            job.result->hits = retriever.search(job.result->collection, job.result->query.toStdString(),
                                                job.result->options, job.embedder.get());
        },
        projectPath);
    connect(task_.get(), &BackgroundTask::finished, this, [this](bool ok, const QString& error) {
        result_ = std::move(*job_.result);
        job_ = {};
        if (!ok)
            invalidate();   // e.g. the project could not be opened: start afresh next time
        Q_EMIT finished(ok, error);
    });
}

AsyncRetriever::~AsyncRetriever()
{
    task_.reset();   // cancels and waits: the work uses the job's session and embedder
}

bool AsyncRetriever::isRunning() const
{
    return task_->isRunning();
}

void AsyncRetriever::invalidate()
{
    session_.reset();   // a running search keeps the job's reference and finishes on the old one
}

bool AsyncRetriever::start(qint64 collection, const QString& query, const RetrievalOptions& options,
                           std::shared_ptr<Embedder> embedder)
{
    if (isRunning())
        return false;
    if (!session_)
        session_ = std::make_shared<Session>();
    job_.session = session_;
    job_.result = std::make_shared<Result>();
    job_.result->collection = collection;
    job_.result->query = query;
    job_.result->options = options;
    job_.embedder = std::move(embedder);
    task_->start();
    return true;
}

} // namespace wb
