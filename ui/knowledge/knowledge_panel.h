#pragma once
// The knowledge panel: collections (create with chunking options, delete),
// sources added by dialog or drag and drop (files and folders, SQuAD JSON,
// dataset records), indexing (ingest + embedding) on a worker thread with
// progress and cancel, the document list with errors of failed files, a
// query box whose hits show their BM25, dense and fused ranks with the
// matches highlighted, and a viewer that opens a hit's document at its chunk.
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/retriever.h"
#include "core/store/project_store.h"
#include "ui/knowledge/embedder_factory.h"

#include <QStringList>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace wb {

class AsyncRetriever;
class BackgroundTask;
class DocumentTableModel;
class DocumentViewer;
class EmbedderLoader;
class HitTableModel;

class KnowledgePanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int CollectionIdRole = Qt::UserRole + 1;
    // Project meta key of the embedding model folder (the chat panel's RAG uses it too).
    static constexpr const char* kEmbedderMetaKey = "knowledge.embedder";

    KnowledgePanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~KnowledgePanel() override;

    // wb_ui does not link LibTorch: the app injects wb::loadEmbedder.
    void setEmbedderFactory(const EmbedderFactory& factory);
    void setEmbedderFolder(const QString& folder);   // kept in the project
    QString embedderFolder() const;

    // ---- collections (0 / false on failure, reason in lastError())
    void reloadCollections();
    qint64 currentCollection() const { return collection_; }
    void selectCollection(qint64 id);
    qint64 createCollection(const QString& name, const ChunkOptions& chunking);
    bool deleteCollection(qint64 id);   // no confirmation
    void openNewCollectionDialog();

    // ---- indexing into the current collection, on a worker thread. False when
    // busy or no collection is selected. Embeds the new chunks afterwards
    // when an embedding model folder is set and a factory is present.
    bool addPaths(const QStringList& paths);   // files and folders; .json files as SQuAD
    bool addSquadFile(const QString& path);
    bool addDataset(qint64 datasetId);
    bool reindex();
    bool embedChunksNow();
    void cancelIndexing();
    bool isIndexing() const;

    // ---- querying the current collection, on a worker thread (BM25 over a
    // large collection or a first dense query that loads the index can take
    // seconds). Dense and hybrid wait for the embedding model to load first.
    // The old hits are cleared at once; the new ones appear with
    // searchFinished(). A query typed while one runs replaces the queued one.
    bool search(const QString& query);
    bool isSearching() const;
    void openHit(int row);   // shows the hit's document with the chunk selected
    void openChunk(qint64 chunkId);

    QString lastError() const { return lastError_; }
    QListWidget* collectionList() const { return collections_; }
    QTableView* documentView() const { return documentView_; }
    DocumentTableModel* documentModel() const { return documents_; }
    QTableView* hitView() const { return hitView_; }
    HitTableModel* hitModel() const { return hits_; }
    DocumentViewer* viewer() const { return viewer_; }
    QLineEdit* queryEdit() const { return query_; }
    QComboBox* modeCombo() const { return mode_; }
    QSpinBox* topKSpin() const { return topK_; }
    QPushButton* searchButton() const { return search_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QLabel* chunkingLabel() const { return chunking_; }
    QLineEdit* embedderEdit() const { return embedder_; }
    QComboBox* datasetCombo() const { return dataset_; }

public Q_SLOTS:
    void reloadDatasets();
    void reloadDocuments();

Q_SIGNALS:
    void indexingFinished(bool ok);
    void searchFinished(bool ok);
    void collectionsChanged();   // created, deleted, or documents added
    void message(QString text);

protected:
    void changeEvent(QEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    enum class SourceKind { Paths, Squad, Dataset, Reindex, EmbedOnly };
    bool startIndexing(SourceKind kind, const QStringList& paths, qint64 datasetId);
    void onIndexingFinished(bool ok, const QString& error);
    RetrievalOptions retrievalOptions() const;
    void runSearch(const QString& query);
    void onSearchFinished(bool ok, const QString& error);
    void retranslateUi();
    void updateControls();
    void setStatus(const QString& text, bool error = false);

    ProjectStore& store_;
    QString projectPath_;
    KnowledgeBase kb_;
    AsyncRetriever* retriever_ = nullptr;
    QString queuedQuery_;   // typed while a search ran
    EmbedderLoader* loader_ = nullptr;
    std::unique_ptr<BackgroundTask> task_;
    struct Outcome;
    std::shared_ptr<Outcome> outcome_;
    qint64 collection_ = 0;
    QString pendingQuery_;
    QString lastError_;

    QLabel* collectionsLabel_ = nullptr;
    QListWidget* collections_ = nullptr;
    QPushButton* newCollection_ = nullptr;
    QPushButton* deleteCollection_ = nullptr;
    QLabel* chunking_ = nullptr;
    QLabel* embedderLabel_ = nullptr;
    QLineEdit* embedder_ = nullptr;
    QPushButton* browseEmbedder_ = nullptr;
    QPushButton* addFiles_ = nullptr;
    QPushButton* addFolder_ = nullptr;
    QPushButton* addSquad_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QPushButton* addDataset_ = nullptr;
    QPushButton* reindex_ = nullptr;
    QPushButton* embed_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* status_ = nullptr;
    QTableView* documentView_ = nullptr;
    DocumentTableModel* documents_ = nullptr;
    QLineEdit* query_ = nullptr;
    QComboBox* mode_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QPushButton* search_ = nullptr;
    QTableView* hitView_ = nullptr;
    HitTableModel* hits_ = nullptr;
    DocumentViewer* viewer_ = nullptr;
};

} // namespace wb
