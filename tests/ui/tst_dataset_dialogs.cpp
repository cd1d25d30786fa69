// The Dataset menu's dialogs: Split assigns stratified splits on a worker
// thread (one undo step); Merge copies same-kind datasets into a new one and
// refuses mixed kinds.
#include "core/store/project_store.h"
#include "ui/mainwindow/dataset_dialogs.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace wb;

class tst_dataset_dialogs : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

    static Record sft(int64_t datasetId, const std::string& instruction, const std::string& category = {})
    {
        Record r;
        r.datasetId = datasetId;
        r.kind = DatasetKind::Sft;
        r.instruction = instruction;
        r.output = "answer to " + instruction;
        r.category = category;
        return r;
    }
    static void insert(ProjectStore& s, std::vector<Record> rs)
    {
        ProjectStore::Transaction t(s);
        s.insertRecords(rs);
        t.commit();
    }
    static int64_t countSplit(ProjectStore& s, int64_t ds, Split split, const std::string& category = {})
    {
        RecordQuery q;
        q.datasetId = ds;
        q.split = split;
        q.category = category;
        return s.count(q);
    }

private Q_SLOTS:
    void splitIsStratifiedAndUndoable()
    {
        const std::string path = dir_.filePath(QStringLiteral("split.llmwb")).toStdString();
        auto store = ProjectStore::create(path);
        const int64_t ds = store->createDataset("qa", DatasetKind::Sft);
        std::vector<Record> rs;
        for (int i = 0; i < 100; ++i)
            rs.push_back(sft(ds, "question " + std::to_string(i), i < 60 ? "geology" : "physics"));
        insert(*store, rs);

        RecordQuery q;
        q.datasetId = ds;
        SplitDialog dlg(QString::fromStdString(path), q);
        QSignalSpy done(&dlg, &SplitDialog::done);
        dlg.show();
        dlg.start();   // defaults: 0.8 / 0.1 / 0.1, seed 42, stratified
        QTRY_COMPARE(done.size(), 1);

        QCOMPARE(countSplit(*store, ds, Split::Train), 80);
        QCOMPARE(countSplit(*store, ds, Split::Validation), 10);
        QCOMPARE(countSplit(*store, ds, Split::Test), 10);
        QCOMPARE(countSplit(*store, ds, Split::Train, "geology"), 48);
        QCOMPARE(countSplit(*store, ds, Split::Validation, "geology"), 6);
        QCOMPARE(countSplit(*store, ds, Split::Test, "physics"), 4);

        QVERIFY(store->undo().has_value());
        QCOMPARE(countSplit(*store, ds, Split::Train), 100);
    }

    void mergeCopiesSameKindDatasets()
    {
        const std::string path = dir_.filePath(QStringLiteral("merge.llmwb")).toStdString();
        auto store = ProjectStore::create(path);
        const int64_t a = store->createDataset("a", DatasetKind::Sft);
        const int64_t b = store->createDataset("b", DatasetKind::Sft);
        const int64_t chat = store->createDataset("chats", DatasetKind::Chat);
        insert(*store, {sft(a, "one"), sft(a, "two"), sft(a, "three")});
        insert(*store, {sft(b, "four"), sft(b, "One")});   // "One" duplicates "one" after normalisation

        MergeDialog dlg(*store, QString::fromStdString(path), a);
        QSignalSpy merged(&dlg, &MergeDialog::merged);
        dlg.show();
        auto* list = dlg.findChild<QListWidget*>(QStringLiteral("mergeList"));
        auto* name = dlg.findChild<QLineEdit*>(QStringLiteral("mergeName"));
        QPushButton* ok = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(list && name && ok);
        QCOMPARE(list->count(), 3);
        auto itemFor = [&](int64_t id) {
            for (int i = 0; i < list->count(); ++i)
                if (list->item(i)->data(Qt::UserRole).toLongLong() == id)
                    return list->item(i);
            return static_cast<QListWidgetItem*>(nullptr);
        };
        QCOMPARE(itemFor(a)->checkState(), Qt::Checked);   // the current dataset is pre-selected
        name->setText(QStringLiteral("merged"));
        QVERIFY(!ok->isEnabled());                         // one dataset is not a merge
        itemFor(chat)->setCheckState(Qt::Checked);
        QVERIFY(!ok->isEnabled());                         // mixed kinds are refused
        itemFor(chat)->setCheckState(Qt::Unchecked);
        itemFor(b)->setCheckState(Qt::Checked);
        QVERIFY(ok->isEnabled());
        dlg.findChild<QCheckBox*>()->setChecked(true);      // drop exact duplicates

        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_COMPARE(merged.size(), 1);
        const int64_t id = merged.at(0).at(0).toLongLong();
        const auto info = store->dataset(id);
        QVERIFY(info.has_value());
        QCOMPARE(info->name, std::string("merged"));
        RecordQuery q;
        q.datasetId = id;
        QCOMPARE(store->count(q), 4);
        q.datasetId = a;
        QCOMPARE(store->count(q), 3);   // sources are untouched
    }
};

QTEST_MAIN(tst_dataset_dialogs)
#include "tst_dataset_dialogs.moc"
