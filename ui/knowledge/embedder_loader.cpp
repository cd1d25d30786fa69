#include "ui/knowledge/embedder_loader.h"

#include "ui/common/background_task.h"

namespace wb {

EmbedderLoader::EmbedderLoader(QObject* parent) : QObject(parent) {}

EmbedderLoader::~EmbedderLoader()
{
    BackgroundTask::retire(std::move(task_));
}

void EmbedderLoader::setFactory(EmbedderFactory factory)
{
    BackgroundTask::retire(std::move(task_));
    factory_ = std::move(factory);
    embedder_.reset();
    folder_.clear();
    error_.clear();
}

void EmbedderLoader::adopt(const QString& folder, std::shared_ptr<Embedder> embedder)
{
    if (!embedder || task_)
        return;
    embedder_ = std::move(embedder);
    folder_ = folder;
}

std::shared_ptr<Embedder> EmbedderLoader::request(const QString& folder)
{
    if (embedder_ && folder_ == folder)
        return embedder_;
    if (!factory_) {
        error_ = tr("Embedding models cannot be loaded in this build.");
        return nullptr;
    }
    if (task_ && loadingFolder_ == folder)
        return nullptr;
    BackgroundTask::retire(std::move(task_));
    loadingFolder_ = folder;
    error_.clear();
    auto slot = std::make_shared<std::shared_ptr<Embedder>>();
    const EmbedderFactory factory = factory_;
    const std::string path = folder.toStdString();
    task_ = std::make_unique<BackgroundTask>([factory, path, slot](BackgroundTask::Context&) {
        *slot = std::shared_ptr<Embedder>(factory(path));
    });
    connect(task_.get(), &BackgroundTask::finished, this, [this, slot](bool ok, const QString& error) {
        task_.release()->deleteLater();
        if (ok && *slot) {
            embedder_ = *slot;
            folder_ = loadingFolder_;
            Q_EMIT ready();
        } else {
            error_ = ok ? tr("No embedding model in %1").arg(loadingFolder_) : error;
            Q_EMIT failed(error_);
        }
    });
    task_->start();
    return nullptr;
}

} // namespace wb
