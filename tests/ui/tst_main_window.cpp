// MainWindow: opening projects, the navigator, recent projects, and the whole
// flow through the real dialogs: import, edit, undo, keyboard accept, filter, export.
#include "core/store/project_store.h"
#include "ui/common/language.h"
#include "ui/dataset/dataset_panel.h"
#include "ui/dataset/dataset_table_model.h"
#include "ui/dataset/filter_bar.h"
#include "ui/dataset/record_editor.h"
#include "ui/importer/export_dialog.h"
#include "ui/importer/import_dialog.h"
#include "ui/mainwindow/main_window.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QUrl>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace wb;

class tst_main_window : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }
    static QStringList childTexts(QTreeWidgetItem* item)
    {
        QStringList out;
        for (int i = 0; i < item->childCount(); ++i)
            out << item->child(i)->text(0);
        return out;
    }
    static QStringList topTexts(QTreeWidget* tree)
    {
        QStringList out;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            out << tree->topLevelItem(i)->text(0);
        return out;
    }
    static QAction* action(MainWindow& w, const char* name)
    {
        auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
        if (!a)
            qFatal("no action %s", name);
        return a;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        // Keep the user's settings out of the test.
        QCoreApplication::setOrganizationName(QStringLiteral("wb-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, path(QStringLiteral("settings")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, path(QStringLiteral("settings")));
        QSettings().clear();
    }

    void openProjectShowsNavigator()
    {
        const QString project = path(QStringLiteral("nav.llmwb"));
        {
            auto store = ProjectStore::create(project.toStdString());
            const int64_t alpha = store->createDataset("alpha", DatasetKind::Sft);
            const int64_t beta = store->createDataset("beta", DatasetKind::Chat);
            for (int i = 0; i < 3; ++i) {
                Record r;
                r.datasetId = alpha;
                r.instruction = "q" + std::to_string(i);
                r.output = "a" + std::to_string(i);
                store->insertRecord(r);
            }
            Record c;
            c.datasetId = beta;
            c.kind = DatasetKind::Chat;
            c.messages = {{"user", "你好"}, {"assistant", "您好"}};
            store->insertRecord(c);
        }
        MainWindow w;
        w.show();
        QVERIFY(w.openProject(project));
        QTreeWidget* nav = w.findChild<QTreeWidget*>(QStringLiteral("navigator"));
        QVERIFY(nav && nav == w.navigator());
        const QStringList panels = topTexts(nav);
        QCOMPARE(panels.first(), QStringLiteral("Datasets"));
        QVERIFY(panels.contains(QStringLiteral("Duplicates")));
        QVERIFY(panels.contains(QStringLiteral("Quality")));
        QVERIFY(panels.contains(QStringLiteral("Chat")));
        for (const char* name : {"Training", "Knowledge", "Embedding map", "Inspector"})
            QVERIFY2(panels.contains(QLatin1String(name)), name);
        QCOMPARE(childTexts(nav->topLevelItem(0)), (QStringList{QStringLiteral("alpha (3)"), QStringLiteral("beta (1)")}));
        QVERIFY(w.windowTitle().contains(QStringLiteral("nav.llmwb")));

        // The first dataset is shown; picking another in the navigator switches the table.
        DatasetPanel* panel = w.datasetPanel();
        QVERIFY(panel && panel->isVisible());
        QCOMPARE(panel->model()->rowCount(), 3);
        nav->setCurrentItem(nav->topLevelItem(0)->child(1));
        QCOMPARE(int(panel->model()->kind()), int(DatasetKind::Chat));
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(panel->model()->data(panel->model()->index(0, 0)).toString(), QStringLiteral("你好"));

        // The Quality panel is reachable from the navigator.
        const int quality = int(panels.indexOf(QStringLiteral("Quality")));
        nav->setCurrentItem(nav->topLevelItem(quality));
        QVERIFY(!panel->isVisible());

        // A language change rebuilds texts without losing the navigator state.
        applyLanguage(QStringLiteral("zh_CN"));
        applyLanguage(QStringLiteral("en"));
        QCOMPARE(childTexts(nav->topLevelItem(0)).size(), 2);
        QCOMPARE(nav->currentItem()->text(0), QStringLiteral("Quality"));
        QCOMPARE(action(w, "actionImport")->text(), QStringLiteral("&Import…"));

        QCOMPARE(w.recentProjects().value(0), QFileInfo(project).absoluteFilePath());
        QCOMPARE(QSettings().value(QStringLiteral("recentProjects")).toStringList().value(0),
                 QFileInfo(project).absoluteFilePath());
        w.close();
        QVERIFY(QSettings().contains(QStringLiteral("mainWindow/geometry")));
    }

    void openMissingProjectFails()
    {
        MainWindow w;
        w.show();
        QVERIFY(!w.openProject(path(QStringLiteral("missing/none.llmwb"))));
        QVERIFY(!w.lastError().isEmpty());
        QVERIFY(w.store() == nullptr);
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("errorBox"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        box->accept();
        QVERIFY(!action(w, "actionImport")->isEnabled());
    }

    void dropFilesImportsThem()
    {
        const QString input = path(QStringLiteral("dropped.jsonl"));
        {
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"instruction\": \"Say hi\", \"input\": \"\", \"output\": \"hi\"}\n");
        }
        MainWindow w;
        w.show();
        QVERIFY(w.newProject(path(QStringLiteral("drop.llmwb"))));
        QVERIFY(w.acceptDrops());

        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(input)});
        const QPoint at(w.width() / 2, w.height() / 2);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);

        // The drop opens the real import dialog on that file; importing it
        // creates a dataset named after the file.
        auto* dlg = w.findChild<ImportDialog*>();
        QVERIFY(dlg);
        auto* importButton = dlg->findChild<QPushButton*>(QStringLiteral("importButton"));
        QTRY_VERIFY(importButton->isEnabled());
        QTest::mouseClick(importButton, Qt::LeftButton);
        QTRY_COMPARE(w.datasetPanel()->model()->rowCount(), 1);
        QVERIFY(w.store()->datasetByName("dropped").has_value());

        // A remote URL is refused at drag-enter.
        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.com/data.jsonl"))});
        QDragEnterEvent refused(at, Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(&w, &refused);
        QVERIFY(!refused.isAccepted());
    }

    void endToEnd()
    {
        const QString input = path(QStringLiteral("tasks.jsonl"));
        {
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"instruction": "Translate to French: cat", "input": "", "output": "chat"}
{"instruction": "把这句话翻译成英文：你好", "input": "", "output": "Hello"}
{"instruction": "Add 2 and 3", "input": "", "output": "5"}
{"instruction": "Name a colour", "input": "", "output": "blue"}
)");
        }
        MainWindow w;
        w.resize(1300, 800);
        w.show();
        QVERIFY(w.newProject(path(QStringLiteral("e2e.llmwb"))));

        // Import through the real dialog.
        w.importFiles({input});
        auto* importDlg = w.findChild<ImportDialog*>();
        QVERIFY(importDlg);
        auto* importButton = importDlg->findChild<QPushButton*>(QStringLiteral("importButton"));
        QVERIFY(importButton);
        QTRY_VERIFY(importButton->isEnabled());
        QTest::mouseClick(importButton, Qt::LeftButton);
        DatasetPanel* panel = w.datasetPanel();
        QTRY_COMPARE(panel->model()->rowCount(), 4);
        QVERIFY(w.currentDatasetId() != 0);
        QCOMPARE(childTexts(w.navigator()->topLevelItem(0)), QStringList{QStringLiteral("tasks (4)")});
        importDlg->findChild<QPushButton*>(QStringLiteral("closeButton"))->click();

        // Edit a record and undo it from the Edit menu.
        panel->selectRow(1);
        const qint64 id = panel->currentRecordId();
        QPlainTextEdit* output = panel->editor()->fieldEdit(QStringLiteral("output"));
        output->setPlainText(QStringLiteral("Hello!"));
        QTest::mouseClick(panel->editor()->findChild<QPushButton*>(QStringLiteral("saveButton")), Qt::LeftButton);
        QCOMPARE(w.store()->record(id)->output, std::string("Hello!"));
        QAction* undo = action(w, "actionUndo");
        QVERIFY(undo->isEnabled());
        QCOMPARE(undo->text(), QStringLiteral("&Undo Edit record"));
        QSignalSpy historyDone(&w, &MainWindow::historyStepFinished);
        undo->trigger();
        QTRY_COMPARE(historyDone.size(), 1);
        QCOMPARE(w.store()->record(id)->output, std::string("Hello"));
        QCOMPARE(panel->editor()->fieldEdit(QStringLiteral("output"))->toPlainText(), QStringLiteral("Hello"));
        QVERIFY(action(w, "actionRedo")->isEnabled());

        // Accept two records with the keyboard.
        QTableView* table = panel->table();
        table->setFocus();
        panel->selectRow(1);
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(panel->currentRow(), 2);
        QTest::keyClick(table, Qt::Key_J);
        QTest::keyClick(table, Qt::Key_A);
        QCOMPARE(int(w.store()->record(id)->status), int(ReviewStatus::Accepted));

        // Filter to the accepted ones; the status bar says so.
        auto* status = panel->filterBar()->findChild<QComboBox*>(QStringLiteral("statusFilter"));
        status->setCurrentIndex(status->findData(int(ReviewStatus::Accepted)));
        QCOMPARE(panel->model()->rowCount(), 2);
        auto* counts = w.findChild<QLabel*>(QStringLiteral("statusCounts"));
        QCOMPARE(counts->text(), QStringLiteral("2 of 4 records"));

        // Export the filtered records through the real dialog.
        const QString out = path(QStringLiteral("accepted.jsonl"));
        action(w, "actionExport")->trigger();
        auto* exportDlg = w.findChild<ExportDialog*>();
        QVERIFY(exportDlg);
        QVERIFY(exportDlg->query().status == ReviewStatus::Accepted);
        exportDlg->findChild<QLineEdit*>(QStringLiteral("pathEdit"))->setText(out);
        auto* exportButton = exportDlg->findChild<QPushButton*>(QStringLiteral("exportButton"));
        QTRY_VERIFY(exportButton->isEnabled());
        QTest::mouseClick(exportButton, Qt::LeftButton);
        QTRY_VERIFY(QFile::exists(out) && !exportDlg->isExporting());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QStringList instructions;
        for (const QByteArray& line : lines) {
            QJsonParseError err;
            const QJsonObject o = QJsonDocument::fromJson(line, &err).object();
            QCOMPARE(err.error, QJsonParseError::NoError);
            instructions << o.value(QStringLiteral("instruction")).toString();
        }
        QCOMPARE(instructions, (QStringList{QStringLiteral("把这句话翻译成英文：你好"), QStringLiteral("Name a colour")}));
    }
};

QTEST_MAIN(tst_main_window)
#include "tst_main_window.moc"
