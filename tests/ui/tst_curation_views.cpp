#include "core/store/project_store.h"
#include "ui/curation/duplicates_view.h"
#include "ui/curation/quality_view.h"
#include "ui/curation/stats_view.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QLineSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

class tst_curation_views : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void duplicatesFindKeepAndUndo();
    void duplicatesDropAllAndNearMode();
    void qualityListsEmptyOutputAndMarksNeedsFix();
    void statsShowCounts();

private:
    qint64 add(const std::string& instruction, const std::string& output, const std::string& category,
               wb::ReviewStatus status, wb::Split split);
    qint64 count();
    static qint64 countIn(QTableWidget* table, const QString& key);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<wb::ProjectStore> store_;
    QString projectPath_;
    qint64 datasetId_ = 0;
    qint64 original_ = 0, duplicate_ = 0, empty_ = 0;
};

qint64 tst_curation_views::add(const std::string& instruction, const std::string& output, const std::string& category,
                               wb::ReviewStatus status, wb::Split split)
{
    wb::Record r;
    r.datasetId = datasetId_;
    r.kind = wb::DatasetKind::Sft;
    r.instruction = instruction;
    r.output = output;
    r.category = category;
    r.status = status;
    r.split = split;
    return store_->insertRecord(r);
}

qint64 tst_curation_views::count()
{
    wb::RecordQuery q;
    q.datasetId = datasetId_;
    return store_->count(q);
}

qint64 tst_curation_views::countIn(QTableWidget* table, const QString& key)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->data(Qt::UserRole).toString() == key)
            return table->item(row, 1)->data(Qt::DisplayRole).toLongLong();
    return -1;
}

void tst_curation_views::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    projectPath_ = dir_->filePath(QStringLiteral("test.llmwb"));
    store_ = wb::ProjectStore::create(projectPath_.toStdString());
    datasetId_ = store_->createDataset("curation", wb::DatasetKind::Sft);
    using S = wb::ReviewStatus;
    using P = wb::Split;
    original_ = add("What is the boiling point of water at sea level?", "100 degrees Celsius.", "science",
                    S::Accepted, P::Train);
    add("Name the largest planet in the solar system.", "Jupiter is the largest planet.", "science", S::Accepted,
        P::Train);
    // Same text up to case, spacing and punctuation: an exact duplicate after normalisation.
    duplicate_ = add("what is the boiling point of water at sea level", "100 degrees  celsius", "science",
                     S::Unreviewed, P::Validation);
    empty_ = add("Write a haiku about autumn leaves.", "   ", "poetry", S::Unreviewed, P::Train);
    add("Translate 'good morning' into French.", "Bonjour.", "language", S::Accepted, P::Test);
}

void tst_curation_views::cleanup()
{
    store_.reset();
    dir_.reset();
}

void tst_curation_views::duplicatesFindKeepAndUndo()
{
    wb::DuplicatesView view(*store_, projectPath_);
    view.setDataset(datasetId_);
    QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("findButton")), Qt::LeftButton);
    QTRY_VERIFY(!view.isSearching());
    QCOMPARE(view.groups().size(), size_t(1));
    const auto& ids = view.groups().front().ids;
    QCOMPARE(ids.size(), size_t(2));
    QVERIFY(std::find(ids.begin(), ids.end(), original_) != ids.end());
    QVERIFY(std::find(ids.begin(), ids.end(), duplicate_) != ids.end());

    auto* tree = view.findChild<QTreeWidget*>(QStringLiteral("groupTree"));
    QCOMPARE(tree->topLevelItemCount(), 1);
    QTreeWidgetItem* group = tree->topLevelItem(0);
    QCOMPARE(group->childCount(), 2);
    QTreeWidgetItem* keepItem = nullptr;
    for (int i = 0; i < 2; ++i)
        if (group->child(i)->data(0, Qt::UserRole + 1).toLongLong() == duplicate_)
            keepItem = group->child(i);
    QVERIFY(keepItem);
    QVERIFY(keepItem->text(1).contains(QStringLiteral("boiling point")));

    QSignalSpy open(&view, &wb::DuplicatesView::openRecord);
    Q_EMIT tree->itemDoubleClicked(keepItem, 0);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toLongLong(), duplicate_);

    // Keep the later record, drop the other one.
    tree->setCurrentItem(keepItem);
    auto* keep = view.findChild<QPushButton*>(QStringLiteral("keepSelectedButton"));
    QVERIFY(keep->isEnabled());
    QSignalSpy changed(&view, &wb::DuplicatesView::datasetChanged);
    QTest::mouseClick(keep, Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(count(), 4);
    QVERIFY(store_->record(duplicate_));
    QVERIFY(!store_->record(original_));
    QCOMPARE(tree->topLevelItemCount(), 0);

    // One undo step restores the dropped record.
    QVERIFY(store_->undo());
    QCOMPARE(count(), 5);
    QVERIFY(store_->record(original_));
}

void tst_curation_views::duplicatesDropAllAndNearMode()
{
    // A near duplicate: one word changed in a long text.
    const std::string text = "The quick brown fox jumps over the lazy dog while the farmer watches from the porch "
                             "and the sun sets slowly behind the distant hills of the quiet valley.";
    std::string near = text;
    near.replace(near.find("farmer"), 6, "farmers");
    const qint64 a = add("Describe the scene.", text, "", wb::ReviewStatus::Unreviewed, wb::Split::Train);
    const qint64 b = add("Describe the scene.", near, "", wb::ReviewStatus::Unreviewed, wb::Split::Train);

    wb::DuplicatesView view(*store_, projectPath_);
    view.setDataset(datasetId_);
    auto* mode = view.findChild<QComboBox*>(QStringLiteral("modeCombo"));
    auto* slider = view.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
    QVERIFY(!slider->isEnabled());
    mode->setCurrentIndex(mode->findData(QStringLiteral("near")));
    QVERIFY(slider->isEnabled());
    QCOMPARE(slider->minimum(), 50);
    QCOMPARE(slider->maximum(), 100);
    slider->setValue(70);
    view.find();
    QTRY_VERIFY(!view.isSearching());
    bool foundPair = false;
    for (const auto& g : view.groups()) {
        const bool hasA = std::find(g.ids.begin(), g.ids.end(), a) != g.ids.end();
        const bool hasB = std::find(g.ids.begin(), g.ids.end(), b) != g.ids.end();
        foundPair = foundPair || (hasA && hasB);
        QVERIFY(g.similarity >= 0.5);
    }
    QVERIFY(foundPair);

    // Exact mode then "drop all" keeps one record per group.
    mode->setCurrentIndex(mode->findData(QStringLiteral("exact")));
    view.find();
    QTRY_VERIFY(!view.isSearching());
    QCOMPARE(view.groups().size(), size_t(1));
    QSignalSpy changed(&view, &wb::DuplicatesView::datasetChanged);
    QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("dropAllButton")), Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(count(), 6);
    QVERIFY(view.groups().empty());
}

void tst_curation_views::qualityListsEmptyOutputAndMarksNeedsFix()
{
    wb::QualityView view(*store_, projectPath_);
    view.setDataset(datasetId_);
    QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("checkButton")), Qt::LeftButton);
    QTRY_VERIFY(!view.isBusy());
    bool found = false;
    for (const auto& issue : view.issues())
        found = found || (issue.recordId == empty_ && issue.kind == wb::curation::IssueKind::EmptyOutput
                          && issue.field == "output");
    QVERIFY(found);

    auto* table = view.findChild<QTableView*>(QStringLiteral("issueTable"));
    QCOMPARE(table->model()->rowCount(), int(view.issues().size()));
    auto* kind = view.findChild<QComboBox*>(QStringLiteral("kindFilter"));
    kind->setCurrentIndex(kind->findData(int(wb::curation::IssueKind::EmptyOutput)));
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toLongLong(), empty_);
    QCOMPARE(view.listedRecordIds(), std::vector<qint64>{empty_});

    QSignalSpy open(&view, &wb::QualityView::openRecord);
    Q_EMIT table->doubleClicked(table->model()->index(0, 2));
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toLongLong(), empty_);

    QSignalSpy changed(&view, &wb::QualityView::datasetChanged);
    QTest::mouseClick(view.findChild<QPushButton*>(QStringLiteral("markNeedsFixButton")), Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(int(store_->record(empty_)->status), int(wb::ReviewStatus::NeedsFix));
    QCOMPARE(int(store_->record(original_)->status), int(wb::ReviewStatus::Accepted));
    QVERIFY(store_->undo());
    QCOMPARE(int(store_->record(empty_)->status), int(wb::ReviewStatus::Unreviewed));
}

void tst_curation_views::statsShowCounts()
{
    wb::StatsView view(*store_, projectPath_);
    QSignalSpy ready(&view, &wb::StatsView::statsReady);
    view.setDataset(datasetId_);
    QTRY_COMPARE(ready.count(), 1);
    QVERIFY(view.stats());
    QCOMPARE(view.stats()->records, 5);

    auto* status = view.findChild<QTableWidget*>(QStringLiteral("statusTable"));
    QCOMPARE(status->rowCount(), 2);
    QCOMPARE(countIn(status, QStringLiteral("accepted")), 3);
    QCOMPARE(countIn(status, QStringLiteral("unreviewed")), 2);
    auto* split = view.findChild<QTableWidget*>(QStringLiteral("splitTable"));
    QCOMPARE(countIn(split, QStringLiteral("train")), 3);
    QCOMPARE(countIn(split, QStringLiteral("validation")), 1);
    QCOMPARE(countIn(split, QStringLiteral("test")), 1);
    auto* category = view.findChild<QTableWidget*>(QStringLiteral("categoryTable"));
    QCOMPARE(countIn(category, QStringLiteral("science")), 3);
    QCOMPARE(countIn(category, QStringLiteral("poetry")), 1);
    auto* language = view.findChild<QTableWidget*>(QStringLiteral("languageTable"));
    QCOMPARE(countIn(language, QStringLiteral("en")), 5);

    auto* field = view.findChild<QComboBox*>(QStringLiteral("fieldCombo"));
    QCOMPARE(field->currentText(), QStringLiteral("output"));
    QLineSeries* series = view.histogramSeries();
    const auto& hist = view.stats()->charLengths.at("output");
    QCOMPARE(series->count(), int(hist.counts.size()) * 2);
    qint64 total = 0;
    for (int i = 0; i < series->count(); i += 2)
        total += qint64(series->at(i).y());
    QCOMPARE(total, 5);
    field->setCurrentIndex(field->findText(QStringLiteral("instruction")));
    QCOMPARE(view.currentField(), QStringLiteral("instruction"));
    QCOMPARE(series->count(), int(view.stats()->charLengths.at("instruction").counts.size()) * 2);

    // A change in the store shows after a refresh.
    add("One more?", "Yes.", "misc", wb::ReviewStatus::Rejected, wb::Split::Train);
    view.refresh();
    QTRY_COMPARE(ready.count(), 2);
    QCOMPARE(countIn(status, QStringLiteral("rejected")), 1);
    QCOMPARE(view.stats()->records, 6);
}

QTEST_MAIN(tst_curation_views)
#include "tst_curation_views.moc"
