#pragma once
// The chat panel: conversations stored in the project (list, new, rename,
// delete), a system prompt, few-shot and step-by-step presets, one model
// column or two side by side answering the same prompt at once, streaming,
// stop, regenerate, edit-and-resend, prompt preview, and "Save to dataset"
// (an exchange as an SFT record, two alternatives as a preference pair, one
// undoable edit group).
#include "core/store/conversations.h"
#include "core/store/project_store.h"
#include "core/retrieval/chunk_index_cache.h"
#include "core/retrieval/retriever.h"
#include "ui/chat/chat_column.h"
#include "ui/knowledge/embedder_factory.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialog;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTimer;

namespace wb {

class AsyncRetriever;
class Embedder;
class EmbedderLoader;
class SaveToDatasetDialog;

class ChatPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int ConversationIdRole = Qt::UserRole + 1;

    ChatPanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~ChatPanel() override;

    // wb_ui does not link LibTorch: the app injects wb::CausalLM::load.
    void setModelLoader(const ModelLoader& loader);
    bool canLoadModels() const;

    // ---- retrieval (RAG): the chunks retrieved for the user's message go
    // into the prompt through the visible template; dense and hybrid modes use
    // the knowledge panel's embedding model (project meta "knowledge.embedder").
    static constexpr const char* kRagTemplateMetaKey = "chat.rag_template";
    void setEmbedderFactory(const EmbedderFactory& factory);
    void setRagEnabled(bool on);
    bool ragEnabled() const;
    void selectRagCollection(qint64 id);
    QString ragTemplate() const { return ragTemplate_; }
    void setRagTemplate(const QString& text);   // kept in the project; "" = the default
    // False while the embedding model is still loading (the panel says so).
    bool ragReady() const;
    // Settings for a reply to `question`, with the retrieved passages when RAG
    // is on, retrieved on this thread (the prompt preview). Throws wb::Error
    // when retrieval fails.
    PromptSettings promptSettingsFor(const QString& question) const;
    // Shows the passage a citation names (source and text); the dialog closes itself.
    QDialog* showCitation(qint64 chunkId, int number);
    void openRagTemplateDialog();

    // ---- conversations
    void reloadConversations();
    qint64 currentConversation() const { return conversation_; }
    void selectConversation(qint64 id);
    qint64 newConversation();                                   // an empty one, selected
    void renameConversation(qint64 id, const QString& title);
    void deleteConversation(qint64 id);                         // no confirmation

    // ---- prompts and replies
    // Sends `text` as the next user turn to every shown column (one stored
    // turn per distinct branch) and starts their replies. False, with the
    // reason in the status line, when a column has no model or is busy.
    // With retrieval on, the passages are retrieved on a worker first (the
    // panel is busy meanwhile) and the turn is stored when they arrive.
    bool send(const QString& text);
    void stop();
    bool isBusy() const;
    void setSideBySide(bool on);
    bool sideBySide() const;
    PromptSettings promptSettings() const;
    // The exact prompt the column's model would get for the input box's text
    // (with retrieval on, the passages are retrieved on this thread).
    QString previewPrompt(int column) const;
    // The dialog that shows it for every shown column; with retrieval on it
    // fills in when a worker has the passages.
    void openPromptPreview();

    // ---- saving replies as dataset records (0 on failure, reason in lastError())
    // datasetId 0 = create `newDatasetName`. Returns the dataset id.
    qint64 saveExchange(qint64 replyId, qint64 datasetId, const QString& newDatasetName = {});
    qint64 savePreference(qint64 chosenId, qint64 rejectedId, qint64 datasetId, const QString& newDatasetName = {});
    // Opens the window-modal dialog for a reply (not blocking); saves when accepted.
    SaveToDatasetDialog* openSaveDialog(qint64 replyId);

    QString lastError() const { return lastError_; }
    ChatColumn* column(int i) const { return columns_[i]; }
    QListWidget* conversationList() const { return conversations_; }
    QPlainTextEdit* input() const { return input_; }
    QPlainTextEdit* systemPromptEdit() const { return system_; }
    QPushButton* sendButton() const { return send_; }
    QPushButton* stopButton() const { return stop_; }
    QCheckBox* sideBySideCheck() const { return sideBySide_; }
    QCheckBox* stepByStepCheck() const { return stepByStep_; }
    QComboBox* fewShotDatasetCombo() const { return fewShotDataset_; }
    QSpinBox* fewShotCountSpin() const { return fewShotCount_; }
    QLabel* statusLabel() const { return status_; }
    QCheckBox* ragCheck() const { return rag_; }
    QComboBox* ragCollectionCombo() const { return ragCollection_; }
    QComboBox* ragModeCombo() const { return ragMode_; }
    QSpinBox* ragTopKSpin() const { return ragTopK_; }

public Q_SLOTS:
    void reloadDatasets();   // the few-shot dataset list
    void reloadCollections();   // the RAG collection list

Q_SIGNALS:
    void datasetsChanged();          // records were saved: navigator counts and undo change
    void message(QString text);      // for the status bar

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void updateControls();
    void setStatus(const QString& text, bool error = false);
    void saveSystemPrompt();
    QList<ChatColumn*> activeColumns() const;
    void resend(qint64 userMessageId, const QString& text);
    qint64 targetDataset(qint64 datasetId, const QString& newName, DatasetKind kind);
    qint64 saveRecords(const Record& r, qint64 datasetId, const QString& newName, const QString& label);
    QVector<std::pair<qint64, QString>> alternativesFor(qint64 replyId) const;
    QString embedderFolder() const;
    void requestEmbedder();
    struct RagRequest {
        QString question;
        qint64 collection = 0;
        RetrievalOptions options;
        std::shared_ptr<Embedder> embedder;
    };
    // What to retrieve for `question`; nullopt when retrieval is off. Throws
    // wb::Error naming what is missing (a collection, the embedding model).
    std::optional<RagRequest> ragRequestFor(const QString& question) const;
    PromptSettings settingsWithPassages(qint64 collection, const std::vector<RetrievalHit>& hits) const;
    // Calls `then` with the settings for `question`: at once without
    // retrieval, else when the worker has the passages. False (reason in the
    // status line) when retrieval cannot start.
    bool withPromptSettings(const QString& question, std::function<void(const PromptSettings&)> then);
    void onRetrievalFinished(bool ok, const QString& error);
    bool sendWith(const QString& text, const PromptSettings& settings);
    QString renderPreview(int column, const PromptSettings& settings, const QString& pending) const;

    EmbedderLoader* embedderLoader_ = nullptr;
    mutable std::unique_ptr<ChunkIndexCache> indexCache_;   // the preview's (GUI thread)
    AsyncRetriever* retriever_ = nullptr;                    // a send's, regenerate's or resend's
    AsyncRetriever* previewRetriever_ = nullptr;             // the preview dialog's
    std::function<void(const PromptSettings&)> afterRetrieval_;
    QString ragTemplate_;
    QCheckBox* rag_ = nullptr;
    QComboBox* ragCollection_ = nullptr;
    QComboBox* ragMode_ = nullptr;
    QSpinBox* ragTopK_ = nullptr;
    QPushButton* ragTemplateButton_ = nullptr;

    ProjectStore& store_;
    QString projectPath_;
    std::unique_ptr<ConversationStore> conv_;
    qint64 conversation_ = 0;
    bool systemDirty_ = false;
    QString lastError_;

    QSplitter* splitter_ = nullptr;
    QListWidget* conversations_ = nullptr;
    QPushButton* newChat_ = nullptr;
    QPushButton* renameChat_ = nullptr;
    QPushButton* deleteChat_ = nullptr;
    QLabel* systemLabel_ = nullptr;
    QPlainTextEdit* system_ = nullptr;
    QTimer* systemTimer_ = nullptr;
    QLabel* fewShotLabel_ = nullptr;
    QComboBox* fewShotDataset_ = nullptr;
    QSpinBox* fewShotCount_ = nullptr;
    QCheckBox* stepByStep_ = nullptr;
    QCheckBox* sideBySide_ = nullptr;
    QPushButton* preview_ = nullptr;
    QSplitter* columnSplitter_ = nullptr;
    ChatColumn* columns_[2] = {nullptr, nullptr};
    QPlainTextEdit* input_ = nullptr;
    QPushButton* send_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace wb
