// DatasetPanel through its real widgets: editor save/undo/redo, keyboard
// review, filters (Chinese too) and a bulk action over more than one page.
#include "core/store/project_store.h"
#include "ui/dataset/dataset_panel.h"
#include "ui/dataset/dataset_table_model.h"
#include "ui/dataset/filter_bar.h"
#include "ui/dataset/record_editor.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace wb;

class tst_dataset_panel : public QObject {
    Q_OBJECT
private:
    static constexpr int kRecords = 600;   // more than two table pages
    QTemporaryDir dir_;
    QString path_;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<DatasetPanel> panel_;
    int64_t ds_ = 0;

    qint64 countStatus(ReviewStatus s, const std::string& category = {})
    {
        RecordQuery q;
        q.datasetId = ds_;
        q.status = s;
        q.category = category;
        return store_->count(q);
    }
    // Answers the next modal message box with Yes (QMessageBox::question blocks).
    static void answerYes()
    {
        QTimer::singleShot(0, [] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
    }
    void resetFilter() { panel_->filterBar()->clear(); }
    // Chinese arrives through the input method: commit the text like an IME does.
    static void typeText(QWidget* w, const QString& text)
    {
        QInputMethodEvent e;
        e.setCommitString(text);
        QApplication::sendEvent(w, &e);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("panel.llmwb"));
        store_ = ProjectStore::create(path_.toStdString());
        ds_ = store_->createDataset("sft", DatasetKind::Sft);
        std::vector<Record> rs;
        for (int i = 0; i < kRecords; ++i) {
            Record r;
            r.datasetId = ds_;
            r.kind = DatasetKind::Sft;
            r.instruction = i % 50 == 0 ? "请翻译这句话 " + std::to_string(i) : "task " + std::to_string(i);
            r.output = "answer " + std::to_string(i);
            r.category = i % 2 ? "b" : "a";
            rs.push_back(std::move(r));
        }
        ProjectStore::Transaction t(*store_);
        store_->insertRecords(rs);
        t.commit();
        panel_ = std::make_unique<DatasetPanel>(*store_, path_);
        panel_->resize(1200, 700);
        panel_->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
        panel_->setDataset(ds_);
    }
    void cleanupTestCase() { panel_.reset(); }

    void idFilterFromMapSelection()
    {
        const auto all = store_->ids(panel_->query());
        const QList<qint64> pick{all[5], all[2], all[40]};
        panel_->setIdFilter(pick);
        QCOMPARE(panel_->model()->rowCount(), 3);
        QVERIFY(panel_->hasIdFilter());
        QVERIFY(panel_->filterDescription().contains(QStringLiteral("3")));
        QCOMPARE(panel_->currentRecordId(), all[2]);   // id order: the first row
        // Opening a record outside the selection drops it.
        QVERIFY(panel_->selectRecord(all[100]));
        QVERIFY(!panel_->hasIdFilter());
        QCOMPARE(panel_->model()->rowCount(), kRecords);
        panel_->setIdFilter(pick);
        panel_->clearIdFilter();
        QCOMPARE(panel_->model()->rowCount(), kRecords);
        panel_->setIdFilter(pick);
        panel_->setDataset(ds_);
        QVERIFY(!panel_->hasIdFilter());
        QCOMPARE(panel_->model()->rowCount(), kRecords);
    }

    void showsDataset()
    {
        QCOMPARE(panel_->model()->rowCount(), kRecords);
        QCOMPARE(panel_->currentRow(), 0);
        QCOMPARE(panel_->editor()->recordId(), panel_->model()->recordId(0));
        QVERIFY(panel_->editor()->fieldEdit(QStringLiteral("instruction")));
        QCOMPARE(panel_->editor()->fieldEdit(QStringLiteral("output"))->toPlainText(), QStringLiteral("answer 0"));
    }

    void editSaveUndoRedo()
    {
        panel_->selectRow(3);
        RecordEditor* ed = panel_->editor();
        const qint64 id = ed->recordId();
        QCOMPARE(id, panel_->model()->recordId(3));
        auto* save = ed->findChild<QPushButton*>(QStringLiteral("saveButton"));
        QVERIFY(save && !save->isEnabled());
        QPlainTextEdit* output = ed->fieldEdit(QStringLiteral("output"));
        output->setFocus();
        output->selectAll();
        typeText(output, QStringLiteral("一个新的回答"));
        QVERIFY(ed->isDirty());
        QVERIFY(save->isEnabled());
        // Counts are live: 6 characters.
        auto* counts = ed->findChild<QLabel*>(QStringLiteral("counts_output"));
        QVERIFY(counts);
        QTRY_VERIFY(counts->text().startsWith(QStringLiteral("6 chars")));
        QTest::mouseClick(save, Qt::LeftButton);
        QCOMPARE(store_->record(id)->output, std::string("一个新的回答"));
        QVERIFY(!ed->isDirty());
        const int outCol = panel_->model()->columnOf(DatasetTableModel::Field::Output);
        QCOMPARE(panel_->model()->data(panel_->model()->index(3, outCol)).toString(), QStringLiteral("一个新的回答"));

        QVERIFY(store_->undo());
        panel_->reloadData();
        QCOMPARE(store_->record(id)->output, std::string("answer 3"));
        QCOMPARE(ed->fieldEdit(QStringLiteral("output"))->toPlainText(), QStringLiteral("answer 3"));
        QCOMPARE(panel_->model()->data(panel_->model()->index(3, outCol)).toString(), QStringLiteral("answer 3"));
        QVERIFY(store_->redo());
        panel_->reloadData();
        QCOMPARE(ed->fieldEdit(QStringLiteral("output"))->toPlainText(), QStringLiteral("一个新的回答"));
        QVERIFY(store_->undo());
        panel_->reloadData();
    }

    void revertDropsEdits()
    {
        RecordEditor* ed = panel_->editor();
        ed->fieldEdit(QStringLiteral("instruction"))->setPlainText(QStringLiteral("scratch"));
        QVERIFY(ed->isDirty());
        QTest::mouseClick(ed->findChild<QPushButton*>(QStringLiteral("revertButton")), Qt::LeftButton);
        QVERIFY(!ed->isDirty());
        QCOMPARE(ed->fieldEdit(QStringLiteral("instruction"))->toPlainText(), QStringLiteral("task 3"));
    }

    void keyboardReview()
    {
        QTableView* table = panel_->table();
        table->setFocus();
        panel_->selectRow(5);
        const qint64 id5 = panel_->currentRecordId();
        QTest::keyClick(table, 'A');
        QCOMPARE(int(store_->record(id5)->status), int(ReviewStatus::Accepted));
        QCOMPARE(panel_->currentRow(), 6);
        QCOMPARE(panel_->editor()->recordId(), panel_->model()->recordId(6));
        QTest::keyClick(table, 'R');
        QCOMPARE(int(store_->record(panel_->model()->recordId(6))->status), int(ReviewStatus::Rejected));
        QCOMPARE(panel_->currentRow(), 7);
        QTest::keyClick(table, '4');
        QCOMPARE(store_->record(panel_->model()->recordId(7))->rating, 4);
        QCOMPARE(panel_->currentRow(), 7);
        QTest::keyClick(table, 'J');
        QCOMPARE(panel_->currentRow(), 8);
        QTest::keyClick(table, 'K');
        QTest::keyClick(table, 'K');
        QCOMPARE(panel_->currentRow(), 6);
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(panel_->currentRow(), 7);

        // Under a status filter the accepted record leaves the list: the next one moves up.
        auto* status = panel_->filterBar()->findChild<QComboBox*>(QStringLiteral("statusFilter"));
        status->setCurrentIndex(status->findData(int(ReviewStatus::Unreviewed)));
        const int n = panel_->model()->rowCount();
        QCOMPARE(n, kRecords - 2);
        panel_->selectRow(0);
        const qint64 second = panel_->model()->recordId(1);
        table->setFocus();
        QTest::keyClick(table, 'F');
        QCOMPARE(panel_->model()->rowCount(), n - 1);
        QCOMPARE(panel_->currentRow(), 0);
        QCOMPARE(panel_->currentRecordId(), second);
        store_->undo();
        store_->undo();
        store_->undo();
        store_->undo();
        resetFilter();
        panel_->reloadData();
        QCOMPARE(countStatus(ReviewStatus::Unreviewed), qint64(kRecords));
    }

    void filterByText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("pressEnter");
        QTest::addColumn<int>("rows");
        QTest::newRow("chinese, enter") << QStringLiteral("翻译") << true << kRecords / 50;
        QTest::newRow("english, debounced") << QStringLiteral("answer") << false << kRecords;
        QTest::newRow("no match") << QStringLiteral("zzzqqq") << true << 0;
    }
    void filterByText()
    {
        QFETCH(QString, text);
        QFETCH(bool, pressEnter);
        QFETCH(int, rows);
        QLineEdit* search = panel_->filterBar()->searchEdit();
        search->clear();
        search->setFocus();
        typeText(search, text);
        if (pressEnter)
            QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(panel_->model()->query().text, text.toStdString());
        QCOMPARE(panel_->model()->rowCount(), rows);
        if (rows > 0) {
            QCOMPARE(panel_->currentRow(), 0);
            QVERIFY(panel_->filterDescription().contains(text));
        } else {
            QCOMPARE(panel_->editor()->recordId(), qint64(0));
        }
        resetFilter();
        QCOMPARE(panel_->model()->rowCount(), kRecords);
    }

    void bulkOverFilteredResult()
    {
        auto* category = panel_->filterBar()->findChild<QComboBox*>(QStringLiteral("categoryFilter"));
        QVERIFY(category);
        const int a = category->findData(QStringLiteral("a"));
        QVERIFY(a > 0);
        category->setCurrentIndex(a);
        QCOMPARE(panel_->model()->rowCount(), kRecords / 2);   // 300 > one page of 256
        answerYes();
        panel_->bulkSetStatus(ReviewStatus::Rejected);
        QTRY_VERIFY(!panel_->isBusy());
        QCOMPARE(countStatus(ReviewStatus::Rejected, "a"), qint64(kRecords / 2));
        QCOMPARE(countStatus(ReviewStatus::Rejected, "b"), qint64(0));
        const int statusCol = panel_->model()->columnOf(DatasetTableModel::Field::Status);
        QCOMPARE(panel_->model()->data(panel_->model()->index(299, statusCol)).toString(), QStringLiteral("Rejected"));

        answerYes();
        panel_->bulkAddTag(QStringLiteral("checked"));
        QTRY_VERIFY(!panel_->isBusy());
        RecordQuery tagged;
        tagged.datasetId = ds_;
        tagged.tag = "checked";
        QCOMPARE(store_->count(tagged), qint64(kRecords / 2));

        // Each bulk action is one undo step.
        QVERIFY(store_->undo());
        QCOMPARE(store_->count(tagged), qint64(0));
        QVERIFY(store_->undo());
        panel_->reloadData();
        QCOMPARE(countStatus(ReviewStatus::Rejected), qint64(0));
        QCOMPARE(panel_->model()->data(panel_->model()->index(299, statusCol)).toString(), QStringLiteral("Unreviewed"));
        resetFilter();
    }

    void bulkCancelledChangesNothing()
    {
        QTimer::singleShot(0, [] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Cancel)->click();
        });
        panel_->bulkDelete();
        QVERIFY(!panel_->isBusy());
        QCOMPARE(panel_->model()->rowCount(), kRecords);
    }
};

QTEST_MAIN(tst_dataset_panel)
#include "tst_dataset_panel.moc"
