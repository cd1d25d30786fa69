#pragma once
// One model for the chat panel, on a thread of its own (gpt4all ChatLLM
// style): the worker object lives on its QThread, requests reach it as queued
// calls, results come back as queued signals, and the GUI stops a reply
// through an atomic flag. Nothing here blocks the GUI thread except the
// destructor, which stops the current reply and joins the thread.
//
// Model loading goes through an injected ModelLoader (the app passes
// wb::CausalLM::load) so that wb_ui does not link LibTorch.
#include "core/infer/chat_template.h"
#include "core/infer/generator.h"
#include "core/nn/causal_lm.h"
#include "core/text/tokenizer.h"
#include "ui/chat/model_loader.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wb {

// What the GUI learns about a loaded model.
struct LoadedModelInfo {
    QString path;              // the model folder
    QString family;            // config model_type: "llama", "qwen2", ...
    QString dtype;             // "f32" | "bf16"
    qint64 parameters = 0;
    qint64 weightBytes = 0;
    int contextLength = 0;     // max_position_embeddings
    QString tokenizerKind;     // "hf-bpe", "sentencepiece", "gpt2"
    std::optional<ChatTemplate> detectedTemplate;   // from tokenizer_config.json, when recognised
};

// A finished (or stopped) reply.
struct ReplyResult {
    QString text;              // the whole reply, stop string removed
    GenerationStats stats;
};

class ChatWorker : public QObject {
    Q_OBJECT
public:
    explicit ChatWorker(ModelLoader loader);
    ~ChatWorker() override;   // stops a running reply and waits for the thread

    // ---- GUI thread. Each call queues one request; they run in order.
    void load(const QString& modelDir, ComputeDType dtype);
    void unload();
    // `prompt` is already rendered through the chat template. The template's
    // eos token (when the tokenizer knows it) ends the reply besides the
    // model's own eos ids.
    void generate(const QString& prompt, const GenerationOptions& options, const QString& templateEos = {});
    // Stops the reply in progress (or the next one, if it has not started):
    // finished() follows with StopReason::Cancelled.
    void stop() { cancel_.store(true); }

Q_SIGNALS:
    void loadProgress(qint64 done, qint64 total);    // bytes; throttled
    void loaded(wb::LoadedModelInfo info);
    void unloaded();
    void token(QString piece);                       // never a partial UTF-8 character
    void finished(wb::ReplyResult result);
    void failed(QString error);                      // a load or a reply failed; the message names the cause

private:
    // ---- worker thread
    void doLoad(const QString& modelDir, ComputeDType dtype);
    void doUnload();
    void doGenerate(const QString& prompt, const GenerationOptions& options, const QString& templateEos);

    ModelLoader loader_;
    QThread thread_;
    std::atomic<bool> cancel_{false};
    // Owned and used on the worker thread only.
    std::unique_ptr<CausalLM> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
};

} // namespace wb

Q_DECLARE_METATYPE(wb::LoadedModelInfo)
Q_DECLARE_METATYPE(wb::ReplyResult)
