#pragma once
// The application window: menus, toolbar, status bar, a navigator between the
// panels that exist (Datasets, Duplicates, Quality, Statistics, Chat) and the
// project's datasets, recent projects and drag-and-drop import.
#include "core/store/project_store.h"
#include "ui/chat/model_loader.h"
#include "ui/knowledge/embedder_factory.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QSplitter;
class QToolBar;

namespace wb {

class BackgroundTask;
class ChatPanel;
class DatasetPanel;
class EmbeddingMapPanel;
class InspectorPanel;
class KnowledgePanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum class Panel { Datasets, Duplicates, Quality, Statistics, Chat, EmbeddingMap, Inspector, Knowledge, Training };
    static constexpr int PanelRole = Qt::UserRole + 1;
    static constexpr int DatasetIdRole = Qt::UserRole + 2;
    static constexpr int kMaxRecent = 10;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Open an existing project; false (error shown and logged) when it cannot be opened.
    bool openProject(const QString& path);
    // Create a new project file (must not exist) and open it.
    bool newProject(const QString& path);
    void closeProject();
    // Opens the import dialog for these files (non-blocking, window-modal).
    void importFiles(const QStringList& files);

    ProjectStore* store() const { return store_.get(); }
    QString projectPath() const { return projectPath_; }
    DatasetPanel* datasetPanel() const { return datasetPanel_; }
    ChatPanel* chatPanel() const { return chatPanel_; }
    TrainingPanel* trainingPanel() const { return trainingPanel_; }
    // How the chat panel loads models (the app passes wb::CausalLM::load; the
    // UI library does not link LibTorch). Applies to the open project and later ones.
    void setModelLoader(ModelLoader loader);
    // How the embedding map, the knowledge base and the inspector load embedders (the app passes wb::loadEmbedder).
    void setEmbedderFactory(EmbedderFactory factory);
    EmbeddingMapPanel* embeddingMapPanel() const { return mapPanel_; }
    InspectorPanel* inspectorPanel() const { return inspectorPanel_; }
    KnowledgePanel* knowledgePanel() const { return knowledgePanel_; }
    QTreeWidget* navigator() const { return navigator_; }
    qint64 currentDatasetId() const { return currentDataset_; }
    void selectDataset(qint64 datasetId);
    void showPanel(Panel p);
    QStringList recentProjects() const;
    QString lastError() const { return lastError_; }

public Q_SLOTS:
    void undo();
    void redo();
    void openImportDialog();     // asks for files first
    void openExportDialog();

Q_SIGNALS:
    void projectOpened(QString path);
    void historyStepFinished();   // an undo or redo has been applied (or failed)

protected:
    void closeEvent(QCloseEvent* e) override;
    void changeEvent(QEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dropEvent(QDropEvent* e) override;

private:
    void createActions();
    void createMenus();
    void retranslateUi();
    void rebuildRecentMenu();
    void addRecent(const QString& path);
    void buildPanels();
    void reloadNavigator();
    void onNavigatorChanged();
    void runHistoryStep(bool forward);
    void afterStoreChange();          // counts, panels, undo texts
    void updateUndoActions();
    void updateActions();
    void updateStatus(qint64 shown, qint64 total, const QString& filter);
    void showError(const QString& title, const QString& text);
    void setDatasetOnViews(qint64 id);

    void newProjectDialog();
    void openProjectDialog();
    void newDataset();
    void renameDataset();
    void deleteDataset();
    void openQuarantine();
    void openSplitDialog();
    void openMergeDialog();
    void openPreferences();
    void about();

    std::unique_ptr<ProjectStore> store_;
    QString projectPath_;
    qint64 currentDataset_ = 0;
    QString lastError_;

    QSplitter* splitter_ = nullptr;
    QTreeWidget* navigator_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    QWidget* welcome_ = nullptr;
    QLabel* welcomeLabel_ = nullptr;
    DatasetPanel* datasetPanel_ = nullptr;
    QWidget* duplicatesView_ = nullptr;
    QWidget* qualityView_ = nullptr;
    QWidget* statsView_ = nullptr;
    ChatPanel* chatPanel_ = nullptr;
    TrainingPanel* trainingPanel_ = nullptr;
    ModelLoader modelLoader_;
    EmbeddingMapPanel* mapPanel_ = nullptr;
    InspectorPanel* inspectorPanel_ = nullptr;
    KnowledgePanel* knowledgePanel_ = nullptr;
    EmbedderFactory embedderFactory_;
    QLabel* countsLabel_ = nullptr;
    QLabel* filterLabel_ = nullptr;

    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* editMenu_ = nullptr;
    QMenu* datasetMenu_ = nullptr;
    QMenu* reviewMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QToolBar* toolBar_ = nullptr;
    QAction* newProjectAct_ = nullptr;
    QAction* openProjectAct_ = nullptr;
    QAction* importAct_ = nullptr;
    QAction* exportAct_ = nullptr;
    QAction* quitAct_ = nullptr;
    BackgroundTask* historyTask_ = nullptr;   // undo/redo in flight
    QAction* undoAct_ = nullptr;
    QAction* redoAct_ = nullptr;
    QAction* preferencesAct_ = nullptr;
    QAction* newDatasetAct_ = nullptr;
    QAction* renameDatasetAct_ = nullptr;
    QAction* deleteDatasetAct_ = nullptr;
    QAction* quarantineAct_ = nullptr;
    QAction* splitAct_ = nullptr;
    QAction* mergeAct_ = nullptr;
    QAction* acceptAct_ = nullptr;
    QAction* rejectAct_ = nullptr;
    QAction* needsFixAct_ = nullptr;
    QAction* nextAct_ = nullptr;
    QAction* previousAct_ = nullptr;
    QAction* aboutAct_ = nullptr;
    QString undoLabel_, redoLabel_;
};

} // namespace wb
