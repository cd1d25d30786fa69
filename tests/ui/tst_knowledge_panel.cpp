// The knowledge panel, offscreen, on a temporary project with a deterministic
// fake embedder: a folder of small .md/.txt files (one Chinese, one not valid
// UTF-8) is indexed on a worker thread; the documents are listed with their
// chunk counts and the failed file with its error; a query shows BM25, dense
// and fused ranks with the matches highlighted; clicking a hit opens its
// document with the chunk's range selected; drag and drop adds files; a
// cancel during embedding keeps what was ingested; error paths say why.
#include "core/retrieval/chunker.h"
#include "core/retrieval/knowledge_base.h"
#include "core/store/project_store.h"
#include "core/tst_kb_fake_embedder.h"
#include "ui/knowledge/document_table_model.h"
#include "ui/knowledge/document_viewer.h"
#include "ui/knowledge/hit_table_model.h"
#include "ui/knowledge/knowledge_panel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTest>
#include <QUrl>

#include <atomic>
#include <memory>

using namespace wb;

namespace {

constexpr int kTimeoutMs = 60000;

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

const QByteArray kBasalt = "# Basalt\n\nBasalt is a volcanic rock formed from cooling lava.\n\n"
                           "## Uses\n\nCrushed basalt is used in road construction.\n";
const QByteArray kGranite = "Granite is an intrusive igneous rock rich in quartz and feldspar.\n\n"
                            "Granite cools slowly deep underground.\n";
const QByteArray kChinese = "玄武岩是一种火山岩，由熔岩冷却形成。\n\n花岗岩是一种侵入岩，含有石英和长石。\n";

// Blocks in embed() until released, so a cancel lands while the work runs,
// and records the thread it ran on. With the default key it is the model the
// chunks were embedded with (same vectors), for queries.
class GatedEmbedder : public test::FakeEmbedder {
public:
    GatedEmbedder(QSemaphore* entered, QSemaphore* release, std::string key = "fake:gated:v1",
                  std::atomic<QThread*>* thread = nullptr)
        : FakeEmbedder(std::move(key)), entered_(entered), release_(release), thread_(thread)
    {
    }
    std::vector<float> embed(const std::vector<std::string>& in, const EmbedProgress& progress,
                             const std::atomic<bool>* cancel) override
    {
        if (thread_)
            thread_->store(QThread::currentThread());
        entered_->release();
        release_->acquire();
        return FakeEmbedder::embed(in, progress, cancel);
    }

private:
    QSemaphore* entered_;
    QSemaphore* release_;
    std::atomic<QThread*>* thread_;
};

} // namespace

class tst_knowledge_panel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString project_;
    QString docs_;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<KnowledgePanel> panel_;
    ChunkOptions chunking_;

    static EmbedderFactory fakeFactory()
    {
        return [](const std::string&) { return std::make_unique<test::FakeEmbedder>(); };
    }
    bool waitIndexed() { return QTest::qWaitFor([this] { return !panel_->isIndexing(); }, kTimeoutMs); }
    int rowOfSource(const QString& name) const
    {
        DocumentTableModel* m = panel_->documentModel();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, DocumentTableModel::SourceColumn).data().toString() == name)
                return r;
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        project_ = dir_.filePath(QStringLiteral("kb.llmwb"));
        ProjectStore::create(project_.toStdString());
        docs_ = dir_.filePath(QStringLiteral("docs"));
        QVERIFY(QDir().mkpath(docs_));
        writeFile(docs_ + QStringLiteral("/basalt.md"), kBasalt);
        writeFile(docs_ + QStringLiteral("/granite.txt"), kGranite);
        writeFile(docs_ + QStringLiteral("/玄武岩.txt"), kChinese);
        writeFile(docs_ + QStringLiteral("/bad.txt"), QByteArray("broken \xff\xfe bytes\n"));
        writeFile(docs_ + QStringLiteral("/ignored.bin"), QByteArray("\x00\x01", 2));
        store_ = ProjectStore::open(project_.toStdString());
        panel_ = std::make_unique<KnowledgePanel>(*store_, project_);
        panel_->resize(1200, 800);
        panel_->show();
        chunking_.strategy = ChunkStrategy::Paragraph;
        chunking_.maxTokens = 64;
        chunking_.overlapTokens = 0;
    }
    void cleanupTestCase()
    {
        panel_.reset();
        store_.reset();
    }

    void needsACollectionFirst()
    {
        QCOMPARE(panel_->currentCollection(), qint64(0));
        QVERIFY(!panel_->addPaths({docs_}));
        QVERIFY(!panel_->lastError().isEmpty());
        QVERIFY(!panel_->isIndexing());
    }

    void createsCollections()
    {
        const qint64 id = panel_->createCollection(QStringLiteral("geology"), chunking_);
        QVERIFY2(id != 0, qPrintable(panel_->lastError()));
        QCOMPARE(panel_->currentCollection(), id);
        QCOMPARE(panel_->collectionList()->count(), 1);
        QVERIFY(panel_->chunkingLabel()->text().contains(QStringLiteral("64")));
        // Names are unique: the second one fails with the reason.
        QCOMPARE(panel_->createCollection(QStringLiteral("geology"), chunking_), qint64(0));
        QVERIFY(!panel_->lastError().isEmpty());
        // A second collection, deleted again.
        const qint64 other = panel_->createCollection(QStringLiteral("scratch"), {});
        QVERIFY(other != 0);
        QCOMPARE(panel_->collectionList()->count(), 2);
        QVERIFY(panel_->deleteCollection(other));
        QCOMPARE(panel_->collectionList()->count(), 1);
        QCOMPARE(panel_->currentCollection(), id);
        QVERIFY(!KnowledgeBase(*store_).collection(other));
    }

    void indexesAFolderInTheBackground()
    {
        panel_->setEmbedderFactory(fakeFactory());
        panel_->setEmbedderFolder(QStringLiteral("fake-model"));
        QCOMPARE(store_->meta(KnowledgePanel::kEmbedderMetaKey).value_or(""), std::string("fake-model"));
        QAbstractItemModelTester tester(panel_->documentModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(panel_.get(), &KnowledgePanel::indexingFinished);
        QVERIFY(panel_->addPaths({docs_}));
        QVERIFY(panel_->isIndexing());
        QVERIFY(panel_->progressBar()->isVisible());
        QVERIFY(panel_->cancelButton()->isVisible());
        QVERIFY(!panel_->searchButton()->isEnabled());
        QVERIFY(!panel_->addPaths({docs_}));   // one indexing at a time
        QVERIFY(waitIndexed());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);
        QVERIFY(!panel_->progressBar()->isVisible());

        // Four documents: three read, the broken one stored with its error; the .bin file ignored.
        DocumentTableModel* m = panel_->documentModel();
        QCOMPARE(m->rowCount(), 4);
        const struct {
            QString name;
            QByteArray text;
        } expected[] = {{QStringLiteral("basalt.md"), kBasalt},
                        {QStringLiteral("granite.txt"), kGranite},
                        {QStringLiteral("玄武岩.txt"), kChinese}};
        for (const auto& e : expected) {
            const int row = rowOfSource(e.name);
            QVERIFY2(row >= 0, qPrintable(e.name));
            const size_t chunks = chunkText(e.text.toStdString(), chunking_).size();
            QVERIFY(chunks >= 2);
            QCOMPARE(m->index(row, DocumentTableModel::ChunksColumn).data().toString(), QString::number(chunks));
            QVERIFY(m->index(row, DocumentTableModel::ErrorColumn).data().toString().isEmpty());
        }
        QCOMPARE(m->index(rowOfSource(QStringLiteral("玄武岩.txt")), DocumentTableModel::KindColumn).data().toString(),
                 QStringLiteral("text"));
        QCOMPARE(m->index(rowOfSource(QStringLiteral("basalt.md")), DocumentTableModel::KindColumn).data().toString(),
                 QStringLiteral("markdown"));
        const int bad = rowOfSource(QStringLiteral("bad.txt"));
        QVERIFY(bad >= 0);
        const QString error = m->index(bad, DocumentTableModel::ErrorColumn).data().toString();
        QVERIFY2(error.contains(QStringLiteral("bad.txt")) && error.contains(QStringLiteral("UTF-8")), qPrintable(error));
        QCOMPARE(m->index(bad, DocumentTableModel::ChunksColumn).data().toString(), QStringLiteral("0"));
        QVERIFY(m->index(bad, DocumentTableModel::SourceColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY2(panel_->statusLabel()->text().contains(QStringLiteral("4 added")), qPrintable(panel_->statusLabel()->text()));
        QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("could not be read")));
        QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("embedded")));
        const auto info = KnowledgeBase(*store_).collection(panel_->currentCollection());
        QVERIFY(info && info->failedCount == 1);
        QVERIFY(panel_->collectionList()->item(0)->text().contains(QStringLiteral("%1 documents").arg(info->documentCount)));
    }

    void reindexTouchesNothingUnchanged()
    {
        QVERIFY(panel_->reindex());
        QVERIFY(waitIndexed());
        QVERIFY2(panel_->statusLabel()->text().contains(QStringLiteral("0 added, 0 updated")),
                 qPrintable(panel_->statusLabel()->text()));
        QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("0 chunks embedded")));
    }

    void queryShowsRanksPerMode()
    {
        QAbstractItemModelTester tester(panel_->hitModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("hybrid")));
        panel_->queryEdit()->setText(QStringLiteral("volcanic lava"));
        QTest::keyClick(panel_->queryEdit(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(panel_->hitModel()->rowCount() > 0, kTimeoutMs);
        HitTableModel* hits = panel_->hitModel();
        const RetrievalHit& top = hits->hit(0);
        QVERIFY2(QString::fromStdString(top.text).contains(QStringLiteral("volcanic")), top.text.c_str());
        QCOMPARE(top.rank, 1);
        QVERIFY(top.bm25Rank >= 1);
        QVERIFY(top.denseRank >= 1);
        QVERIFY(top.fusedScore > 0);
        QCOMPARE(hits->index(0, HitTableModel::Bm25RankColumn).data().toString(), QString::number(top.bm25Rank));
        QCOMPARE(hits->index(0, HitTableModel::DenseRankColumn).data().toString(), QString::number(top.denseRank));
        QVERIFY(!hits->index(0, HitTableModel::FusedColumn).data().toString().startsWith(QStringLiteral("–")));
        QCOMPARE(hits->index(0, HitTableModel::SourceColumn).data().toString(), QStringLiteral("basalt.md"));
        const QString html = hits->index(0, HitTableModel::TextColumn).data(HitTableModel::HighlightedHtmlRole).toString();
        QVERIFY2(html.contains(QStringLiteral(">volcanic</b>")), qPrintable(html));
        QVERIFY2(html.contains(QStringLiteral(">lava</b>")), qPrintable(html));
        QCOMPARE(hits->index(0, 0).data(HitTableModel::ChunkIdRole).toLongLong(), top.chunkId);
        // Each hit's ranks are consistent with the mode's ordering.
        for (int r = 1; r < hits->rowCount(); ++r)
            QVERIFY(hits->hit(r - 1).fusedScore >= hits->hit(r).fusedScore);

        // BM25 alone: no dense ranks, no fused score.
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("bm25")));
        QVERIFY(panel_->search(QStringLiteral("volcanic lava")));
        QTRY_VERIFY_WITH_TIMEOUT(hits->rowCount() > 0, kTimeoutMs);
        QCOMPARE(hits->hit(0).denseRank, 0);
        QCOMPARE(hits->index(0, HitTableModel::DenseRankColumn).data().toString(), QStringLiteral("–"));
        QCOMPARE(hits->index(0, HitTableModel::FusedColumn).data().toString(), QStringLiteral("–"));
    }

    void chineseQueryIsHighlighted()
    {
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("bm25")));
        panel_->topKSpin()->setValue(3);
        QVERIFY(panel_->search(QStringLiteral("火山岩")));
        HitTableModel* hits = panel_->hitModel();
        QTRY_VERIFY_WITH_TIMEOUT(hits->rowCount() > 0, kTimeoutMs);
        QVERIFY(hits->rowCount() <= 3);
        QCOMPARE(hits->index(0, HitTableModel::SourceColumn).data().toString(), QStringLiteral("玄武岩.txt"));
        const QString html = hits->index(0, HitTableModel::TextColumn).data(HitTableModel::HighlightedHtmlRole).toString();
        QVERIFY2(html.contains(QStringLiteral(">火山岩</b>")), qPrintable(html));
    }

    void clickOpensTheDocumentAtTheChunk()
    {
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("hybrid")));
        QVERIFY(panel_->search(QStringLiteral("road construction")));
        HitTableModel* hits = panel_->hitModel();
        QTRY_VERIFY_WITH_TIMEOUT(hits->rowCount() > 0, kTimeoutMs);
        const RetrievalHit hit = hits->hit(0);
        QVERIFY(QString::fromStdString(hit.text).contains(QStringLiteral("road construction")));
        QVERIFY(hit.start > 0);   // not the document's first chunk: the selection must move
        QTableView* view = panel_->hitView();
        const QRect cell = view->visualRect(hits->index(0, HitTableModel::TextColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(panel_->viewer()->documentId(), hit.documentId);
        QCOMPARE(panel_->viewer()->selectedText(), QString::fromStdString(hit.text));
        QVERIFY(panel_->viewer()->titleLabel()->text().contains(QStringLiteral("basalt.md")));
        // The stored document text, not just the chunk.
        QCOMPARE(panel_->viewer()->textEdit()->toPlainText(), QString::fromUtf8(kBasalt));

        // A CJK hit: byte offsets become the right character positions.
        QVERIFY(panel_->search(QStringLiteral("花岗岩 石英")));
        QTRY_VERIFY_WITH_TIMEOUT(hits->rowCount() > 0, kTimeoutMs);
        int row = -1;
        for (int r = 0; r < hits->rowCount() && row < 0; ++r)
            if (QString::fromStdString(hits->hit(r).text).startsWith(QStringLiteral("花岗岩")))
                row = r;
        QVERIFY(row >= 0);
        panel_->openHit(row);
        QCOMPARE(panel_->viewer()->selectedText(), QString::fromStdString(hits->hit(row).text));
    }

    void dropAddsFiles()
    {
        const QString more = dir_.filePath(QStringLiteral("more"));
        QVERIFY(QDir().mkpath(more));
        writeFile(more + QStringLiteral("/obsidian.md"), "Obsidian is volcanic glass.\n");
        auto* mime = new QMimeData;
        mime->setUrls({QUrl::fromLocalFile(more + QStringLiteral("/obsidian.md"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(panel_.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(panel_.get(), &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(panel_->isIndexing());
        QVERIFY(waitIndexed());
        QVERIFY(rowOfSource(QStringLiteral("obsidian.md")) >= 0);
        QCOMPARE(panel_->documentModel()->rowCount(), 5);
        delete mime;
        // Remote URLs are refused.
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.org/a.md"))});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QCoreApplication::sendEvent(panel_.get(), &refused);
        QVERIFY(!refused.isAccepted());
    }

    void cancelDuringEmbeddingKeepsTheDocuments()
    {
        QSemaphore entered, release;
        panel_->setEmbedderFactory([&entered, &release](const std::string&) {
            return std::make_unique<GatedEmbedder>(&entered, &release);
        });
        panel_->setEmbedderFolder(QStringLiteral("gated-model"));   // another key: everything to embed again
        QSignalSpy finished(panel_.get(), &KnowledgePanel::indexingFinished);
        QVERIFY(panel_->embedChunksNow());
        QVERIFY(QTest::qWaitFor([&entered] { return entered.tryAcquire(); }, kTimeoutMs));
        panel_->cancelButton()->click();
        release.release(1000);
        QVERIFY(waitIndexed());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(panel_->statusLabel()->text().contains(QStringLiteral("cancelled")), qPrintable(panel_->statusLabel()->text()));
        QCOMPARE(panel_->documentModel()->rowCount(), 5);
        panel_->setEmbedderFactory(fakeFactory());
        panel_->setEmbedderFolder(QStringLiteral("fake-model"));
    }

    void searchRunsOnAWorkerThread()
    {
        QSemaphore entered, release;
        std::atomic<QThread*> thread{nullptr};
        panel_->setEmbedderFactory([&](const std::string&) {
            return std::make_unique<GatedEmbedder>(&entered, &release, test::FakeEmbedder().key(), &thread);
        });
        panel_->setEmbedderFolder(QStringLiteral("fake-model"));
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("dense")));
        QSignalSpy finished(panel_.get(), &KnowledgePanel::searchFinished);
        QVERIFY(panel_->search(QStringLiteral("volcanic lava")));
        QVERIFY(QTest::qWaitFor([&entered] { return entered.tryAcquire(); }, kTimeoutMs));
        // The query is being embedded and the window is still ours: old hits
        // are gone, indexing waits, and a second query queues behind the first.
        QVERIFY(panel_->isSearching());
        QCOMPARE(panel_->hitModel()->rowCount(), 0);
        QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("Searching")));
        QVERIFY(!panel_->addPaths({docs_}));
        QVERIFY(panel_->search(QStringLiteral("granite quartz")));
        QVERIFY(thread.load() != nullptr && thread.load() != QThread::currentThread());
        release.release(2);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
        QVERIFY(finished.at(0).at(0).toBool() && finished.at(1).at(0).toBool());
        QVERIFY(!panel_->isSearching());
        QVERIFY(panel_->hitModel()->rowCount() > 0);
        QVERIFY2(QString::fromStdString(panel_->hitModel()->hit(0).text).contains(QStringLiteral("Granite")),
                 panel_->hitModel()->hit(0).text.c_str());
        panel_->setEmbedderFactory(fakeFactory());
        panel_->setEmbedderFolder(QStringLiteral("fake-model"));
    }

    void errorsAreShown()
    {
        // Dense search without an embedding model says what is missing.
        panel_->setEmbedderFolder(QString());
        panel_->modeCombo()->setCurrentIndex(panel_->modeCombo()->findData(QStringLiteral("dense")));
        QVERIFY(!panel_->search(QStringLiteral("basalt")));
        QVERIFY(panel_->lastError().contains(QStringLiteral("embedding model")));
        // A model that fails to load.
        panel_->setEmbedderFactory([](const std::string& folder) -> std::unique_ptr<Embedder> {
            throw Error(folder + ": no config.json");
        });
        panel_->setEmbedderFolder(QStringLiteral("/nowhere"));
        QVERIFY(panel_->search(QStringLiteral("basalt")));   // waits for the model ...
        QTRY_VERIFY_WITH_TIMEOUT(panel_->lastError().contains(QStringLiteral("/nowhere: no config.json")), kTimeoutMs);
        QTRY_VERIFY(panel_->statusLabel()->text().contains(QStringLiteral("no config.json")));
        // A SQuAD file that is not JSON is one failure, shown with its error.
        const QString squad = dir_.filePath(QStringLiteral("broken.json"));
        writeFile(squad, "{ not json");
        panel_->setEmbedderFolder(QString());
        QVERIFY(panel_->addSquadFile(squad));
        QVERIFY(waitIndexed());
        // Not a document: the failure and its reason are in the status line.
        const QString status = panel_->statusLabel()->text();
        QVERIFY2(status.contains(QStringLiteral("could not be read")) && status.contains(QStringLiteral("broken.json")),
                 qPrintable(status));
    }

    void reopenedPanelShowsTheCollection()
    {
        panel_.reset();
        panel_ = std::make_unique<KnowledgePanel>(*store_, project_);
        QCOMPARE(panel_->collectionList()->count(), 1);
        QVERIFY(panel_->currentCollection() != 0);
        QVERIFY(panel_->documentModel()->rowCount() >= 5);
    }
};

QTEST_MAIN(tst_knowledge_panel)
#include "tst_knowledge_panel.moc"
