#include "ui/chat/chat_panel.h"

#include "core/infer/rag_prompt.h"
#include "core/retrieval/knowledge_base.h"
#include "ui/chat/message_widget.h"
#include "ui/knowledge/async_retriever.h"
#include "ui/chat/save_to_dataset_dialog.h"
#include "ui/knowledge/document_table_model.h"
#include "ui/knowledge/embedder_loader.h"
#include "ui/knowledge/knowledge_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <map>

namespace wb {

namespace {

// A conversation's title from its first prompt: the first line, shortened.
QString titleFrom(const QString& text)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0).simplified();
    constexpr int kMax = 48;
    if (line.size() > kMax)
        line = line.left(kMax - 1) + QStringLiteral("…");
    return line;
}

QString snippet(const std::string& text)
{
    QString s = QString::fromStdString(text).simplified();
    return s.size() > 60 ? s.left(59) + QStringLiteral("…") : s;
}

} // namespace

ChatPanel::ChatPanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath), conv_(std::make_unique<ConversationStore>(store))
{
    setObjectName(QStringLiteral("chatPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    splitter_ = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter_);

    // Left: the conversations of the project.
    auto* side = new QWidget(splitter_);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    conversations_ = new QListWidget(side);
    conversations_->setObjectName(QStringLiteral("conversationList"));
    conversations_->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    sideLayout->addWidget(conversations_, 1);
    auto* sideButtons = new QHBoxLayout;
    newChat_ = new QPushButton(side);
    newChat_->setObjectName(QStringLiteral("newChatButton"));
    renameChat_ = new QPushButton(side);
    renameChat_->setObjectName(QStringLiteral("renameChatButton"));
    deleteChat_ = new QPushButton(side);
    deleteChat_->setObjectName(QStringLiteral("deleteChatButton"));
    sideButtons->addWidget(newChat_);
    sideButtons->addWidget(renameChat_);
    sideButtons->addWidget(deleteChat_);
    sideLayout->addLayout(sideButtons);
    splitter_->addWidget(side);

    // Right: prompt settings, the model columns, the input.
    auto* main = new QWidget(splitter_);
    auto* mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(0, 0, 0, 0);
    auto* systemRow = new QHBoxLayout;
    systemLabel_ = new QLabel(main);
    systemRow->addWidget(systemLabel_, 0, Qt::AlignTop);
    system_ = new QPlainTextEdit(main);
    system_->setObjectName(QStringLiteral("systemPrompt"));
    system_->setMaximumHeight(system_->fontMetrics().lineSpacing() * 3 + 12);
    systemLabel_->setBuddy(system_);
    systemRow->addWidget(system_, 1);
    mainLayout->addLayout(systemRow);

    auto* optionsRow = new QHBoxLayout;
    fewShotLabel_ = new QLabel(main);
    optionsRow->addWidget(fewShotLabel_);
    fewShotDataset_ = new QComboBox(main);
    fewShotDataset_->setObjectName(QStringLiteral("fewShotDataset"));
    fewShotLabel_->setBuddy(fewShotDataset_);
    optionsRow->addWidget(fewShotDataset_);
    fewShotCount_ = new QSpinBox(main);
    fewShotCount_->setObjectName(QStringLiteral("fewShotCount"));
    fewShotCount_->setRange(1, 32);
    fewShotCount_->setValue(3);
    optionsRow->addWidget(fewShotCount_);
    stepByStep_ = new QCheckBox(main);
    stepByStep_->setObjectName(QStringLiteral("stepByStep"));
    optionsRow->addWidget(stepByStep_);
    sideBySide_ = new QCheckBox(main);
    sideBySide_->setObjectName(QStringLiteral("sideBySide"));
    optionsRow->addWidget(sideBySide_);
    optionsRow->addStretch(1);
    preview_ = new QPushButton(main);
    preview_->setObjectName(QStringLiteral("previewPromptButton"));
    optionsRow->addWidget(preview_);
    mainLayout->addLayout(optionsRow);

    auto* ragRow = new QHBoxLayout;
    rag_ = new QCheckBox(main);
    rag_->setObjectName(QStringLiteral("ragCheck"));
    ragRow->addWidget(rag_);
    ragCollection_ = new QComboBox(main);
    ragCollection_->setObjectName(QStringLiteral("ragCollection"));
    ragRow->addWidget(ragCollection_);
    ragMode_ = new QComboBox(main);
    ragMode_->setObjectName(QStringLiteral("ragMode"));
    for (RetrievalMode m : {RetrievalMode::Hybrid, RetrievalMode::Dense, RetrievalMode::Bm25})
        ragMode_->addItem(QString(), QString::fromStdString(toString(m)));
    ragRow->addWidget(ragMode_);
    ragTopK_ = new QSpinBox(main);
    ragTopK_->setObjectName(QStringLiteral("ragTopK"));
    ragTopK_->setRange(1, 20);
    ragTopK_->setValue(4);
    ragRow->addWidget(ragTopK_);
    ragTemplateButton_ = new QPushButton(main);
    ragTemplateButton_->setObjectName(QStringLiteral("ragTemplateButton"));
    ragRow->addWidget(ragTemplateButton_);
    ragRow->addStretch(1);
    mainLayout->addLayout(ragRow);
    embedderLoader_ = new EmbedderLoader(this);
    retriever_ = new AsyncRetriever(projectPath, this);
    connect(retriever_, &AsyncRetriever::finished, this, &ChatPanel::onRetrievalFinished);
    previewRetriever_ = new AsyncRetriever(projectPath, this);
    connect(embedderLoader_, &EmbedderLoader::ready, this, [this] {
        setStatus(tr("The embedding model is loaded."));
        updateControls();
    });
    connect(embedderLoader_, &EmbedderLoader::failed, this, [this](const QString& e) {
        setStatus(e, true);
        updateControls();
    });
    try {
        if (const auto saved = store_.meta(kRagTemplateMetaKey))
            ragTemplate_ = QString::fromStdString(*saved);
    } catch (const Error& e) {
        spdlog::warn("chat: {}", e.what());
    }

    columnSplitter_ = new QSplitter(Qt::Horizontal, main);
    columnSplitter_->setObjectName(QStringLiteral("columnSplitter"));
    for (int i = 0; i < 2; ++i) {
        auto* c = new ChatColumn(store_, *conv_, i, columnSplitter_);
        columns_[i] = c;
        columnSplitter_->addWidget(c);
        connect(c, &ChatColumn::busyChanged, this, &ChatPanel::updateControls);
        connect(c, &ChatColumn::modelChanged, this, &ChatPanel::updateControls);
        connect(c, &ChatColumn::replyFinished, this, [this, c] {
            // A reply stored by one column may be a new alternative in the
            // other column's branch: its "‹ n/m ›" pager changes.
            for (ChatColumn* other : columns_)
                if (other != c && !other->isBusy() && other->conversationId() == conversation_)
                    other->refresh();
            reloadConversations();
            updateControls();
        });
        connect(c, &ChatColumn::replyFailed, this, [this](const QString& e) { setStatus(e, true); });
        connect(c, &ChatColumn::regenerateRequested, this, [this, c](qint64 id) {
            saveSystemPrompt();
            try {
                const auto reply = conv_->message(id);
                const auto prompt = reply ? conv_->message(reply->parentId) : std::nullopt;
                withPromptSettings(prompt ? QString::fromStdString(prompt->content) : QString(),
                                   [c, id](const PromptSettings& s) { c->regenerate(id, s); });
            } catch (const Error& e) {
                setStatus(lastError_ = QString::fromStdString(e.what()), true);
            }
        });
        connect(c, &ChatColumn::citationRequested, this, &ChatPanel::showCitation);
        connect(c, &ChatColumn::resendRequested, this, &ChatPanel::resend);
        connect(c, &ChatColumn::saveRequested, this, [this](qint64 id) { openSaveDialog(id); });
    }
    columns_[1]->setVisible(false);
    mainLayout->addWidget(columnSplitter_, 1);

    auto* inputRow = new QHBoxLayout;
    input_ = new QPlainTextEdit(main);
    input_->setObjectName(QStringLiteral("chatInput"));
    input_->setMaximumHeight(input_->fontMetrics().lineSpacing() * 4 + 12);
    inputRow->addWidget(input_, 1);
    auto* inputButtons = new QVBoxLayout;
    send_ = new QPushButton(main);
    send_->setObjectName(QStringLiteral("sendButton"));
    stop_ = new QPushButton(main);
    stop_->setObjectName(QStringLiteral("stopButton"));
    inputButtons->addWidget(send_);
    inputButtons->addWidget(stop_);
    inputRow->addLayout(inputButtons);
    mainLayout->addLayout(inputRow);
    status_ = new QLabel(main);
    status_->setObjectName(QStringLiteral("chatStatus"));
    status_->setWordWrap(true);
    mainLayout->addWidget(status_);
    splitter_->addWidget(main);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({200, 800});

    systemTimer_ = new QTimer(this);
    systemTimer_->setSingleShot(true);
    systemTimer_->setInterval(500);
    connect(systemTimer_, &QTimer::timeout, this, &ChatPanel::saveSystemPrompt);
    connect(system_, &QPlainTextEdit::textChanged, this, [this] {
        systemDirty_ = true;
        systemTimer_->start();
    });
    connect(conversations_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        const qint64 id = item ? item->data(ConversationIdRole).toLongLong() : 0;
        if (id != conversation_)
            selectConversation(id);
    });
    connect(conversations_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const QString title = item->text().trimmed();
        if (!title.isEmpty())
            renameConversation(item->data(ConversationIdRole).toLongLong(), title);
    });
    connect(newChat_, &QPushButton::clicked, this, [this] { newConversation(); });
    connect(renameChat_, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = conversations_->currentItem())
            conversations_->editItem(item);
    });
    connect(deleteChat_, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = conversations_->currentItem();
        if (!item)
            return;
        const auto answer = QMessageBox::question(
            this, tr("Delete conversation"),
            tr("Delete the conversation \"%1\" with all its messages?").arg(item->text()));
        if (answer == QMessageBox::Yes)
            deleteConversation(item->data(ConversationIdRole).toLongLong());
    });
    connect(sideBySide_, &QCheckBox::toggled, this, &ChatPanel::setSideBySide);
    connect(preview_, &QPushButton::clicked, this, &ChatPanel::openPromptPreview);
    connect(rag_, &QCheckBox::toggled, this, &ChatPanel::setRagEnabled);
    connect(ragMode_, &QComboBox::currentIndexChanged, this, [this] {
        requestEmbedder();
        updateControls();
    });
    connect(ragTemplateButton_, &QPushButton::clicked, this, &ChatPanel::openRagTemplateDialog);
    connect(send_, &QPushButton::clicked, this, [this] { send(input_->toPlainText()); });
    connect(stop_, &QPushButton::clicked, this, &ChatPanel::stop);
    auto* sendShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), input_);
    sendShortcut->setContext(Qt::WidgetShortcut);
    connect(sendShortcut, &QShortcut::activated, this, [this] { send(input_->toPlainText()); });

    retranslateUi();
    reloadDatasets();
    reloadCollections();
    reloadConversations();
    if (conversations_->count() > 0)
        conversations_->setCurrentRow(0);
    updateControls();
}

ChatPanel::~ChatPanel()
{
    saveSystemPrompt();
    delete splitter_;   // the columns stop their workers and release conv_ before it goes
    splitter_ = nullptr;
}

void ChatPanel::setModelLoader(const ModelLoader& loader)
{
    for (ChatColumn* c : columns_)
        c->setModelLoader(loader);
    updateControls();
}

bool ChatPanel::canLoadModels() const
{
    return columns_[0]->canLoadModels();
}

// ---------------------------------------------------------------- conversations

void ChatPanel::reloadConversations()
{
    const QSignalBlocker block(conversations_);
    conversations_->clear();
    try {
        for (const Conversation& c : conv_->conversations()) {
            auto* item = new QListWidgetItem(
                c.title.empty() ? tr("New chat") : QString::fromStdString(c.title), conversations_);
            item->setData(ConversationIdRole, QVariant::fromValue<qint64>(c.id));
            item->setFlags(item->flags() | Qt::ItemIsEditable);
            if (c.id == conversation_)
                conversations_->setCurrentItem(item);
        }
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
}

void ChatPanel::selectConversation(qint64 id)
{
    if (isBusy())
        return;
    saveSystemPrompt();
    conversation_ = id;
    std::optional<Conversation> c;
    try {
        if (id != 0)
            c = conv_->conversation(id);
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
    if (!c)
        conversation_ = 0;
    {
        const QSignalBlocker block(system_);
        system_->setPlainText(c ? QString::fromStdString(c->systemPrompt) : QString());
        systemDirty_ = false;
    }
    for (ChatColumn* c2 : columns_)
        c2->setConversation(conversation_);
    {
        const QSignalBlocker block(conversations_);
        for (int i = 0; i < conversations_->count(); ++i)
            if (conversations_->item(i)->data(ConversationIdRole).toLongLong() == conversation_)
                conversations_->setCurrentRow(i);
    }
    updateControls();
}

qint64 ChatPanel::newConversation()
{
    if (isBusy())
        return 0;
    qint64 id = 0;
    try {
        id = conv_->createConversation({}, system_->toPlainText().toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
        return 0;
    }
    conversation_ = 0;
    reloadConversations();
    selectConversation(id);
    return id;
}

void ChatPanel::renameConversation(qint64 id, const QString& title)
{
    try {
        conv_->renameConversation(id, title.toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
    reloadConversations();
}

void ChatPanel::deleteConversation(qint64 id)
{
    if (isBusy())
        return;
    try {
        conv_->deleteConversation(id);
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
        return;
    }
    if (id == conversation_) {
        systemDirty_ = false;
        conversation_ = 0;
    }
    reloadConversations();
    selectConversation(conversation_ != 0 ? conversation_
                       : conversations_->count() > 0
                           ? conversations_->item(0)->data(ConversationIdRole).toLongLong()
                           : 0);
}

void ChatPanel::saveSystemPrompt()
{
    systemTimer_->stop();
    if (!systemDirty_ || conversation_ == 0)
        return;
    systemDirty_ = false;
    try {
        conv_->setSystemPrompt(conversation_, system_->toPlainText().toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
}

// ---------------------------------------------------------------- prompts

QList<ChatColumn*> ChatPanel::activeColumns() const
{
    QList<ChatColumn*> out{columns_[0]};
    if (sideBySide())
        out << columns_[1];
    return out;
}

bool ChatPanel::isBusy() const
{
    return columns_[0]->isBusy() || columns_[1]->isBusy() || retriever_->isRunning();
}

void ChatPanel::setSideBySide(bool on)
{
    if (sideBySide_->isChecked() != on) {
        sideBySide_->setChecked(on);   // comes back here through toggled()
        return;
    }
    columns_[1]->setVisible(on);
    if (on)
        columns_[1]->setConversation(conversation_);
    updateControls();
}

bool ChatPanel::sideBySide() const
{
    return sideBySide_->isChecked();
}

PromptSettings ChatPanel::promptSettings() const
{
    PromptSettings s;
    s.systemPrompt = system_->toPlainText();
    s.stepByStep = stepByStep_->isChecked();
    const qint64 dataset = fewShotDataset_->currentData().toLongLong();
    if (dataset != 0) {
        try {
            RecordQuery q;
            q.datasetId = dataset;
            // The first records in id order: the same examples every time.
            for (const Record& r : store_.fetch(q, 0, fewShotCount_->value())) {
                std::string in = r.instruction;
                if (!r.input.empty())
                    in += "\n\n" + r.input;
                s.examples.push_back({in, r.output});
            }
        } catch (const Error& e) {
            spdlog::warn("chat: few-shot examples: {}", e.what());
        }
    }
    return s;
}

QString ChatPanel::renderPreview(int column, const PromptSettings& settings, const QString& pending) const
{
    const ChatColumn* c = columns_[column];
    try {
        return QString::fromStdString(c->chatTemplate().renderPrompt(c->promptMessages(c->leaf(), settings, pending)));
    } catch (const Error& e) {
        return tr("The prompt cannot be rendered: %1").arg(QString::fromStdString(e.what()));
    }
}

QString ChatPanel::previewPrompt(int column) const
{
    const QString pending = input_->toPlainText().trimmed();
    try {
        return renderPreview(column, promptSettingsFor(pending), pending);
    } catch (const Error& e) {
        return tr("The prompt cannot be rendered: %1").arg(QString::fromStdString(e.what()));
    }
}

void ChatPanel::openPromptPreview()
{
    auto* dlg = new QDialog(this);
    dlg->setObjectName(QStringLiteral("promptPreviewDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("Prompt Preview"));
    auto* layout = new QVBoxLayout(dlg);
    auto* note = new QLabel(tr("The exact text the model reads, with the text being typed as the next turn."), dlg);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* tabs = new QTabWidget(dlg);
    QList<std::pair<int, QPointer<QPlainTextEdit>>> views;
    for (ChatColumn* c : activeColumns()) {
        const int column = c == columns_[0] ? 0 : 1;
        auto* text = new QPlainTextEdit(tabs);
        text->setObjectName(QStringLiteral("promptPreview%1").arg(column));
        text->setReadOnly(true);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        views.append({column, text});
        const QString name = c->isModelLoaded() ? c->modelName() : tr("No model");
        tabs->addTab(text, QStringLiteral("%1 — %2").arg(name, c->templateCombo()->currentText()));
    }
    layout->addWidget(tabs);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dlg);
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg->resize(640, 480);

    // With retrieval on, the passages come from a worker; the dialog shows
    // that and fills in when they arrive (it may be closed by then).
    const QString pending = input_->toPlainText().trimmed();
    std::optional<RagRequest> request;
    try {
        request = ragRequestFor(pending);
    } catch (const Error&) {
        request.reset();   // previewPrompt() below says why
    }
    if (request && previewRetriever_->start(request->collection, pending, request->options, request->embedder)) {
        for (const auto& [column, view] : views)
            view->setPlainText(tr("Retrieving passages…"));
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(previewRetriever_, &AsyncRetriever::finished, this,
                              [this, views, pending, connection](bool ok, const QString& error) {
                                  disconnect(*connection);
                                  const AsyncRetriever::Result& r = previewRetriever_->result();
                                  for (const auto& [column, view] : views) {
                                      if (!view)
                                          continue;   // the dialog was closed
                                      view->setPlainText(
                                          ok ? renderPreview(column, settingsWithPassages(r.collection, r.hits), pending)
                                             : tr("The prompt cannot be rendered: %1").arg(error));
                                  }
                              });
    } else {
        for (const auto& [column, view] : views)
            view->setPlainText(previewPrompt(column));
    }
    dlg->open();
}

bool ChatPanel::send(const QString& rawText)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return false;
    const QList<ChatColumn*> cols = activeColumns();
    for (ChatColumn* c : cols) {
        if (!c->isModelLoaded()) {
            setStatus(lastError_ = cols.size() > 1 ? tr("Load a model in both columns first.")
                                                   : tr("Load a model first."),
                      true);
            return false;
        }
        if (c->isBusy()) {
            setStatus(lastError_ = tr("Wait for the current reply, or stop it."), true);
            return false;
        }
    }
    if (!ragReady()) {
        setStatus(lastError_ = tr("The embedding model is still loading; send again when it has."), true);
        return false;
    }
    if (retriever_->isRunning()) {
        setStatus(lastError_ = tr("Wait for the current reply, or stop it."), true);
        return false;
    }
    // Retrieval first, on a worker: when it fails nothing is stored.
    return withPromptSettings(text, [this, text](const PromptSettings& settings) { sendWith(text, settings); });
}

bool ChatPanel::sendWith(const QString& text, const PromptSettings& settings)
{
    const QList<ChatColumn*> cols = activeColumns();
    for (ChatColumn* c : cols) {
        if (!c->isModelLoaded() || c->isBusy()) {   // unloaded or started while the passages were retrieved
            setStatus(lastError_ = tr("Load a model first."), true);
            return false;
        }
    }
    try {
        if (conversation_ == 0) {
            const qint64 id = conv_->createConversation(titleFrom(text).toStdString(), system_->toPlainText().toStdString());
            systemDirty_ = false;
            conversation_ = 0;
            reloadConversations();
            selectConversation(id);
        } else {
            saveSystemPrompt();
            const auto c = conv_->conversation(conversation_);
            if (c && c->title.empty())
                conv_->renameConversation(conversation_, titleFrom(text).toStdString());
        }
        // One stored user turn per distinct branch: columns that show the same
        // branch get the same turn, and their replies become its siblings.
        std::map<qint64, qint64> turnForLeaf;
        std::map<ChatColumn*, qint64> turnForColumn;
        for (ChatColumn* c : cols) {
            auto it = turnForLeaf.find(c->leaf());
            if (it == turnForLeaf.end()) {
                StoredMessage m;
                m.conversationId = conversation_;
                m.parentId = c->leaf();
                m.role = "user";
                m.content = text.toStdString();
                it = turnForLeaf.emplace(c->leaf(), conv_->addMessage(m)).first;
            }
            turnForColumn[c] = it->second;
        }
        bool started = false;
        for (ChatColumn* c : cols)
            started = c->startReply(turnForColumn[c], settings) || started;
        input_->clear();
        reloadConversations();
        setStatus(started ? QString() : columns_[0]->lastError(), !started);
        updateControls();
        return started;
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return false;
    }
}

// Edit and resend: the edited text becomes a sibling of the original turn,
// and every shown column that followed the original answers the new one.
void ChatPanel::resend(qint64 userMessageId, const QString& text)
{
    if (isBusy())
        return;
    try {
        const auto original = conv_->message(userMessageId);
        if (!original)
            return;
        saveSystemPrompt();
        StoredMessage m = *original;
        m.id = 0;
        m.content = text.toStdString();
        m.created = 0;
        withPromptSettings(text, [this, m, userMessageId](const PromptSettings& settings) {
            try {
                const qint64 turn = conv_->addMessage(m);
                for (ChatColumn* c : activeColumns()) {
                    if (!c->branchContains(userMessageId))
                        continue;
                    if (!c->isModelLoaded() || !c->startReply(turn, settings))
                        c->setLeaf(turn);   // the edited turn is shown; it waits for a reply
                }
                reloadConversations();
            } catch (const Error& e) {
                setStatus(lastError_ = QString::fromStdString(e.what()), true);
            }
            updateControls();
        });
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
    }
    updateControls();
}

void ChatPanel::stop()
{
    afterRetrieval_ = nullptr;   // a send still retrieving its passages is dropped
    for (ChatColumn* c : columns_)
        c->stop();
    updateControls();
}

// ---------------------------------------------------------------- retrieval

void ChatPanel::setEmbedderFactory(const EmbedderFactory& factory)
{
    embedderLoader_->setFactory(factory);
    requestEmbedder();
    updateControls();
}

QString ChatPanel::embedderFolder() const
{
    try {
        if (const auto saved = store_.meta(KnowledgePanel::kEmbedderMetaKey))
            return QString::fromStdString(*saved).trimmed();
    } catch (const Error& e) {
        spdlog::warn("chat: {}", e.what());
    }
    return {};
}

// Starts loading the embedding model when RAG will need it.
void ChatPanel::requestEmbedder()
{
    if (!ragEnabled() || ragMode_->currentData().toString() == QLatin1String("bm25") || !embedderLoader_->hasFactory())
        return;
    const QString folder = embedderFolder();
    if (!folder.isEmpty() && !embedderLoader_->request(folder) && embedderLoader_->isLoading())
        setStatus(tr("Loading the embedding model…"));
}

void ChatPanel::setRagEnabled(bool on)
{
    if (rag_->isChecked() != on) {
        rag_->setChecked(on);   // comes back here through toggled()
        return;
    }
    if (on)
        reloadCollections();
    requestEmbedder();
    updateControls();
}

bool ChatPanel::ragEnabled() const
{
    return rag_->isChecked();
}

void ChatPanel::selectRagCollection(qint64 id)
{
    const int i = ragCollection_->findData(QVariant::fromValue<qint64>(id));
    if (i >= 0)
        ragCollection_->setCurrentIndex(i);
}

bool ChatPanel::ragReady() const
{
    return !ragEnabled() || ragMode_->currentData().toString() == QLatin1String("bm25")
           || !embedderLoader_->isLoading();
}

void ChatPanel::setRagTemplate(const QString& text)
{
    ragTemplate_ = text.trimmed() == QString::fromStdString(defaultRagTemplate(false)).trimmed() ? QString() : text;
    try {
        store_.setMeta(kRagTemplateMetaKey, ragTemplate_.toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
}

std::optional<ChatPanel::RagRequest> ChatPanel::ragRequestFor(const QString& question) const
{
    if (!ragEnabled() || question.trimmed().isEmpty())
        return std::nullopt;   // nothing to retrieve for (an empty preview): earlier turns stay as typed
    RagRequest r;
    r.question = question;
    r.collection = ragCollection_->currentData().toLongLong();
    if (r.collection == 0)
        throw Error(tr("Choose a knowledge-base collection for retrieval, or turn retrieval off.").toStdString());
    r.options.mode = retrievalModeFromString(ragMode_->currentData().toString().toStdString());
    r.options.topK = ragTopK_->value();
    if (r.options.mode != RetrievalMode::Bm25) {
        if (!embedderLoader_->hasFactory())
            throw Error(tr("Embedding models cannot be loaded in this build: use BM25 retrieval.").toStdString());
        const QString folder = embedderFolder();
        if (folder.isEmpty())
            throw Error(tr("Choose an embedding model in the Knowledge panel, or use BM25 retrieval.").toStdString());
        r.embedder = embedderLoader_->current();
        if (!r.embedder || embedderLoader_->currentFolder() != folder)
            throw Error(tr("The embedding model is not loaded yet.").toStdString());
    }
    return r;
}

PromptSettings ChatPanel::settingsWithPassages(qint64 collection, const std::vector<RetrievalHit>& hits) const
{
    PromptSettings s = promptSettings();
    s.rag = true;
    s.ragCollection = collection;
    s.ragTemplate = ragTemplate_.isEmpty() ? defaultRagTemplate(false) : ragTemplate_.toStdString();
    for (const RetrievalHit& h : hits)
        s.ragPassages.push_back({h.chunkId, shortSource(h.source).toStdString(), h.text});
    return s;
}

PromptSettings ChatPanel::promptSettingsFor(const QString& question) const
{
    const std::optional<RagRequest> r = ragRequestFor(question);
    if (!r)
        return promptSettings();
    if (!indexCache_)
        indexCache_ = std::make_unique<ChunkIndexCache>(store_);
    Retriever retriever(store_, indexCache_.get());
    return settingsWithPassages(r->collection,
                                retriever.search(r->collection, question.toStdString(), r->options, r->embedder.get()));
}

bool ChatPanel::withPromptSettings(const QString& question, std::function<void(const PromptSettings&)> then)
{
    try {
        const std::optional<RagRequest> r = ragRequestFor(question);
        if (!r) {
            then(promptSettings());
            return true;
        }
        if (!retriever_->start(r->collection, question, r->options, r->embedder)) {
            setStatus(lastError_ = tr("Wait for the current reply, or stop it."), true);
            return false;
        }
        afterRetrieval_ = std::move(then);
        setStatus(tr("Retrieving passages…"));
        updateControls();
        return true;
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return false;
    }
}

void ChatPanel::onRetrievalFinished(bool ok, const QString& error)
{
    const auto then = std::exchange(afterRetrieval_, nullptr);
    AsyncRetriever::Result& r = retriever_->result();
    if (!ok) {
        setStatus(lastError_ = error, true);   // nothing was stored
    } else if (then) {
        setStatus(QString());
        then(settingsWithPassages(r.collection, r.hits));
    }
    updateControls();
}

QDialog* ChatPanel::showCitation(qint64 chunkId, int number)
{
    std::vector<ChunkInfo> chunks;
    try {
        chunks = KnowledgeBase(store_).chunksByIds({chunkId});
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return nullptr;
    }
    if (chunks.empty()) {
        setStatus(lastError_ = tr("Passage [%1] is no longer in the knowledge base.").arg(number), true);
        return nullptr;
    }
    const ChunkInfo& c = chunks.front();
    auto* dlg = new QDialog(this);
    dlg->setObjectName(QStringLiteral("citationDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("Passage [%1]").arg(number));
    auto* layout = new QVBoxLayout(dlg);
    auto* source = new QLabel(dlg);
    source->setObjectName(QStringLiteral("citationSource"));
    source->setWordWrap(true);
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QString where = tr("%1, bytes %2–%3").arg(QString::fromStdString(c.source)).arg(c.start).arg(c.end);
    if (!c.heading.empty())
        where += QStringLiteral(" — ") + QString::fromStdString(c.heading);
    source->setText(where);
    layout->addWidget(source);
    auto* text = new QPlainTextEdit(dlg);
    text->setObjectName(QStringLiteral("citationText"));
    text->setReadOnly(true);
    text->setPlainText(QString::fromStdString(c.text));
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dlg);
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg->resize(560, 360);
    dlg->open();
    return dlg;
}

void ChatPanel::openRagTemplateDialog()
{
    auto* dlg = new QDialog(this);
    dlg->setObjectName(QStringLiteral("ragTemplateDialog"));
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    dlg->setWindowTitle(tr("Retrieval Prompt Template"));
    auto* layout = new QVBoxLayout(dlg);
    auto* note = new QLabel(tr("The user's message is sent through this template when retrieval is on: "
                               "{passages} becomes the numbered passages [1], [2] …, {question} the message, "
                               "{count} the number of passages."),
                            dlg);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* edit = new QPlainTextEdit(dlg);
    edit->setObjectName(QStringLiteral("ragTemplateEdit"));
    edit->setPlainText(ragTemplate_.isEmpty() ? QString::fromStdString(defaultRagTemplate(false)) : ragTemplate_);
    layout->addWidget(edit);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dlg);
    auto* english = buttons->addButton(tr("Default (English)"), QDialogButtonBox::ResetRole);
    auto* chinese = buttons->addButton(tr("Default (Chinese)"), QDialogButtonBox::ResetRole);
    connect(english, &QPushButton::clicked, edit,
            [edit] { edit->setPlainText(QString::fromStdString(defaultRagTemplate(false))); });
    connect(chinese, &QPushButton::clicked, edit,
            [edit] { edit->setPlainText(QString::fromStdString(defaultRagTemplate(true))); });
    connect(buttons, &QDialogButtonBox::accepted, dlg, [this, dlg, edit] {
        try {
            renderRagPrompt(edit->toPlainText().toStdString(), {}, "");
        } catch (const Error& e) {
            QMessageBox::warning(dlg, tr("Retrieval Prompt Template"), QString::fromStdString(e.what()));
            return;
        }
        setRagTemplate(edit->toPlainText());
        dlg->accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg->resize(600, 400);
    dlg->open();
}

void ChatPanel::reloadCollections()
{
    const qint64 keep = ragCollection_->currentData().toLongLong();
    const QSignalBlocker block(ragCollection_);
    ragCollection_->clear();
    try {
        for (const CollectionInfo& c : KnowledgeBase(store_).collections())
            ragCollection_->addItem(QString::fromStdString(c.name), QVariant::fromValue<qint64>(c.id));
    } catch (const Error& e) {
        spdlog::warn("chat: collections: {}", e.what());
    }
    const int i = ragCollection_->findData(QVariant::fromValue<qint64>(keep));
    if (i >= 0)
        ragCollection_->setCurrentIndex(i);
    if (indexCache_)
        indexCache_->forget();   // the knowledge panel may have changed the chunks
    retriever_->invalidate();
    previewRetriever_->invalidate();
    updateControls();
}

// ---------------------------------------------------------------- saving

qint64 ChatPanel::targetDataset(qint64 datasetId, const QString& newName, DatasetKind kind)
{
    if (datasetId != 0) {
        const auto d = store_.dataset(datasetId);
        if (!d)
            throw Error("no dataset with id " + std::to_string(datasetId));
        return datasetId;
    }
    if (newName.trimmed().isEmpty())
        throw Error(tr("Name the new dataset.").toStdString());
    return store_.createDataset(newName.trimmed().toStdString(), kind,
                                tr("Saved from chat conversations").toStdString());
}

qint64 ChatPanel::saveRecords(const Record& r, qint64 datasetId, const QString& newName, const QString& label)
{
    try {
        const qint64 id = targetDataset(datasetId, newName, r.kind);
        const auto d = store_.dataset(id);
        saveRecordsToDataset(store_, id, {r}, label.arg(QString::fromStdString(d ? d->name : std::string())).toStdString());
        lastError_.clear();
        setStatus(tr("Saved to dataset \"%1\".").arg(QString::fromStdString(d ? d->name : std::string())));
        Q_EMIT message(status_->text());
        Q_EMIT datasetsChanged();
        reloadDatasets();
        return id;
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return 0;
    }
}

qint64 ChatPanel::saveExchange(qint64 replyId, qint64 datasetId, const QString& newDatasetName)
{
    Record r;
    try {
        r = conv_->exchangeAsSft(replyId);
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return 0;
    }
    return saveRecords(r, datasetId, newDatasetName, tr("Save chat exchange to %1"));
}

qint64 ChatPanel::savePreference(qint64 chosenId, qint64 rejectedId, qint64 datasetId, const QString& newDatasetName)
{
    Record r;
    try {
        r = conv_->alternativesAsPreference(chosenId, rejectedId);
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return 0;
    }
    return saveRecords(r, datasetId, newDatasetName, tr("Save preference pair to %1"));
}

// Replies the given one can be paired with: its siblings, and the replies in
// the other column's branch to a user turn with the same text.
QVector<std::pair<qint64, QString>> ChatPanel::alternativesFor(qint64 replyId) const
{
    QVector<std::pair<qint64, QString>> out;
    const auto reply = conv_->message(replyId);
    if (!reply || reply->parentId == 0)
        return out;
    const auto prompt = conv_->message(reply->parentId);
    auto add = [&out](const StoredMessage& m, const QString& where) {
        for (const auto& e : std::as_const(out))
            if (e.first == m.id)
                return;
        const QString model = m.model.empty() ? QString() : QFileInfo(QString::fromStdString(m.model)).fileName();
        out.push_back({m.id, QStringLiteral("%1 (%2): %3").arg(where, model, snippet(m.content))});
    };
    const auto siblings = conv_->siblings(replyId);
    for (size_t i = 0; i < siblings.size(); ++i)
        if (siblings[i].id != replyId && siblings[i].role == "assistant")
            add(siblings[i], tr("Alternative %1/%2").arg(i + 1).arg(siblings.size()));
    for (ChatColumn* c : activeColumns()) {
        if (c->leaf() == 0 || c->branchContains(replyId))
            continue;
        const auto branch = conv_->branch(c->leaf());
        for (size_t i = 1; i < branch.size(); ++i)
            if (branch[i].role == "assistant" && branch[i - 1].role == "user" && prompt
                && branch[i - 1].content == prompt->content)
                add(branch[i], tr("Other column"));
    }
    return out;
}

SaveToDatasetDialog* ChatPanel::openSaveDialog(qint64 replyId)
{
    QVector<SaveToDatasetDialog::Alternative> alternatives;
    try {
        for (const auto& [id, label] : alternativesFor(replyId))
            alternatives.push_back({id, label});
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
        return nullptr;
    }
    auto* dlg = new SaveToDatasetDialog(store_, replyId, alternatives, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        if (dlg->mode() == SaveToDatasetDialog::Mode::Sft) {
            saveExchange(dlg->replyId(), dlg->datasetId(), dlg->newDatasetName());
        } else {
            qint64 chosen = dlg->replyId(), rejected = dlg->alternativeId();
            if (dlg->replyIsRejected())
                std::swap(chosen, rejected);
            savePreference(chosen, rejected, dlg->datasetId(), dlg->newDatasetName());
        }
    });
    dlg->open();
    return dlg;
}

// ---------------------------------------------------------------- look

void ChatPanel::reloadDatasets()
{
    const qint64 keep = fewShotDataset_->currentData().toLongLong();
    const QSignalBlocker block(fewShotDataset_);
    fewShotDataset_->clear();
    fewShotDataset_->addItem(tr("No examples"), QVariant::fromValue<qint64>(0));
    try {
        for (const DatasetInfo& d : store_.datasets())
            if (d.kind == DatasetKind::Sft)
                fewShotDataset_->addItem(QString::fromStdString(d.name), QVariant::fromValue<qint64>(d.id));
    } catch (const Error& e) {
        spdlog::warn("chat: datasets: {}", e.what());
    }
    const int i = fewShotDataset_->findData(QVariant::fromValue<qint64>(keep));
    fewShotDataset_->setCurrentIndex(i >= 0 ? i : 0);
    updateControls();
}

void ChatPanel::setStatus(const QString& text, bool error)
{
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void ChatPanel::updateControls()
{
    const bool busy = isBusy();
    bool ready = true;
    for (ChatColumn* c : activeColumns())
        ready = ready && c->isModelLoaded();
    bool generating = false;
    for (ChatColumn* c : columns_)
        generating = generating || c->isGenerating();
    send_->setEnabled(ready && !busy);
    stop_->setEnabled(generating || (retriever_->isRunning() && afterRetrieval_));
    conversations_->setEnabled(!busy);
    newChat_->setEnabled(!busy);
    deleteChat_->setEnabled(!busy && conversation_ != 0);
    renameChat_->setEnabled(conversation_ != 0);
    sideBySide_->setEnabled(!busy);
    fewShotCount_->setEnabled(fewShotDataset_->currentData().toLongLong() != 0);
    for (QWidget* w : {static_cast<QWidget*>(ragCollection_), static_cast<QWidget*>(ragMode_),
                       static_cast<QWidget*>(ragTopK_)})
        w->setEnabled(ragEnabled() && !busy);
    send_->setEnabled(send_->isEnabled() && ragReady());
}

void ChatPanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void ChatPanel::retranslateUi()
{
    newChat_->setText(tr("New"));
    newChat_->setToolTip(tr("Start a new conversation"));
    renameChat_->setText(tr("Rename"));
    deleteChat_->setText(tr("Delete"));
    systemLabel_->setText(tr("System prompt:"));
    system_->setPlaceholderText(tr("Optional instructions for the model, kept with the conversation"));
    fewShotLabel_->setText(tr("Few-shot examples:"));
    fewShotDataset_->setToolTip(tr("Show the model the first records of an SFT dataset as earlier turns"));
    if (fewShotDataset_->count() > 0)
        fewShotDataset_->setItemText(0, tr("No examples"));
    fewShotCount_->setToolTip(tr("How many examples"));
    stepByStep_->setText(tr("Step by step"));
    stepByStep_->setToolTip(tr("Ask the model to reason step by step before it answers"));
    sideBySide_->setText(tr("Side by side"));
    sideBySide_->setToolTip(tr("A second model answers the same prompt at the same time"));
    preview_->setText(tr("Preview prompt…"));
    rag_->setText(tr("Knowledge base:"));
    rag_->setToolTip(tr("Retrieve passages for each message and put them into the prompt; the answer cites them "
                        "as [1], [2] …"));
    ragCollection_->setToolTip(tr("The collection to retrieve from"));
    const QStringList modes = {tr("Hybrid"), tr("Dense"), tr("BM25")};
    for (int i = 0; i < ragMode_->count() && i < modes.size(); ++i)
        ragMode_->setItemText(i, modes[i]);
    ragMode_->setToolTip(tr("Hybrid fuses the keyword (BM25) and embedding (dense) rankings"));
    ragTopK_->setPrefix(tr("top "));
    ragTopK_->setToolTip(tr("How many passages go into the prompt"));
    ragTemplateButton_->setText(tr("Template…"));
    ragTemplateButton_->setToolTip(tr("The prompt template that carries the passages"));
    input_->setPlaceholderText(tr("Type a message; Ctrl+Enter sends it"));
    send_->setText(tr("Send"));
    stop_->setText(tr("Stop"));
    reloadConversations();
}

} // namespace wb
