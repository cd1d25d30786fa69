// Batch inspection over a small SFT dataset through the real widgets: every
// record scored on a worker thread and stored with it, the table sorted by
// risk, "send to review" setting needs-fix on exactly the selected records in
// one undoable step, and a cancelled batch keeping exactly what it stored.
#include "core/inspect/inspection_store.h"
#include "core/store/project_store.h"
#include "ui/inspector/batch_inspector.h"
#include "ui/inspector/batch_result_model.h"
#include "ui/inspector/inspector_panel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace wb;

namespace {

struct Case {
    const char* question;
    const char* evidence;
    const char* output;
    bool wrong;
};

const Case kCases[] = {
    {"When did Apollo 11 land?", "Apollo 11 landed on the Moon on 20 July 1969, commanded by Neil Armstrong.",
     "Apollo 11 landed on the Moon in 1969, commanded by Neil Armstrong.", false},
    {"When did Apollo 11 land?", "Apollo 11 landed on the Moon on 20 July 1969, commanded by Neil Armstrong.",
     "Apollo 11 landed on the Moon in 1972, commanded by Buzz Kowalski.", true},
    {"How tall is Everest?", "Mount Everest is 8,849 metres high and lies in the Himalayas.",
     "Mount Everest is 8849 metres high and lies in the Himalayas.", false},
    {"How tall is Everest?", "Mount Everest is 8,849 metres high and lies in the Himalayas.",
     "Mount Everest is 9,300 metres high and lies in the Andes.", true},
    {"长江有多长？", "长江全长约6300千米，是中国最长的河流。", "长江全长约6300千米，是中国最长的河流。", false},
    {"长江有多长？", "长江全长约6300千米，是中国最长的河流。", "长江全长约4500千米，由张三命名。", true},
};

} // namespace

class tst_inspector_batch : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    int projects_ = 0;
    QString path_;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<InspectorPanel> panel_;
    int64_t ds_ = 0;
    std::set<qint64> wrong_, right_;

    BatchInspector* batch() const { return panel_->batch(); }
    bool runBatch()
    {
        QSignalSpy done(batch(), &BatchInspector::finished);
        if (!batch()->run()) return false;
        if (!done.wait(60000) && done.isEmpty()) return false;
        return done.first().first().toBool();
    }
    int status(qint64 id) { return int(store_->record(id)->status); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("b%1.wbproj").arg(++projects_));
        store_ = ProjectStore::create(path_.toStdString());
        ds_ = store_->createDataset("facts", DatasetKind::Sft);
        wrong_.clear();
        right_.clear();
        for (const Case& c : kCases) {
            Record r;
            r.datasetId = ds_;
            r.instruction = c.question;
            r.input = c.evidence;
            r.output = c.output;
            (c.wrong ? wrong_ : right_).insert(store_->insertRecord(r));
        }
        store_->createDataset("prefs", DatasetKind::Preference);   // not offered for batch mode
        panel_ = std::make_unique<InspectorPanel>(*store_, path_);
        panel_->resize(1200, 800);
        panel_->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
        panel_->tabs()->setCurrentWidget(batch());
    }
    void cleanup()
    {
        panel_.reset();
        store_.reset();
    }

    void sortsByRiskAndSendsSelectionToReview()
    {
        QAbstractItemModelTester tester(batch()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!batch()->setDataset(ds_ + 1));   // the preference dataset is not listed
        QVERIFY(batch()->setDataset(ds_));
        QVERIFY2(runBatch(), qPrintable(batch()->lastError()));
        BatchResultModel* m = batch()->model();
        QCOMPARE(m->rowCount(), int(std::size(kCases)));
        for (int r = 1; r < m->rowCount(); ++r)
            QVERIFY(m->index(r - 1, 0).data(BatchResultModel::RiskRole).toDouble()
                    >= m->index(r, 0).data(BatchResultModel::RiskRole).toDouble());
        // The wrong answers are the riskiest three.
        std::set<qint64> top;
        for (int r = 0; r < int(wrong_.size()); ++r) top.insert(m->index(r, 0).data(BatchResultModel::RecordIdRole).toLongLong());
        QCOMPARE(top, wrong_);
        // Each names the riskiest span of its riskiest claim, worded by the panel (SpanReason).
        for (int r = 0; r < int(wrong_.size()); ++r) {
            const QString reason = m->index(r, BatchResultModel::ReasonColumn).data().toString();
            QVERIFY2(reason.contains(QStringLiteral(" is not in the evidence")), qPrintable(reason));
        }

        // Every score is stored with its record, riskiest first.
        inspect::InspectionStore saved(*store_);
        for (const qint64 id : wrong_) QVERIFY(saved.forRecord(id));
        for (const qint64 id : right_) QVERIFY(saved.forRecord(id));
        const auto riskiest = saved.riskiestRecords(int(wrong_.size()));
        std::set<qint64> riskiestIds;
        for (const auto& s : riskiest) riskiestIds.insert(s.recordId);
        QCOMPARE(riskiestIds, wrong_);

        // Select rows 0 and 2 through the table and send them to review.
        QVERIFY(!batch()->reviewButton()->isEnabled());
        QItemSelectionModel* sel = batch()->table()->selectionModel();
        sel->select(m->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        sel->select(m->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QVERIFY(batch()->reviewButton()->isEnabled());
        const std::set<qint64> chosen = {m->index(0, 0).data(BatchResultModel::RecordIdRole).toLongLong(),
                                         m->index(2, 0).data(BatchResultModel::RecordIdRole).toLongLong()};
        QSignalSpy changed(panel_.get(), &InspectorPanel::recordsChanged);
        const int groupsBefore = int(store_->editGroups().size());
        batch()->reviewButton()->click();
        QCOMPARE(changed.count(), 1);
        for (const qint64 id : wrong_) QCOMPARE(status(id), int(chosen.count(id) ? ReviewStatus::NeedsFix : ReviewStatus::Unreviewed));
        for (const qint64 id : right_) QCOMPARE(status(id), int(ReviewStatus::Unreviewed));
        QCOMPARE(int(store_->editGroups().size()), groupsBefore + 1);   // one undo step
        QVERIFY(store_->undo());
        for (const qint64 id : chosen) QCOMPARE(status(id), int(ReviewStatus::Unreviewed));

        // Nothing selected: nothing changes (an empty id list must not mean "all").
        sel->clearSelection();
        QCOMPARE(batch()->sendSelectedToReview(), qint64(0));
        for (const qint64 id : wrong_) QCOMPARE(status(id), int(ReviewStatus::Unreviewed));
    }

    void recordWithoutOutputIsListedNotScored()
    {
        Record r;
        r.datasetId = ds_;
        r.instruction = "Empty?";
        const int64_t empty = store_->insertRecord(r);
        QVERIFY(batch()->setDataset(ds_));
        QVERIFY(runBatch());
        QCOMPARE(batch()->model()->rowCount(), int(std::size(kCases)));
        QVERIFY2(batch()->statusLabel()->text().contains(QStringLiteral("record %1: no output").arg(empty)),
                 qPrintable(batch()->statusLabel()->text()));
        QVERIFY(!inspect::InspectionStore(*store_).forRecord(empty));
    }

    // Cancelled right after it starts: whatever was scored is both listed and stored, nothing more.
    void cancelKeepsWhatWasStored()
    {
        std::vector<Record> more;
        for (int i = 0; i < 400; ++i) {
            Record r;
            r.datasetId = ds_;
            r.instruction = kCases[i % 6].question;
            r.input = kCases[i % 6].evidence;
            r.output = std::string(kCases[i % 6].output) + " #" + std::to_string(i);
            more.push_back(r);
        }
        {
            ProjectStore::Transaction tx(*store_);
            store_->insertRecords(more);
            tx.commit();
        }
        QVERIFY(batch()->setDataset(ds_));
        QSignalSpy done(batch(), &BatchInspector::finished);
        QVERIFY(batch()->run());
        QVERIFY(batch()->isBusy());
        QVERIFY(!batch()->runButton()->isEnabled());
        batch()->cancelButton()->click();
        QVERIFY(done.wait(60000) || !done.isEmpty());
        QVERIFY(done.first().first().toBool());
        QVERIFY(!batch()->isBusy());
        const int rows = batch()->model()->rowCount();
        QVERIFY(rows <= int(std::size(kCases)) + 400);
        int stored = 0;
        RecordQuery q;
        q.datasetId = ds_;
        inspect::InspectionStore saved(*store_);
        for (const int64_t id : store_->ids(q)) stored += saved.forRecord(id) ? 1 : 0;
        QCOMPARE(stored, rows);
    }
};

QTEST_MAIN(tst_inspector_batch)
#include "tst_inspector_batch.moc"
