#include "ui/embeddings/embedding_map_panel.h"

#include "core/inspect/inspection_store.h"
#include "core/retrieval/knowledge_base.h"
#include "core/store/conversations.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"
#include "ui/embeddings/map_fields.h"
#include "ui/embeddings/map_legend_model.h"
#include "ui/embeddings/map_neighbour_model.h"
#include "ui/embeddings/map_neighbours.h"
#include "ui/embeddings/map_view.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <set>

namespace wb {

namespace {
constexpr const char* kEmbedderMeta = "map.embedder_folder";
constexpr qint64 kSyncNeighbourWork = 4'000'000;   // n * dim below which neighbours are found on the GUI thread
} // namespace

EmbeddingMapPanel::EmbeddingMapPanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    buildUi();
    retranslateUi();
    reloadChoices();
    try {
        if (auto folder = store_.meta(kEmbedderMeta))
            embedder_->setText(QString::fromStdString(*folder));
    } catch (const Error&) {
        // An unreadable setting only loses the remembered folder.
    }
    updateSourceControls();
    updateMethodControls();
    setBusy(false);
}

EmbeddingMapPanel::~EmbeddingMapPanel()
{
    if (task_)
        BackgroundTask::retire(std::move(task_));
}

void EmbeddingMapPanel::buildUi()
{
    // ---- what to map
    source_ = new QComboBox(this);
    source_->addItem(QString(), int(MapItemKind::Record));
    source_->addItem(QString(), int(MapItemKind::Chunk));
    source_->addItem(QString(), int(MapItemKind::Message));
    dataset_ = new QComboBox(this);
    mix_ = new QComboBox(this);
    field_ = new QComboBox(this);
    field_->addItem(QString(), QStringLiteral("instruction+output"));
    field_->addItem(QString(), QStringLiteral("instruction"));
    field_->addItem(QString(), QStringLiteral("output"));
    collection_ = new QComboBox(this);
    embedder_ = new QLineEdit(this);
    browseEmbedder_ = new QPushButton(this);
    method_ = new QComboBox(this);
    method_->addItem(QStringLiteral("UMAP"), QStringLiteral("umap"));
    method_->addItem(QStringLiteral("PCA"), QStringLiteral("pca"));
    method_->addItem(QStringLiteral("t-SNE"), QStringLiteral("tsne"));
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1'000'000'000);
    seed_->setValue(42);
    umapNeighbors_ = new QSpinBox(this);
    umapNeighbors_->setRange(2, 200);
    umapNeighbors_->setValue(15);
    minDist_ = new QDoubleSpinBox(this);
    minDist_->setRange(0.0, 1.0);
    minDist_->setSingleStep(0.05);
    minDist_->setValue(0.1);
    perplexity_ = new QDoubleSpinBox(this);
    perplexity_->setRange(2, 100);
    perplexity_->setValue(30);
    build_ = new QPushButton(this);
    cancel_ = new QPushButton(this);
    import_ = new QPushButton(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(220);
    status_ = new QLabel(this);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel** l : {&sourceLabel_, &datasetLabel_, &mixLabel_, &fieldLabel_, &collectionLabel_, &embedderLabel_,
                       &methodLabel_, &seedLabel_, &neighborsLabel_, &minDistLabel_, &perplexityLabel_})
        *l = new QLabel(this);
    sourceLabel_->setBuddy(source_);
    datasetLabel_->setBuddy(dataset_);
    embedderLabel_->setBuddy(embedder_);
    methodLabel_->setBuddy(method_);

    auto* what = new QGridLayout;
    what->addWidget(sourceLabel_, 0, 0);
    what->addWidget(source_, 0, 1);
    what->addWidget(datasetLabel_, 0, 2);
    what->addWidget(dataset_, 0, 3);
    what->addWidget(mixLabel_, 0, 4);
    what->addWidget(mix_, 0, 5);
    what->addWidget(fieldLabel_, 0, 6);
    what->addWidget(field_, 0, 7);
    what->addWidget(collectionLabel_, 0, 8);
    what->addWidget(collection_, 0, 9);
    what->addWidget(embedderLabel_, 1, 0);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(embedder_, 1);
    folderRow->addWidget(browseEmbedder_);
    what->addLayout(folderRow, 1, 1, 1, 5);
    what->addWidget(methodLabel_, 1, 6);
    what->addWidget(method_, 1, 7);
    auto* params = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{seedLabel_, seed_, neighborsLabel_, umapNeighbors_, minDistLabel_,
                                                      minDist_, perplexityLabel_, perplexity_})
        params->addWidget(w);
    params->addStretch(1);
    what->addLayout(params, 2, 0, 1, 8);
    auto* run = new QHBoxLayout;
    run->addWidget(build_);
    run->addWidget(cancel_);
    run->addWidget(import_);
    run->addWidget(progress_);
    run->addWidget(status_, 1);
    what->addLayout(run, 3, 0, 1, 10);
    what->setColumnStretch(3, 1);

    // ---- the map and its side bar
    view_ = new MapView(this);
    neighbours_ = new MapNeighbourModel(this);
    colorBy_ = new QComboBox(this);
    colorByLabel_ = new QLabel(this);
    colorByLabel_->setBuddy(colorBy_);
    legend_ = new QListView(this);
    legend_->setModel(view_->legendModel());
    legend_->setMaximumHeight(180);
    auto tool = [this](MapView::Tool t) {
        auto* b = new QToolButton(this);
        b->setCheckable(true);
        b->setAutoRaise(true);
        connect(b, &QToolButton::toggled, this, [this, t](bool on) {
            if (on)
                view_->setTool(t);
        });
        return b;
    };
    panTool_ = tool(MapView::Tool::Pan);
    rectTool_ = tool(MapView::Tool::Rectangle);
    lassoTool_ = tool(MapView::Tool::Lasso);
    panTool_->setChecked(true);
    auto* tools = new QButtonGroup(this);
    for (QToolButton* b : {panTool_, rectTool_, lassoTool_})
        tools->addButton(b);
    fit_ = new QToolButton(this);
    fit_->setAutoRaise(true);
    search_ = new QLineEdit(this);
    search_->setClearButtonEnabled(true);
    searchCount_ = new QLabel(this);
    duplicates_ = new QCheckBox(this);
    duplicateSimilarity_ = new QDoubleSpinBox(this);
    duplicateSimilarity_->setRange(0.5, 1.0);
    duplicateSimilarity_->setDecimals(3);
    duplicateSimilarity_->setSingleStep(0.01);
    duplicateSimilarity_->setValue(0.95);
    selectionLabel_ = new QLabel(this);
    filter_ = new QPushButton(this);
    bulk_ = new QToolButton(this);
    bulk_->setPopupMode(QToolButton::InstantPopup);
    bulkMenu_ = new QMenu(this);
    bulk_->setMenu(bulkMenu_);
    neighboursLabel_ = new QLabel(this);
    neighbourTable_ = new QTableView(this);
    neighbourTable_->setModel(neighbours_);
    neighbourTable_->verticalHeader()->hide();
    neighbourTable_->horizontalHeader()->setStretchLastSection(true);
    neighbourTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    neighbourTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    exportPng_ = new QPushButton(this);

    auto* side = new QWidget(this);
    auto* sl = new QVBoxLayout(side);
    sl->setContentsMargins(0, 0, 0, 0);
    auto* colorRow = new QHBoxLayout;
    colorRow->addWidget(colorByLabel_);
    colorRow->addWidget(colorBy_, 1);
    sl->addLayout(colorRow);
    sl->addWidget(legend_);
    auto* toolRow = new QHBoxLayout;
    for (QToolButton* b : {panTool_, rectTool_, lassoTool_, fit_})
        toolRow->addWidget(b);
    toolRow->addStretch(1);
    sl->addLayout(toolRow);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(search_, 1);
    searchRow->addWidget(searchCount_);
    sl->addLayout(searchRow);
    auto* dupRow = new QHBoxLayout;
    dupRow->addWidget(duplicates_);
    dupRow->addWidget(duplicateSimilarity_);
    sl->addLayout(dupRow);
    sl->addWidget(selectionLabel_);
    auto* selRow = new QHBoxLayout;
    selRow->addWidget(filter_);
    selRow->addWidget(bulk_);
    sl->addLayout(selRow);
    sl->addWidget(neighboursLabel_);
    sl->addWidget(neighbourTable_, 1);
    sl->addWidget(exportPng_);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(view_);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* top = new QVBoxLayout(this);
    top->addLayout(what);
    top->addWidget(splitter, 1);

    // ---- behaviour
    connect(source_, &QComboBox::currentIndexChanged, this, [this] { updateSourceControls(); });
    connect(method_, &QComboBox::currentIndexChanged, this, [this] { updateMethodControls(); });
    connect(browseEmbedder_, &QPushButton::clicked, this, &EmbeddingMapPanel::browseEmbedder);
    connect(build_, &QPushButton::clicked, this, [this] {
        if (!buildMap())
            QMessageBox::warning(this, tr("Embedding map"), lastError_);
    });
    connect(cancel_, &QPushButton::clicked, this, &EmbeddingMapPanel::cancel);
    connect(import_, &QPushButton::clicked, this, &EmbeddingMapPanel::browseCoordinates);
    connect(colorBy_, &QComboBox::currentIndexChanged, this, [this] {
        setColorBy(colorBy_->currentData().toString());
    });
    connect(fit_, &QToolButton::clicked, view_, &MapView::fitAll);
    connect(search_, &QLineEdit::returnPressed, this, [this] { search(search_->text()); });
    connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty())
            search({});
    });
    connect(duplicates_, &QCheckBox::toggled, this, &EmbeddingMapPanel::setNearDuplicatesShown);
    connect(duplicateSimilarity_, &QDoubleSpinBox::valueChanged, this, [this] {
        if (duplicates_->isChecked())
            setNearDuplicatesShown(true);
    });
    connect(filter_, &QPushButton::clicked, this, &EmbeddingMapPanel::filterToSelection);
    connect(exportPng_, &QPushButton::clicked, this, &EmbeddingMapPanel::exportPngDialog);
    connect(view_, &MapView::selectionChanged, this, &EmbeddingMapPanel::onSelectionChanged);
    connect(view_, &MapView::pointClicked, this, &EmbeddingMapPanel::onPointClicked);
    connect(view_, &MapView::recordActivated, this, &EmbeddingMapPanel::recordActivated);
    connect(neighbourTable_, &QTableView::activated, this, [this](const QModelIndex& idx) {
        const qint64 point = neighbours_->data(idx, MapNeighbourModel::PointRole).toLongLong();
        view_->setCurrentPoint(point);
        showNeighbours(point);
    });
    view_->setTextProvider([this](int64_t point) { return itemText(point); });
}

void EmbeddingMapPanel::retranslateUi()
{
    sourceLabel_->setText(tr("&Map:"));
    source_->setItemText(0, tr("Dataset records"));
    source_->setItemText(1, tr("Knowledge-base chunks"));
    source_->setItemText(2, tr("Chat messages"));
    datasetLabel_->setText(tr("&Dataset:"));
    mixLabel_->setText(tr("Mix with:"));
    fieldLabel_->setText(tr("Field:"));
    field_->setItemText(0, tr("Instruction + output"));
    field_->setItemText(1, tr("Instruction"));
    field_->setItemText(2, tr("Output"));
    collectionLabel_->setText(tr("Collection:"));
    embedderLabel_->setText(tr("&Embedder:"));
    embedder_->setPlaceholderText(tr("Folder of an embedding model"));
    browseEmbedder_->setText(tr("Browse…"));
    methodLabel_->setText(tr("M&ethod:"));
    seedLabel_->setText(tr("Seed:"));
    neighborsLabel_->setText(tr("Neighbours:"));
    minDistLabel_->setText(tr("Min. distance:"));
    perplexityLabel_->setText(tr("Perplexity:"));
    build_->setText(tr("&Build map"));
    cancel_->setText(tr("Cancel"));
    import_->setText(tr("Import coordinates…"));
    import_->setToolTip(tr("A CSV or JSON file of record id, x and y"));
    colorByLabel_->setText(tr("&Colour by:"));
    panTool_->setText(tr("Pan"));
    panTool_->setToolTip(tr("Drag to pan, wheel to zoom (Shift-drag: rectangle, Ctrl-drag: lasso)"));
    rectTool_->setText(tr("Rectangle"));
    rectTool_->setToolTip(tr("Drag a rectangle to select points"));
    lassoTool_->setText(tr("Lasso"));
    lassoTool_->setToolTip(tr("Draw around points to select them"));
    fit_->setText(tr("Fit"));
    search_->setPlaceholderText(tr("Highlight matching text…"));
    duplicates_->setText(tr("Outline near duplicates, similarity ≥"));
    filter_->setText(tr("Filter dataset to selection"));
    bulk_->setText(tr("Selection actions"));
    neighboursLabel_->setText(tr("Nearest neighbours of the clicked point"));
    exportPng_->setText(tr("Export PNG…"));

    bulkMenu_->clear();
    QMenu* status = bulkMenu_->addMenu(tr("Set status"));
    for (auto s : {ReviewStatus::Unreviewed, ReviewStatus::Accepted, ReviewStatus::Rejected, ReviewStatus::NeedsFix})
        connect(status->addAction(displayName(s)), &QAction::triggered, this, [this, s] { bulkSetStatus(s); });
    QMenu* split = bulkMenu_->addMenu(tr("Set split"));
    for (auto s : {Split::Train, Split::Validation, Split::Test})
        connect(split->addAction(displayName(s)), &QAction::triggered, this, [this, s] { bulkSetSplit(s); });
    connect(bulkMenu_->addAction(tr("Add tag…")), &QAction::triggered, this, [this] {
        bool ok = false;
        const QString tag = QInputDialog::getText(this, tr("Add tag"), tr("Tag to add:"), QLineEdit::Normal, {}, &ok);
        if (ok && !tag.trimmed().isEmpty())
            bulkAddTag(tag.trimmed());
    });
    fillColorBy();
    onSelectionChanged(qint64(view_->selection().size()));
}

void EmbeddingMapPanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void EmbeddingMapPanel::setPipeline(std::shared_ptr<MapPipeline> pipeline)
{
    pipeline_ = std::move(pipeline);
    setBusy(isBusy());
}

void EmbeddingMapPanel::reloadChoices()
{
    const qint64 ds = dataset_->currentData().toLongLong(), mix = mix_->currentData().toLongLong(),
                 coll = collection_->currentData().toLongLong();
    dataset_->clear();
    mix_->clear();
    collection_->clear();
    mix_->addItem(tr("(none)"), qint64(0));
    try {
        for (const DatasetInfo& d : store_.datasets()) {
            const QString name = QString::fromStdString(d.name);
            dataset_->addItem(name, qint64(d.id));
            mix_->addItem(name, qint64(d.id));
        }
        for (const CollectionInfo& c : KnowledgeBase(store_).collections())
            collection_->addItem(QString::fromStdString(c.name), qint64(c.id));
    } catch (const Error& e) {
        status_->setText(QString::fromStdString(e.what()));
    }
    auto restore = [](QComboBox* box, qint64 id) {
        const int at = box->findData(id);
        if (at >= 0)
            box->setCurrentIndex(at);
    };
    restore(dataset_, ds);
    restore(mix_, mix);
    restore(collection_, coll);
}

void EmbeddingMapPanel::updateSourceControls()
{
    const auto kind = MapItemKind(source_->currentData().toInt());
    const bool records = kind == MapItemKind::Record, chunks = kind == MapItemKind::Chunk;
    for (QWidget* w : std::initializer_list<QWidget*>{datasetLabel_, dataset_, mixLabel_, mix_, fieldLabel_, field_})
        w->setVisible(records);
    collectionLabel_->setVisible(chunks);
    collection_->setVisible(chunks);
}

void EmbeddingMapPanel::updateMethodControls()
{
    const QString m = method_->currentData().toString();
    const bool umap = m == QLatin1String("umap"), tsne = m == QLatin1String("tsne");
    for (QWidget* w : std::initializer_list<QWidget*>{neighborsLabel_, umapNeighbors_, minDistLabel_, minDist_})
        w->setVisible(umap);
    perplexityLabel_->setVisible(tsne);
    perplexity_->setVisible(tsne);
}

MapRequest EmbeddingMapPanel::request() const
{
    MapRequest r;
    r.kind = MapItemKind(source_->currentData().toInt());
    if (const qint64 ds = dataset_->currentData().toLongLong(); ds > 0)
        r.datasetIds.push_back(ds);
    if (const qint64 mix = mix_->currentData().toLongLong(); mix > 0 && (r.datasetIds.empty() || mix != r.datasetIds[0]))
        r.datasetIds.push_back(mix);
    r.collectionId = collection_->currentData().toLongLong();
    r.field = field_->currentData().toString().toStdString();
    r.embedderFolder = embedder_->text().trimmed().toStdString();
    r.params.method = projectionMethodFromString(method_->currentData().toString().toStdString());
    r.params.seed = uint64_t(seed_->value());
    r.params.neighbors = umapNeighbors_->value();
    r.params.minDist = minDist_->value();
    r.params.perplexity = perplexity_->value();
    return r;
}

bool EmbeddingMapPanel::buildMap()
{
    return buildMap(request());
}

bool EmbeddingMapPanel::buildMap(const MapRequest& req)
{
    lastError_.clear();
    if (!pipeline_)
        lastError_ = tr("This build cannot load embedders: import coordinates instead.");
    else if (req.embedderFolder.empty())
        lastError_ = tr("Choose the folder of an embedding model first.");
    else if (req.kind == MapItemKind::Record && req.datasetIds.empty())
        lastError_ = tr("Choose a dataset first.");
    else if (req.kind == MapItemKind::Chunk && req.collectionId <= 0)
        lastError_ = tr("Choose a knowledge-base collection first.");
    else if (isBusy())
        lastError_ = tr("A map is being built already.");
    if (!lastError_.isEmpty())
        return false;
    try {
        store_.setMeta(kEmbedderMeta, req.embedderFolder);
    } catch (const Error&) {
        // Only the remembered folder is lost.
    }
    auto pipeline = pipeline_;
    startTask([pipeline, req](BackgroundTask::Context& ctx) { return pipeline->run(req, ctx); },
              tr("Building the map…"));
    return true;
}

bool EmbeddingMapPanel::importCoordinates(const QString& file)
{
    lastError_.clear();
    if (isBusy()) {
        lastError_ = tr("A map is being built already.");
        return false;
    }
    const std::string path = file.toStdString();
    startTask([path](BackgroundTask::Context& ctx) { return importCoordinatesMap(ctx.projectPath, path); },
              tr("Importing coordinates…"));
    return true;
}

void EmbeddingMapPanel::startTask(std::function<MapResult(BackgroundTask::Context&)> work, const QString& what)
{
    auto out = std::make_shared<MapResult>();
    pending_ = out;
    task_ = std::make_unique<BackgroundTask>(
        [work = std::move(work), out](BackgroundTask::Context& ctx) { *out = work(ctx); }, projectPath_);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total, const QString& stage) {
        progress_->setRange(0, total > 0 ? 1000 : 0);
        progress_->setValue(total > 0 ? int(1000 * done / total) : 0);
        if (!stage.isEmpty())
            status_->setText(stage);
    });
    connect(task_.get(), &BackgroundTask::finished, this, &EmbeddingMapPanel::onTaskFinished);
    status_->setText(what);
    progress_->setRange(0, 0);
    setBusy(true);
    task_->start();
}

void EmbeddingMapPanel::onTaskFinished(bool ok, const QString& error)
{
    auto out = std::move(pending_);
    // The task is done: delete it later, not inside its own signal.
    if (task_)
        task_.release()->deleteLater();
    setBusy(false);
    progress_->setRange(0, 1);
    progress_->setValue(ok ? 1 : 0);
    if (!ok || !out || out->cancelled || !out->data) {
        lastError_ = ok ? tr("Cancelled") : error;
        status_->setText(lastError_);
        Q_EMIT message(lastError_);
        return;
    }
    showResult(std::move(out));
}

void EmbeddingMapPanel::showResult(std::shared_ptr<MapResult> result)
{
    try {
        view_->setData(result->data);
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        status_->setText(lastError_);
        return;
    }
    result_ = std::move(result);
    neighbours_->setRows({}, false);
    reloadInspectionScores();
    fillColorBy();
    const qint64 n = result_->data->size();
    QString text = tr("%Ln point(s)", nullptr, int(n));
    if (!result_->embedderName.empty())
        text += QStringLiteral(" · ") + QString::fromStdString(result_->embedderName);
    text += QStringLiteral(" · ") +
            (result_->trustworthiness >= 0
                 ? tr("trustworthiness %1").arg(result_->trustworthiness, 0, 'f', 3)
                 : tr("trustworthiness unknown"));
    if (result_->fromCache)
        text += QStringLiteral(" · ") + tr("from cache");
    if (!result_->note.empty())
        text += QStringLiteral(" · ") + QString::fromStdString(result_->note);
    status_->setText(text);
    if (duplicates_->isChecked())
        setNearDuplicatesShown(true);
    if (!search_->text().isEmpty())
        search(search_->text());
    Q_EMIT mapReady(n);
}

void EmbeddingMapPanel::fillColorBy()
{
    const QString current = colorBy_->currentData().toString();
    const QSignalBlocker block(colorBy_);
    colorBy_->clear();
    colorBy_->addItem(tr("(one colour)"), QString());
    if (const MapData* d = view_->data())
        for (const MapChannel& ch : d->channels)
            colorBy_->addItem(ch.name, ch.key);
    const int at = colorBy_->findData(current);
    colorBy_->setCurrentIndex(std::max(at, 0));
    if (at > 0 && view_->data())
        view_->setColorChannel(view_->data()->channelIndex(current));
}

void EmbeddingMapPanel::setColorBy(const QString& key)
{
    const int channel = view_->data() ? view_->data()->channelIndex(key) : -1;
    view_->setColorChannel(channel);
    const QSignalBlocker block(colorBy_);
    colorBy_->setCurrentIndex(std::max(colorBy_->findData(channel >= 0 ? key : QString()), 0));
}

void EmbeddingMapPanel::setScores(const QString& key, const QString& name,
                                  const std::unordered_map<int64_t, float>& byItem)
{
    if (!view_->mutableData())
        return;
    setNumericChannel(*view_->mutableData(), key, name, byItem);
    if (view_->colorChannel() == view_->data()->channelIndex(key))
        view_->refreshColors();
    fillColorBy();
}

bool EmbeddingMapPanel::reloadInspectionScores()
{
    const MapData* d = view_->data();
    if (!d || d->kind == MapItemKind::Chunk)
        return false;
    std::unordered_map<int64_t, double> risks;
    try {
        inspect::InspectionStore inspections(store_);
        risks = d->kind == MapItemKind::Record ? inspections.recordRisks() : inspections.messageRisks();
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        return false;
    }
    std::unordered_map<int64_t, float> onMap;
    for (const int64_t id : d->itemIds)
        if (auto it = risks.find(id); it != risks.end())
            onMap[id] = float(it->second);
    if (onMap.empty())
        return false;
    setScores(QStringLiteral("hallucination"), tr("Hallucination risk"), onMap);
    return true;
}

QString EmbeddingMapPanel::itemText(int64_t point) const
{
    if (!result_ || point < 0 || point >= result_->data->size())
        return {};
    if (size_t(point) < result_->texts.size())
        return QString::fromStdString(result_->texts[size_t(point)]);
    if (result_->data->kind != MapItemKind::Record)
        return {};
    try {
        if (auto r = store_.record(result_->data->itemIds[size_t(point)]))
            return QString::fromStdString(recordText(*r));
    } catch (const Error&) {
        // Fall back to the view's "Item N".
    }
    return {};
}

int EmbeddingMapPanel::search(const QString& text)
{
    std::vector<int64_t> points;
    const MapData* d = view_->data();
    if (d && !text.trimmed().isEmpty()) {
        if (d->kind == MapItemKind::Record) {
            const auto at = pointsByItem(*d);
            std::set<int64_t> datasets(d->datasetIds.begin(), d->datasetIds.end());
            try {
                for (int64_t ds : datasets) {
                    RecordQuery q;
                    q.datasetId = ds;
                    q.text = text.toStdString();
                    for (int64_t id : store_.ids(q))
                        if (auto it = at.find(id); it != at.end())
                            points.push_back(it->second);
                }
            } catch (const Error& e) {
                Q_EMIT message(QString::fromStdString(e.what()));
            }
        } else if (result_) {
            for (size_t i = 0; i < result_->texts.size(); ++i)
                if (QString::fromStdString(result_->texts[i]).contains(text, Qt::CaseInsensitive))
                    points.push_back(int64_t(i));
        }
    }
    std::sort(points.begin(), points.end());
    view_->setHighlighted(points);
    const int n = int(view_->highlighted().size());
    searchCount_->setText(text.trimmed().isEmpty() ? QString() : tr("%Ln match(es)", nullptr, n));
    return n;
}

void EmbeddingMapPanel::onPointClicked(qint64 point)
{
    showNeighbours(point);
}

void EmbeddingMapPanel::showNeighbours(qint64 point)
{
    const int generation = ++neighbourGeneration_;
    if (!result_ || point < 0 || point >= result_->data->size()) {
        view_->setNeighbours({});
        neighbours_->setRows({}, false);
        return;
    }
    const auto result = result_;
    const std::vector<char> visible = [&] {
        std::vector<char> v(size_t(result->data->size()));
        for (int64_t i = 0; i < result->data->size(); ++i)
            v[size_t(i)] = view_->isPointVisible(i);
        return v;
    }();
    auto apply = [this, generation, result](std::vector<std::pair<int64_t, float>> found, bool embedding) {
        if (generation != neighbourGeneration_ || result != result_)
            return;   // a newer click, or another map
        std::vector<NeighbourRow> rows;
        std::vector<int64_t> points;
        for (const auto& [j, dist] : found) {
            QString text = itemText(j).simplified();
            if (text.size() > 200)
                text = text.left(200) + QStringLiteral("…");
            rows.push_back({j, result->data->itemIds[size_t(j)], dist, text});
            points.push_back(j);
        }
        view_->setNeighbours(points);
        neighbours_->setRows(std::move(rows), embedding);
        Q_EMIT neighboursReady(int(found.size()));
    };
    if (result->dim <= 0 || result->vectors.empty()) {
        apply(view_->index().kNearest(point, kNeighbours, [&](int64_t j) { return visible[size_t(j)] != 0; }), false);
        return;
    }
    auto find = [result, point, visible] {
        return nearestByVector(result->vectors.data(), result->data->size(), result->dim, point, kNeighbours,
                               [&](int64_t j) { return visible[size_t(j)] != 0; });
    };
    if (qint64(result->data->size()) * result->dim <= kSyncNeighbourWork) {
        apply(find(), true);
        return;
    }
    // A brute-force scan of a big map: off the GUI thread.
    auto* watcher = new QFutureWatcher<std::vector<std::pair<int64_t, float>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, apply] {
        watcher->deleteLater();
        apply(watcher->result(), true);
    });
    watcher->setFuture(QtConcurrent::run(find));
}

void EmbeddingMapPanel::setNearDuplicatesShown(bool on)
{
    const int generation = ++duplicateGeneration_;
    if (duplicates_->isChecked() != on) {
        const QSignalBlocker block(duplicates_);
        duplicates_->setChecked(on);
    }
    if (!on || !result_) {
        view_->setClusters({});
        return;
    }
    const auto result = result_;
    NearDuplicateOptions options;
    options.minCosine = float(duplicateSimilarity_->value());
    // Without vectors: points nearly on top of each other, relative to the map's size.
    const SpatialIndex& shown = view_->index();
    const double diagonal = std::hypot(double(shown.maxX() - shown.minX()), double(shown.maxY() - shown.minY()));
    options.maxMapDistance = float((1.0 - duplicateSimilarity_->value()) * 0.1 * diagonal);
    std::vector<char> visible(size_t(result->data->size()));
    for (int64_t i = 0; i < result->data->size(); ++i)
        visible[size_t(i)] = view_->isPointVisible(i);
    auto* watcher = new QFutureWatcher<std::vector<std::vector<int64_t>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, result] {
        watcher->deleteLater();
        if (generation != duplicateGeneration_ || result != result_)
            return;
        auto groups = watcher->result();
        const int n = int(groups.size());
        view_->setClusters(std::move(groups));
        Q_EMIT nearDuplicatesReady(n);
        Q_EMIT message(tr("%Ln near-duplicate group(s)", nullptr, n));
    });
    // The worker builds its own index: the view's may be rebuilt for another map meanwhile.
    watcher->setFuture(QtConcurrent::run([result, options, visible] {
        SpatialIndex index;
        index.build(result->data->xy.data(), result->data->size());
        return nearDuplicateGroups(index, result->data->xy.data(), result->data->size(),
                                   result->vectors.empty() ? nullptr : result->vectors.data(), result->dim, options,
                                   [&](int64_t j) { return visible[size_t(j)] != 0; });
    }));
}

bool EmbeddingMapPanel::exportPng(const QString& path)
{
    QString error;
    if (view_->exportPng(path, {}, &error))
        return true;
    lastError_ = error;
    return false;
}

void EmbeddingMapPanel::exportPngDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export map as PNG"), QStringLiteral("map.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !exportPng(path))
        QMessageBox::warning(this, tr("Export PNG"), lastError_);
}

void EmbeddingMapPanel::browseEmbedder()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Embedding model folder"), embedder_->text());
    if (!dir.isEmpty())
        embedder_->setText(dir);
}

void EmbeddingMapPanel::browseCoordinates()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import 2-D coordinates"), {},
                                                      tr("Coordinates (*.csv *.tsv *.txt *.json *.jsonl)"));
    if (!file.isEmpty() && !importCoordinates(file))
        QMessageBox::warning(this, tr("Embedding map"), lastError_);
}

// ---- selection

void EmbeddingMapPanel::onSelectionChanged(qint64 count)
{
    selectionLabel_->setText(count > 0 ? tr("%Ln point(s) selected", nullptr, int(count))
                                       : tr("No selection: Shift-drag a rectangle or Ctrl-drag a lasso"));
    const bool records = view_->data() && view_->data()->kind == MapItemKind::Record;
    filter_->setEnabled(count > 0 && records);
    bulk_->setEnabled(count > 0 && records && !bulkBusy_);
}

QList<qint64> EmbeddingMapPanel::selectedRecordIds() const
{
    QList<qint64> ids;
    if (!view_->data() || view_->data()->kind != MapItemKind::Record)
        return ids;
    for (int64_t id : view_->selectedItemIds())
        ids.push_back(id);
    return ids;
}

void EmbeddingMapPanel::filterToSelection()
{
    const QList<qint64> ids = selectedRecordIds();
    if (ids.isEmpty())
        return;
    std::set<int64_t> datasets;
    for (int64_t i : view_->selection())
        datasets.insert(view_->data()->datasetIds[size_t(i)]);
    Q_EMIT filterDatasetToSelection(datasets.size() == 1 ? *datasets.begin() : 0, ids);
}

bool EmbeddingMapPanel::bulkSetStatus(ReviewStatus status)
{
    BulkChange c;
    c.status = status;
    return runBulk(c, tr("Set status: %1").arg(displayName(status)));
}

bool EmbeddingMapPanel::bulkSetSplit(Split split)
{
    BulkChange c;
    c.split = split;
    return runBulk(c, tr("Set split: %1").arg(displayName(split)));
}

bool EmbeddingMapPanel::bulkAddTag(const QString& tag)
{
    BulkChange c;
    c.addTags.push_back(tag.toStdString());
    return runBulk(c, tr("Add tag: %1").arg(tag));
}

bool EmbeddingMapPanel::runBulk(const BulkChange& change, const QString& label)
{
    const QList<qint64> ids = selectedRecordIds();
    if (ids.isEmpty() || bulkBusy_)
        return false;
    RecordQuery q;
    q.ids.assign(ids.begin(), ids.end());
    const std::string groupLabel = tr("%1 (%Ln record(s) on the map)", nullptr, int(ids.size())).arg(label).toStdString();
    auto changed = std::make_shared<qint64>(0);
    auto* task = new BackgroundTask(
        [q, change, groupLabel, changed](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);   // one transaction, one undo step
            *changed = store->applyBulk(q, change, groupLabel);
        },
        projectPath_, this);
    bulkBusy_ = true;
    onSelectionChanged(qint64(view_->selection().size()));
    const auto result = result_;
    const std::vector<int64_t> points = view_->selection();
    connect(task, &BackgroundTask::finished, this,
            [this, task, changed, label, change, result, points](bool ok, const QString& error) {
                task->deleteLater();
                bulkBusy_ = false;
                onSelectionChanged(qint64(view_->selection().size()));
                if (!ok) {
                    lastError_ = error;
                    QMessageBox::warning(this, tr("Selection actions"), error);
                    return;
                }
                // The map's own status / split fields follow the change.
                if (result == result_ && result_) {
                    MapData& d = *view_->mutableData();
                    auto setCodes = [&](const char* key, int32_t code) {
                        const int c = d.channelIndex(QLatin1String(key));
                        if (c < 0)
                            return;
                        for (int64_t i : points)
                            d.channels[size_t(c)].codes[size_t(i)] = code;
                    };
                    if (change.status)
                        setCodes("status", int32_t(*change.status));
                    if (change.split)
                        setCodes("split", int32_t(*change.split));
                    view_->refreshColors();
                }
                Q_EMIT message(tr("%1: %Ln record(s) changed", nullptr, int(*changed)).arg(label));
                Q_EMIT recordsChanged();
            });
    task->start();
    return true;
}

void EmbeddingMapPanel::cancel()
{
    if (task_)
        task_->cancel();
}

bool EmbeddingMapPanel::isBusy() const
{
    return task_ && task_->isRunning();
}

void EmbeddingMapPanel::setBusy(bool busy)
{
    build_->setEnabled(!busy && pipeline_);
    build_->setToolTip(pipeline_ ? QString() : tr("This build cannot load embedders: import coordinates instead."));
    import_->setEnabled(!busy);
    cancel_->setEnabled(busy);
    progress_->setVisible(busy || progress_->value() > 0);
    Q_EMIT busyChanged(busy);
}

} // namespace wb
