// Retrieval in the chat panel with a real model (tests/data/models/tiny-chat,
// random weights: it writes nonsense, the mechanics are tested) and a
// deterministic fake embedder: with the RAG toggle on, the passages retrieved
// for the user's message go into the rendered prompt through the visible
// template; the reply keeps the chunk ids; its citations [1], [2] are links
// that resolve to their chunks, also after the project is reopened.
#include "core/infer/rag_prompt.h"
#include "core/nn/causal_lm.h"
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

namespace {

QString modelDir()
{
    return qEnvironmentVariable("WB_TEST_DATA", QStringLiteral(WB_SOURCE_DIR "/tests/data")) + QStringLiteral("/models/tiny-chat");
}

} // namespace

class tst_chat_rag : public test::RagChatFixture {
    Q_OBJECT
public:
    tst_chat_rag() { modelLoader_ = &CausalLM::load; }

private Q_SLOTS:
    void initTestCase() { setUpProject(QStringLiteral("tst_chat_rag")); }
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

    void replyKeepsTheChunkIds()
    {
        ChatColumn* c = panel_->column(0);
        c->addModelFolder(modelDir());
        c->loadButton()->click();
        QVERIFY(QTest::qWaitFor([c] { return !c->isLoading(); }, kTimeoutMs));
        QVERIFY2(c->isModelLoaded(), qPrintable(c->lastError()));
        c->samplingBox()->setMaxTokens(8);
        useRag(QStringLiteral("bm25"));
        const QString question = QStringLiteral("What is granite rich in?");
        const auto hits = expectedHits(question, RetrievalMode::Bm25);
        QVERIFY(!hits.empty());
        const qint64 leafBefore = c->leaf();
        QVERIFY(panel_->send(question));
        // The passages are retrieved on a worker: until they arrive (events are
        // processed) the panel is busy and nothing is stored or generating.
        QVERIFY(panel_->isBusy());
        QVERIFY(!c->isBusy());
        QCOMPARE(c->leaf(), leafBefore);
        QVERIFY(!panel_->sendButton()->isEnabled());
        QVERIFY(!panel_->send(question));   // one at a time
        QVERIFY(QTest::qWaitFor([this] { return !panel_->isBusy(); }, kTimeoutMs));
        ConversationStore conv(*store_);
        const auto reply = conv.message(c->leaf());
        QVERIFY(reply && reply->role == "assistant");
        std::vector<int64_t> ids;
        for (const auto& h : hits)
            ids.push_back(h.chunkId);
        QCOMPARE(ragChunkIds(reply->statsJson), ids);
        QCOMPARE(ragCollectionId(reply->statsJson), collection_);
        // The stored user turn is the question as typed, not the expanded prompt.
        QCOMPARE(QString::fromStdString(conv.message(reply->parentId)->content), question);
        // The generation stats are still there.
        QVERIFY(reply->statsJson.find("\"tokens\"") != std::string::npos);
    }

    void replyCitationsResolve()
    {
        // Whatever the model wrote, [1] of this reply names the first passage it was given.
        ChatColumn* c = panel_->column(0);
        MessageWidget* w = c->messageWidgets().last();
        QCOMPARE(w->role(), QStringLiteral("assistant"));
        const auto reply = ConversationStore(*store_).message(w->messageId());
        QVERIFY(reply);
        const std::vector<int64_t> ids = ragChunkIds(reply->statsJson);
        QCOMPARE(w->citations().size(), qsizetype(ids.size()));
        QSignalSpy spy(c, &ChatColumn::citationRequested);
        w->openCitation(1);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toLongLong(), ids.at(0));
        auto* dlg = panel_->findChild<QDialog*>(QStringLiteral("citationDialog"));
        QVERIFY(dlg);
        QCOMPARE(dlg->findChild<QPlainTextEdit*>(QStringLiteral("citationText"))->toPlainText(),
                 QString::fromStdString(KnowledgeBase(*store_).chunksByIds({ids.at(0)}).at(0).text));
        dlg->close();
    }

    void stopWhileRetrievingStoresNothing()
    {
        ChatColumn* c = panel_->column(0);
        useRag(QStringLiteral("bm25"));
        const qint64 leafBefore = c->leaf();
        const qint64 conversation = panel_->currentConversation();
        const size_t repliesBefore = ConversationStore(*store_).children(conversation, leafBefore).size();
        QVERIFY(panel_->send(QStringLiteral("Where does basalt come from?")));
        QVERIFY(panel_->stopButton()->isEnabled());
        panel_->stop();
        QVERIFY(QTest::qWaitFor([this] { return !panel_->isBusy(); }, kTimeoutMs));
        QCOMPARE(c->leaf(), leafBefore);
        QVERIFY(!c->isBusy());
        QCOMPARE(ConversationStore(*store_).children(conversation, leafBefore).size(), repliesBefore);
    }
};

QTEST_MAIN(tst_chat_rag)
#include "tst_chat_rag.moc"
