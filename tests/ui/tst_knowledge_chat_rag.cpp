// Retrieval in the chat panel without a model (tests/uitorch/tst_knowledge_chat_rag.cpp
// has the replies of a real one), with a deterministic fake embedder: with the
// RAG toggle on, the passages retrieved for the user's message go into the
// rendered prompt through the visible, editable template; a stored RAG reply's
// citations [1], 【1】 are links that resolve to their chunks, also after the
// project is reopened; retrieval errors stop a send before anything is stored.
#include "core/infer/rag_prompt.h"
#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/retriever.h"
#include "core/store/conversations.h"
#include "common/rag_chat_fixture.h"
#include "core/tst_kb_fake_embedder.h"
#include "ui/chat/chat_column.h"
#include "ui/chat/chat_panel.h"
#include "ui/chat/markdown_view.h"
#include "ui/chat/message_widget.h"
#include "ui/chat/sampling_box.h"
#include "ui/knowledge/knowledge_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace wb;

class tst_knowledge_chat_rag : public test::RagChatFixture {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { setUpProject(QStringLiteral("tst_knowledge_chat_rag")); }
    void cleanupTestCase() { closePanel(); }

    void passagesGoIntoThePrompt()
    {
        QVERIFY(!panel_->ragEnabled());
        QCOMPARE(panel_->ragCollectionCombo()->count(), 1);
        useRag(QStringLiteral("hybrid"));
        QTRY_VERIFY_WITH_TIMEOUT(panel_->ragReady(), kTimeoutMs);
        const QString question = QStringLiteral("Which rock forms from volcanic lava?");
        panel_->input()->setPlainText(question);
        const auto hits = expectedHits(question, RetrievalMode::Hybrid);
        QCOMPARE(hits.size(), size_t(2));
        QVERIFY(QString::fromStdString(hits[0].text).contains(QStringLiteral("volcanic")));

        const QString prompt = panel_->previewPrompt(0);
        QVERIFY2(prompt.contains(QStringLiteral("[1] (basalt.md)\n") + QString::fromStdString(hits[0].text)),
                 qPrintable(prompt));
        // The dialog retrieves on a worker: it says so, then shows the same prompt.
        panel_->openPromptPreview();
        auto* dlg = panel_->findChild<QDialog*>(QStringLiteral("promptPreviewDialog"));
        QVERIFY(dlg);
        auto* shown = dlg->findChild<QPlainTextEdit*>(QStringLiteral("promptPreview0"));
        QVERIFY(shown);
        QCOMPARE(shown->toPlainText(), QStringLiteral("Retrieving passages…"));
        QTRY_COMPARE_WITH_TIMEOUT(shown->toPlainText(), prompt, kTimeoutMs);
        dlg->close();
        QVERIFY(prompt.contains(QStringLiteral("[2] (")));
        QVERIFY(prompt.contains(QString::fromStdString(hits[1].text)));
        QVERIFY(prompt.contains(QStringLiteral("Question: ") + question));
        QVERIFY(prompt.contains(QStringLiteral("cite it by its number")));
        QVERIFY(!prompt.contains(QStringLiteral("\n[3] (")));   // top 2: no third passage

        // The template is editable and what is shown is what is used.
        panel_->setRagTemplate(QStringLiteral("Sources:\n{passages}\n---\nQ: {question}\nCite like [1]."));
        QCOMPARE(store_->meta(ChatPanel::kRagTemplateMetaKey).value_or(""),
                 std::string("Sources:\n{passages}\n---\nQ: {question}\nCite like [1]."));
        const QString custom = panel_->previewPrompt(0);
        QVERIFY2(custom.contains(QStringLiteral("Sources:\n[1] (basalt.md)")), qPrintable(custom));
        QVERIFY(custom.contains(QStringLiteral("Q: ") + question));
        // A template without {question} cannot be rendered: the preview says why.
        panel_->setRagTemplate(QStringLiteral("{passages}"));
        QVERIFY(panel_->previewPrompt(0).contains(QStringLiteral("{question}")));
        panel_->setRagTemplate(QString());   // back to the default

        // Off: the message goes as typed.
        panel_->setRagEnabled(false);
        QVERIFY(!panel_->previewPrompt(0).contains(QStringLiteral("[1]")));
        panel_->setRagEnabled(true);
    }

    void previewSaysWhenNoCollectionIsChosen()
    {
        // No collection chosen: the prompt cannot be made, and the preview says why.
        panel_->setRagEnabled(true);
        const QSignalBlocker block(panel_->ragCollectionCombo());
        panel_->ragCollectionCombo()->setCurrentIndex(-1);
        const QString prompt = panel_->previewPrompt(0);
        QVERIFY2(prompt.contains(QStringLiteral("collection")), qPrintable(prompt));
        panel_->selectRagCollection(collection_);
    }

    void storedReplyKeepsTheChunkIds()
    {
        // What the column stores for a RAG reply (see tst_chat_rag for a real model).
        useRag(QStringLiteral("bm25"));
        const QString question = QStringLiteral("What is granite rich in?");
        const PromptSettings s = panel_->promptSettingsFor(question);
        QVERIFY(s.rag);
        QCOMPARE(s.ragCollection, collection_);
        const auto hits = expectedHits(question, RetrievalMode::Bm25);
        QCOMPARE(s.ragPassages.size(), hits.size());
        std::vector<int64_t> ids;
        for (size_t i = 0; i < hits.size(); ++i) {
            QCOMPARE(s.ragPassages[i].chunkId, hits[i].chunkId);
            ids.push_back(hits[i].chunkId);
        }
        ConversationStore conv(*store_);
        const qint64 conversation = panel_->newConversation();
        StoredMessage user;
        user.conversationId = conversation;
        user.role = "user";
        user.content = question.toStdString();
        StoredMessage reply;
        reply.conversationId = conversation;
        reply.parentId = conv.addMessage(user);
        reply.role = "assistant";
        reply.content = "An answer without citations.";
        reply.statsJson = withRagChunks(R"({"tokens":5})", collection_, ids);
        panel_->column(0)->setLeaf(conv.addMessage(reply));
        QCOMPARE(panel_->column(0)->messageWidgets().size(), 2);
    }

    void citationsLinkToTheirChunks()
    {
        ChatColumn* c = panel_->column(0);
        ConversationStore conv(*store_);
        const auto reply = conv.message(c->leaf());
        QVERIFY(reply && reply->role == "assistant");
        QVERIFY(reply);
        const std::vector<int64_t> ids = ragChunkIds(reply->statsJson);
        QVERIFY(!ids.empty());
        // An answer that cites (the tiny model does not): stored like a reply.
        StoredMessage cited = *reply;
        cited.id = 0;
        cited.content = "Granite has quartz [1]. 花岗岩【1】 and [7].";
        const qint64 citedId = conv.addMessage(cited);
        c->setLeaf(citedId);
        MessageWidget* w = c->messageWidgets().last();
        QCOMPARE(w->messageId(), citedId);
        QCOMPARE(w->citations().size(), qsizetype(ids.size()));
        const QString html = w->view()->toHtml();
        QVERIFY2(html.contains(QStringLiteral("href=\"cite:1\"")), qPrintable(html));
        QVERIFY(!html.contains(QStringLiteral("cite:7")));   // no such passage: plain text
        QCOMPARE(w->text(), QString::fromStdString(cited.content));   // copy gives the answer as written

        QSignalSpy spy(c, &ChatColumn::citationRequested);
        w->openCitation(1);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toLongLong(), ids[0]);
        QCOMPARE(spy.first().at(1).toInt(), 1);
        auto* dlg = panel_->findChild<QDialog*>(QStringLiteral("citationDialog"));
        QVERIFY(dlg);
        const auto chunk = KnowledgeBase(*store_).chunksByIds({ids[0]});
        QCOMPARE(dlg->findChild<QPlainTextEdit*>(QStringLiteral("citationText"))->toPlainText(),
                 QString::fromStdString(chunk.at(0).text));
        QVERIFY(dlg->findChild<QLabel*>(QStringLiteral("citationSource"))->text().contains(QStringLiteral("granite.txt")));
        dlg->close();
        w->openCitation(7);   // out of range: nothing
        QCOMPARE(spy.count(), 1);
    }

    void citationsSurviveReopening()
    {
        const qint64 conversation = panel_->currentConversation();
        const qint64 leaf = panel_->column(0)->leaf();
        closePanel();
        openPanel();
        panel_->selectConversation(conversation);
        ChatColumn* c = panel_->column(0);
        QCOMPARE(c->leaf(), leaf);
        MessageWidget* w = c->messageWidgets().last();
        QVERIFY(!w->citations().isEmpty());
        QVERIFY(w->view()->toHtml().contains(QStringLiteral("href=\"cite:1\"")));
        QSignalSpy spy(c, &ChatColumn::citationRequested);
        w->openCitation(1);
        QCOMPARE(spy.count(), 1);
    }
};

QTEST_MAIN(tst_knowledge_chat_rag)
#include "tst_knowledge_chat_rag.moc"
