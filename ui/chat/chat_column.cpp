#include "ui/chat/chat_column.h"

#include "ui/chat/message_widget.h"
#include "ui/chat/reply_stats.h"
#include "ui/chat/sampling_box.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace wb {

namespace {

QString folderName(const QString& dir)
{
    const QString name = QFileInfo(QDir::cleanPath(dir)).fileName();
    return name.isEmpty() ? dir : name;
}

QString templateDisplayName(ChatTemplateKind k)
{
    switch (k) {
    case ChatTemplateKind::ChatML: return QStringLiteral("ChatML (Qwen)");
    case ChatTemplateKind::Llama3: return QStringLiteral("Llama 3");
    case ChatTemplateKind::Llama2: return QStringLiteral("Llama 2");
    case ChatTemplateKind::Alpaca: return QStringLiteral("Alpaca");
    case ChatTemplateKind::Vicuna: return QStringLiteral("Vicuna");
    case ChatTemplateKind::Plain: return ChatColumn::tr("Plain text");
    }
    return {};
}

bool hasCjk(const std::string& utf8)
{
    for (const QChar c : QString::fromStdString(utf8))
        if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF)
            return true;
    return false;
}

// Time between repaints of a streaming reply: tokens can arrive much faster.
constexpr int kRenderIntervalMs = 40;

} // namespace

ChatColumn::ChatColumn(ProjectStore& store, ConversationStore& conversations, int index, QWidget* parent)
    : QWidget(parent), store_(store), conversations_(conversations), index_(index)
{
    setObjectName(QStringLiteral("chatColumn%1").arg(index));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* modelRow = new QHBoxLayout;
    modelCombo_ = new QComboBox(this);
    modelCombo_->setObjectName(QStringLiteral("modelCombo"));
    modelCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    modelCombo_->setMinimumContentsLength(16);
    modelRow->addWidget(modelCombo_, 1);
    addModel_ = new QPushButton(this);
    addModel_->setObjectName(QStringLiteral("addModelButton"));
    modelRow->addWidget(addModel_);
    dtypeCombo_ = new QComboBox(this);
    dtypeCombo_->setObjectName(QStringLiteral("dtypeCombo"));
    dtypeCombo_->addItem(QStringLiteral("f32"), QStringLiteral("f32"));
    dtypeCombo_->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    modelRow->addWidget(dtypeCombo_);
    load_ = new QPushButton(this);
    load_->setObjectName(QStringLiteral("loadButton"));
    modelRow->addWidget(load_);
    unload_ = new QPushButton(this);
    unload_->setObjectName(QStringLiteral("unloadButton"));
    modelRow->addWidget(unload_);
    layout->addLayout(modelRow);

    auto* settingsRow = new QHBoxLayout;
    templateLabel_ = new QLabel(this);
    settingsRow->addWidget(templateLabel_);
    templateCombo_ = new QComboBox(this);
    templateCombo_->setObjectName(QStringLiteral("templateCombo"));
    for (ChatTemplateKind k : allChatTemplates())
        templateCombo_->addItem(templateDisplayName(k), QString::fromStdString(toString(k)));
    templateLabel_->setBuddy(templateCombo_);
    settingsRow->addWidget(templateCombo_);
    settingsRow->addStretch(1);
    layout->addLayout(settingsRow);
    sampling_ = new SamplingBox(this);
    layout->addWidget(sampling_);

    auto* statusRow = new QHBoxLayout;
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("loadProgress"));
    progress_->setVisible(false);
    progress_->setMaximumWidth(200);
    statusRow->addWidget(progress_);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("columnStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusRow->addWidget(status_, 1);
    layout->addLayout(statusRow);

    scroll_ = new QScrollArea(this);
    scroll_->setObjectName(QStringLiteral("messageScroll"));
    scroll_->setWidgetResizable(true);
    scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list_ = new QWidget(scroll_);
    list_->setObjectName(QStringLiteral("messageList"));
    listLayout_ = new QVBoxLayout(list_);
    listLayout_->setContentsMargins(0, 0, 0, 0);
    listLayout_->setSpacing(4);
    listLayout_->addStretch(1);
    scroll_->setWidget(list_);
    layout->addWidget(scroll_, 1);

    renderTimer_ = new QTimer(this);
    renderTimer_->setSingleShot(true);
    renderTimer_->setInterval(kRenderIntervalMs);
    connect(renderTimer_, &QTimer::timeout, this, &ChatColumn::renderStreaming);

    connect(load_, &QPushButton::clicked, this, &ChatColumn::loadSelectedModel);
    connect(unload_, &QPushButton::clicked, this, &ChatColumn::unloadModel);
    connect(addModel_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"));
        if (!dir.isEmpty())
            addModelFolder(dir);
    });
    connect(modelCombo_, &QComboBox::currentIndexChanged, this, &ChatColumn::updateControls);
    connect(sampling_, &SamplingBox::changed, this, &ChatColumn::saveModelSettings);
    connect(templateCombo_, &QComboBox::currentIndexChanged, this, &ChatColumn::saveModelSettings);

    makeWorker();
    reloadModelList();
    retranslateUi();
}

ChatColumn::~ChatColumn()
{
    clearMessages();
    worker_.reset();   // stops a running reply and joins the worker thread
}

void ChatColumn::makeWorker()
{
    worker_ = std::make_unique<ChatWorker>(loader_);
    ChatWorker* w = worker_.get();
    connect(w, &ChatWorker::loadProgress, this, [this](qint64 done, qint64 total) {
        // Bytes can exceed int: show per mille.
        progress_->setRange(0, 1000);
        progress_->setValue(total > 0 ? int(done * 1000 / total) : 0);
    }, Qt::QueuedConnection);
    connect(w, &ChatWorker::loaded, this, &ChatColumn::onLoaded, Qt::QueuedConnection);
    connect(w, &ChatWorker::unloaded, this, [this] {
        info_.reset();
        modelId_ = 0;
        setStatus(tr("No model loaded."));
        updateControls();
        Q_EMIT modelChanged();
    }, Qt::QueuedConnection);
    connect(w, &ChatWorker::token, this, &ChatColumn::onToken, Qt::QueuedConnection);
    connect(w, &ChatWorker::finished, this, &ChatColumn::onFinished, Qt::QueuedConnection);
    connect(w, &ChatWorker::failed, this, &ChatColumn::onFailed, Qt::QueuedConnection);
}

void ChatColumn::setModelLoader(ModelLoader loader)
{
    if (isBusy())
        return;
    loader_ = std::move(loader);
    info_.reset();
    modelId_ = 0;
    makeWorker();   // the old worker (and any model it held) goes
    retranslateUi();
}

// ---------------------------------------------------------------- models

void ChatColumn::reloadModelList()
{
    const QString keep = modelCombo_->currentData().toString();
    const QSignalBlocker block(modelCombo_);
    modelCombo_->clear();
    QStringList seen;
    try {
        for (const RegisteredModel& m : conversations_.models()) {
            const QString path = QString::fromStdString(m.path);
            modelCombo_->addItem(QString::fromStdString(m.name), path);
            modelCombo_->setItemData(modelCombo_->count() - 1, path, Qt::ToolTipRole);
            seen << path;
        }
    } catch (const Error& e) {
        spdlog::error("chat: list models: {}", e.what());
    }
    for (const QString& path : QSettings().value(kRecentModelsKey).toStringList()) {
        if (seen.contains(path))
            continue;
        modelCombo_->addItem(tr("%1 (recent)").arg(folderName(path)), path);
        modelCombo_->setItemData(modelCombo_->count() - 1, path, Qt::ToolTipRole);
    }
    const int i = modelCombo_->findData(keep);
    if (i >= 0)
        modelCombo_->setCurrentIndex(i);
    updateControls();
}

void ChatColumn::addModelFolder(const QString& dir)
{
    const QString path = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    try {
        conversations_.addModel(folderName(path).toStdString(), path.toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
        return;
    }
    rememberRecent(path);
    reloadModelList();
    selectModel(path);
}

void ChatColumn::selectModel(const QString& dir)
{
    const int i = modelCombo_->findData(QDir::cleanPath(dir));
    if (i >= 0)
        modelCombo_->setCurrentIndex(i);
}

void ChatColumn::rememberRecent(const QString& dir)
{
    QSettings settings;
    QStringList list = settings.value(kRecentModelsKey).toStringList();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > kMaxRecentModels)
        list.removeLast();
    settings.setValue(kRecentModelsKey, list);
}

void ChatColumn::loadSelectedModel()
{
    const QString dir = modelCombo_->currentData().toString();
    if (dir.isEmpty() || isBusy())
        return;
    if (!loader_) {
        setStatus(tr("Models cannot be loaded in this build."), true);
        return;
    }
    loading_ = true;
    lastError_.clear();
    progress_->setRange(0, 0);   // busy until the first progress report
    setStatus(tr("Loading %1…").arg(folderName(dir)));
    updateControls();
    Q_EMIT busyChanged(true);
    const ComputeDType dtype =
        dtypeCombo_->currentData().toString() == QLatin1String("bf16") ? ComputeDType::BF16 : ComputeDType::F32;
    worker_->load(dir, dtype);
}

void ChatColumn::unloadModel()
{
    if (!info_ || isBusy())
        return;
    worker_->unload();
}

QString ChatColumn::modelPath() const
{
    return info_ ? info_->path : QString();
}

QString ChatColumn::modelName() const
{
    return info_ ? folderName(info_->path) : QString();
}

QString ChatColumn::preferredModel() const
{
    return info_ ? info_->path : modelCombo_->currentData().toString();
}

void ChatColumn::onLoaded(const LoadedModelInfo& info)
{
    loading_ = false;
    info_ = info;
    try {
        modelId_ = conversations_.addModel(folderName(info.path).toStdString(), info.path.toStdString());
    } catch (const Error& e) {
        modelId_ = 0;
        spdlog::error("chat: register model: {}", e.what());
    }
    rememberRecent(info.path);
    reloadModelList();
    selectModel(info.path);
    applyModelSettings();
    setStatus(tr("%1: %2 parameters, %3, context %4 tokens, template %5")
                  .arg(folderName(info.path), QLocale().toString(info.parameters), info.dtype,
                       QLocale().toString(info.contextLength), templateCombo_->currentText()));
    updateControls();
    Q_EMIT busyChanged(false);
    Q_EMIT modelChanged();
}

void ChatColumn::applyModelSettings()
{
    restoringSettings_ = true;
    nlohmann::json saved = nlohmann::json::object();
    try {
        if (const auto m = conversations_.modelByPath(info_->path.toStdString()); m && !m->samplingJson.empty())
            saved = nlohmann::json::parse(m->samplingJson, nullptr, false);
    } catch (const Error& e) {
        spdlog::warn("chat: model settings: {}", e.what());
    }
    sampling_->read(saved);
    QString kind;
    if (saved.is_object() && saved.contains("template") && saved["template"].is_string())
        kind = QString::fromStdString(saved["template"].get<std::string>());
    else if (info_->detectedTemplate)
        kind = QString::fromStdString(toString(info_->detectedTemplate->kind));
    const int i = templateCombo_->findData(kind);
    if (i >= 0)
        templateCombo_->setCurrentIndex(i);
    restoringSettings_ = false;
}

void ChatColumn::saveModelSettings()
{
    if (restoringSettings_ || modelId_ == 0)
        return;
    nlohmann::json settings = nlohmann::json::object();
    sampling_->write(settings);
    settings["template"] = templateCombo_->currentData().toString().toStdString();
    try {
        conversations_.setModelSampling(modelId_, settings.dump());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
}

ChatTemplate ChatColumn::chatTemplate() const
{
    const ChatTemplateKind kind = chatTemplateFromString(templateCombo_->currentData().toString().toStdString());
    if (info_ && info_->detectedTemplate && info_->detectedTemplate->kind == kind)
        return *info_->detectedTemplate;   // with the bos/eos of the model's tokenizer_config.json
    return makeChatTemplate(kind);
}

// ---------------------------------------------------------------- conversation

void ChatColumn::setConversation(qint64 conversationId)
{
    conversation_ = conversationId;
    leaf_ = 0;
    if (conversationId == 0) {
        refresh();
        return;
    }
    try {
        if (const auto saved = store_.meta(leafKey())) {
            const auto m = conversations_.message(std::stoll(*saved));
            if (m && m->conversationId == conversationId)
                leaf_ = m->id;
        }
    } catch (const std::exception& e) {   // a bad meta value: fall back to the newest branch
        spdlog::warn("chat: {}", e.what());
    }
    if (leaf_ == 0)
        leaf_ = preferredLeaf(0);
    refresh();
}

std::string ChatColumn::leafKey() const
{
    return "chat.leaf." + std::to_string(conversation_) + "." + std::to_string(index_);
}

void ChatColumn::rememberLeaf()
{
    if (conversation_ == 0 || leaf_ == 0 || generating_)
        return;
    try {
        store_.setMeta(leafKey(), std::to_string(leaf_));
    } catch (const Error& e) {
        spdlog::warn("chat: {}", e.what());
    }
}

void ChatColumn::setLeaf(qint64 messageId)
{
    leaf_ = messageId;
    refresh();
}

qint64 ChatColumn::preferredLeaf(qint64 fromId) const
{
    const std::string model = preferredModel().toStdString();
    qint64 at = fromId;
    for (;;) {
        const std::vector<StoredMessage> kids = conversations_.children(conversation_, at);
        if (kids.empty())
            return at;
        const StoredMessage* pick = &kids.back();
        for (auto it = kids.rbegin(); it != kids.rend(); ++it)
            if (it->role != "assistant" || model.empty() || it->model == model) {
                pick = &*it;
                break;
            }
        at = pick->id;
    }
}

bool ChatColumn::branchContains(qint64 messageId) const
{
    if (leaf_ == 0 || messageId == 0)
        return false;
    try {
        for (const StoredMessage& m : conversations_.branch(leaf_))
            if (m.id == messageId)
                return true;
    } catch (const Error&) {
    }
    return false;
}

void ChatColumn::clearMessages()
{
    // deleteLater: a message's own button may be what triggered this refresh.
    for (MessageWidget* w : std::as_const(widgets_)) {
        listLayout_->removeWidget(w);
        w->hide();
        w->deleteLater();
    }
    widgets_.clear();
    streaming_ = nullptr;
}

void ChatColumn::refresh()
{
    clearMessages();
    if (conversation_ == 0)
        return;
    std::vector<StoredMessage> branch;
    try {
        branch = conversations_.branch(leaf_);
    } catch (const Error& e) {
        // The leaf went away (deleted elsewhere): fall back to the newest branch.
        spdlog::warn("chat: {}", e.what());
        leaf_ = preferredLeaf(0);
        branch = conversations_.branch(leaf_);
    }
    for (const StoredMessage& m : branch) {
        const QString author = m.role == "user"        ? tr("You")
                               : m.role == "system"    ? tr("System message")
                               : m.model.empty()       ? tr("Assistant")
                                                       : folderName(QString::fromStdString(m.model));
        auto* w = new MessageWidget(m, author, list_);
        QVector<qint64> ids;
        int index = 0;
        for (const StoredMessage& s : conversations_.siblings(m.id)) {
            if (s.id == m.id)
                index = int(ids.size());
            ids << s.id;
        }
        w->setSiblings(ids, index);
        if (m.role == "assistant") {
            w->setStatsText(replyStatsSummary(m.statsJson));
            const std::vector<int64_t> cited = ragChunkIds(m.statsJson);
            if (!cited.empty())
                w->setCitations(QVector<qint64>(cited.begin(), cited.end()));
        }
        connect(w, &MessageWidget::showSibling, this, [this](qint64 sibling) {
            if (isBusy())
                return;
            leaf_ = preferredLeaf(sibling);
            refresh();
            Q_EMIT leafChanged(leaf_);
        });
        connect(w, &MessageWidget::regenerateRequested, this, &ChatColumn::regenerateRequested);
        connect(w, &MessageWidget::resendRequested, this, &ChatColumn::resendRequested);
        connect(w, &MessageWidget::saveRequested, this, &ChatColumn::saveRequested);
        connect(w, &MessageWidget::citationClicked, this, &ChatColumn::citationRequested);
        addMessageWidget(w);
    }
    if (generating_) {
        StoredMessage pending;
        pending.role = "assistant";
        streaming_ = new MessageWidget(pending, modelName(), list_);
        streaming_->setStreamingText(streamText_);
        streaming_->setStatsText(tr("Writing…"));
        addMessageWidget(streaming_);
    }
    for (MessageWidget* w : std::as_const(widgets_))
        w->setActionsEnabled(!isBusy());
    rememberLeaf();
    scrollToBottom();
}

void ChatColumn::addMessageWidget(MessageWidget* w)
{
    listLayout_->insertWidget(listLayout_->count() - 1, w);   // above the stretch
    widgets_ << w;
}

QList<MessageWidget*> ChatColumn::messageWidgets() const
{
    return widgets_;
}

void ChatColumn::scrollToBottom()
{
    QTimer::singleShot(0, scroll_, [bar = scroll_->verticalScrollBar()] { bar->setValue(bar->maximum()); });
}

// ---------------------------------------------------------------- replies

std::vector<ChatMessage> ChatColumn::promptMessages(qint64 userMessageId, const PromptSettings& s,
                                                    const QString& pendingUser) const
{
    std::vector<ChatMessage> out;
    if (!s.systemPrompt.trimmed().isEmpty())
        out.push_back({"system", s.systemPrompt.toStdString()});
    if (userMessageId != 0)
        for (const StoredMessage& m : conversations_.branch(userMessageId))
            out.push_back({m.role, m.content});
    if (!pendingUser.isEmpty())
        out.push_back({"user", pendingUser.toStdString()});
    if (s.rag) {
        // Only the turn being answered gets the passages; earlier turns stay as typed.
        for (auto it = out.rbegin(); it != out.rend(); ++it)
            if (it->role == "user") {
                it->content = renderRagPrompt(s.ragTemplate, s.ragPassages, it->content);
                break;
            }
    }
    if (!s.examples.empty())
        out = withFewShot(out, s.examples);
    if (s.stepByStep) {
        std::string lastUser;
        for (auto it = out.rbegin(); it != out.rend(); ++it)
            if (it->role == "user") {
                lastUser = it->content;
                break;
            }
        out = withStepByStep(out, hasCjk(lastUser));
    }
    return out;
}

bool ChatColumn::startReply(qint64 userMessageId, const PromptSettings& s)
{
    if (!info_) {
        setStatus(lastError_ = tr("Load a model first."), true);
        return false;
    }
    if (isBusy()) {
        setStatus(lastError_ = tr("This column is busy."), true);
        return false;
    }
    const ChatTemplate tmpl = chatTemplate();
    GenerationOptions options;
    QString prompt;
    try {
        prompt = QString::fromStdString(tmpl.renderPrompt(promptMessages(userMessageId, s)));
        options.sampling = sampling_->params();
        options.sampling.seed = QRandomGenerator::global()->generate64();
        options.maxTokens = sampling_->maxTokens();
        options.stopStrings = tmpl.stops;
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return false;
    }
    lastError_.clear();
    generating_ = true;
    pendingParent_ = userMessageId;
    pendingRag_ = s.rag;
    pendingRagCollection_ = s.ragCollection;
    pendingRagChunks_.clear();
    for (const RagPassage& p : s.ragPassages)
        pendingRagChunks_.push_back(p.chunkId);
    leaf_ = userMessageId;
    streamText_.clear();
    refresh();
    setStatus(tr("Writing a reply…"));
    updateControls();
    Q_EMIT busyChanged(true);
    worker_->generate(prompt, options, QString::fromStdString(tmpl.eos));
    return true;
}

void ChatColumn::regenerate(qint64 replyId, const PromptSettings& s)
{
    const auto m = conversations_.message(replyId);
    if (!m || m->role != "assistant" || m->parentId == 0)
        return;
    startReply(m->parentId, s);
}

void ChatColumn::stop()
{
    if (generating_)
        worker_->stop();
}

void ChatColumn::onToken(const QString& piece)
{
    if (!generating_)
        return;
    streamText_ += piece;
    if (!renderTimer_->isActive())
        renderTimer_->start();
}

void ChatColumn::renderStreaming()
{
    if (!streaming_)
        return;
    streaming_->setStreamingText(streamText_);
    scrollToBottom();
}

void ChatColumn::onFinished(const ReplyResult& result)
{
    if (!generating_)
        return;
    generating_ = false;
    renderTimer_->stop();
    qint64 id = 0;
    StoredMessage reply;
    reply.conversationId = conversation_;
    reply.parentId = pendingParent_;
    reply.role = "assistant";
    reply.content = result.text.toStdString();
    reply.model = modelPath().toStdString();
    reply.statsJson = replyStatsJson(result.stats, info_ ? info_->dtype : QString());
    if (pendingRag_)
        reply.statsJson = withRagChunks(reply.statsJson, pendingRagCollection_, pendingRagChunks_);
    try {
        id = conversations_.addMessage(reply);
        leaf_ = id;
        setStatus(replyStatsSummary(reply.statsJson));
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
    }
    streamText_.clear();
    refresh();
    updateControls();
    Q_EMIT busyChanged(false);
    if (id != 0)
        Q_EMIT replyFinished(id);
    else
        Q_EMIT replyFailed(lastError_);
}

void ChatColumn::onFailed(const QString& error)
{
    lastError_ = error;
    setStatus(error, true);
    if (loading_) {
        loading_ = false;
        info_.reset();
        modelId_ = 0;
        updateControls();
        Q_EMIT busyChanged(false);
        Q_EMIT modelChanged();
    } else if (generating_) {
        generating_ = false;
        renderTimer_->stop();
        streamText_.clear();
        refresh();
        updateControls();
        Q_EMIT busyChanged(false);
        Q_EMIT replyFailed(error);
    }
}

// ---------------------------------------------------------------- look

void ChatColumn::setStatus(const QString& text, bool error)
{
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void ChatColumn::updateControls()
{
    const bool busy = isBusy();
    const bool hasModel = modelCombo_->count() > 0;
    modelCombo_->setEnabled(!busy);
    addModel_->setEnabled(!busy);
    dtypeCombo_->setEnabled(!busy);
    load_->setEnabled(canLoadModels() && !busy && hasModel);
    unload_->setEnabled(info_.has_value() && !busy);
    progress_->setVisible(loading_);
}

void ChatColumn::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void ChatColumn::retranslateUi()
{
    addModel_->setText(tr("Add model folder…"));
    addModel_->setToolTip(tr("A Hugging Face model folder: config.json, model.safetensors and a tokenizer"));
    dtypeCombo_->setToolTip(tr("Weight type: f32, or bf16 (half the memory, faster decoding)"));
    load_->setText(tr("Load"));
    unload_->setText(tr("Unload"));
    templateLabel_->setText(tr("Template:"));
    templateCombo_->setToolTip(tr("How the conversation is written for the model; preselected from the model's "
                                  "tokenizer_config.json"));
    for (int i = 0; i < templateCombo_->count(); ++i)
        templateCombo_->setItemText(
            i, templateDisplayName(chatTemplateFromString(templateCombo_->itemData(i).toString().toStdString())));
    if (!canLoadModels())
        setStatus(tr("Models cannot be loaded in this build."), true);
    else if (!info_ && !isBusy() && lastError_.isEmpty())
        setStatus(tr("No model loaded."));
    updateControls();
}

} // namespace wb
