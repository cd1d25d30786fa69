#pragma once
// The embedding map panel: choose what to map (dataset records by field,
// two datasets mixed, knowledge-base chunks or chat messages), the embedder
// folder and the projection; run embed + project on a worker thread with
// progress and cancel; then explore the map (colour by a field, legend,
// search, neighbours, near duplicates) and act on a selection (filter the
// dataset to it, bulk status / split / tag as one undoable step) or export it.
#include "core/store/project_store.h"
#include "ui/embeddings/map_pipeline.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

#include <memory>
#include <unordered_map>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;
class QToolButton;

namespace wb {

class BackgroundTask;
class MapNeighbourModel;
class MapView;

class EmbeddingMapPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kNeighbours = 10;

    EmbeddingMapPanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~EmbeddingMapPanel() override;

    // The application passes an EmbedProjectPipeline built on wb::loadEmbedder;
    // without one the panel can only import coordinates.
    void setPipeline(std::shared_ptr<MapPipeline> pipeline);
    // Datasets and collections changed (a dataset was added, renamed...).
    void reloadChoices();

    // ---- building a map
    MapRequest request() const;   // what the controls say
    bool buildMap();              // false (reason in lastError()) when it cannot start
    bool buildMap(const MapRequest& request);
    bool importCoordinates(const QString& file);
    void cancel();
    bool isBusy() const;
    const MapResult* result() const { return result_.get(); }
    QString lastError() const { return lastError_; }
    double trustworthiness() const { return result_ ? result_->trustworthiness : -1; }

    // ---- exploring
    void setColorBy(const QString& key);   // a channel key ("status", "cluster", ...)
    // A per-item score (e.g. the hallucination score) as a numeric colour-by field.
    void setScores(const QString& key, const QString& name, const std::unordered_map<int64_t, float>& byItem);
    // The inspector's stored answer risks of the records or messages on the
    // map as the "hallucination" field (done for every new map; call it after
    // inspections change). False when the map has no inspected item.
    bool reloadInspectionScores();
    int search(const QString& text);        // highlights matches; returns how many
    void showNeighbours(qint64 point);      // fills the neighbours list (async for big maps)
    void setNearDuplicatesShown(bool on);   // outlines groups (async)
    bool exportPng(const QString& path);

    // ---- acting on the selection (indices on the map)
    QList<qint64> selectedRecordIds() const;
    void filterToSelection();
    bool bulkSetStatus(ReviewStatus status);
    bool bulkSetSplit(Split split);
    bool bulkAddTag(const QString& tag);

    MapView* view() const { return view_; }
    MapNeighbourModel* neighbourModel() const { return neighbours_; }
    QComboBox* colorByCombo() const { return colorBy_; }
    QComboBox* sourceCombo() const { return source_; }
    QComboBox* datasetCombo() const { return dataset_; }
    QComboBox* mixCombo() const { return mix_; }
    QComboBox* fieldCombo() const { return field_; }
    QComboBox* methodCombo() const { return method_; }
    QLineEdit* embedderEdit() const { return embedder_; }
    QLineEdit* searchEdit() const { return search_; }
    QPushButton* buildButton() const { return build_; }
    QPushButton* cancelButton() const { return cancel_; }
    QPushButton* filterButton() const { return filter_; }
    QLabel* statusLabel() const { return status_; }
    QListView* legendView() const { return legend_; }

Q_SIGNALS:
    // A record's point was clicked: the main window shows it in the dataset panel.
    void recordActivated(qint64 datasetId, qint64 recordId);
    // "Filter dataset to selection": datasetId 0 when the selection spans datasets.
    void filterDatasetToSelection(qint64 datasetId, QList<qint64> recordIds);
    void recordsChanged();          // a bulk action wrote records (undo state changed)
    void busyChanged(bool busy);
    void message(QString text);
    void mapReady(qint64 points);   // a map was built or imported
    void neighboursReady(int rows);
    void nearDuplicatesReady(int groups);

protected:
    void changeEvent(QEvent* e) override;

private:
    void buildUi();
    void retranslateUi();
    void updateSourceControls();
    void updateMethodControls();
    void startTask(std::function<MapResult(BackgroundTask::Context&)> work, const QString& what);
    void onTaskFinished(bool ok, const QString& error);
    void showResult(std::shared_ptr<MapResult> result);
    void fillColorBy();
    void onSelectionChanged(qint64 count);
    void onPointClicked(qint64 point);
    bool runBulk(const BulkChange& change, const QString& label);
    void browseEmbedder();
    void browseCoordinates();
    void exportPngDialog();
    QString itemText(int64_t point) const;
    void setBusy(bool busy);

    ProjectStore& store_;
    QString projectPath_;
    std::shared_ptr<MapPipeline> pipeline_;
    std::shared_ptr<MapResult> result_;
    std::shared_ptr<MapResult> pending_;
    std::unique_ptr<BackgroundTask> task_;
    QString lastError_;
    bool bulkBusy_ = false;
    int neighbourGeneration_ = 0;
    int duplicateGeneration_ = 0;

    MapView* view_ = nullptr;
    MapNeighbourModel* neighbours_ = nullptr;
    // what to map
    QLabel* sourceLabel_ = nullptr;
    QComboBox* source_ = nullptr;
    QLabel* datasetLabel_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QLabel* mixLabel_ = nullptr;
    QComboBox* mix_ = nullptr;
    QLabel* fieldLabel_ = nullptr;
    QComboBox* field_ = nullptr;
    QLabel* collectionLabel_ = nullptr;
    QComboBox* collection_ = nullptr;
    QLabel* embedderLabel_ = nullptr;
    QLineEdit* embedder_ = nullptr;
    QPushButton* browseEmbedder_ = nullptr;
    QLabel* methodLabel_ = nullptr;
    QComboBox* method_ = nullptr;
    QLabel* seedLabel_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QLabel* neighborsLabel_ = nullptr;
    QSpinBox* umapNeighbors_ = nullptr;
    QLabel* minDistLabel_ = nullptr;
    QDoubleSpinBox* minDist_ = nullptr;
    QLabel* perplexityLabel_ = nullptr;
    QDoubleSpinBox* perplexity_ = nullptr;
    QPushButton* build_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QPushButton* import_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    // exploring
    QLabel* colorByLabel_ = nullptr;
    QComboBox* colorBy_ = nullptr;
    QListView* legend_ = nullptr;
    QToolButton* panTool_ = nullptr;
    QToolButton* rectTool_ = nullptr;
    QToolButton* lassoTool_ = nullptr;
    QToolButton* fit_ = nullptr;
    QLineEdit* search_ = nullptr;
    QLabel* searchCount_ = nullptr;
    QCheckBox* duplicates_ = nullptr;
    QDoubleSpinBox* duplicateSimilarity_ = nullptr;
    QLabel* selectionLabel_ = nullptr;
    QPushButton* filter_ = nullptr;
    QToolButton* bulk_ = nullptr;
    QMenu* bulkMenu_ = nullptr;
    QLabel* neighboursLabel_ = nullptr;
    QTableView* neighbourTable_ = nullptr;
    QPushButton* exportPng_ = nullptr;
};

} // namespace wb
