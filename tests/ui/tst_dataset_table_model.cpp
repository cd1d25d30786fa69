// DatasetTableModel over a real project: lazy paging, sort, filter, refresh.
#include "core/store/project_store.h"
#include "ui/dataset/dataset_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace wb;

class tst_dataset_table_model : public QObject {
    Q_OBJECT
private:
    static constexpr int kRecords = 50000;
    QTemporaryDir dir_;
    std::unique_ptr<ProjectStore> store_;
    int64_t big_ = 0;

    QString cell(const DatasetTableModel& m, int row, DatasetTableModel::Field f)
    {
        return m.data(m.index(row, m.columnOf(f))).toString();
    }
    RecordQuery bigQuery() const
    {
        RecordQuery q;
        q.datasetId = big_;
        return q;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        store_ = ProjectStore::create(dir_.filePath(QStringLiteral("m.llmwb")).toStdString());
        big_ = store_->createDataset("big", DatasetKind::Sft);
        std::vector<Record> rs;
        rs.reserve(kRecords);
        for (int i = 0; i < kRecords; ++i) {
            Record r;
            r.datasetId = big_;
            r.kind = DatasetKind::Sft;
            r.instruction = "instruction " + std::to_string(i);
            r.output = "output " + std::to_string(i);
            r.category = std::string(1, char('a' + i % 3));
            r.status = i % 10 == 0 ? ReviewStatus::Accepted : ReviewStatus::Unreviewed;
            r.rating = i % 6;
            if (i == 777)
                r.instruction = "一只可爱的小猫 zebra";
            rs.push_back(std::move(r));
        }
        ProjectStore::Transaction t(*store_);
        store_->insertRecords(rs);
        t.commit();
    }

    void modelTester()
    {
        DatasetTableModel model(*store_);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setQuery(bigQuery());
        QCOMPARE(model.rowCount(), kRecords);
        model.sort(model.columnOf(DatasetTableModel::Field::Category), Qt::DescendingOrder);
        RecordQuery q = bigQuery();
        q.status = ReviewStatus::Accepted;
        model.setQuery(q);
        model.refresh();
    }

    void rowCountMatchesStore()
    {
        DatasetTableModel model(*store_);
        model.setQuery(bigQuery());
        QCOMPARE(qint64(model.rowCount()), store_->count(bigQuery()));
        QCOMPARE(model.columnCount(), 9);   // 4 sft fields + status, rating, split, tags, source
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Instruction"));
    }

    void firstAndLastRows()
    {
        DatasetTableModel model(*store_);
        model.setQuery(bigQuery());
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Instruction), QStringLiteral("instruction 0"));
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Output), QStringLiteral("output 0"));
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Status), QStringLiteral("Accepted"));
        const int last = model.rowCount() - 1;
        QCOMPARE(cell(model, last, DatasetTableModel::Field::Instruction), QStringLiteral("instruction 49999"));
        QCOMPARE(cell(model, last, DatasetTableModel::Field::Category), QStringLiteral("b"));   // 49999 % 3 == 1
        QCOMPARE(cell(model, last, DatasetTableModel::Field::Rating), QString(49999 % 6, QChar(0x2605)));
        const auto rec = store_->record(model.recordId(last));
        QVERIFY(rec);
        QCOMPARE(rec->instruction, std::string("instruction 49999"));
        QCOMPARE(model.data(model.index(last, 0), DatasetTableModel::RecordIdRole).toLongLong(), rec->id);
        // A row in the middle of another page.
        QCOMPARE(cell(model, 25001, DatasetTableModel::Field::Instruction), QStringLiteral("instruction 25001"));
        QCOMPARE(model.recordId(kRecords), qint64(0));   // out of range
    }

    void sortByHeader()
    {
        DatasetTableModel model(*store_);
        model.setQuery(bigQuery());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.sort(model.columnOf(DatasetTableModel::Field::Category), Qt::DescendingOrder);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.query().sort, SortColumn::Category);
        QVERIFY(model.query().descending);
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Category), QStringLiteral("c"));
        QCOMPARE(cell(model, model.rowCount() - 1, DatasetTableModel::Field::Category), QStringLiteral("a"));

        model.sort(model.columnOf(DatasetTableModel::Field::Rating), Qt::DescendingOrder);
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Rating), QString(5, QChar(0x2605)));
        QCOMPARE(cell(model, model.rowCount() - 1, DatasetTableModel::Field::Rating), QString());

        // Columns without a server-side order fall back to id order.
        model.sort(-1, Qt::DescendingOrder);
        QCOMPARE(model.query().sort, SortColumn::Id);
        QCOMPARE(cell(model, 0, DatasetTableModel::Field::Instruction), QStringLiteral("instruction 49999"));
    }

    void textSortRefusedOnHugeResults()
    {
        DatasetTableModel model(*store_);
        model.setQuery(bigQuery());
        model.setMaxTextSortRows(2000);
        QSignalSpy refused(&model, &DatasetTableModel::queryFailed);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.sort(model.columnOf(DatasetTableModel::Field::Instruction), Qt::AscendingOrder);
        QCOMPARE(refused.size(), 1);
        QVERIFY(refused.at(0).at(0).toString().contains(QStringLiteral("filter")));
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.query().sort, SortColumn::Id);
        // Indexed columns still sort, and a filtered result under the limit sorts by text.
        model.sort(model.columnOf(DatasetTableModel::Field::Status), Qt::AscendingOrder);
        QCOMPARE(model.query().sort, SortColumn::Status);
        RecordQuery small = bigQuery();
        small.category = "a";
        small.status = ReviewStatus::Accepted;
        model.setQuery(small);
        QVERIFY(model.rowCount() < 2000);
        model.sort(model.columnOf(DatasetTableModel::Field::Instruction), Qt::DescendingOrder);
        QCOMPARE(model.query().sort, SortColumn::Instruction);
        QCOMPARE(refused.size(), 1);
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("status");   // -1 = any
        QTest::addColumn<int>("rows");
        QTest::newRow("accepted") << QString() << int(ReviewStatus::Accepted) << kRecords / 10;
        QTest::newRow("english word") << QStringLiteral("zebra") << -1 << 1;
        QTest::newRow("chinese") << QStringLiteral("小猫") << -1 << 1;
        QTest::newRow("chinese + status") << QStringLiteral("小猫") << int(ReviewStatus::Accepted) << 0;
    }
    void filter()
    {
        QFETCH(QString, text);
        QFETCH(int, status);
        QFETCH(int, rows);
        DatasetTableModel model(*store_);
        RecordQuery q = bigQuery();
        q.text = text.toStdString();
        if (status >= 0)
            q.status = ReviewStatus(status);
        model.setQuery(q);
        QCOMPARE(model.rowCount(), rows);
        for (int r = 0; r < std::min(rows, 300); ++r) {
            const auto rec = model.recordAt(r);
            QVERIFY(rec);
            if (status >= 0)
                QCOMPARE(int(rec->status), status);
            if (!text.isEmpty())
                QVERIFY(QString::fromStdString(rec->instruction).contains(text));
        }
    }

    void refreshAfterEdit()
    {
        DatasetTableModel model(*store_);
        RecordQuery q = bigQuery();
        q.status = ReviewStatus::Accepted;
        model.setQuery(q);
        const int before = model.rowCount();
        auto rec = model.recordAt(1);
        QVERIFY(rec);
        rec->instruction = "edited instruction";
        store_->updateRecord(*rec);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.refresh();   // same count: data changed, no reset
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(model, 1, DatasetTableModel::Field::Instruction), QStringLiteral("edited instruction"));

        rec->status = ReviewStatus::Rejected;   // leaves the filter
        store_->updateRecord(*rec);
        model.refresh();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), before - 1);
        QVERIFY(model.rowOfId(rec->id) < 0);
        store_->undo();
        store_->undo();
        model.refresh();
        QCOMPARE(model.rowCount(), before);
        QCOMPARE(cell(model, 1, DatasetTableModel::Field::Instruction), QStringLiteral("instruction 10"));
    }

    void columnsFollowKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("headers");
        QTest::newRow("chat") << int(DatasetKind::Chat) << QStringList{"First user message", "Turns"};
        QTest::newRow("preference") << int(DatasetKind::Preference) << QStringList{"Prompt", "Chosen", "Rejected"};
        QTest::newRow("text") << int(DatasetKind::Text) << QStringList{"Text"};
    }
    void columnsFollowKind()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, headers);
        const auto k = DatasetKind(kind);
        const int64_t ds = store_->createDataset("kind " + std::to_string(kind), k);
        Record r;
        r.datasetId = ds;
        r.kind = k;
        r.messages = {{"system", "be brief"}, {"user", "你好"}, {"assistant", "hi"}};
        r.prompt = "p";
        r.chosen = "c";
        r.rejected = "x";
        r.text = "line one\nline two";
        if (k != DatasetKind::Chat && k != DatasetKind::Preference)
            r.messages.clear();
        if (k == DatasetKind::Preference)
            r.messages.clear();
        store_->insertRecord(r);
        DatasetTableModel model(*store_);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RecordQuery q;
        q.datasetId = ds;
        model.setQuery(q);
        QCOMPARE(model.columnCount(), int(headers.size()) + 5);
        for (int i = 0; i < headers.size(); ++i)
            QCOMPARE(model.headerData(i, Qt::Horizontal).toString(), headers[i]);
        QCOMPARE(model.rowCount(), 1);
        if (k == DatasetKind::Chat) {
            QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("你好"));
            QCOMPARE(model.data(model.index(0, 1)).toString(), QStringLiteral("3"));
        } else if (k == DatasetKind::Text) {
            QCOMPARE(model.data(model.index(0, 0)).toString(), QStringLiteral("line one ⏎ line two"));
            QCOMPARE(model.data(model.index(0, 0), Qt::ToolTipRole).toString(), QStringLiteral("line one\nline two"));
        } else {
            QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("x"));
        }
    }
};

QTEST_MAIN(tst_dataset_table_model)
#include "tst_dataset_table_model.moc"
