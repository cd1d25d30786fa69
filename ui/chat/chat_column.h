#pragma once
// One model column of the chat panel: model picker (project models + recent
// folders, f32/bf16, background load with progress, unload), chat template
// and sampling settings remembered per model, and the conversation branch the
// column follows, rendered message by message with the reply streaming in.
// The panel shows one column, or two side by side answering the same prompt.
#include "core/infer/chat_template.h"
#include "core/infer/rag_prompt.h"
#include "core/store/conversations.h"
#include "ui/chat/chat_worker.h"

#include <QList>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QTimer;
class QVBoxLayout;

namespace wb {

class MessageWidget;
class SamplingBox;

// What every column's prompt is built from besides the conversation itself.
struct PromptSettings {
    QString systemPrompt;
    std::vector<FewShotExample> examples;   // in-context examples, before the conversation
    bool stepByStep = false;                // ask for reasoning before the answer
    // Retrieval (RAG): when on, the last user turn is sent through ragTemplate
    // with the passages retrieved for it, and the reply keeps their chunk ids.
    bool rag = false;
    std::string ragTemplate;
    std::vector<RagPassage> ragPassages;    // [1], [2] ... in this order
    qint64 ragCollection = 0;
};

class ChatColumn : public QWidget {
    Q_OBJECT
public:
    static constexpr const char* kRecentModelsKey = "chat/recentModels";
    static constexpr int kMaxRecentModels = 10;

    ChatColumn(ProjectStore& store, ConversationStore& conversations, int index, QWidget* parent = nullptr);
    ~ChatColumn() override;

    // Replaces the worker (when idle). Without a loader the column says models
    // cannot be loaded in this build.
    void setModelLoader(ModelLoader loader);
    bool canLoadModels() const { return bool(loader_); }

    // ---- model
    void reloadModelList();                          // registered models, then recent folders
    void addModelFolder(const QString& dir);          // registers it in the project and selects it
    void selectModel(const QString& dir);
    void loadSelectedModel();
    void unloadModel();
    bool isModelLoaded() const { return info_.has_value(); }
    QString modelPath() const;                        // the loaded model's folder, "" when none
    QString modelName() const;
    bool isLoading() const { return loading_; }
    bool isGenerating() const { return generating_; }
    bool isBusy() const { return loading_ || generating_; }
    QString lastError() const { return lastError_; }

    // ---- conversation
    // Shows a conversation (0 = none): the branch this column showed last
    // (kept in the project's meta table), else from its first turn down the
    // newest branch, preferring this column's model's replies where several
    // models answered.
    void setConversation(qint64 conversationId);
    qint64 conversationId() const { return conversation_; }
    qint64 leaf() const { return leaf_; }
    void setLeaf(qint64 messageId);
    void refresh();                                   // rebuilds the messages from the store
    bool branchContains(qint64 messageId) const;

    // ---- replies
    // The conversation sent to the model for a reply to `userMessageId`
    // (0 = none yet), with `pendingUser` appended as a new user turn when given.
    std::vector<ChatMessage> promptMessages(qint64 userMessageId, const PromptSettings& s,
                                            const QString& pendingUser = {}) const;
    ChatTemplate chatTemplate() const;                // the combo's choice (with the detected bos/eos)
    // Renders and starts a reply to `userMessageId`; false (reason in the
    // status line and lastError()) when no model is loaded, the column is busy
    // or the prompt cannot be rendered.
    bool startReply(qint64 userMessageId, const PromptSettings& s);
    void regenerate(qint64 replyId, const PromptSettings& s);   // a new sibling of `replyId`
    void stop();

    // ---- widgets (tests drive them)
    ChatWorker* worker() const { return worker_.get(); }
    QList<MessageWidget*> messageWidgets() const;     // the branch, top to bottom, streaming reply last
    MessageWidget* streamingMessage() const { return streaming_; }
    QComboBox* modelCombo() const { return modelCombo_; }
    QComboBox* dtypeCombo() const { return dtypeCombo_; }
    QComboBox* templateCombo() const { return templateCombo_; }
    SamplingBox* samplingBox() const { return sampling_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QPushButton* loadButton() const { return load_; }
    QPushButton* unloadButton() const { return unload_; }

Q_SIGNALS:
    void busyChanged(bool busy);
    void modelChanged();                              // loaded or unloaded
    void replyFinished(qint64 messageId);             // stored in the project
    void replyFailed(QString error);
    void leafChanged(qint64 leaf);                    // paging moved the column to another branch
    void regenerateRequested(qint64 replyId);
    void resendRequested(qint64 userMessageId, QString text);
    void saveRequested(qint64 replyId);
    // A citation [number] of a reply was clicked; chunkId is the passage it names.
    void citationRequested(qint64 chunkId, int number);

protected:
    void changeEvent(QEvent* e) override;

private:
    void makeWorker();
    void retranslateUi();
    void updateControls();
    void setStatus(const QString& text, bool error = false);
    void rememberRecent(const QString& dir);
    void applyModelSettings();                        // sampling + template saved for the loaded model
    void saveModelSettings();
    void addMessageWidget(MessageWidget* w);
    void scrollToBottom();
    void renderStreaming();
    void clearMessages();
    // The newest branch below `fromId`, taking this column's model's reply
    // where several models answered the same turn.
    qint64 preferredLeaf(qint64 fromId) const;
    QString preferredModel() const;               // loaded model, else the one picked

    void onLoaded(const LoadedModelInfo& info);
    void onToken(const QString& piece);
    void onFinished(const ReplyResult& result);
    void onFailed(const QString& error);

    std::string leafKey() const;                  // meta key of the branch shown
    void rememberLeaf();

    ProjectStore& store_;
    ConversationStore& conversations_;
    int index_;
    ModelLoader loader_;
    std::unique_ptr<ChatWorker> worker_;

    std::optional<LoadedModelInfo> info_;
    qint64 modelId_ = 0;          // the loaded model's row in `models`
    bool loading_ = false;
    bool generating_ = false;
    bool restoringSettings_ = false;
    QString lastError_;

    qint64 conversation_ = 0;
    qint64 leaf_ = 0;
    qint64 pendingParent_ = 0;    // the user turn being answered
    bool pendingRag_ = false;     // the reply being written had passages ...
    qint64 pendingRagCollection_ = 0;
    std::vector<int64_t> pendingRagChunks_;   // ... these, as [1], [2] ...
    QString streamText_;

    QComboBox* modelCombo_ = nullptr;
    QPushButton* addModel_ = nullptr;
    QComboBox* dtypeCombo_ = nullptr;
    QPushButton* load_ = nullptr;
    QPushButton* unload_ = nullptr;
    QLabel* templateLabel_ = nullptr;
    QComboBox* templateCombo_ = nullptr;
    SamplingBox* sampling_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    QWidget* list_ = nullptr;
    QVBoxLayout* listLayout_ = nullptr;
    QList<MessageWidget*> widgets_;   // the branch shown, top to bottom
    MessageWidget* streaming_ = nullptr;
    QTimer* renderTimer_ = nullptr;
};

} // namespace wb
