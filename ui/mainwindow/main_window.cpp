#include "ui/mainwindow/main_window.h"

#include "ui/chat/chat_panel.h"
#include "ui/common/background_task.h"
#include "ui/dataset/dataset_panel.h"
#include "ui/embeddings/embed_project_pipeline.h"
#include "ui/embeddings/embedding_map_panel.h"
#include "ui/inspector/batch_inspector.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/knowledge/knowledge_panel.h"
#include "ui/dataset/dataset_table_model.h"
#include "ui/importer/export_dialog.h"
#include "ui/importer/import_dialog.h"
#include "ui/importer/quarantine_dialog.h"
#include "ui/mainwindow/dataset_dialogs.h"
#include "ui/mainwindow/preferences_dialog.h"
#include "ui/training/training_panel.h"
#include "ui/curation/duplicates_view.h"
#include "ui/curation/quality_view.h"
#include "ui/curation/stats_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

namespace wb {

namespace {
const char* kRecentKey = "recentProjects";
const char* kGeometryKey = "mainWindow/geometry";
const char* kStateKey = "mainWindow/state";
const char* kSplitterKey = "mainWindow/splitter";
QString projectFilter()
{
    return MainWindow::tr("LLM Workbench projects (*.llmwb);;All files (*)");
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    navigator_ = new QTreeWidget(splitter_);
    navigator_->setObjectName(QStringLiteral("navigator"));
    navigator_->setHeaderHidden(true);
    navigator_->setMinimumWidth(160);
    stack_ = new QStackedWidget(splitter_);
    stack_->setObjectName(QStringLiteral("panelStack"));
    welcome_ = new QWidget(stack_);
    welcome_->setObjectName(QStringLiteral("welcomePage"));
    auto* wl = new QVBoxLayout(welcome_);
    welcomeLabel_ = new QLabel(welcome_);
    welcomeLabel_->setAlignment(Qt::AlignCenter);
    welcomeLabel_->setWordWrap(true);
    wl->addWidget(welcomeLabel_);
    stack_->addWidget(welcome_);
    splitter_->addWidget(navigator_);
    splitter_->addWidget(stack_);
    splitter_->setStretchFactor(1, 1);
    setCentralWidget(splitter_);
    connect(navigator_, &QTreeWidget::currentItemChanged, this, &MainWindow::onNavigatorChanged);

    countsLabel_ = new QLabel(this);
    countsLabel_->setObjectName(QStringLiteral("statusCounts"));
    filterLabel_ = new QLabel(this);
    filterLabel_->setObjectName(QStringLiteral("statusFilter"));
    statusBar()->addPermanentWidget(filterLabel_);
    statusBar()->addPermanentWidget(countsLabel_);

    createActions();
    createMenus();
    retranslateUi();
    updateActions();

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(kStateKey).toByteArray());
    splitter_->restoreState(settings.value(kSplitterKey).toByteArray());
}

MainWindow::~MainWindow()
{
    // Views hold references to the store: destroy them first.
    delete splitter_;
    splitter_ = nullptr;
}

// ---------------------------------------------------------------- actions

void MainWindow::createActions()
{
    auto make = [this](const char* name, auto slot) {
        auto* a = new QAction(this);
        a->setObjectName(QString::fromLatin1(name));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    newProjectAct_ = make("actionNewProject", [this] { newProjectDialog(); });
    newProjectAct_->setShortcut(QKeySequence::New);
    openProjectAct_ = make("actionOpenProject", [this] { openProjectDialog(); });
    openProjectAct_->setShortcut(QKeySequence::Open);
    importAct_ = make("actionImport", [this] { openImportDialog(); });
    importAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    exportAct_ = make("actionExport", [this] { openExportDialog(); });
    exportAct_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    quitAct_ = make("actionQuit", [this] { close(); });
    quitAct_->setShortcut(QKeySequence::Quit);
    undoAct_ = make("actionUndo", [this] { undo(); });
    undoAct_->setShortcut(QKeySequence::Undo);
    redoAct_ = make("actionRedo", [this] { redo(); });
    redoAct_->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    preferencesAct_ = make("actionPreferences", [this] { openPreferences(); });
    preferencesAct_->setShortcut(QKeySequence::Preferences);
    newDatasetAct_ = make("actionNewDataset", [this] { newDataset(); });
    renameDatasetAct_ = make("actionRenameDataset", [this] { renameDataset(); });
    deleteDatasetAct_ = make("actionDeleteDataset", [this] { deleteDataset(); });
    quarantineAct_ = make("actionQuarantine", [this] { openQuarantine(); });
    splitAct_ = make("actionSplit", [this] { openSplitDialog(); });
    mergeAct_ = make("actionMerge", [this] { openMergeDialog(); });
    acceptAct_ = make("actionAccept", [this] { if (datasetPanel_) datasetPanel_->review(ReviewStatus::Accepted); });
    rejectAct_ = make("actionReject", [this] { if (datasetPanel_) datasetPanel_->review(ReviewStatus::Rejected); });
    needsFixAct_ = make("actionNeedsFix", [this] { if (datasetPanel_) datasetPanel_->review(ReviewStatus::NeedsFix); });
    nextAct_ = make("actionNext", [this] { if (datasetPanel_) datasetPanel_->next(); });
    previousAct_ = make("actionPrevious", [this] { if (datasetPanel_) datasetPanel_->previous(); });
    aboutAct_ = make("actionAbout", [this] { about(); });
}

void MainWindow::createMenus()
{
    fileMenu_ = menuBar()->addMenu(QString());
    fileMenu_->addAction(newProjectAct_);
    fileMenu_->addAction(openProjectAct_);
    recentMenu_ = fileMenu_->addMenu(QString());
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    fileMenu_->addSeparator();
    fileMenu_->addAction(importAct_);
    fileMenu_->addAction(exportAct_);
    fileMenu_->addSeparator();
    fileMenu_->addAction(quitAct_);

    editMenu_ = menuBar()->addMenu(QString());
    editMenu_->addAction(undoAct_);
    editMenu_->addAction(redoAct_);
    editMenu_->addSeparator();
    editMenu_->addAction(preferencesAct_);
    connect(editMenu_, &QMenu::aboutToShow, this, &MainWindow::updateUndoActions);

    datasetMenu_ = menuBar()->addMenu(QString());
    for (QAction* a : {newDatasetAct_, renameDatasetAct_, deleteDatasetAct_})
        datasetMenu_->addAction(a);
    datasetMenu_->addSeparator();
    for (QAction* a : {quarantineAct_, splitAct_, mergeAct_})
        datasetMenu_->addAction(a);

    reviewMenu_ = menuBar()->addMenu(QString());
    for (QAction* a : {acceptAct_, rejectAct_, needsFixAct_})
        reviewMenu_->addAction(a);
    reviewMenu_->addSeparator();
    reviewMenu_->addAction(nextAct_);
    reviewMenu_->addAction(previousAct_);

    helpMenu_ = menuBar()->addMenu(QString());
    helpMenu_->addAction(aboutAct_);

    toolBar_ = addToolBar(QString());
    toolBar_->setObjectName(QStringLiteral("mainToolBar"));
    for (QAction* a : {newProjectAct_, openProjectAct_, importAct_, exportAct_})
        toolBar_->addAction(a);
    toolBar_->addSeparator();
    toolBar_->addAction(undoAct_);
    toolBar_->addAction(redoAct_);
    toolBar_->addSeparator();
    for (QAction* a : {acceptAct_, rejectAct_, needsFixAct_})
        toolBar_->addAction(a);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(projectPath_.isEmpty() ? tr("LLM Workbench")
                                          : tr("%1 — LLM Workbench").arg(QFileInfo(projectPath_).fileName()));
    welcomeLabel_->setText(tr("Create a project (File ▸ New Project) or open one (File ▸ Open Project).\n"
                              "Then drop JSONL, JSON, CSV or text files here to import them."));
    fileMenu_->setTitle(tr("&File"));
    recentMenu_->setTitle(tr("Recent Projects"));
    editMenu_->setTitle(tr("&Edit"));
    datasetMenu_->setTitle(tr("&Dataset"));
    reviewMenu_->setTitle(tr("&Review"));
    helpMenu_->setTitle(tr("&Help"));
    toolBar_->setWindowTitle(tr("Main toolbar"));
    newProjectAct_->setText(tr("&New Project…"));
    openProjectAct_->setText(tr("&Open Project…"));
    importAct_->setText(tr("&Import…"));
    exportAct_->setText(tr("&Export…"));
    quitAct_->setText(tr("&Quit"));
    preferencesAct_->setText(tr("&Preferences…"));
    newDatasetAct_->setText(tr("&New Dataset…"));
    renameDatasetAct_->setText(tr("&Rename…"));
    deleteDatasetAct_->setText(tr("&Delete…"));
    quarantineAct_->setText(tr("&Quarantine…"));
    splitAct_->setText(tr("&Split…"));
    mergeAct_->setText(tr("&Merge…"));
    // Single-key review shortcuts act on the record table only; the "\t" part
    // just shows them in the menu.
    acceptAct_->setText(tr("&Accept") + QStringLiteral("\tA"));
    rejectAct_->setText(tr("&Reject") + QStringLiteral("\tR"));
    needsFixAct_->setText(tr("&Needs fix") + QStringLiteral("\tF"));
    acceptAct_->setIconText(tr("Accept"));
    rejectAct_->setIconText(tr("Reject"));
    needsFixAct_->setIconText(tr("Needs fix"));
    nextAct_->setText(tr("Ne&xt record") + QStringLiteral("\tJ"));
    previousAct_->setText(tr("&Previous record") + QStringLiteral("\tK"));
    aboutAct_->setText(tr("&About LLM Workbench"));
    updateUndoActions();
    reloadNavigator();
}

void MainWindow::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(e);
}

void MainWindow::updateActions()
{
    const bool open = store_ != nullptr;
    const bool ds = open && currentDataset_ != 0;
    for (QAction* a : {importAct_, newDatasetAct_, mergeAct_})
        a->setEnabled(open);
    for (QAction* a : {exportAct_, renameDatasetAct_, deleteDatasetAct_, quarantineAct_, splitAct_, acceptAct_,
                       rejectAct_, needsFixAct_, nextAct_, previousAct_})
        a->setEnabled(ds);
    updateUndoActions();
}

void MainWindow::updateUndoActions()
{
    undoLabel_.clear();
    redoLabel_.clear();
    bool canUndo = false, canRedo = false;
    if (store_) {
        try {
            canUndo = store_->canUndo();
            canRedo = store_->canRedo();
            // The next undo is the newest live group, the next redo the oldest
            // undone group after it.
            std::vector<EditGroup> groups = store_->editGroups(200);
            std::sort(groups.begin(), groups.end(), [](const EditGroup& a, const EditGroup& b) { return a.id < b.id; });
            int64_t lastLive = 0;
            for (const EditGroup& g : groups)
                if (!g.undone) {
                    lastLive = g.id;
                    undoLabel_ = QString::fromStdString(g.label);
                }
            for (const EditGroup& g : groups)
                if (g.undone && g.id > lastLive) {
                    redoLabel_ = QString::fromStdString(g.label);
                    break;
                }
        } catch (const Error& e) {
            spdlog::warn("undo state: {}", e.what());
        }
    }
    undoAct_->setEnabled(canUndo);
    redoAct_->setEnabled(canRedo);
    undoAct_->setText(canUndo && !undoLabel_.isEmpty() ? tr("&Undo %1").arg(undoLabel_) : tr("&Undo"));
    redoAct_->setText(canRedo && !redoLabel_.isEmpty() ? tr("&Redo %1").arg(redoLabel_) : tr("&Redo"));
}

// ---------------------------------------------------------------- project

bool MainWindow::openProject(const QString& path)
{
    std::unique_ptr<ProjectStore> store;
    try {
        store = ProjectStore::open(path.toStdString());
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        spdlog::error("open project {}: {}", path.toStdString(), e.what());
        showError(tr("Cannot open project"), lastError_);
        return false;
    }
    closeProject();
    store_ = std::move(store);
    projectPath_ = QFileInfo(path).absoluteFilePath();
    spdlog::info("opened project {}", projectPath_.toStdString());
    buildPanels();
    addRecent(projectPath_);
    retranslateUi();   // title + navigator
    // Show the first dataset straight away.
    const auto sets = store_->datasets();
    if (!sets.empty())
        selectDataset(sets.front().id);
    else
        showPanel(Panel::Datasets);
    updateActions();
    Q_EMIT projectOpened(projectPath_);
    return true;
}

bool MainWindow::newProject(const QString& path)
{
    try {
        ProjectStore::create(path.toStdString());
    } catch (const Error& e) {
        lastError_ = QString::fromStdString(e.what());
        spdlog::error("create project {}: {}", path.toStdString(), e.what());
        showError(tr("Cannot create project"), lastError_);
        return false;
    }
    return openProject(path);
}

void MainWindow::closeProject()
{
    if (datasetPanel_)
        datasetPanel_->commitPendingEdits();
    // Views reference the store: delete them before it.
    // The chat panel stops its replies and joins its worker threads here.
    for (QWidget* w : {static_cast<QWidget*>(datasetPanel_), duplicatesView_, qualityView_, statsView_,
                       static_cast<QWidget*>(chatPanel_), static_cast<QWidget*>(mapPanel_),
                       static_cast<QWidget*>(inspectorPanel_), static_cast<QWidget*>(knowledgePanel_),
                       static_cast<QWidget*>(trainingPanel_)}) {
        if (w) {
            stack_->removeWidget(w);
            delete w;
        }
    }
    datasetPanel_ = nullptr;
    duplicatesView_ = qualityView_ = statsView_ = nullptr;
    chatPanel_ = nullptr;
    mapPanel_ = nullptr;
    inspectorPanel_ = nullptr;
    knowledgePanel_ = nullptr;
    trainingPanel_ = nullptr;   // training jobs are separate processes: they keep running
    store_.reset();
    projectPath_.clear();
    currentDataset_ = 0;
    stack_->setCurrentWidget(welcome_);
    countsLabel_->clear();
    filterLabel_->clear();
    if (fileMenu_) {
        retranslateUi();
        updateActions();
    }
}

void MainWindow::buildPanels()
{
    datasetPanel_ = new DatasetPanel(*store_, projectPath_, stack_);
    stack_->addWidget(datasetPanel_);
    connect(datasetPanel_, &DatasetPanel::recordsChanged, this, &MainWindow::afterStoreChange);
    connect(datasetPanel_, &DatasetPanel::countsChanged, this, &MainWindow::updateStatus);
    connect(datasetPanel_, &DatasetPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    auto hookView = [this](auto* view) {
        stack_->addWidget(view);
        connect(view, &std::remove_pointer_t<decltype(view)>::openRecord, this, [this](qint64 id) {
            showPanel(Panel::Datasets);
            datasetPanel_->selectRecord(id);
        });
        connect(view, &std::remove_pointer_t<decltype(view)>::datasetChanged, this, [this] {
            datasetPanel_->reloadData();
            afterStoreChange();
        });
    };
    auto* dups = new DuplicatesView(*store_, projectPath_, stack_);
    dups->setObjectName(QStringLiteral("duplicatesView"));
    hookView(dups);
    duplicatesView_ = dups;
    auto* quality = new QualityView(*store_, projectPath_, stack_);
    quality->setObjectName(QStringLiteral("qualityView"));
    hookView(quality);
    qualityView_ = quality;
    auto* stats = new StatsView(*store_, projectPath_, stack_);
    stats->setObjectName(QStringLiteral("statsView"));
    hookView(stats);
    statsView_ = stats;
    (void)hookView;

    chatPanel_ = new ChatPanel(*store_, projectPath_, stack_);
    chatPanel_->setModelLoader(modelLoader_);
    stack_->addWidget(chatPanel_);
    connect(chatPanel_, &ChatPanel::datasetsChanged, this, [this] {
        if (datasetPanel_)
            datasetPanel_->reloadData();
        afterStoreChange();
    });
    connect(chatPanel_, &ChatPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });

    trainingPanel_ = new TrainingPanel(*store_, projectPath_, stack_);
    trainingPanel_->setObjectName(QStringLiteral("trainingPanel"));
    stack_->addWidget(trainingPanel_);
    connect(trainingPanel_, &TrainingPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });

    mapPanel_ = new EmbeddingMapPanel(*store_, projectPath_, stack_);
    mapPanel_->setObjectName(QStringLiteral("embeddingMapPanel"));
    if (embedderFactory_)
        mapPanel_->setPipeline(std::make_shared<EmbedProjectPipeline>(embedderFactory_));
    stack_->addWidget(mapPanel_);
    connect(mapPanel_, &EmbeddingMapPanel::recordActivated, this, [this](qint64 datasetId, qint64 recordId) {
        if (datasetId != currentDataset_)
            selectDataset(datasetId);
        showPanel(Panel::Datasets);
        datasetPanel_->selectRecord(recordId);
    });
    connect(mapPanel_, &EmbeddingMapPanel::filterDatasetToSelection, this,
            [this](qint64 datasetId, const QList<qint64>& ids) {
                if (ids.isEmpty())
                    return;
                if (datasetId == 0) {   // the selection spans datasets: show the first record's
                    const auto first = store_->record(ids.first());
                    datasetId = first ? first->datasetId : 0;
                    statusBar()->showMessage(tr("The selection spans datasets: showing those in this one."), 8000);
                }
                if (datasetId != currentDataset_)
                    selectDataset(datasetId);   // clears the panel's filters, so the id filter comes after
                showPanel(Panel::Datasets);
                datasetPanel_->setIdFilter(ids);
            });
    connect(mapPanel_, &EmbeddingMapPanel::recordsChanged, this, [this] {
        datasetPanel_->reloadData();
        afterStoreChange();
    });
    connect(mapPanel_, &EmbeddingMapPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });

    inspectorPanel_ = new InspectorPanel(*store_, projectPath_, stack_);
    inspectorPanel_->setObjectName(QStringLiteral("inspectorPanel"));
    inspectorPanel_->setModelLoader(modelLoader_);
    inspectorPanel_->setEmbedderFactory(embedderFactory_);
    stack_->addWidget(inspectorPanel_);
    // "Send to review" changed statuses: refresh the table and the undo actions.
    connect(inspectorPanel_, &InspectorPanel::recordsChanged, this, [this] {
        if (datasetPanel_)
            datasetPanel_->reloadData();
        afterStoreChange();
    });
    // New scores colour the embedding map's "hallucination" field.
    connect(inspectorPanel_, &InspectorPanel::inspectionFinished, mapPanel_, &EmbeddingMapPanel::reloadInspectionScores);
    connect(inspectorPanel_->batch(), &BatchInspector::finished, mapPanel_, &EmbeddingMapPanel::reloadInspectionScores);

    // The chat panel's RAG toggle retrieves from the knowledge panel's collections.
    chatPanel_->setEmbedderFactory(embedderFactory_);
    knowledgePanel_ = new KnowledgePanel(*store_, projectPath_, stack_);
    knowledgePanel_->setObjectName(QStringLiteral("knowledgePanel"));
    knowledgePanel_->setEmbedderFactory(embedderFactory_);
    stack_->addWidget(knowledgePanel_);
    connect(knowledgePanel_, &KnowledgePanel::collectionsChanged, chatPanel_, &ChatPanel::reloadCollections);
    connect(knowledgePanel_, &KnowledgePanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
}

void MainWindow::setEmbedderFactory(EmbedderFactory factory)
{
    embedderFactory_ = std::move(factory);
    if (mapPanel_ && embedderFactory_)
        mapPanel_->setPipeline(std::make_shared<EmbedProjectPipeline>(embedderFactory_));
    if (inspectorPanel_)
        inspectorPanel_->setEmbedderFactory(embedderFactory_);
    if (chatPanel_)
        chatPanel_->setEmbedderFactory(embedderFactory_);
    if (knowledgePanel_)
        knowledgePanel_->setEmbedderFactory(embedderFactory_);
}

void MainWindow::setModelLoader(ModelLoader loader)
{
    modelLoader_ = std::move(loader);
    if (chatPanel_)
        chatPanel_->setModelLoader(modelLoader_);
    if (inspectorPanel_)
        inspectorPanel_->setModelLoader(modelLoader_);
}

void MainWindow::setDatasetOnViews(qint64 id)
{
    if (auto* v = qobject_cast<DuplicatesView*>(duplicatesView_)) v->setDataset(id);
    if (auto* v = qobject_cast<QualityView*>(qualityView_)) v->setDataset(id);
    if (auto* v = qobject_cast<StatsView*>(statsView_)) v->setDataset(id);
    (void)id;
}

void MainWindow::reloadNavigator()
{
    const qint64 keepDataset = currentDataset_;
    QTreeWidgetItem* cur = navigator_->currentItem();
    const int keepPanel = cur ? cur->data(0, PanelRole).toInt() : 0;
    QSignalBlocker block(navigator_);
    navigator_->clear();
    if (!store_)
        return;
    auto addPanel = [this](Panel p, const QString& title) {
        auto* item = new QTreeWidgetItem(navigator_, {title});
        item->setData(0, PanelRole, int(p));
        return item;
    };
    QTreeWidgetItem* datasets = addPanel(Panel::Datasets, tr("Datasets"));
    QTreeWidgetItem* select = nullptr;
    try {
        for (const DatasetInfo& d : store_->datasets()) {
            auto* item = new QTreeWidgetItem(
                datasets, {tr("%1 (%2)").arg(QString::fromStdString(d.name), QLocale().toString(d.recordCount))});
            item->setData(0, PanelRole, int(Panel::Datasets));
            item->setData(0, DatasetIdRole, QVariant::fromValue<qint64>(d.id));
            item->setToolTip(0, tr("%1 dataset, %n record(s)", nullptr, int(d.recordCount))
                                    .arg(QString::fromUtf8(toString(d.kind).data())));
            if (d.id == keepDataset && keepPanel == int(Panel::Datasets))
                select = item;
        }
    } catch (const Error& e) {
        spdlog::error("list datasets: {}", e.what());
    }
    datasets->setExpanded(true);
    if (duplicatesView_) addPanel(Panel::Duplicates, tr("Duplicates"));
    if (qualityView_) addPanel(Panel::Quality, tr("Quality"));
    if (statsView_) addPanel(Panel::Statistics, tr("Statistics"));
    if (chatPanel_) addPanel(Panel::Chat, tr("Chat"));
    if (trainingPanel_) addPanel(Panel::Training, tr("Training"));
    if (mapPanel_) addPanel(Panel::EmbeddingMap, tr("Embedding map"));
    if (knowledgePanel_) addPanel(Panel::Knowledge, tr("Knowledge"));
    if (inspectorPanel_) addPanel(Panel::Inspector, tr("Inspector"));
    if (!select && keepPanel != int(Panel::Datasets)) {
        for (int i = 0; i < navigator_->topLevelItemCount(); ++i)
            if (navigator_->topLevelItem(i)->data(0, PanelRole).toInt() == keepPanel)
                select = navigator_->topLevelItem(i);
    }
    navigator_->setCurrentItem(select ? select : datasets);
}

void MainWindow::selectDataset(qint64 datasetId)
{
    for (QTreeWidgetItemIterator it(navigator_); *it; ++it) {
        if ((*it)->data(0, DatasetIdRole).toLongLong() == datasetId) {
            navigator_->setCurrentItem(*it);
            onNavigatorChanged();   // also when it already was current
            return;
        }
    }
}

void MainWindow::showPanel(Panel p)
{
    QWidget* w = welcome_;
    switch (p) {
    case Panel::Datasets: w = datasetPanel_; break;
    case Panel::Duplicates: w = duplicatesView_; break;
    case Panel::Quality: w = qualityView_; break;
    case Panel::Statistics: w = statsView_; break;
    case Panel::Chat: w = chatPanel_; break;
    case Panel::EmbeddingMap: w = mapPanel_; break;
    case Panel::Inspector: w = inspectorPanel_; break;
    case Panel::Knowledge: w = knowledgePanel_; break;
    case Panel::Training: w = trainingPanel_; break;
    }
    stack_->setCurrentWidget(w ? w : welcome_);
    if (p != Panel::Datasets) {
        QSignalBlocker block(navigator_);
        for (int i = 0; i < navigator_->topLevelItemCount(); ++i)
            if (navigator_->topLevelItem(i)->data(0, PanelRole).toInt() == int(p))
                navigator_->setCurrentItem(navigator_->topLevelItem(i));
    }
}

void MainWindow::onNavigatorChanged()
{
    QTreeWidgetItem* item = navigator_->currentItem();
    if (!item || !store_)
        return;
    const auto p = Panel(item->data(0, PanelRole).toInt());
    const qint64 id = item->data(0, DatasetIdRole).toLongLong();
    if (id != 0 && id != currentDataset_) {
        currentDataset_ = id;
        datasetPanel_->setDataset(id);
        setDatasetOnViews(id);
    }
    if (p == Panel::Datasets && id == 0 && currentDataset_ == 0)
        stack_->setCurrentWidget(welcome_);
    else
        showPanel(p);
    updateActions();
}

void MainWindow::afterStoreChange()
{
    if (chatPanel_)
        chatPanel_->reloadDatasets();   // its few-shot dataset list
    if (mapPanel_)
        mapPanel_->reloadChoices();     // its dataset and collection lists
    if (knowledgePanel_)
        knowledgePanel_->reloadDatasets();   // datasets as knowledge sources
    reloadNavigator();
    updateUndoActions();
}

void MainWindow::updateStatus(qint64 shown, qint64 total, const QString& filter)
{
    countsLabel_->setText(filter.isEmpty() ? tr("%1 records").arg(QLocale().toString(total))
                                           : tr("%1 of %2 records").arg(QLocale().toString(shown),
                                                                         QLocale().toString(total)));
    filterLabel_->setText(filter.isEmpty() ? QString() : tr("Filter: %1").arg(filter));
}

void MainWindow::showError(const QString& title, const QString& text)
{
    // Window-modal but not blocking: scripted callers (tests, --screenshot) keep running.
    auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ---------------------------------------------------------------- recent

QStringList MainWindow::recentProjects() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecent(const QString& path)
{
    QStringList list = recentProjects();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue(kRecentKey, list);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList list = recentProjects();
    for (const QString& p : list)
        recentMenu_->addAction(QFileInfo(p).fileName() + QStringLiteral("  —  ") + p, this,
                               [this, p] { openProject(p); });
    if (list.isEmpty()) {
        recentMenu_->addAction(tr("(none)"))->setEnabled(false);
    } else {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear list"), this, [this] {
            QSettings().remove(kRecentKey);
            rebuildRecentMenu();
        });
    }
}

// ---------------------------------------------------------------- undo

void MainWindow::undo()
{
    runHistoryStep(false);
}

void MainWindow::redo()
{
    runHistoryStep(true);
}

// Undoing a bulk action can touch a million records: it runs on a worker with
// its own connection, and the actions stay disabled until it is done.
void MainWindow::runHistoryStep(bool forward)
{
    if (!store_ || historyTask_)
        return;
    if (datasetPanel_)
        datasetPanel_->commitPendingEdits();
    auto label = std::make_shared<std::optional<std::string>>();
    historyTask_ = new BackgroundTask(
        [forward, label](BackgroundTask::Context& ctx) {
            auto store = ProjectStore::open(ctx.projectPath);
            if (auto g = forward ? store->redo() : store->undo())
                *label = g->label;
        },
        projectPath_, this);
    undoAct_->setEnabled(false);
    redoAct_->setEnabled(false);
    connect(historyTask_, &BackgroundTask::finished, this, [this, forward, label](bool ok, const QString& error) {
        historyTask_->deleteLater();
        historyTask_ = nullptr;
        if (!ok)
            showError(forward ? tr("Redo failed") : tr("Undo failed"), error);
        else if (*label)
            statusBar()->showMessage((forward ? tr("Redone: %1") : tr("Undone: %1")).arg(QString::fromStdString(**label)),
                                     5000);
        if (datasetPanel_)
            datasetPanel_->reloadData();
        afterStoreChange();
        Q_EMIT historyStepFinished();
    });
    historyTask_->start();
}

// ---------------------------------------------------------------- dialogs

void MainWindow::newProjectDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"), QString(), projectFilter());
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".llmwb");
    newProject(path);
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), QString(), projectFilter());
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::openImportDialog()
{
    if (!store_)
        return;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import files"), QString(),
        tr("Datasets (*.jsonl *.json *.csv *.tsv *.txt);;All files (*)"));
    if (!files.isEmpty())
        importFiles(files);
}

void MainWindow::importFiles(const QStringList& files)
{
    if (!store_) {
        showError(tr("Import"), tr("Open or create a project before importing files."));
        return;
    }
    if (files.isEmpty())
        return;
    if (datasetPanel_)
        datasetPanel_->commitPendingEdits();
    auto* dlg = new ImportDialog(*store_, projectPath_, files, 0, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &ImportDialog::imported, this, [this](qint64 datasetId, qint64 imported, qint64 rejected) {
        statusBar()->showMessage(tr("Imported %1 records, %2 rejected").arg(imported).arg(rejected), 8000);
        reloadNavigator();
        if (datasetId == currentDataset_ && datasetPanel_)
            datasetPanel_->reloadData();
        else if (datasetId != 0)
            selectDataset(datasetId);
        updateUndoActions();
    });
    dlg->open();
}

void MainWindow::openExportDialog()
{
    if (!store_ || !datasetPanel_ || currentDataset_ == 0)
        return;
    datasetPanel_->commitPendingEdits();
    auto* dlg = new ExportDialog(*store_, projectPath_, datasetPanel_->query(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &ExportDialog::exported, this, [this](qint64 count, const QString& path) {
        statusBar()->showMessage(tr("Exported %1 records to %2").arg(count).arg(path), 8000);
    });
    dlg->open();
}

void MainWindow::openQuarantine()
{
    if (!store_ || currentDataset_ == 0)
        return;
    auto* dlg = new QuarantineDialog(*store_, currentDataset_, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QuarantineDialog::recordsChanged, this, [this] {
        if (datasetPanel_)
            datasetPanel_->reloadData();
        afterStoreChange();
    });
    dlg->open();
}

void MainWindow::newDataset()
{
    if (!store_)
        return;
    NewDatasetDialog dlg(this);
    if (dlg.exec() != QDialog::Accepted)
        return;
    try {
        const qint64 id = store_->createDataset(dlg.name().toStdString(), dlg.kind());
        reloadNavigator();
        selectDataset(id);
    } catch (const Error& e) {
        showError(tr("New dataset"), QString::fromStdString(e.what()));
    }
}

void MainWindow::renameDataset()
{
    if (!store_ || currentDataset_ == 0)
        return;
    const auto info = store_->dataset(currentDataset_);
    if (!info)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename dataset"), tr("New name:"), QLineEdit::Normal,
                                               QString::fromStdString(info->name), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    try {
        store_->renameDataset(currentDataset_, name.toStdString());
    } catch (const Error& e) {
        showError(tr("Rename dataset"), QString::fromStdString(e.what()));
    }
    reloadNavigator();
}

void MainWindow::deleteDataset()
{
    if (!store_ || currentDataset_ == 0)
        return;
    const auto info = store_->dataset(currentDataset_);
    if (!info)
        return;
    const auto answer = QMessageBox::warning(
        this, tr("Delete dataset"),
        tr("Delete the dataset \"%1\" with its %n record(s), history and quarantine?\nThis cannot be undone.", nullptr,
           int(info->recordCount)).arg(QString::fromStdString(info->name)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    try {
        store_->deleteDataset(currentDataset_);
    } catch (const Error& e) {
        showError(tr("Delete dataset"), QString::fromStdString(e.what()));
        return;
    }
    currentDataset_ = 0;
    datasetPanel_->setDataset(0);
    setDatasetOnViews(0);
    reloadNavigator();
    const auto sets = store_->datasets();
    if (!sets.empty())
        selectDataset(sets.front().id);
    updateActions();
}

void MainWindow::openSplitDialog()
{
    if (!store_ || currentDataset_ == 0)
        return;
    datasetPanel_->commitPendingEdits();
    auto* dlg = new SplitDialog(projectPath_, datasetPanel_->query(), this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &SplitDialog::done, this, [this] {
        datasetPanel_->reloadData();
        afterStoreChange();
    });
    dlg->open();
}

void MainWindow::openMergeDialog()
{
    if (!store_)
        return;
    auto* dlg = new MergeDialog(*store_, projectPath_, currentDataset_, this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &MergeDialog::merged, this, [this](qint64 id) {
        reloadNavigator();
        selectDataset(id);
    });
    dlg->open();
}

void MainWindow::openPreferences()
{
    PreferencesDialog dlg(this);
    dlg.exec();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About LLM Workbench"),
                       tr("<b>LLM Workbench %1</b><p>Curate datasets for domain LLMs: import, review, "
                          "deduplicate, check quality, split and export.</p>")
                           .arg(QApplication::applicationVersion()));
}

// ---------------------------------------------------------------- window

void MainWindow::closeEvent(QCloseEvent* e)
{
    if (datasetPanel_)
        datasetPanel_->commitPendingEdits();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, splitter_->saveState());
    QMainWindow::closeEvent(e);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e)
{
    if (!e->mimeData()->hasUrls())
        return;
    for (const QUrl& url : e->mimeData()->urls())
        if (!url.isLocalFile())
            return;
    e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e)
{
    QStringList files;
    QStringList projects;
    for (const QUrl& url : e->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        (path.endsWith(QLatin1String(".llmwb")) ? projects : files) << path;
    }
    e->acceptProposedAction();
    if (!projects.isEmpty())
        openProject(projects.front());
    else
        importFiles(files);
}

} // namespace wb
