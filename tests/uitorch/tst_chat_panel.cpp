// The chat panel with a real model (tests/data/models/tiny-chat: random
// weights and a real ChatML tokenizer, so it writes nonsense; the mechanics are
// what is tested): background load with progress, streamed text in the view,
// stop in the middle, regenerate into pageable siblings, save an exchange and
// a preference pair to datasets, two models side by side streaming at once,
// per-model settings, and the conversation reloaded from the project.
//
// Mid-stream states are made deterministic without sleeping: a direct
// connection on the worker's token signal holds the worker thread at the
// first piece until the GUI has seen it (the gate below).
#include "core/nn/causal_lm.h"
#include "core/store/conversations.h"
#include "ui/chat/chat_column.h"
#include "ui/chat/chat_panel.h"
#include "ui/chat/chat_worker.h"
#include "ui/chat/message_widget.h"
#include "ui/chat/sampling_box.h"
#include "ui/chat/save_to_dataset_dialog.h"
#include "ui/mainwindow/main_window.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>

using namespace wb;

namespace {

constexpr int kLoadTimeoutMs = 120000;
constexpr int kReplyTimeoutMs = 120000;

QString modelDir()
{
    return qEnvironmentVariable("WB_TEST_DATA", QStringLiteral(WB_SOURCE_DIR "/tests/data")) + QStringLiteral("/models/tiny-chat");
}

// Holds the worker thread inside its token signal at the `at`-th piece until
// open() is called. The column's queued connection was made first, so that
// piece is already on its way to the GUI.
class TokenGate {
public:
    TokenGate(ChatWorker* worker, int at) : at_(at)
    {
        conn_ = QObject::connect(worker, &ChatWorker::token, worker, [this](const QString&) {
            if (++count_ == at_) {
                reached_.release();
                open_.acquire();
            }
        }, Qt::DirectConnection);
    }
    ~TokenGate()
    {
        QObject::disconnect(conn_);
        open();
    }
    bool reached() { return reached_.tryAcquire(); }
    void open()
    {
        if (!opened_.exchange(true))
            open_.release();
    }

private:
    int at_;
    std::atomic<int> count_{0};
    std::atomic<bool> opened_{false};
    QSemaphore reached_, open_;
    QMetaObject::Connection conn_;
};

QToolButton* tool(QWidget* w, const char* name)
{
    auto* b = w->findChild<QToolButton*>(QString::fromLatin1(name));
    if (!b)
        qFatal("no button %s", name);
    return b;
}

} // namespace

class tst_chat_panel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<ChatPanel> panel_;

    void openPanel()
    {
        store_ = ProjectStore::open(project_.toStdString());
        panel_ = std::make_unique<ChatPanel>(*store_, project_);
        panel_->setModelLoader(&CausalLM::load);
        panel_->resize(1100, 800);
        panel_->show();
    }
    void closePanel()
    {
        panel_.reset();
        store_.reset();
    }
    bool load(ChatColumn* c, const QString& dtype = QStringLiteral("f32"))
    {
        c->addModelFolder(modelDir());
        c->dtypeCombo()->setCurrentIndex(c->dtypeCombo()->findData(dtype));
        if (!c->loadButton()->isEnabled())
            return false;
        c->loadButton()->click();
        return QTest::qWaitFor([c] { return !c->isLoading(); }, kLoadTimeoutMs) && c->isModelLoaded();
    }
    static bool idle(ChatColumn* c) { return QTest::qWaitFor([c] { return !c->isBusy(); }, kReplyTimeoutMs); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("wb-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_chat_panel"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath(QStringLiteral("settings")));
        QSettings().clear();
        project_ = dir_.filePath(QStringLiteral("chat.llmwb"));
        ProjectStore::create(project_.toStdString());
        openPanel();
    }
    void cleanupTestCase() { closePanel(); }

    void loadsInTheBackground()
    {
        ChatColumn* c = panel_->column(0);
        QVERIFY(panel_->canLoadModels());
        QSignalSpy progress(c->worker(), &ChatWorker::loadProgress);
        c->addModelFolder(modelDir());
        c->loadButton()->click();
        QVERIFY(c->isLoading());
        QVERIFY(c->progressBar()->isVisible());
        QVERIFY(!c->loadButton()->isEnabled());
        QVERIFY(QTest::qWaitFor([c] { return !c->isLoading(); }, kLoadTimeoutMs));
        QVERIFY2(c->isModelLoaded(), qPrintable(c->lastError()));
        QVERIFY(progress.count() >= 1);
        const auto last = progress.last();
        QCOMPARE(last[0].toLongLong(), last[1].toLongLong());   // the final report is complete
        QVERIFY(!c->progressBar()->isVisible());
        QCOMPARE(c->modelName(), QStringLiteral("tiny-chat"));
        QVERIFY2(c->statusLabel()->text().startsWith(QStringLiteral("tiny-chat: ")), qPrintable(c->statusLabel()->text()));
        // ChatML detected from tokenizer_config.json, with its end marker.
        QCOMPARE(c->templateCombo()->currentData().toString(), QStringLiteral("chatml"));
        QCOMPARE(c->chatTemplate().eos, std::string("<|im_end|>"));
        QVERIFY(panel_->sendButton()->isEnabled());
        // Registered in the project and remembered as recent.
        QCOMPARE(ConversationStore(*store_).models().size(), size_t(1));
        QCOMPARE(QSettings().value(ChatColumn::kRecentModelsKey).toStringList().value(0),
                 QFileInfo(modelDir()).absoluteFilePath());
    }

    void sendStreamsIntoTheView()
    {
        ChatColumn* c = panel_->column(0);
        QVERIFY(c->isModelLoaded());
        c->samplingBox()->setPreset(QStringLiteral("precise"));
        c->samplingBox()->setMaxTokens(24);
        panel_->systemPromptEdit()->setPlainText(QStringLiteral("You are a geologist."));
        TokenGate gate(c->worker(), 1);
        panel_->input()->setPlainText(QStringLiteral("What is basalt?"));
        panel_->sendButton()->click();
        QVERIFY(c->isGenerating());
        QVERIFY(panel_->stopButton()->isEnabled());
        QVERIFY(!panel_->sendButton()->isEnabled());
        QVERIFY(panel_->input()->toPlainText().isEmpty());
        QCOMPARE(panel_->conversationList()->count(), 1);
        QCOMPARE(panel_->conversationList()->item(0)->text(), QStringLiteral("What is basalt?"));

        // The first piece shows up in the view while the reply is still being written.
        QVERIFY(QTest::qWaitFor([&gate] { return gate.reached(); }, kReplyTimeoutMs));
        QTRY_VERIFY(c->streamingMessage() && !c->streamingMessage()->text().isEmpty());
        const QString firstPiece = c->streamingMessage()->text();
        QVERIFY(c->isGenerating());
        gate.open();
        QVERIFY(idle(c));

        // Stored with its stats, shown under the message.
        const auto ws = c->messageWidgets();
        QCOMPARE(ws.size(), 2);
        QCOMPARE(ws[0]->text(), QStringLiteral("What is basalt?"));
        QCOMPARE(ws[1]->role(), QStringLiteral("assistant"));
        QVERIFY(ws[1]->text().startsWith(firstPiece.trimmed()));
        QVERIFY2(ws[1]->statsText().contains(QStringLiteral("tokens/s")), qPrintable(ws[1]->statsText()));
        const auto stored = ConversationStore(*store_).message(ws[1]->messageId());
        QVERIFY(stored);
        QCOMPARE(QString::fromStdString(stored->content), ws[1]->text());
        QCOMPARE(QString::fromStdString(stored->model), QFileInfo(modelDir()).absoluteFilePath());
        const auto stats = nlohmann::json::parse(stored->statsJson);
        QVERIFY(stats["tokens"].get<int>() >= 1 && stats["tokens"].get<int>() <= 24);
        QVERIFY(stats["prompt_tokens"].get<int>() > 5);
        QVERIFY(stats["ttft_s"].get<double>() > 0);
        const std::string stop = stats["stop"].get<std::string>();
        QVERIFY2(stop == "length" || stop == "eos" || stop == "stop", stop.c_str());
        QCOMPARE(ConversationStore(*store_).conversation(panel_->currentConversation())->systemPrompt,
                 std::string("You are a geologist."));
    }

    void stopInTheMiddle()
    {
        ChatColumn* c = panel_->column(0);
        c->samplingBox()->setMaxTokens(100000);   // the context (512) ends it otherwise
        const qint64 before = c->leaf();
        TokenGate gate(c->worker(), 1);
        QVERIFY(panel_->send(QStringLiteral("Tell me everything about rocks.")));
        QVERIFY(QTest::qWaitFor([&gate] { return gate.reached(); }, kReplyTimeoutMs));
        QTRY_VERIFY(c->streamingMessage() && !c->streamingMessage()->text().isEmpty());
        const QString seen = c->streamingMessage()->text();
        panel_->stopButton()->click();
        gate.open();
        QVERIFY(idle(c));
        QVERIFY(!panel_->stopButton()->isEnabled());
        const auto reply = ConversationStore(*store_).message(c->leaf());
        QVERIFY(reply && reply->role == "assistant");
        QVERIFY(c->leaf() != before);
        const auto stats = nlohmann::json::parse(reply->statsJson);
        QCOMPARE(stats["stop"].get<std::string>(), std::string("cancelled"));
        // Stopped right after the piece the view showed, far from the context's end.
        QVERIFY(QString::fromStdString(reply->content).startsWith(seen));
        QVERIFY2(stats["tokens"].get<int>() <= 4, reply->statsJson.c_str());
        QVERIFY(c->messageWidgets().last()->statsText().endsWith(QStringLiteral("stopped")));
    }

    void regenerateKeepsSiblings()
    {
        ChatColumn* c = panel_->column(0);
        c->samplingBox()->setPreset(QStringLiteral("creative"));
        c->samplingBox()->setMaxTokens(16);
        MessageWidget* last = c->messageWidgets().last();
        const qint64 first = last->messageId();
        const QString firstText = last->text();
        tool(last, "regenerateButton")->click();
        QVERIFY(c->isGenerating());
        QVERIFY(idle(c));
        auto ws = c->messageWidgets();
        QVERIFY(ws.last()->messageId() != first);
        QCOMPARE(ws.last()->pagerText(), QStringLiteral("2/2"));
        const auto siblings = ConversationStore(*store_).siblings(first);
        QCOMPARE(siblings.size(), size_t(2));
        QCOMPARE(siblings[0].id, first);
        QCOMPARE(siblings[1].id, ws.last()->messageId());

        tool(ws.last(), "previousSibling")->click();
        QTRY_COMPARE(c->messageWidgets().last()->messageId(), first);
        QCOMPARE(c->messageWidgets().last()->pagerText(), QStringLiteral("1/2"));
        QCOMPARE(c->messageWidgets().last()->text(), firstText);
        tool(c->messageWidgets().last(), "nextSibling")->click();
        QTRY_COMPARE(c->messageWidgets().last()->messageId(), siblings[1].id);
    }

    void savesExchangeAndPreferencePair()
    {
        ChatColumn* c = panel_->column(0);
        MessageWidget* reply = c->messageWidgets().last();
        const qint64 replyId = reply->messageId();
        const auto siblings = ConversationStore(*store_).siblings(replyId);
        QCOMPARE(siblings.size(), size_t(2));

        // One exchange -> an SFT record in a new dataset.
        tool(reply, "saveButton")->click();
        auto* dlg = panel_->findChild<SaveToDatasetDialog*>();
        QVERIFY(dlg);
        dlg->newNameEdit()->setText(QStringLiteral("chat-sft"));
        dlg->accept();
        auto sft = store_->datasetByName("chat-sft");
        QVERIFY2(sft, qPrintable(panel_->lastError()));
        RecordQuery q;
        q.datasetId = sft->id;
        auto recs = store_->fetch(q, 0, 10);
        QCOMPARE(recs.size(), size_t(1));
        QVERIFY(recs[0].kind == DatasetKind::Sft);
        QCOMPARE(recs[0].instruction, std::string("Tell me everything about rocks."));
        QCOMPARE(QString::fromStdString(recs[0].output), reply->text());
        QCOMPARE(recs[0].system, std::string("You are a geologist."));

        // Two siblings -> a preference pair.
        QCOMPARE(panel_->savePreference(siblings[1].id, siblings[0].id, 0, QStringLiteral("chat-pref")) > 0, true);
        auto pref = store_->datasetByName("chat-pref");
        QVERIFY(pref && pref->kind == DatasetKind::Preference);
        q.datasetId = pref->id;
        recs = store_->fetch(q, 0, 10);
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs[0].prompt, std::string("Tell me everything about rocks."));
        QCOMPARE(recs[0].chosen, siblings[1].content);
        QCOMPARE(recs[0].rejected, siblings[0].content);
        QCOMPARE(recs[0].system, std::string("You are a geologist."));
        QCOMPARE(recs[0].messages.size(), size_t(2));   // the earlier exchange
        QCOMPARE(recs[0].messages[0].content, std::string("What is basalt?"));
        QCOMPARE(store_->undo()->label, std::string("Save preference pair to chat-pref"));
        QCOMPARE(store_->dataset(pref->id)->recordCount, int64_t(0));
        QVERIFY(store_->redo());
    }

    void editAndResendAnswersTheNewBranch()
    {
        ChatColumn* c = panel_->column(0);
        c->samplingBox()->setMaxTokens(8);
        MessageWidget* firstTurn = c->messageWidgets().first();
        const qint64 original = firstTurn->messageId();
        tool(firstTurn, "editButton")->click();
        firstTurn->findChild<QPlainTextEdit*>(QStringLiteral("messageEditor"))->setPlainText(QStringLiteral("What is granite?"));
        firstTurn->findChild<QPushButton*>(QStringLiteral("sendEditButton"))->click();
        QVERIFY(c->isGenerating());
        QVERIFY(idle(c));
        const auto ws = c->messageWidgets();
        QCOMPARE(ws.size(), 2);
        QCOMPARE(ws[0]->text(), QStringLiteral("What is granite?"));
        QCOMPARE(ws[0]->pagerText(), QStringLiteral("2/2"));
        QCOMPARE(ConversationStore(*store_).siblings(original).size(), size_t(2));
    }

    void sideBySideBothStream()
    {
        panel_->newConversation();
        panel_->setSideBySide(true);
        ChatColumn* a = panel_->column(0);
        ChatColumn* b = panel_->column(1);
        QVERIFY(b->isVisible());
        QVERIFY(!panel_->sendButton()->isEnabled());   // the second column has no model yet
        QVERIFY2(load(b, QStringLiteral("bf16")), qPrintable(b->lastError()));
        QCOMPARE(b->statusLabel()->text().contains(QStringLiteral("bf16")), true);
        a->samplingBox()->setMaxTokens(12);
        b->samplingBox()->setMaxTokens(12);

        QSignalSpy tokensA(a->worker(), &ChatWorker::token);
        QSignalSpy tokensB(b->worker(), &ChatWorker::token);
        TokenGate gateA(a->worker(), 1);
        TokenGate gateB(b->worker(), 1);
        panel_->input()->setPlainText(QStringLiteral("Which rock is darker?"));
        panel_->sendButton()->click();
        // Both are writing at the same time: each is held at its first piece.
        QVERIFY(QTest::qWaitFor([&gateA] { return gateA.reached(); }, kReplyTimeoutMs));
        QVERIFY(QTest::qWaitFor([&gateB] { return gateB.reached(); }, kReplyTimeoutMs));
        QVERIFY(a->isGenerating() && b->isGenerating());
        QTRY_VERIFY(a->streamingMessage() && !a->streamingMessage()->text().isEmpty());
        QTRY_VERIFY(b->streamingMessage() && !b->streamingMessage()->text().isEmpty());
        gateA.open();
        gateB.open();
        QVERIFY(idle(a));
        QVERIFY(idle(b));
        QVERIFY(tokensA.count() >= 1 && tokensB.count() >= 1);

        // One user turn, two replies: siblings, one per model column.
        const qint64 replyA = a->leaf(), replyB = b->leaf();
        QVERIFY(replyA != replyB);
        ConversationStore cs(*store_);
        QCOMPARE(cs.message(replyA)->parentId, cs.message(replyB)->parentId);
        QCOMPARE(cs.messageCount(panel_->currentConversation()), int64_t(3));
        QCOMPARE(a->messageWidgets().last()->messageId(), replyA);
        QCOMPARE(b->messageWidgets().last()->messageId(), replyB);
        // Whichever finished first, both pagers know about the other reply.
        QVERIFY(a->messageWidgets().last()->pagerText().endsWith(QStringLiteral("/2")));
        QVERIFY(b->messageWidgets().last()->pagerText().endsWith(QStringLiteral("/2")));

        // The save dialog offers the other column's reply for a preference pair.
        auto* dlg = panel_->openSaveDialog(replyA);
        QVERIFY(dlg);
        QCOMPARE(dlg->alternativeCombo()->count(), 1);
        QCOMPARE(dlg->alternativeCombo()->itemData(0).toLongLong(), replyB);
        dlg->setMode(SaveToDatasetDialog::Mode::Preference);
        dlg->datasetCombo()->setCurrentIndex(dlg->datasetCombo()->findText(QStringLiteral("chat-pref")));
        dlg->accept();
        QCOMPARE(store_->datasetByName("chat-pref")->recordCount, int64_t(2));

        // A second turn: each column continues its own branch.
        a->samplingBox()->setMaxTokens(4);
        b->samplingBox()->setMaxTokens(4);
        QVERIFY(panel_->send(QStringLiteral("Why?")));
        QVERIFY(idle(a));
        QVERIFY(idle(b));
        QCOMPARE(cs.branch(a->leaf())[1].id, replyA);
        QCOMPARE(cs.branch(b->leaf())[1].id, replyB);
        panel_->setSideBySide(false);
    }

    void reopenedFromTheProject()
    {
        ChatColumn* c = panel_->column(0);
        c->samplingBox()->setPreset(QStringLiteral("balanced"));
        c->samplingBox()->setMaxTokens(77);
        const qint64 conv = panel_->currentConversation();
        QStringList texts;
        for (MessageWidget* w : c->messageWidgets())
            texts << w->text();
        const int conversations = panel_->conversationList()->count();
        QCOMPARE(conversations, 2);
        closePanel();

        openPanel();
        QCOMPARE(panel_->conversationList()->count(), conversations);
        QCOMPARE(panel_->currentConversation(), conv);   // the most recent one
        c = panel_->column(0);
        QStringList again;
        for (MessageWidget* w : c->messageWidgets())
            again << w->text();
        QCOMPARE(again, texts);
        // The registered model is offered; its settings come back when it loads.
        QCOMPARE(c->modelCombo()->currentData().toString(), QFileInfo(modelDir()).absoluteFilePath());
        QVERIFY2(load(c), qPrintable(c->lastError()));
        QCOMPARE(c->samplingBox()->preset(), QStringLiteral("balanced"));
        QCOMPARE(c->samplingBox()->maxTokens(), 77);
        c->unloadButton()->click();
        QTRY_VERIFY(!c->isModelLoaded());
        QVERIFY(!panel_->sendButton()->isEnabled());
    }

    void mainWindowPassesTheLoader()
    {
        MainWindow w;
        w.setModelLoader(&CausalLM::load);
        const QString p = dir_.filePath(QStringLiteral("window.llmwb"));
        QVERIFY(w.newProject(p));
        QVERIFY(w.chatPanel());
        QVERIFY(w.chatPanel()->canLoadModels());
        w.showPanel(MainWindow::Panel::Chat);
        QVERIFY(w.chatPanel()->isVisibleTo(&w));
    }
};

QTEST_MAIN(tst_chat_panel)
#include "tst_chat_panel.moc"
