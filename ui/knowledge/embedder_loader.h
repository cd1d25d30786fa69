#pragma once
// One embedding model for a panel, loaded on a worker thread (a BERT folder
// takes seconds) and then used on the GUI thread for single queries, or lent
// to an indexing task while no query runs. ready() or failed() follows
// request().
#include "ui/knowledge/embedder_factory.h"

#include <QObject>
#include <QString>

#include <memory>

namespace wb {

class BackgroundTask;

class EmbedderLoader : public QObject {
    Q_OBJECT
public:
    explicit EmbedderLoader(QObject* parent = nullptr);
    ~EmbedderLoader() override;

    void setFactory(EmbedderFactory factory);   // drops a loaded model
    const EmbedderFactory& factory() const { return factory_; }
    bool hasFactory() const { return bool(factory_); }

    // The model for `folder` when it is loaded; else starts loading it
    // (when not already) and returns null.
    std::shared_ptr<Embedder> request(const QString& folder);
    std::shared_ptr<Embedder> current() const { return embedder_; }
    QString currentFolder() const { return folder_; }
    bool isLoading() const { return bool(task_); }
    QString lastError() const { return error_; }
    // Takes a model loaded elsewhere (by an indexing task) for `folder`.
    void adopt(const QString& folder, std::shared_ptr<Embedder> embedder);

Q_SIGNALS:
    void ready();
    void failed(QString error);

private:
    EmbedderFactory factory_;
    std::shared_ptr<Embedder> embedder_;
    QString folder_;
    QString loadingFolder_;
    QString error_;
    std::unique_ptr<BackgroundTask> task_;
};

} // namespace wb
