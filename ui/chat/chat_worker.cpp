#include "ui/chat/chat_worker.h"

#include "core/data/record.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace wb {

ChatWorker::ChatWorker(ModelLoader loader) : loader_(std::move(loader))
{
    qRegisterMetaType<wb::LoadedModelInfo>();
    qRegisterMetaType<wb::ReplyResult>();
    thread_.setObjectName(QStringLiteral("wb-chat-worker"));
    moveToThread(&thread_);
    thread_.start();
}

ChatWorker::~ChatWorker()
{
    cancel_.store(true);
    thread_.quit();
    thread_.wait();   // the generator polls cancel_ every token: returns quickly
    // The model and tokenizer die here, after their thread has stopped.
}

void ChatWorker::load(const QString& modelDir, ComputeDType dtype)
{
    QMetaObject::invokeMethod(this, [this, modelDir, dtype] { doLoad(modelDir, dtype); }, Qt::QueuedConnection);
}

void ChatWorker::unload()
{
    cancel_.store(true);
    QMetaObject::invokeMethod(this, [this] { doUnload(); }, Qt::QueuedConnection);
}

void ChatWorker::generate(const QString& prompt, const GenerationOptions& options, const QString& templateEos)
{
    cancel_.store(false);   // set here, not on the worker, so a stop() that follows is never lost
    QMetaObject::invokeMethod(
        this, [this, prompt, options, templateEos] { doGenerate(prompt, options, templateEos); },
        Qt::QueuedConnection);
}

void ChatWorker::doLoad(const QString& modelDir, ComputeDType dtype)
{
    model_.reset();
    tokenizer_.reset();
    if (!loader_) {
        Q_EMIT failed(tr("Models cannot be loaded in this build."));
        return;
    }
    const std::string dir = modelDir.toStdString();
    try {
        QElapsedTimer sinceLast;
        LoadOptions options;
        options.dtype = dtype;
        options.progress = [this, &sinceLast](uint64_t done, uint64_t total) {
            // At most ~20 signals a second reach the GUI, plus the last one.
            if (sinceLast.isValid() && done < total && sinceLast.elapsed() < 50)
                return;
            sinceLast.start();
            Q_EMIT loadProgress(qint64(done), qint64(total));
        };
        auto model = loader_(dir, options);
        if (!model)
            throw Error("model folder '" + dir + "': the loader returned no model");
        auto tokenizer = loadTokenizer(dir);
        LoadedModelInfo info;
        info.path = modelDir;
        info.family = QString::fromUtf8(toString(model->config().family).data());
        info.dtype = model->dtype() == ComputeDType::BF16 ? QStringLiteral("bf16") : QStringLiteral("f32");
        info.parameters = qint64(model->parameterCount());
        info.weightBytes = qint64(model->weightBytes());
        info.contextLength = model->config().maxPositionEmbeddings;
        info.tokenizerKind = QString::fromStdString(tokenizer->kind());
        info.detectedTemplate = detectChatTemplate(dir);
        model_ = std::move(model);
        tokenizer_ = std::move(tokenizer);
        spdlog::info("chat: loaded {} ({} parameters, {})", dir, info.parameters, info.dtype.toStdString());
        Q_EMIT loaded(info);
    } catch (const std::exception& e) {
        spdlog::error("chat: cannot load {}: {}", dir, e.what());
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

void ChatWorker::doUnload()
{
    model_.reset();
    tokenizer_.reset();
    Q_EMIT unloaded();
}

void ChatWorker::doGenerate(const QString& prompt, const GenerationOptions& options, const QString& templateEos)
{
    if (!model_ || !tokenizer_) {
        Q_EMIT failed(tr("No model is loaded."));
        return;
    }
    try {
        GenerationOptions opts = options;
        if (!templateEos.isEmpty()) {
            if (const auto id = tokenizer_->tokenId(templateEos.toStdString())) {
                if (opts.eosIds.empty())
                    opts.eosIds = model_->config().eosTokenIds;
                if (std::find(opts.eosIds.begin(), opts.eosIds.end(), *id) == opts.eosIds.end())
                    opts.eosIds.push_back(*id);
            }
        }
        Generator generator(*model_, *tokenizer_);
        GenerationResult result = generator.generate(
            prompt.toStdString(), opts,
            [this](const std::string& piece) {
                Q_EMIT token(QString::fromStdString(piece));
                return !cancel_.load();
            },
            &cancel_);
        if (result.stats.stopReason == StopReason::Error) {
            Q_EMIT failed(QString::fromStdString(result.stats.error));
            return;
        }
        Q_EMIT finished(ReplyResult{QString::fromStdString(result.text), result.stats});
    } catch (const std::exception& e) {
        spdlog::error("chat: generation failed: {}", e.what());
        Q_EMIT failed(QString::fromStdString(e.what()));
    }
}

} // namespace wb
