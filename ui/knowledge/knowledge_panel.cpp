#include "ui/knowledge/knowledge_panel.h"

#include "core/retrieval/chunk_embedding.h"
#include "ui/common/background_task.h"
#include "ui/knowledge/async_retriever.h"
#include "ui/knowledge/document_table_model.h"
#include "ui/knowledge/document_viewer.h"
#include "ui/knowledge/embedder_loader.h"
#include "ui/knowledge/hit_table_model.h"
#include "ui/knowledge/new_collection_dialog.h"
#include "ui/knowledge/rich_text_delegate.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <utility>

namespace wb {

// What the indexing work hands back to the GUI thread (read in finished()).
struct KnowledgePanel::Outcome {
    IngestReport ingest;
    bool ingested = false;
    ChunkEmbeddingReport embedding;
    bool embedded = false;
    std::shared_ptr<Embedder> embedder;   // loaded or lent for the work
    QString embedderFolder;
};

KnowledgePanel::KnowledgePanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath), kb_(store)
{
    setObjectName(QStringLiteral("knowledgePanel"));
    setAcceptDrops(true);
    loader_ = new EmbedderLoader(this);
    retriever_ = new AsyncRetriever(projectPath, this);
    connect(retriever_, &AsyncRetriever::finished, this, &KnowledgePanel::onSearchFinished);
    connect(loader_, &EmbedderLoader::ready, this, [this] {
        updateControls();
        if (!pendingQuery_.isEmpty())
            runSearch(std::exchange(pendingQuery_, QString()));
    });
    connect(loader_, &EmbedderLoader::failed, this, [this](const QString& error) {
        pendingQuery_.clear();
        setStatus(lastError_ = error, true);
        updateControls();
    });

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(splitter);

    // Left: collections, their chunking, the embedding model.
    auto* side = new QWidget(splitter);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    collectionsLabel_ = new QLabel(side);
    sideLayout->addWidget(collectionsLabel_);
    collections_ = new QListWidget(side);
    collections_->setObjectName(QStringLiteral("collectionList"));
    sideLayout->addWidget(collections_, 1);
    auto* collectionButtons = new QHBoxLayout;
    newCollection_ = new QPushButton(side);
    newCollection_->setObjectName(QStringLiteral("newCollectionButton"));
    deleteCollection_ = new QPushButton(side);
    deleteCollection_->setObjectName(QStringLiteral("deleteCollectionButton"));
    collectionButtons->addWidget(newCollection_);
    collectionButtons->addWidget(deleteCollection_);
    sideLayout->addLayout(collectionButtons);
    chunking_ = new QLabel(side);
    chunking_->setObjectName(QStringLiteral("chunkingLabel"));
    chunking_->setWordWrap(true);
    sideLayout->addWidget(chunking_);
    embedderLabel_ = new QLabel(side);
    sideLayout->addWidget(embedderLabel_);
    auto* embedderRow = new QHBoxLayout;
    embedder_ = new QLineEdit(side);
    embedder_->setObjectName(QStringLiteral("embedderFolder"));
    embedderLabel_->setBuddy(embedder_);
    embedderRow->addWidget(embedder_, 1);
    browseEmbedder_ = new QPushButton(side);
    browseEmbedder_->setObjectName(QStringLiteral("browseEmbedderButton"));
    embedderRow->addWidget(browseEmbedder_);
    sideLayout->addLayout(embedderRow);
    splitter->addWidget(side);

    // Right: sources and documents above, the query and its hits below.
    auto* mainSplit = new QSplitter(Qt::Vertical, splitter);
    auto* top = new QWidget(mainSplit);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* sourceRow = new QHBoxLayout;
    auto button = [top, sourceRow](const char* name) {
        auto* b = new QPushButton(top);
        b->setObjectName(QString::fromLatin1(name));
        sourceRow->addWidget(b);
        return b;
    };
    addFiles_ = button("addFilesButton");
    addFolder_ = button("addFolderButton");
    addSquad_ = button("addSquadButton");
    dataset_ = new QComboBox(top);
    dataset_->setObjectName(QStringLiteral("datasetCombo"));
    sourceRow->addWidget(dataset_);
    addDataset_ = button("addDatasetButton");
    sourceRow->addStretch(1);
    reindex_ = button("reindexButton");
    embed_ = button("embedButton");
    topLayout->addLayout(sourceRow);
    auto* progressRow = new QHBoxLayout;
    progress_ = new QProgressBar(top);
    progress_->setObjectName(QStringLiteral("indexProgress"));
    progress_->setRange(0, 1000);
    progress_->setVisible(false);
    progressRow->addWidget(progress_, 1);
    cancel_ = new QPushButton(top);
    cancel_->setObjectName(QStringLiteral("cancelIndexButton"));
    cancel_->setVisible(false);
    progressRow->addWidget(cancel_);
    topLayout->addLayout(progressRow);
    status_ = new QLabel(top);
    status_->setObjectName(QStringLiteral("knowledgeStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    topLayout->addWidget(status_);
    documents_ = new DocumentTableModel(this);
    documentView_ = new QTableView(top);
    documentView_->setObjectName(QStringLiteral("documentTable"));
    documentView_->setModel(documents_);
    documentView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    documentView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    documentView_->horizontalHeader()->setStretchLastSection(true);
    documentView_->verticalHeader()->setVisible(false);
    topLayout->addWidget(documentView_, 1);
    mainSplit->addWidget(top);

    auto* bottom = new QWidget(mainSplit);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    auto* queryRow = new QHBoxLayout;
    query_ = new QLineEdit(bottom);
    query_->setObjectName(QStringLiteral("queryEdit"));
    queryRow->addWidget(query_, 1);
    mode_ = new QComboBox(bottom);
    mode_->setObjectName(QStringLiteral("retrievalMode"));
    for (RetrievalMode m : {RetrievalMode::Hybrid, RetrievalMode::Dense, RetrievalMode::Bm25})
        mode_->addItem(QString(), QString::fromStdString(toString(m)));
    queryRow->addWidget(mode_);
    topK_ = new QSpinBox(bottom);
    topK_->setObjectName(QStringLiteral("topK"));
    topK_->setRange(1, 100);
    topK_->setValue(10);
    queryRow->addWidget(topK_);
    search_ = new QPushButton(bottom);
    search_->setObjectName(QStringLiteral("searchButton"));
    queryRow->addWidget(search_);
    bottomLayout->addLayout(queryRow);
    auto* hitSplit = new QSplitter(Qt::Horizontal, bottom);
    hits_ = new HitTableModel(this);
    hitView_ = new QTableView(hitSplit);
    hitView_->setObjectName(QStringLiteral("hitTable"));
    hitView_->setModel(hits_);
    hitView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    hitView_->setSelectionMode(QAbstractItemView::SingleSelection);
    hitView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    hitView_->setItemDelegateForColumn(HitTableModel::TextColumn,
                                       new RichTextDelegate(HitTableModel::HighlightedHtmlRole, hitView_));
    hitView_->horizontalHeader()->setStretchLastSection(true);
    hitView_->verticalHeader()->setVisible(false);
    hitSplit->addWidget(hitView_);
    viewer_ = new DocumentViewer(hitSplit);
    hitSplit->addWidget(viewer_);
    hitSplit->setStretchFactor(0, 3);
    hitSplit->setStretchFactor(1, 2);
    bottomLayout->addWidget(hitSplit, 1);
    mainSplit->addWidget(bottom);
    splitter->addWidget(mainSplit);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 800});

    connect(collections_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        const qint64 id = item ? item->data(CollectionIdRole).toLongLong() : 0;
        if (id != collection_)
            selectCollection(id);
    });
    connect(newCollection_, &QPushButton::clicked, this, &KnowledgePanel::openNewCollectionDialog);
    connect(deleteCollection_, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = collections_->currentItem();
        if (!item)
            return;
        const auto answer = QMessageBox::question(
            this, tr("Delete collection"),
            tr("Delete the collection \"%1\" with its documents, chunks and vectors? The source files stay.")
                .arg(item->text()));
        if (answer == QMessageBox::Yes)
            deleteCollection(item->data(CollectionIdRole).toLongLong());
    });
    connect(embedder_, &QLineEdit::editingFinished, this, [this] { setEmbedderFolder(embedder_->text()); });
    connect(browseEmbedder_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Embedding model folder"), embedder_->text());
        if (!dir.isEmpty())
            setEmbedderFolder(dir);
    });
    connect(addFiles_, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Add files"), {}, tr("Documents (*.txt *.md *.markdown *.html *.htm *.pdf);;All files (*)"));
        if (!files.isEmpty())
            addPaths(files);
    });
    connect(addFolder_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add folder"));
        if (!dir.isEmpty())
            addPaths({dir});
    });
    connect(addSquad_, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Add SQuAD JSON"), {}, tr("SQuAD JSON (*.json);;All files (*)"));
        if (!file.isEmpty())
            addSquadFile(file);
    });
    connect(addDataset_, &QPushButton::clicked, this, [this] { addDataset(dataset_->currentData().toLongLong()); });
    connect(reindex_, &QPushButton::clicked, this, &KnowledgePanel::reindex);
    connect(embed_, &QPushButton::clicked, this, &KnowledgePanel::embedChunksNow);
    connect(cancel_, &QPushButton::clicked, this, &KnowledgePanel::cancelIndexing);
    connect(search_, &QPushButton::clicked, this, [this] { search(query_->text()); });
    connect(query_, &QLineEdit::returnPressed, this, [this] { search(query_->text()); });
    connect(hitView_, &QTableView::clicked, this, [this](const QModelIndex& i) { openHit(i.row()); });
    connect(hitView_, &QTableView::activated, this, [this](const QModelIndex& i) { openHit(i.row()); });

    try {
        if (const auto saved = store_.meta(kEmbedderMetaKey))
            embedder_->setText(QString::fromStdString(*saved));
    } catch (const Error& e) {
        spdlog::warn("knowledge: {}", e.what());
    }
    retranslateUi();
    reloadDatasets();
    reloadCollections();
    if (collections_->count() > 0)
        collections_->setCurrentRow(0);
    updateControls();
}

KnowledgePanel::~KnowledgePanel()
{
    task_.reset();   // cancels and waits: the work must not outlive the panel's project
}

void KnowledgePanel::setEmbedderFactory(const EmbedderFactory& factory)
{
    if (isIndexing())
        return;
    loader_->setFactory(factory);
    updateControls();
}

void KnowledgePanel::setEmbedderFolder(const QString& folder)
{
    const QString clean = folder.trimmed();
    if (embedder_->text() != clean)
        embedder_->setText(clean);
    try {
        store_.setMeta(kEmbedderMetaKey, clean.toStdString());
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
    updateControls();
}

QString KnowledgePanel::embedderFolder() const
{
    return embedder_->text().trimmed();
}

// ---------------------------------------------------------------- collections

void KnowledgePanel::reloadCollections()
{
    const QSignalBlocker block(collections_);
    collections_->clear();
    bool found = false;
    try {
        for (const CollectionInfo& c : kb_.collections()) {
            QString label = tr("%1 (%2 documents, %3 chunks)")
                                .arg(QString::fromStdString(c.name))
                                .arg(c.documentCount)
                                .arg(c.chunkCount);
            auto* item = new QListWidgetItem(label, collections_);
            item->setData(CollectionIdRole, QVariant::fromValue<qint64>(c.id));
            item->setToolTip(QString::fromStdString(c.description));
            if (c.id == collection_) {
                collections_->setCurrentItem(item);
                found = true;
            }
        }
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
    if (!found && collection_ != 0) {
        collection_ = 0;
        reloadDocuments();
    }
}

void KnowledgePanel::selectCollection(qint64 id)
{
    collection_ = id;
    {
        const QSignalBlocker block(collections_);
        for (int i = 0; i < collections_->count(); ++i)
            if (collections_->item(i)->data(CollectionIdRole).toLongLong() == id)
                collections_->setCurrentRow(i);
    }
    hits_->setHits({}, {}, RetrievalMode::Hybrid);
    viewer_->clear();
    reloadDocuments();
    updateControls();
}

qint64 KnowledgePanel::createCollection(const QString& name, const ChunkOptions& chunking)
{
    try {
        const qint64 id = kb_.createCollection(name.trimmed().toStdString(), chunking);
        lastError_.clear();
        reloadCollections();
        selectCollection(id);
        setStatus(tr("Created the collection \"%1\".").arg(name.trimmed()));
        Q_EMIT collectionsChanged();
        return id;
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return 0;
    }
}

bool KnowledgePanel::deleteCollection(qint64 id)
{
    if (isIndexing())
        return false;
    try {
        kb_.deleteCollection(id);
        retriever_->invalidate();
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
        return false;
    }
    if (id == collection_)
        collection_ = 0;
    reloadCollections();
    selectCollection(collections_->count() > 0 ? collections_->item(0)->data(CollectionIdRole).toLongLong() : 0);
    Q_EMIT collectionsChanged();
    return true;
}

void KnowledgePanel::openNewCollectionDialog()
{
    auto* dlg = new NewCollectionDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] { createCollection(dlg->name(), dlg->chunking()); });
    dlg->open();
}

void KnowledgePanel::reloadDocuments()
{
    std::vector<DocumentInfo> docs;
    QString chunking;
    try {
        if (collection_ != 0) {
            docs = kb_.documents(collection_);
            if (const auto c = kb_.collection(collection_))
                chunking = tr("Chunking: %1").arg(chunkingSummary(c->chunking));
        }
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()), true);
    }
    documents_->setDocuments(std::move(docs));
    chunking_->setText(chunking);
}

void KnowledgePanel::reloadDatasets()
{
    const qint64 keep = dataset_->currentData().toLongLong();
    const QSignalBlocker block(dataset_);
    dataset_->clear();
    try {
        for (const DatasetInfo& d : store_.datasets())
            dataset_->addItem(QString::fromStdString(d.name), QVariant::fromValue<qint64>(d.id));
    } catch (const Error& e) {
        spdlog::warn("knowledge: datasets: {}", e.what());
    }
    const int i = dataset_->findData(QVariant::fromValue<qint64>(keep));
    if (i >= 0)
        dataset_->setCurrentIndex(i);
    updateControls();
}

// ---------------------------------------------------------------- indexing

bool KnowledgePanel::addPaths(const QStringList& paths)
{
    // SQuAD files go their own way; everything else is a document or a folder.
    QStringList documents;
    QStringList squad;
    for (const QString& p : paths)
        (QFileInfo(p).isFile() && p.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? squad : documents) << p;
    if (!squad.isEmpty() && documents.isEmpty() && squad.size() == 1)
        return startIndexing(SourceKind::Squad, squad, 0);
    if (!squad.isEmpty()) {
        setStatus(lastError_ = tr("Add SQuAD JSON files one at a time, apart from other documents."), true);
        return false;
    }
    return startIndexing(SourceKind::Paths, documents, 0);
}

bool KnowledgePanel::addSquadFile(const QString& path)
{
    return startIndexing(SourceKind::Squad, {path}, 0);
}

bool KnowledgePanel::addDataset(qint64 datasetId)
{
    if (datasetId == 0) {
        setStatus(lastError_ = tr("Choose a dataset first."), true);
        return false;
    }
    return startIndexing(SourceKind::Dataset, {}, datasetId);
}

bool KnowledgePanel::reindex()
{
    return startIndexing(SourceKind::Reindex, {}, 0);
}

bool KnowledgePanel::embedChunksNow()
{
    return startIndexing(SourceKind::EmbedOnly, {}, 0);
}

bool KnowledgePanel::isIndexing() const
{
    return task_ && task_->isRunning();
}

void KnowledgePanel::cancelIndexing()
{
    if (isIndexing()) {
        task_->cancel();
        setStatus(tr("Cancelling…"));
    }
}

bool KnowledgePanel::startIndexing(SourceKind kind, const QStringList& paths, qint64 datasetId)
{
    if (isIndexing()) {
        setStatus(lastError_ = tr("Wait for the indexing to finish, or cancel it."), true);
        return false;
    }
    if (isSearching()) {   // the search may be using the embedding model the indexing would borrow
        setStatus(lastError_ = tr("Wait for the search to finish."), true);
        return false;
    }
    if (collection_ == 0) {
        setStatus(lastError_ = tr("Create or choose a collection first."), true);
        return false;
    }
    const QString folder = embedderFolder();
    const bool embed = loader_->hasFactory() && !folder.isEmpty();
    if (kind == SourceKind::EmbedOnly && !embed) {
        setStatus(lastError_ = loader_->hasFactory() ? tr("Choose an embedding model folder first.")
                                                      : tr("Embedding models cannot be loaded in this build."),
                  true);
        return false;
    }
    auto outcome = std::make_shared<Outcome>();
    outcome->embedderFolder = folder;
    if (embed && loader_->currentFolder() == folder && !loader_->isLoading())
        outcome->embedder = loader_->current();   // lent: no query runs while indexing
    const EmbedderFactory factory = embed ? loader_->factory() : EmbedderFactory();
    const qint64 collection = collection_;
    std::vector<std::string> files;
    for (const QString& p : paths)
        files.push_back(QFileInfo(p).absoluteFilePath().toStdString());
    const QString reading = tr("Reading documents");
    const QString embedding = tr("Embedding chunks");
    const QString loadingModel = tr("Loading the embedding model");

    task_ = std::make_unique<BackgroundTask>(
        [=](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            KnowledgeBase kb(*store);
            const IngestProgress progress = [&ctx, &reading](int64_t done, int64_t total) {
                ctx.progress(done, total, reading);
            };
            switch (kind) {
            case SourceKind::Paths: outcome->ingest = kb.addPaths(collection, files, progress, ctx.cancelFlag()); break;
            case SourceKind::Squad: outcome->ingest = kb.addSquad(collection, files.at(0), progress, ctx.cancelFlag()); break;
            case SourceKind::Dataset: outcome->ingest = kb.addDataset(collection, datasetId, progress, ctx.cancelFlag()); break;
            case SourceKind::Reindex: outcome->ingest = kb.reindex(collection, progress, ctx.cancelFlag()); break;
            case SourceKind::EmbedOnly: break;
            }
            outcome->ingested = kind != SourceKind::EmbedOnly;
            if (!factory || ctx.cancelled() || outcome->ingest.cancelled)
                return;
            if (!outcome->embedder) {
                ctx.progress(0, 0, loadingModel);
                outcome->embedder = std::shared_ptr<Embedder>(factory(outcome->embedderFolder.toStdString()));
            }
            outcome->embedding = embedChunks(
                *store, *outcome->embedder, collection, outcome->embedderFolder.toStdString(), 64,
                [&ctx, &embedding](int64_t done, int64_t total) { ctx.progress(done, total, embedding); },
                ctx.cancelFlag());
            outcome->embedded = true;
        },
        projectPath_);
    outcome_ = outcome;
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total, const QString& what) {
        if (total <= 0) {
            progress_->setRange(0, 0);
        } else {
            progress_->setRange(0, 1000);
            progress_->setValue(int(done * 1000 / total));
        }
        progress_->setFormat(QStringLiteral("%1  %2/%3").arg(what).arg(done).arg(total));
    });
    connect(task_.get(), &BackgroundTask::finished, this, &KnowledgePanel::onIndexingFinished);
    lastError_.clear();
    progress_->setRange(0, 0);
    setStatus(tr("Indexing…"));
    task_->start();
    updateControls();
    return true;
}

void KnowledgePanel::onIndexingFinished(bool ok, const QString& error)
{
    const std::shared_ptr<Outcome> outcome = std::move(outcome_);
    progress_->setRange(0, 1000);
    if (outcome && outcome->embedder)
        loader_->adopt(outcome->embedderFolder, outcome->embedder);
    QStringList parts;
    if (outcome && outcome->ingested && !outcome->ingest.cancelled) {
        const IngestReport& r = outcome->ingest;
        parts << tr("%1 added, %2 updated, %3 unchanged, %4 removed; %5 chunks written.")
                     .arg(r.added)
                     .arg(r.updated)
                     .arg(r.unchanged)
                     .arg(r.removed)
                     .arg(r.chunks);
        if (!r.failures.empty())
            parts << tr("%n source(s) could not be read; the first: %1", nullptr, int(r.failures.size()))
                         .arg(QString::fromStdString(r.failures.front().error));
    }
    if (outcome && outcome->embedded)
        parts << tr("%1 chunks embedded with %2.")
                     .arg(outcome->embedding.embedded)
                     .arg(QString::fromStdString(outcome->embedding.model.displayName));
    if (ok) {
        setStatus(parts.join(QLatin1Char(' ')), outcome && !outcome->ingest.failures.empty());
        lastError_.clear();
    } else {
        const QString why = task_ && error == BackgroundTask::tr("Cancelled") ? tr("Indexing cancelled.") : error;
        setStatus(lastError_ = (parts.isEmpty() ? why : parts.join(QLatin1Char(' ')) + QLatin1Char(' ') + why), true);
    }
    retriever_->invalidate();   // the chunks or vectors changed
    reloadCollections();
    reloadDocuments();
    updateControls();
    Q_EMIT collectionsChanged();
    Q_EMIT message(status_->text());
    Q_EMIT indexingFinished(ok);
}

// ---------------------------------------------------------------- querying

RetrievalOptions KnowledgePanel::retrievalOptions() const
{
    RetrievalOptions o;
    o.mode = retrievalModeFromString(mode_->currentData().toString().toStdString());
    o.topK = topK_->value();
    o.candidates = std::max(o.candidates, o.topK);
    return o;
}

bool KnowledgePanel::search(const QString& rawQuery)
{
    const QString query = rawQuery.trimmed();
    if (query.isEmpty() || collection_ == 0)
        return false;
    if (isIndexing()) {
        setStatus(lastError_ = tr("Wait for the indexing to finish, or cancel it."), true);
        return false;
    }
    if (query_->text().trimmed() != query)
        query_->setText(query);
    if (retrievalOptions().mode != RetrievalMode::Bm25) {
        if (embedderFolder().isEmpty() || !loader_->hasFactory()) {
            setStatus(lastError_ = loader_->hasFactory() ? tr("Dense and hybrid search need an embedding model: "
                                                               "choose its folder, or search by keywords (BM25).")
                                                         : tr("Embedding models cannot be loaded in this build: "
                                                              "search by keywords (BM25)."),
                      true);
            return false;
        }
        if (!loader_->request(embedderFolder())) {
            if (!loader_->isLoading()) {
                setStatus(lastError_ = loader_->lastError(), true);
                return false;
            }
            pendingQuery_ = query;
            setStatus(tr("Loading the embedding model…"));
            updateControls();
            return true;
        }
    }
    runSearch(query);
    return true;
}

bool KnowledgePanel::isSearching() const
{
    return retriever_->isRunning();
}

void KnowledgePanel::runSearch(const QString& query)
{
    const RetrievalOptions options = retrievalOptions();
    std::shared_ptr<Embedder> embedder = options.mode == RetrievalMode::Bm25 ? nullptr : loader_->current();
    if (!retriever_->start(collection_, query, options, std::move(embedder))) {
        queuedQuery_ = query;   // runs when the current one finishes
        return;
    }
    hits_->setHits({}, query, options.mode);
    setStatus(tr("Searching…"));
    updateControls();
}

void KnowledgePanel::onSearchFinished(bool ok, const QString& error)
{
    AsyncRetriever::Result& r = retriever_->result();
    if (r.collection != collection_) {   // the user moved on to another collection
        setStatus(QString());
    } else if (ok) {
        const int n = int(r.hits.size());
        hits_->setHits(std::move(r.hits), r.query, r.options.mode);
        hitView_->resizeColumnsToContents();
        lastError_.clear();
        setStatus(tr("%n hit(s).", nullptr, n));
    } else {
        setStatus(lastError_ = error, true);
    }
    updateControls();
    Q_EMIT searchFinished(ok);
    if (!queuedQuery_.isEmpty())
        runSearch(std::exchange(queuedQuery_, QString()));
}

void KnowledgePanel::openHit(int row)
{
    if (row < 0 || row >= hits_->rowCount())
        return;
    const RetrievalHit& h = hits_->hit(row);
    try {
        const std::string text = kb_.documentText(h.documentId);
        QString title = QString::fromStdString(h.source);
        if (!h.heading.empty())
            title += QStringLiteral(" — ") + QString::fromStdString(h.heading);
        viewer_->showDocument(h.documentId, title, text, h.start, h.end);
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
    }
}

void KnowledgePanel::openChunk(qint64 chunkId)
{
    try {
        const auto chunks = kb_.chunksByIds({chunkId});
        if (chunks.empty()) {
            setStatus(lastError_ = tr("The passage is no longer in the knowledge base."), true);
            return;
        }
        const ChunkInfo& c = chunks.front();
        viewer_->showDocument(c.documentId, QString::fromStdString(c.source), kb_.documentText(c.documentId), c.start,
                              c.end);
    } catch (const Error& e) {
        setStatus(lastError_ = QString::fromStdString(e.what()), true);
    }
}

// ---------------------------------------------------------------- drag and drop

void KnowledgePanel::dragEnterEvent(QDragEnterEvent* e)
{
    if (!e->mimeData()->hasUrls() || collection_ == 0 || isIndexing())
        return;
    for (const QUrl& url : e->mimeData()->urls())
        if (!url.isLocalFile())
            return;
    e->acceptProposedAction();
}

void KnowledgePanel::dropEvent(QDropEvent* e)
{
    QStringList paths;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty() && addPaths(paths))
        e->acceptProposedAction();
}

// ---------------------------------------------------------------- look

void KnowledgePanel::setStatus(const QString& text, bool error)
{
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void KnowledgePanel::updateControls()
{
    const bool busy = isIndexing();
    const bool has = collection_ != 0;
    const bool canIndex = has && !busy && !isSearching();
    for (QWidget* w : {static_cast<QWidget*>(addFiles_), static_cast<QWidget*>(addFolder_),
                       static_cast<QWidget*>(addSquad_), static_cast<QWidget*>(reindex_)})
        w->setEnabled(canIndex);
    addDataset_->setEnabled(canIndex && dataset_->count() > 0);
    embed_->setEnabled(canIndex && loader_->hasFactory() && !embedderFolder().isEmpty());
    newCollection_->setEnabled(!busy);
    deleteCollection_->setEnabled(has && !busy);
    collections_->setEnabled(!busy);
    embedder_->setEnabled(!busy);
    browseEmbedder_->setEnabled(!busy);
    search_->setEnabled(has && !busy && !loader_->isLoading());
    progress_->setVisible(busy);
    cancel_->setVisible(busy);
}

void KnowledgePanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void KnowledgePanel::retranslateUi()
{
    collectionsLabel_->setText(tr("Collections:"));
    newCollection_->setText(tr("New…"));
    newCollection_->setToolTip(tr("Create a collection with its own chunking options"));
    deleteCollection_->setText(tr("Delete"));
    embedderLabel_->setText(tr("Embedding model folder:"));
    embedder_->setPlaceholderText(tr("None: keyword search (BM25) only"));
    embedder_->setToolTip(tr("A BERT-family model, a decoder LM, or an embedder trained in the app"));
    browseEmbedder_->setText(tr("Choose…"));
    addFiles_->setText(tr("Add files…"));
    addFiles_->setToolTip(tr("Text, Markdown, HTML and PDF files; you can also drop files and folders here"));
    addFolder_->setText(tr("Add folder…"));
    addSquad_->setText(tr("Add SQuAD JSON…"));
    addSquad_->setToolTip(tr("Every context of a SQuAD-style JSON file (SQuAD, CMRC 2018) becomes a document"));
    dataset_->setToolTip(tr("Each record of the dataset becomes a document"));
    addDataset_->setText(tr("Add dataset"));
    reindex_->setText(tr("Reindex"));
    reindex_->setToolTip(tr("Re-read changed sources and drop the ones that are gone"));
    embed_->setText(tr("Embed"));
    embed_->setToolTip(tr("Embed the chunks that have no vector for the embedding model yet"));
    cancel_->setText(tr("Cancel"));
    query_->setPlaceholderText(tr("Search the collection; Enter searches"));
    const QStringList modes = {tr("Hybrid"), tr("Dense"), tr("BM25")};
    for (int i = 0; i < mode_->count() && i < modes.size(); ++i)
        mode_->setItemText(i, modes[i]);
    mode_->setToolTip(tr("Hybrid fuses the keyword (BM25) and embedding (dense) rankings"));
    topK_->setPrefix(tr("top "));
    search_->setText(tr("Search"));
    reloadCollections();
    reloadDocuments();
}

} // namespace wb
