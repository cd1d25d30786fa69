// The chat panel's parts that need no model: conversations listed, renamed and
// deleted; a stored conversation rendered as Markdown with sibling paging,
// stats and copy; edit-and-resend branches; the exact prompt preview with
// few-shot and step-by-step; saving replies to datasets through the dialog as
// one undoable edit; sampling settings as JSON; the panel in the main window.
#include "core/store/conversations.h"
#include "ui/chat/chat_column.h"
#include "ui/chat/chat_panel.h"
#include "ui/chat/markdown_view.h"
#include "ui/chat/message_widget.h"
#include "ui/chat/reply_stats.h"
#include "ui/chat/sampling_box.h"
#include "ui/chat/save_to_dataset_dialog.h"
#include "ui/mainwindow/main_window.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextList>
#include <QToolButton>
#include <QTreeWidget>

#include <nlohmann/json.hpp>

using namespace wb;

namespace {

StoredMessage msg(int64_t conv, int64_t parent, const std::string& role, const std::string& content,
                  const std::string& model = {}, const std::string& stats = {})
{
    StoredMessage m;
    m.conversationId = conv;
    m.parentId = parent;
    m.role = role;
    m.content = content;
    m.model = model;
    m.statsJson = stats;
    return m;
}

QStringList listTexts(QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        out << list->item(i)->text();
    return out;
}

const char* kReply = "Basalt is:\n\n- volcanic\n- fine-grained\n\n```python\nprint('rock')\n```\n";
const char* kStats = R"({"tokens":12,"tokens_per_s":41.26,"ttft_s":0.126,"stop":"eos","prompt_tokens":9})";

} // namespace

class tst_chat_store_view : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    int n_ = 0;
    QString newProject()
    {
        const QString p = dir_.filePath(QStringLiteral("p%1.llmwb").arg(++n_));
        ProjectStore::create(p.toStdString());
        return p;
    }
    static QToolButton* button(QWidget* w, const char* name)
    {
        auto* b = w->findChild<QToolButton*>(QString::fromLatin1(name));
        if (!b)
            qFatal("no button %s", name);
        return b;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("wb-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_chat_store_view"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath(QStringLiteral("settings")));
        QSettings().clear();
    }

    void withoutLoaderModelsCannotLoad()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        ChatPanel panel(*store, p);
        panel.show();
        QVERIFY(!panel.canLoadModels());
        ChatColumn* c = panel.column(0);
        QCOMPARE(c->statusLabel()->text(), QStringLiteral("Models cannot be loaded in this build."));
        c->addModelFolder(dir_.filePath(QStringLiteral("some-model")));
        QCOMPARE(c->modelCombo()->count(), 1);   // registered in the project and picked...
        QVERIFY(!c->loadButton()->isEnabled());   // ...but there is nothing to load it with
        QVERIFY(!panel.sendButton()->isEnabled());
        QVERIFY(!panel.send(QStringLiteral("hello")));
        QCOMPARE(panel.lastError(), QStringLiteral("Load a model first."));
        QCOMPARE(ConversationStore(*store).conversations().size(), size_t(0));   // nothing stored
        panel.setSideBySide(true);
        QVERIFY(!panel.send(QStringLiteral("hello")));
        QCOMPARE(panel.lastError(), QStringLiteral("Load a model in both columns first."));
    }

    void conversationsListedRenamedDeleted()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        {
            ChatPanel panel(*store, p);
            QCOMPARE(panel.conversationList()->count(), 0);
            const qint64 a = panel.newConversation();
            QVERIFY(a > 0);
            QCOMPARE(panel.currentConversation(), a);
            QCOMPARE(listTexts(panel.conversationList()), QStringList{QStringLiteral("New chat")});
            const qint64 b = panel.newConversation();
            QCOMPARE(panel.conversationList()->count(), 2);
            QCOMPARE(panel.currentConversation(), b);

            // Renaming in place (the list item's editor) stores the title.
            panel.conversationList()->item(0)->setText(QStringLiteral("岩石问答"));
            QCOMPARE(ConversationStore(*store).conversation(b)->title, std::string("岩石问答"));
            // The system prompt is kept with the conversation.
            panel.systemPromptEdit()->setPlainText(QStringLiteral("Be brief."));
            panel.selectConversation(a);
            QVERIFY(panel.systemPromptEdit()->toPlainText().isEmpty());
            QCOMPARE(ConversationStore(*store).conversation(b)->systemPrompt, std::string("Be brief."));
            panel.selectConversation(b);
            QCOMPARE(panel.systemPromptEdit()->toPlainText(), QStringLiteral("Be brief."));

            panel.deleteConversation(a);
            QCOMPARE(listTexts(panel.conversationList()), QStringList{QStringLiteral("岩石问答")});
            QCOMPARE(panel.currentConversation(), b);
        }
        // Reopened from the project.
        store.reset();
        store = ProjectStore::open(p.toStdString());
        ChatPanel again(*store, p);
        QCOMPARE(listTexts(again.conversationList()), QStringList{QStringLiteral("岩石问答")});
        QCOMPARE(again.systemPromptEdit()->toPlainText(), QStringLiteral("Be brief."));
    }

    void storedConversationRendersAndPages()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        qint64 conv = 0, user = 0, r1 = 0, r2 = 0, r3 = 0;
        {
            ConversationStore cs(*store);
            conv = cs.createConversation("rocks");
            user = cs.addMessage(msg(conv, 0, "user", "What is basalt?"));
            r1 = cs.addMessage(msg(conv, user, "assistant", "first answer", "/models/tiny"));
            r2 = cs.addMessage(msg(conv, user, "assistant", kReply, "/models/tiny", kStats));
            r3 = cs.addMessage(msg(conv, user, "assistant", "third answer", "/models/tiny"));
        }
        ChatPanel panel(*store, p);
        panel.resize(900, 700);
        panel.show();
        QCOMPARE(panel.currentConversation(), conv);   // the newest conversation is shown
        ChatColumn* c = panel.column(0);
        QCOMPARE(c->leaf(), r3);                         // down the newest branch
        auto ws = c->messageWidgets();
        QCOMPARE(ws.size(), 2);
        QCOMPARE(ws[0]->role(), QStringLiteral("user"));
        QCOMPARE(ws[0]->pagerText(), QString());
        QCOMPARE(ws[1]->pagerText(), QStringLiteral("3/3"));
        QCOMPARE(ws[1]->findChild<QLabel*>(QStringLiteral("messageAuthor"))->text(), QStringLiteral("tiny"));

        // Paging back shows the alternatives, in creation order.
        button(ws[1], "previousSibling")->click();
        QTRY_COMPARE(c->leaf(), r2);
        ws = c->messageWidgets();
        QCOMPARE(ws[1]->messageId(), r2);
        QCOMPARE(ws[1]->pagerText(), QStringLiteral("2/3"));
        QVERIFY(button(ws[1], "nextSibling")->isEnabled());
        QVERIFY(button(ws[1], "previousSibling")->isEnabled());

        // Markdown: a list and a fenced code block.
        QTextDocument* doc = ws[1]->view()->document();
        bool list = false, code = false;
        for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
            list = list || (b.textList() && b.text() == QStringLiteral("volcanic"));
            code = code || (b.blockFormat().hasProperty(QTextFormat::BlockCodeFence) && b.text() == QStringLiteral("print('rock')"));
        }
        QVERIFY(list);
        QVERIFY(code);
        QVERIFY(ws[1]->view()->height() > 3 * ws[1]->fontMetrics().height());   // grown to its text

        // Stats kept with the message are shown under it.
        QCOMPARE(ws[1]->statsText(), QStringLiteral("41.3 tokens/s · first token 0.13 s · 12 tokens · end of text"));

        // Copy puts the Markdown source on the clipboard.
        button(ws[1], "copyButton")->click();
        QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(kReply));

        button(ws[1], "previousSibling")->click();
        QTRY_COMPARE(c->leaf(), r1);
        QCOMPARE(c->messageWidgets()[1]->pagerText(), QStringLiteral("1/3"));
        QVERIFY(!button(c->messageWidgets()[1], "previousSibling")->isEnabled());

        // The alternative last looked at is shown again when the project is reopened.
        ChatPanel again(*store, p);
        QCOMPARE(again.column(0)->leaf(), r1);
        QCOMPARE(again.column(0)->messageWidgets()[1]->pagerText(), QStringLiteral("1/3"));
    }

    void editAndResendMakesABranch()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        qint64 conv = 0, user = 0;
        {
            ConversationStore cs(*store);
            conv = cs.createConversation("edit");
            user = cs.addMessage(msg(conv, 0, "user", "What is granit?"));
            cs.addMessage(msg(conv, user, "assistant", "?"));
        }
        ChatPanel panel(*store, p);
        panel.show();
        MessageWidget* u = panel.column(0)->messageWidgets().first();
        button(u, "editButton")->click();
        auto* editor = u->findChild<QPlainTextEdit*>(QStringLiteral("messageEditor"));
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->toPlainText(), QStringLiteral("What is granit?"));
        editor->setPlainText(QStringLiteral("What is granite?"));
        u->findChild<QPushButton*>(QStringLiteral("sendEditButton"))->click();

        // A sibling of the original turn; without a model it waits for a reply.
        ConversationStore cs(*store);
        const auto turns = cs.children(conv, 0);
        QCOMPARE(turns.size(), size_t(2));
        QCOMPARE(turns[1].content, std::string("What is granite?"));
        QTRY_COMPARE(panel.column(0)->leaf(), qint64(turns[1].id));
        const auto ws = panel.column(0)->messageWidgets();
        QCOMPARE(ws.size(), 1);
        QCOMPARE(ws[0]->text(), QStringLiteral("What is granite?"));
        QCOMPARE(ws[0]->pagerText(), QStringLiteral("2/2"));
        button(ws[0], "previousSibling")->click();
        QTRY_COMPARE(panel.column(0)->messageWidgets().size(), 2);   // the original branch with its reply
    }

    void promptPreviewIsExact()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        const int64_t examples = store->createDataset("geo-examples", DatasetKind::Sft);
        for (int i = 1; i <= 3; ++i) {
            Record r;
            r.datasetId = examples;
            r.instruction = "Q" + std::to_string(i);
            r.output = "A" + std::to_string(i);
            store->insertRecord(r);
        }
        ChatPanel panel(*store, p);
        ChatColumn* c = panel.column(0);
        c->templateCombo()->setCurrentIndex(c->templateCombo()->findData(QStringLiteral("chatml")));
        panel.systemPromptEdit()->setPlainText(QStringLiteral("Be brief."));
        panel.input()->setPlainText(QStringLiteral("What is basalt?"));
        QCOMPARE(panel.previewPrompt(0),
                 QStringLiteral("<|im_start|>system\nBe brief.<|im_end|>\n"
                                "<|im_start|>user\nWhat is basalt?<|im_end|>\n<|im_start|>assistant\n"));

        // Few-shot: the first N records of the dataset as earlier turns.
        QComboBox* fewShot = panel.fewShotDatasetCombo();
        fewShot->setCurrentIndex(fewShot->findText(QStringLiteral("geo-examples")));
        panel.fewShotCountSpin()->setValue(2);
        QCOMPARE(panel.promptSettings().examples.size(), size_t(2));
        QCOMPARE(panel.previewPrompt(0),
                 QStringLiteral("<|im_start|>system\nBe brief.<|im_end|>\n"
                                "<|im_start|>user\nQ1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n"
                                "<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\nA2<|im_end|>\n"
                                "<|im_start|>user\nWhat is basalt?<|im_end|>\n<|im_start|>assistant\n"));

        // Step by step; Chinese questions get the Chinese cue.
        fewShot->setCurrentIndex(0);
        panel.stepByStepCheck()->setChecked(true);
        QVERIFY(panel.previewPrompt(0).contains(QStringLiteral("What is basalt?\n\nLet's think step by step.")));
        panel.input()->setPlainText(QStringLiteral("玄武岩是什么？"));
        QVERIFY(panel.previewPrompt(0).contains(QStringLiteral("玄武岩是什么？\n\n请一步一步地思考")));

        // Another template renders differently; the dialog shows the same text.
        c->templateCombo()->setCurrentIndex(c->templateCombo()->findData(QStringLiteral("alpaca")));
        QVERIFY(!panel.previewPrompt(0).contains(QStringLiteral("<|im_start|>")));
        panel.openPromptPreview();
        auto* shown = panel.findChild<QPlainTextEdit*>(QStringLiteral("promptPreview0"));
        QVERIFY(shown);
        QCOMPARE(shown->toPlainText(), panel.previewPrompt(0));
    }

    void savesRepliesThroughTheDialog()
    {
        const QString p = newProject();
        auto store = ProjectStore::open(p.toStdString());
        qint64 good = 0, bad = 0;
        {
            ConversationStore cs(*store);
            const qint64 conv = cs.createConversation("save", "Answer as a geologist.");
            const qint64 user = cs.addMessage(msg(conv, 0, "user", "什么是玄武岩？"));
            good = cs.addMessage(msg(conv, user, "assistant", "一种火山岩。", "/models/a"));
            bad = cs.addMessage(msg(conv, user, "assistant", "不知道。", "/models/b"));
        }
        const int64_t existing = store->createDataset("existing-sft", DatasetKind::Sft);
        store->createDataset("other-kind", DatasetKind::Text);
        ChatPanel panel(*store, p);
        panel.show();
        QSignalSpy changed(&panel, &ChatPanel::datasetsChanged);

        // The message's "Save to dataset…" opens the dialog; SFT into an existing dataset.
        MessageWidget* reply = panel.column(0)->messageWidgets().last();
        QCOMPARE(reply->messageId(), bad);
        button(reply, "saveButton")->click();
        auto* dlg = panel.findChild<SaveToDatasetDialog*>();
        QVERIFY(dlg && dlg->isVisible());
        QCOMPARE(dlg->replyId(), bad);
        QCOMPARE(dlg->datasetCombo()->count(), 2);   // existing-sft + "New dataset…": other kinds are not offered
        QCOMPARE(dlg->datasetCombo()->itemText(0), QStringLiteral("existing-sft"));
        QCOMPARE(dlg->alternativeCombo()->count(), 1);   // the sibling
        QCOMPARE(dlg->alternativeCombo()->itemData(0).toLongLong(), good);
        dlg->accept();
        QCOMPARE(changed.count(), 1);
        RecordQuery q;
        q.datasetId = existing;
        auto recs = store->fetch(q, 0, 10);
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs[0].instruction, std::string("什么是玄武岩？"));
        QCOMPARE(recs[0].output, std::string("不知道。"));
        QCOMPARE(recs[0].system, std::string("Answer as a geologist."));

        // A preference pair into a new dataset: this reply is the rejected one.
        button(panel.column(0)->messageWidgets().last(), "saveButton")->click();
        dlg = nullptr;
        for (auto* d : panel.findChildren<SaveToDatasetDialog*>())
            if (d->isVisible())
                dlg = d;
        QVERIFY(dlg);
        dlg->setMode(SaveToDatasetDialog::Mode::Preference);
        QCOMPARE(dlg->datasetCombo()->count(), 1);   // no preference dataset yet: only "New dataset…"
        QCOMPARE(dlg->newNameEdit()->text(), QStringLiteral("chat-preferences"));
        dlg->newNameEdit()->setText(QStringLiteral("geo-pref"));
        dlg->rejectedCheck()->setChecked(true);
        dlg->accept();
        const auto pref = store->datasetByName("geo-pref");
        QVERIFY(pref);
        QVERIFY(pref->kind == DatasetKind::Preference);
        q.datasetId = pref->id;
        recs = store->fetch(q, 0, 10);
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs[0].prompt, std::string("什么是玄武岩？"));
        QCOMPARE(recs[0].chosen, std::string("一种火山岩。"));
        QCOMPARE(recs[0].rejected, std::string("不知道。"));
        QCOMPARE(changed.count(), 2);

        // Each save is one undo step.
        QVERIFY(store->undo()->label.find("geo-pref") != std::string::npos);
        QCOMPARE(store->dataset(pref->id)->recordCount, int64_t(0));

        // Errors are reported, nothing is written.
        QCOMPARE(panel.savePreference(good, good, pref->id), qint64(0));
        QVERIFY(panel.lastError().contains(QStringLiteral("both chosen and rejected")));
        QCOMPARE(panel.saveExchange(good, 0, QStringLiteral("existing-sft")), qint64(0));
        QVERIFY2(panel.lastError().contains(QStringLiteral("existing-sft")), qPrintable(panel.lastError()));
        QCOMPARE(store->dataset(existing)->recordCount, int64_t(1));
    }

    void samplingSettingsRoundTrip()
    {
        SamplingBox box;
        QCOMPARE(box.preset(), QStringLiteral("balanced"));
        QCOMPARE(box.params().temperature, samplingPreset("balanced").temperature);
        box.setPreset(QStringLiteral("precise"));
        QVERIFY(box.params().greedy);
        QCOMPARE(box.temperatureSpin()->value(), 0.0);
        // Editing a value makes the settings custom.
        box.topKSpin()->setValue(7);
        QCOMPARE(box.preset(), QStringLiteral("custom"));
        box.temperatureSpin()->setValue(0.55);
        box.setMaxTokens(99);
        SamplingParams sp = box.params();
        QVERIFY(!sp.greedy);
        QCOMPARE(sp.topK, 7);
        QCOMPARE(sp.temperature, 0.55f);

        nlohmann::json j = nlohmann::json::object();
        box.write(j);
        SamplingBox other;
        other.read(j);
        QCOMPARE(other.preset(), QStringLiteral("custom"));
        QCOMPARE(other.params().topK, 7);
        QCOMPARE(other.params().temperature, 0.55f);
        QCOMPARE(other.maxTokens(), 99);
        other.read(nlohmann::json::parse(R"({"preset":"creative","max_tokens":"oops"})"));
        QCOMPARE(other.preset(), QStringLiteral("creative"));
        QCOMPARE(other.maxTokens(), 99);   // a mistyped field is ignored
    }

    void statsSummaries_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("summary");
        QTest::newRow("eos") << QString::fromLatin1(kStats)
                             << QStringLiteral("41.3 tokens/s · first token 0.13 s · 12 tokens · end of text");
        QTest::newRow("stopped") << R"({"tokens":3,"tokens_per_s":0,"ttft_s":1.5,"stop":"cancelled"})"
                                 << QStringLiteral("0.0 tokens/s · first token 1.50 s · 3 tokens · stopped");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("broken") << QStringLiteral("{nope") << QString();
    }
    void statsSummaries()
    {
        QFETCH(QString, json);
        QFETCH(QString, summary);
        QCOMPARE(replyStatsSummary(json.toStdString()), summary);
    }

    void statsJsonRoundTrip()
    {
        GenerationStats s;
        s.promptTokens = 9;
        s.generatedTokens = 11;
        s.decodeSeconds = 0.5;
        s.timeToFirstTokenSeconds = 0.25;
        s.stopReason = StopReason::MaxTokens;
        const auto j = nlohmann::json::parse(replyStatsJson(s, QStringLiteral("bf16")));
        QCOMPARE(j["tokens"].get<int>(), 11);
        QCOMPARE(j["tokens_per_s"].get<double>(), 20.0);   // 10 tokens after the first in 0.5 s
        QCOMPARE(j["stop"].get<std::string>(), std::string("length"));
        QCOMPARE(j["dtype"].get<std::string>(), std::string("bf16"));
    }

    void chatInMainWindow()
    {
        const QString p = newProject();
        MainWindow w;
        w.show();
        QVERIFY(w.openProject(p));
        QTreeWidget* nav = w.navigator();
        QTreeWidgetItem* chat = nullptr;
        for (int i = 0; i < nav->topLevelItemCount(); ++i)
            if (nav->topLevelItem(i)->text(0) == QStringLiteral("Chat"))
                chat = nav->topLevelItem(i);
        QVERIFY(chat);
        nav->setCurrentItem(chat);
        QVERIFY(w.chatPanel() && w.chatPanel()->isVisible());
        QVERIFY(!w.chatPanel()->canLoadModels());

        // A reply saved from the chat is undone by the window's Undo.
        qint64 reply = 0;
        {
            ConversationStore cs(*w.store());
            const qint64 conv = cs.createConversation("c");
            const qint64 u = cs.addMessage(msg(conv, 0, "user", "q"));
            reply = cs.addMessage(msg(conv, u, "assistant", "a"));
        }
        const qint64 ds = w.chatPanel()->saveExchange(reply, 0, QStringLiteral("from-chat"));
        QVERIFY(ds > 0);
        QVERIFY(nav->topLevelItem(0)->childCount() == 1);   // the navigator lists the new dataset
        QSignalSpy undone(&w, &MainWindow::historyStepFinished);
        w.undo();
        QTRY_COMPARE(undone.count(), 1);
        QCOMPARE(w.store()->dataset(ds)->recordCount, int64_t(0));
        w.closeProject();
        QVERIFY(!w.chatPanel());
    }
};

QTEST_MAIN(tst_chat_store_view)
#include "tst_chat_store_view.moc"
