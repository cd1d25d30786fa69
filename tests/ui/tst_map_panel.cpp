#include "core/inspect/inspection_store.h"
#include "core/store/project_store.h"
#include "ui/embeddings/embedding_map_panel.h"
#include "ui/embeddings/map_coloring.h"
#include "ui/embeddings/map_fields.h"
#include "ui/embeddings/map_legend_model.h"
#include "ui/embeddings/map_neighbour_model.h"
#include "ui/embeddings/map_view.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>

namespace {

// Lays the records of the requested datasets out on a grid (record k of the
// request at x = k % 10, y = k / 10) with 3-d vectors: records with equal
// category share a direction, so neighbours and near duplicates are known.
class FakePipeline : public wb::MapPipeline {
public:
    wb::MapResult run(const wb::MapRequest& req, wb::BackgroundTask::Context& ctx) override
    {
        requests.push_back(req);
        if (waitForCancel) {
            started = true;
            while (!ctx.cancelled())
                QThread::msleep(1);   // stands in for a long embedding run polling its flag
            wb::MapResult r;
            r.cancelled = true;
            return r;
        }
        auto store = wb::ProjectStore::open(ctx.projectPath);
        wb::MapResult r;
        r.data = std::make_shared<wb::MapData>();
        int k = 0;
        for (int64_t ds : req.datasetIds) {
            wb::RecordQuery q;
            q.datasetId = ds;
            store->forEach(q, [&](const wb::Record& rec) {
                r.data->itemIds.push_back(rec.id);
                r.data->xy.push_back(float(k % 10));
                r.data->xy.push_back(float(k / 10));
                const float c = rec.category == "animal" ? 1.f : 0.f;
                // unit vectors: animals near (1, 0, 0), others near (0, 1, 0); a little per-record tilt
                const float tilt = rec.instruction == "twin" ? 0.f : 0.01f * float(k + 1);
                const float x = c, y = 1.f - c, z = tilt, norm = std::sqrt(x * x + y * y + z * z);
                r.vectors.insert(r.vectors.end(), {x / norm, y / norm, z / norm});
                ++k;
                ctx.progress(k, 100, QStringLiteral("fake"));
                return true;
            });
        }
        r.dim = 3;
        wb::addRecordChannels(*store, *r.data);
        wb::addClusterChannel(*r.data, 2);
        r.trustworthiness = 0.875;
        r.embedderName = "fake-embedder";
        return r;
    }

    std::vector<wb::MapRequest> requests;
    bool waitForCancel = false;
    std::atomic<bool> started{false};
};

} // namespace

class tst_map_panel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void withoutPipelineCannotBuild();
    void buildShowsMapAndTrustworthiness();
    void mixTwoDatasets();
    void colourByStatusFromCombo();
    void rectangleSelectionFiltersDataset();
    void bulkStatusIsOneUndoStep();
    void clickOpensRecord();
    void hoverShowsRecordText();
    void searchHighlightsMatches();
    void neighboursInEmbeddingSpace();
    void nearDuplicatesOutlined();
    void importCoordinates();
    void importCoordinatesErrorNamesLine();
    void cancelStopsBuild();
    void scoresAsNumericField();
    void storedInspectionScoresColourTheMap();
    void exportPng();

private:
    qint64 add(qint64 dataset, const std::string& instruction, const std::string& category);
    void build();
    void click(QPointF pos, Qt::KeyboardModifiers mods = Qt::NoModifier);
    void drag(QPointF from, QPointF to, Qt::KeyboardModifiers mods);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<wb::ProjectStore> store_;
    QString projectPath_;
    qint64 ds1_ = 0, ds2_ = 0;
    std::vector<qint64> ids_;   // ds1's records in id order
    std::shared_ptr<FakePipeline> pipeline_;
    std::unique_ptr<wb::EmbeddingMapPanel> panel_;
};

qint64 tst_map_panel::add(qint64 dataset, const std::string& instruction, const std::string& category)
{
    wb::Record r;
    r.datasetId = dataset;
    r.kind = wb::DatasetKind::Sft;
    r.instruction = instruction;
    r.output = "answer to " + instruction;
    r.category = category;
    return store_->insertRecord(r);
}

void tst_map_panel::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    projectPath_ = dir_->filePath(QStringLiteral("map.llmwb"));
    store_ = wb::ProjectStore::create(projectPath_.toStdString());
    ds1_ = store_->createDataset("zoo", wb::DatasetKind::Sft);
    ds2_ = store_->createDataset("other", wb::DatasetKind::Sft);
    ids_.clear();
    // 30 records: grid rows y = 0..2; every third one an animal; two "twin"s (identical vectors) at
    // k = 9 and 18, diagonal neighbours on the map.
    for (int k = 0; k < 30; ++k) {
        const bool animal = k % 3 == 0;
        const std::string text = k == 9 || k == 18 ? "twin" : (animal ? "giraffe " : "teapot ") + std::to_string(k);
        ids_.push_back(add(ds1_, text, animal ? "animal" : "object"));
    }
    for (int k = 0; k < 5; ++k)
        add(ds2_, "second " + std::to_string(k), "object");
    pipeline_ = std::make_shared<FakePipeline>();
    panel_ = std::make_unique<wb::EmbeddingMapPanel>(*store_, projectPath_);
    panel_->resize(1200, 800);
    panel_->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
}

void tst_map_panel::cleanup()
{
    panel_.reset();
    pipeline_.reset();
    store_.reset();
    dir_.reset();
}

void tst_map_panel::build()
{
    panel_->setPipeline(pipeline_);
    panel_->embedderEdit()->setText(QStringLiteral("/models/fake"));
    QSignalSpy ready(panel_.get(), &wb::EmbeddingMapPanel::mapReady);
    QVERIFY2(panel_->buildMap(), qPrintable(panel_->lastError()));
    QTRY_VERIFY2(ready.count() == 1 || !panel_->lastError().isEmpty(), "no result");
    QVERIFY2(panel_->lastError().isEmpty(), qPrintable(panel_->lastError()));
    QCOMPARE(ready.count(), 1);
    QVERIFY(!panel_->isBusy());
}

void tst_map_panel::click(QPointF pos, Qt::KeyboardModifiers mods)
{
    wb::MapView* v = panel_->view();
    QMouseEvent press(QEvent::MouseButtonPress, pos, v->mapToGlobal(pos), Qt::LeftButton, Qt::LeftButton, mods);
    QApplication::sendEvent(v, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, pos, v->mapToGlobal(pos), Qt::LeftButton, Qt::NoButton, mods);
    QApplication::sendEvent(v, &release);
}

void tst_map_panel::drag(QPointF from, QPointF to, Qt::KeyboardModifiers mods)
{
    wb::MapView* v = panel_->view();
    QMouseEvent press(QEvent::MouseButtonPress, from, v->mapToGlobal(from), Qt::LeftButton, Qt::LeftButton, mods);
    QApplication::sendEvent(v, &press);
    QMouseEvent move(QEvent::MouseMove, to, v->mapToGlobal(to), Qt::NoButton, Qt::LeftButton, mods);
    QApplication::sendEvent(v, &move);
    QMouseEvent release(QEvent::MouseButtonRelease, to, v->mapToGlobal(to), Qt::LeftButton, Qt::NoButton, mods);
    QApplication::sendEvent(v, &release);
}

void tst_map_panel::withoutPipelineCannotBuild()
{
    QVERIFY(!panel_->buildButton()->isEnabled());
    QVERIFY(!panel_->buildMap());
    QVERIFY(!panel_->lastError().isEmpty());
    panel_->setPipeline(pipeline_);
    QVERIFY(panel_->buildButton()->isEnabled());
    QVERIFY(!panel_->buildMap());   // no embedder folder yet
    QVERIFY(pipeline_->requests.empty());
}

void tst_map_panel::buildShowsMapAndTrustworthiness()
{
    // The controls make the request: dataset, field, method and its parameters.
    panel_->fieldCombo()->setCurrentIndex(panel_->fieldCombo()->findData(QStringLiteral("output")));
    panel_->methodCombo()->setCurrentIndex(panel_->methodCombo()->findData(QStringLiteral("pca")));
    build();
    QCOMPARE(pipeline_->requests.size(), size_t(1));
    const wb::MapRequest& req = pipeline_->requests[0];
    QCOMPARE(req.datasetIds, std::vector<int64_t>{ds1_});
    QCOMPARE(req.field, std::string("output"));
    QCOMPARE(req.embedderFolder, std::string("/models/fake"));
    QVERIFY(req.params.method == wb::ProjectionMethod::Pca);
    QCOMPARE(panel_->view()->pointCount(), int64_t(30));
    QCOMPARE(panel_->trustworthiness(), 0.875);
    QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("0.875")));
    QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("fake-embedder")));
    // The embedder folder is remembered in the project.
    QCOMPARE(store_->meta("map.embedder_folder").value_or(""), std::string("/models/fake"));
    // Every field is offered for colouring.
    for (const char* key : {"category", "status", "split", "dataset", "source", "rating", "cluster"})
        QVERIFY2(panel_->colorByCombo()->findData(QString::fromLatin1(key)) > 0, key);
}

void tst_map_panel::mixTwoDatasets()
{
    panel_->mixCombo()->setCurrentIndex(panel_->mixCombo()->findData(ds2_));
    build();
    QCOMPARE(pipeline_->requests[0].datasetIds, (std::vector<int64_t>{ds1_, ds2_}));
    QCOMPARE(panel_->view()->pointCount(), int64_t(35));
    panel_->setColorBy(QStringLiteral("dataset"));
    auto* legend = panel_->view()->legendModel();
    QAbstractItemModelTester tester(legend, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Labels sorted: "other" (5), "zoo" (30), "(none)" (0).
    QCOMPARE(legend->rowCount(), 3);
    QCOMPARE(legend->data(legend->index(0), wb::MapLegendModel::CountRole).toLongLong(), 5);
    QCOMPARE(legend->data(legend->index(1), wb::MapLegendModel::CountRole).toLongLong(), 30);
    QCOMPARE(panel_->view()->pointColor(0), wb::MapColoring::categoryColor(1));
    QCOMPARE(panel_->view()->pointColor(34), wb::MapColoring::categoryColor(0));
}

void tst_map_panel::colourByStatusFromCombo()
{
    wb::Record r = *store_->record(ids_[4]);
    r.status = wb::ReviewStatus::Rejected;
    store_->updateRecord(r);
    build();
    QComboBox* combo = panel_->colorByCombo();
    combo->setCurrentIndex(combo->findData(QStringLiteral("status")));
    wb::MapView* v = panel_->view();
    QCOMPARE(v->colorChannel(), v->data()->channelIndex(QStringLiteral("status")));
    QCOMPARE(v->pointColor(4), wb::MapColoring::categoryColor(int(wb::ReviewStatus::Rejected)));
    QCOMPARE(v->pointColor(5), wb::MapColoring::categoryColor(int(wb::ReviewStatus::Unreviewed)));
    const QImage shot = v->grab().toImage();
    const QPointF p = v->pointPixel(4);
    QCOMPARE(shot.pixelColor(int(p.x()), int(p.y())), wb::MapColoring::categoryColor(int(wb::ReviewStatus::Rejected)));
    // Legend: hide "Rejected" and the point is gone from the picture.
    QVERIFY(v->legendModel()->setData(v->legendModel()->index(int(wb::ReviewStatus::Rejected)), Qt::Unchecked,
                                      Qt::CheckStateRole));
    const QImage hidden = v->grab().toImage();
    QCOMPARE(hidden.pixelColor(int(p.x()), int(p.y())), QColor(Qt::white));
}

void tst_map_panel::rectangleSelectionFiltersDataset()
{
    build();
    wb::MapView* v = panel_->view();
    QVERIFY(!panel_->filterButton()->isEnabled());
    // Points k at (k % 10, k / 10): the rectangle x in 1..3, y in 1..2 holds k = 11..13, 21..23.
    drag(v->transform().toPixel(0.5, 0.5), v->transform().toPixel(3.5, 2.5), Qt::ShiftModifier);
    QList<qint64> expected;
    for (int k : {11, 12, 13, 21, 22, 23})
        expected << ids_[size_t(k)];
    QCOMPARE(panel_->selectedRecordIds(), expected);
    QVERIFY(panel_->filterButton()->isEnabled());
    QSignalSpy filter(panel_.get(), &wb::EmbeddingMapPanel::filterDatasetToSelection);
    QTest::mouseClick(panel_->filterButton(), Qt::LeftButton);
    QCOMPARE(filter.count(), 1);
    QCOMPARE(filter.at(0).at(0).toLongLong(), ds1_);
    QCOMPARE(filter.at(0).at(1).value<QList<qint64>>(), expected);
    // The emitted ids, as a RecordQuery filter, give exactly these records.
    wb::RecordQuery q;
    q.datasetId = ds1_;
    const QList<qint64> ids = filter.at(0).at(1).value<QList<qint64>>();
    q.ids.assign(ids.begin(), ids.end());
    QCOMPARE(store_->count(q), int64_t(6));
}

void tst_map_panel::bulkStatusIsOneUndoStep()
{
    build();
    panel_->setColorBy(QStringLiteral("status"));
    wb::MapView* v = panel_->view();
    v->setSelection({0, 1, 2});
    QSignalSpy changed(panel_.get(), &wb::EmbeddingMapPanel::recordsChanged);
    const size_t groupsBefore = store_->editGroups().size();
    QVERIFY(panel_->bulkSetStatus(wb::ReviewStatus::Accepted));
    QTRY_COMPARE(changed.count(), 1);
    for (int k : {0, 1, 2})
        QVERIFY(store_->record(ids_[size_t(k)])->status == wb::ReviewStatus::Accepted);
    QVERIFY(store_->record(ids_[3])->status == wb::ReviewStatus::Unreviewed);
    QCOMPARE(store_->editGroups().size(), groupsBefore + 1);
    // The map's colours follow.
    QCOMPARE(v->pointColor(1), wb::MapColoring::categoryColor(int(wb::ReviewStatus::Accepted)));
    QVERIFY(store_->undo());
    for (int k : {0, 1, 2})
        QVERIFY(store_->record(ids_[size_t(k)])->status == wb::ReviewStatus::Unreviewed);

    QVERIFY(panel_->bulkSetSplit(wb::Split::Test));
    QTRY_COMPARE(changed.count(), 2);
    QVERIFY(store_->record(ids_[2])->split == wb::Split::Test);
    QVERIFY(panel_->bulkAddTag(QStringLiteral("map-picked")));
    QTRY_COMPARE(changed.count(), 3);
    QCOMPARE(store_->record(ids_[0])->tags, std::vector<std::string>{"map-picked"});
    QCOMPARE(store_->record(ids_[3])->tags, std::vector<std::string>{});
}

void tst_map_panel::clickOpensRecord()
{
    build();
    QSignalSpy activated(panel_.get(), &wb::EmbeddingMapPanel::recordActivated);
    QSignalSpy neighbours(panel_.get(), &wb::EmbeddingMapPanel::neighboursReady);
    click(panel_->view()->pointPixel(17));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toLongLong(), ds1_);
    QCOMPARE(activated.at(0).at(1).toLongLong(), ids_[17]);
    QTRY_COMPARE(neighbours.count(), 1);
}

void tst_map_panel::hoverShowsRecordText()
{
    build();
    wb::MapView* v = panel_->view();
    const QPointF p = v->pointPixel(12);
    QMouseEvent move(QEvent::MouseMove, p, v->mapToGlobal(p), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(v, &move);
    QCOMPARE(v->hoverPoint(), int64_t(12));
    QVERIFY2(v->hoverText().contains(QStringLiteral("giraffe 12")), qPrintable(v->hoverText()));
    QVERIFY(v->hoverText().contains(QStringLiteral("answer to giraffe 12")));
}

void tst_map_panel::searchHighlightsMatches()
{
    build();
    // giraffes: k % 3 == 0 except the twins 9 and 18 -> 8 records.
    QCOMPARE(panel_->search(QStringLiteral("giraffe")), 8);
    QCOMPARE(panel_->view()->highlighted(), (std::vector<int64_t>{0, 3, 6, 12, 15, 21, 24, 27}));
    QCOMPARE(panel_->search(QStringLiteral("no such word")), 0);
    QCOMPARE(panel_->search(QString()), 0);
}

void tst_map_panel::neighboursInEmbeddingSpace()
{
    build();
    auto* model = panel_->neighbourModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy ready(panel_.get(), &wb::EmbeddingMapPanel::neighboursReady);
    panel_->showNeighbours(9);   // a twin: its nearest neighbour is the other twin (distance 0)
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(model->rowCount(), wb::EmbeddingMapPanel::kNeighbours);
    QVERIFY(model->embeddingSpace());
    QCOMPARE(model->rows()[0].point, qint64(18));
    QCOMPARE(model->rows()[0].itemId, ids_[18]);
    QVERIFY(model->rows()[0].distance < 1e-6);
    // The other nine animals come first (same direction), then an object (cosine distance ~1).
    for (int r = 0; r < 9; ++r)
        QCOMPARE(model->rows()[size_t(r)].point % 3, qint64(0));
    QVERIFY(model->rows()[9].point % 3 != 0);
    QVERIFY(model->rows()[9].distance > 0.9);
    QVERIFY(model->data(model->index(0, wb::MapNeighbourModel::Text)).toString().contains(QStringLiteral("twin")));
}

void tst_map_panel::nearDuplicatesOutlined()
{
    build();
    QSignalSpy ready(panel_.get(), &wb::EmbeddingMapPanel::nearDuplicatesReady);
    panel_->setNearDuplicatesShown(true);
    QTRY_COMPARE(ready.count(), 1);
    // The twins (identical vectors, diagonal neighbours on the map) are in one group; records of
    // one category differ by a slight tilt only and may join; animals and objects never do.
    bool twins = false;
    for (const auto& g : panel_->view()->clusters()) {
        QVERIFY(g.size() >= 2);
        twins |= std::find(g.begin(), g.end(), 9) != g.end() && std::find(g.begin(), g.end(), 18) != g.end();
        for (int64_t i : g)
            QCOMPARE(i % 3 == 0, g[0] % 3 == 0);
    }
    QVERIFY(twins);
    panel_->setNearDuplicatesShown(false);
    QVERIFY(panel_->view()->clusters().empty());
}

void tst_map_panel::importCoordinates()
{
    const QString csv = dir_->filePath(QStringLiteral("xy.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("id,x,y\n%1,0.5,1\n%2,-2,3\n%3,4,4\n").arg(ids_[0]).arg(ids_[1]).arg(ids_[2]).toUtf8());
    f.close();
    QSignalSpy ready(panel_.get(), &wb::EmbeddingMapPanel::mapReady);
    QVERIFY(panel_->importCoordinates(csv));   // no pipeline needed
    QTRY_COMPARE(ready.count(), 1);
    const wb::MapData* d = panel_->view()->data();
    QCOMPARE(d->itemIds, (std::vector<int64_t>{ids_[0], ids_[1], ids_[2]}));
    QCOMPARE(d->xy, (std::vector<float>{0.5f, 1, -2, 3, 4, 4}));
    QCOMPARE(d->datasetIds, (std::vector<int64_t>{ds1_, ds1_, ds1_}));
    QVERIFY(panel_->statusLabel()->text().contains(QStringLiteral("3")));
}

void tst_map_panel::importCoordinatesErrorNamesLine()
{
    const QString csv = dir_->filePath(QStringLiteral("bad.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("id,x,y\n%1,0.5,1\n%2,oops,3\n").arg(ids_[0]).arg(ids_[1]).toUtf8());
    f.close();
    QVERIFY(panel_->importCoordinates(csv));
    QTRY_VERIFY(!panel_->isBusy());
    QVERIFY2(panel_->lastError().contains(QStringLiteral("bad.csv")), qPrintable(panel_->lastError()));
    QVERIFY2(panel_->lastError().contains(QStringLiteral("3")), qPrintable(panel_->lastError()));
    QCOMPARE(panel_->view()->pointCount(), int64_t(0));

    // An id that is no record of the project.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(QStringLiteral("id,x,y\n%1,0.5,1\n999999,1,3\n").arg(ids_[0]).toUtf8());
    f.close();
    QVERIFY(panel_->importCoordinates(csv));
    QTRY_VERIFY(!panel_->isBusy());
    QVERIFY2(panel_->lastError().contains(QStringLiteral("999999")), qPrintable(panel_->lastError()));
}

void tst_map_panel::cancelStopsBuild()
{
    pipeline_->waitForCancel = true;
    panel_->setPipeline(pipeline_);
    panel_->embedderEdit()->setText(QStringLiteral("/models/fake"));
    QSignalSpy busy(panel_.get(), &wb::EmbeddingMapPanel::busyChanged);
    QVERIFY(panel_->buildMap());
    QVERIFY(panel_->isBusy());
    QVERIFY(panel_->cancelButton()->isEnabled());
    QVERIFY(!panel_->buildMap());   // one at a time
    QTRY_VERIFY(pipeline_->started);
    QTest::mouseClick(panel_->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY(!panel_->isBusy());
    QCOMPARE(panel_->view()->pointCount(), int64_t(0));
    QVERIFY(!panel_->lastError().isEmpty());
}

void tst_map_panel::scoresAsNumericField()
{
    build();
    std::unordered_map<int64_t, float> scores{{ids_[0], 0.f}, {ids_[1], 1.f}, {ids_[2], 0.5f}};
    panel_->setScores(QStringLiteral("hallucination"), QStringLiteral("Hallucination score"), scores);
    QVERIFY(panel_->colorByCombo()->findData(QStringLiteral("hallucination")) > 0);
    panel_->setColorBy(QStringLiteral("hallucination"));
    wb::MapView* v = panel_->view();
    QCOMPARE(v->pointColor(0), wb::MapColoring::rampColor(0));
    QCOMPARE(v->pointColor(1), wb::MapColoring::rampColor(1));
    // The 27 points without a score fall in "(no value)".
    auto* legend = v->legendModel();
    QCOMPARE(legend->data(legend->index(wb::MapColoring::kNumericBins), wb::MapLegendModel::CountRole).toLongLong(),
             27);
}

// The inspector's stored answer risks become the "hallucination" field: of a
// new map at once, of a shown map after reloadInspectionScores().
void tst_map_panel::storedInspectionScoresColourTheMap()
{
    wb::inspect::InspectionStore inspections(*store_);
    inspections.saveForRecord(ids_[0], "answer", 0.9, "{}");
    build();
    QVERIFY(panel_->colorByCombo()->findData(QStringLiteral("hallucination")) > 0);
    const wb::MapData* d = panel_->view()->data();
    const int channel = d->channelIndex(QStringLiteral("hallucination"));
    QVERIFY(channel >= 0);
    const auto valueOf = [&](int64_t id) {
        const auto at = std::find(d->itemIds.begin(), d->itemIds.end(), id) - d->itemIds.begin();
        return d->channels[size_t(channel)].values[size_t(at)];
    };
    QCOMPARE(valueOf(ids_[0]), 0.9f);
    QVERIFY(std::isnan(valueOf(ids_[1])));

    inspections.saveForRecord(ids_[1], "answer", 0.25, "{}");
    QVERIFY(panel_->reloadInspectionScores());
    QCOMPARE(valueOf(ids_[1]), 0.25f);
    // Coloured on the ramp between the lowest and the highest score.
    panel_->setColorBy(QStringLiteral("hallucination"));
    const auto pointOf = [&](int64_t id) { return std::find(d->itemIds.begin(), d->itemIds.end(), id) - d->itemIds.begin(); };
    QCOMPARE(panel_->view()->pointColor(pointOf(ids_[1])), wb::MapColoring::rampColor(0));
    QCOMPARE(panel_->view()->pointColor(pointOf(ids_[0])), wb::MapColoring::rampColor(1));
}

void tst_map_panel::exportPng()
{
    build();
    const QString path = dir_->filePath(QStringLiteral("map.png"));
    QVERIFY(panel_->exportPng(path));
    const QImage img(path);
    QCOMPARE(img.size(), panel_->view()->size());
    QVERIFY(!panel_->exportPng(dir_->filePath(QStringLiteral("missing/dir/map.png"))));
    QVERIFY(!panel_->lastError().isEmpty());
}

QTEST_MAIN(tst_map_panel)
#include "tst_map_panel.moc"
