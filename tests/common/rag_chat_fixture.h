#pragma once
// Shared set-up of the chat-RAG tests (tests/ui/tst_knowledge_chat_rag.cpp
// without a model, tests/uitorch/tst_chat_rag.cpp with one): a project with a
// "geology" collection of three small documents, chunked by paragraph and
// embedded with the deterministic fake embedder, and a ChatPanel on it.
// A test class derives from it and calls setUpProject() from initTestCase().
#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/retriever.h"
#include "core/store/project_store.h"
#include "core/tst_kb_fake_embedder.h"
#include "ui/chat/chat_panel.h"
#include "ui/chat/model_loader.h"
#include "ui/knowledge/knowledge_panel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace wb::test {

class RagChatFixture : public QObject {
protected:
    static constexpr int kTimeoutMs = 120000;

    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<ChatPanel> panel_;
    qint64 collection_ = 0;
    ModelLoader modelLoader_;   // set by tests that load real models

    static void writeFile(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
    }
    static EmbedderFactory fakeFactory()
    {
        return [](const std::string&) { return std::make_unique<FakeEmbedder>(); };
    }

    // The project, its collection and the panel; QVERIFY failures end the set-up.
    void setUpProject(const QString& applicationName)
    {
        QVERIFY(dir_.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("wb-tests"));
        QCoreApplication::setApplicationName(applicationName);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir_.filePath(QStringLiteral("settings")));
        QSettings().clear();
        project_ = dir_.filePath(QStringLiteral("rag.llmwb"));
        ProjectStore::create(project_.toStdString());
        const QString docs = dir_.filePath(QStringLiteral("docs"));
        QVERIFY(QDir().mkpath(docs));
        writeFile(docs + QStringLiteral("/basalt.md"),
                  "Basalt is a volcanic rock formed from cooling lava.\n\nCrushed basalt is used in roads.\n");
        writeFile(docs + QStringLiteral("/granite.txt"), "Granite is an intrusive rock rich in quartz.\n");
        writeFile(docs + QStringLiteral("/zh.txt"), "玄武岩是一种火山岩。\n");
        {
            auto store = ProjectStore::open(project_.toStdString());
            KnowledgeBase kb(*store);
            ChunkOptions o;
            o.strategy = ChunkStrategy::Paragraph;
            o.maxTokens = 64;
            o.overlapTokens = 0;
            collection_ = kb.createCollection("geology", o);
            const IngestReport r = kb.addPaths(collection_, {docs.toStdString()});
            QCOMPARE(r.added, int64_t(3));
            FakeEmbedder embedder;
            embedChunks(*store, embedder, collection_, "fake-model");
            store->setMeta(KnowledgePanel::kEmbedderMetaKey, "fake-model");
        }
        openPanel();
    }
    void openPanel()
    {
        store_ = ProjectStore::open(project_.toStdString());
        panel_ = std::make_unique<ChatPanel>(*store_, project_);
        if (modelLoader_)
            panel_->setModelLoader(modelLoader_);
        panel_->setEmbedderFactory(fakeFactory());
        panel_->resize(1100, 800);
        panel_->show();
    }
    void closePanel()
    {
        panel_.reset();
        store_.reset();
    }
    void useRag(const QString& mode)
    {
        panel_->setRagEnabled(true);
        panel_->selectRagCollection(collection_);
        panel_->ragModeCombo()->setCurrentIndex(panel_->ragModeCombo()->findData(mode));
        panel_->ragTopKSpin()->setValue(2);
    }
    // What the panel should retrieve: the same search made directly.
    std::vector<RetrievalHit> expectedHits(const QString& question, RetrievalMode mode)
    {
        FakeEmbedder embedder;
        RetrievalOptions o;
        o.mode = mode;
        o.topK = 2;
        return Retriever(*store_).search(collection_, question.toStdString(), o, &embedder);
    }
};

} // namespace wb::test
