#pragma once
// Runs knowledge-base searches off the GUI thread, one at a time: BM25 over a
// large collection, embedding the query, or a first dense query that loads or
// builds the index can each take seconds. The searches share their own store
// connection and index cache (opened by the first one, on its thread), so the
// index stays in memory between queries; invalidate() after the chunks or
// vectors change. Used by the Knowledge and Chat panels.
#include "core/retrieval/retriever.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace wb {

class BackgroundTask;
class Embedder;

class AsyncRetriever : public QObject {
    Q_OBJECT
public:
    explicit AsyncRetriever(const QString& projectPath, QObject* parent = nullptr);
    ~AsyncRetriever() override;   // waits for a running search

    // False (and nothing started) while a search runs. `embedder` may be null
    // for BM25; it is used on the worker thread until finished().
    bool start(qint64 collection, const QString& query, const RetrievalOptions& options,
               std::shared_ptr<Embedder> embedder);
    bool isRunning() const;
    void invalidate();   // the next search reopens the index from the store

    // The search finished() reported on (valid until the next start()).
    struct Result {
        qint64 collection = 0;
        QString query;
        RetrievalOptions options;
        std::vector<RetrievalHit> hits;
    };
    Result& result() { return result_; }

Q_SIGNALS:
    void finished(bool ok, QString error);

private:
    struct Session;
    struct Job {
        std::shared_ptr<Session> session;
        std::shared_ptr<Result> result;
        std::shared_ptr<Embedder> embedder;
    };
    std::shared_ptr<Session> session_;
    Job job_;   // the running search's
    Result result_;
    std::unique_ptr<BackgroundTask> task_;
};

} // namespace wb
