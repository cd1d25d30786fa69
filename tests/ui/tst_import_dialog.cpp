#include "core/store/project_store.h"
#include "ui/importer/import_dialog.h"
#include "ui/importer/quarantine_dialog.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using wb::formats::Format;

class tst_import_dialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void detectsPreviewsAndImports();
    void badLinesGoToReportAndQuarantine();
    void csvWithMapping();
    void importIntoExistingDataset();

private:
    QString write(const QString& name, const QByteArray& bytes);
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<wb::ProjectStore> store_;
    QString projectPath_;
};

QString tst_import_dialog::write(const QString& name, const QByteArray& bytes)
{
    const QString path = dir_->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path;
}

void tst_import_dialog::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    projectPath_ = dir_->filePath(QStringLiteral("test.llmwb"));
    store_ = wb::ProjectStore::create(projectPath_.toStdString());
}

void tst_import_dialog::cleanup()
{
    store_.reset();
    dir_.reset();
}

void tst_import_dialog::detectsPreviewsAndImports()
{
    const QString path = write(QStringLiteral("alpaca.jsonl"),
                               "{\"instruction\":\"Add 2 and 2\",\"input\":\"\",\"output\":\"4\"}\n"
                               "{\"instruction\":\"Capital of France?\",\"input\":\"\",\"output\":\"Paris\"}\n"
                               "{\"instruction\":\"Translate\",\"input\":\"hello\",\"output\":\"bonjour\"}\n");
    wb::ImportDialog dlg(*store_, projectPath_, {path}, 0);
    QCOMPARE(int(dlg.detectedFormat(0)), int(Format::Alpaca));
    auto* detection = dlg.findChild<QLabel*>(QStringLiteral("detectionLabel"));
    QVERIFY(detection);
    QVERIFY2(detection->text().contains(QStringLiteral("Alpaca")), qPrintable(detection->text()));
    auto* preview = dlg.findChild<QTableWidget*>(QStringLiteral("previewTable"));
    QVERIFY(preview);
    QCOMPARE(preview->rowCount(), 3);
    // Columns: line + instruction/input/output/category.
    QCOMPARE(preview->item(1, 0)->text(), QStringLiteral("2"));
    QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("Capital of France?"));
    QCOMPARE(preview->item(1, 3)->text(), QStringLiteral("Paris"));

    // Overriding the format re-reads the preview: as OpenAI messages none of the lines fit.
    auto* format = dlg.findChild<QComboBox*>(QStringLiteral("formatCombo"));
    format->setCurrentIndex(format->findData(int(Format::OpenAiMessages)));
    QCOMPARE(int(dlg.chosenFormat(0)), int(Format::OpenAiMessages));
    QCOMPARE(preview->rowCount(), 0);
    format->setCurrentIndex(format->findData(int(Format::Alpaca)));
    QCOMPARE(preview->rowCount(), 3);

    dlg.findChild<QLineEdit*>(QStringLiteral("datasetNameEdit"))->setText(QStringLiteral("Arithmetic"));
    QSignalSpy imported(&dlg, &wb::ImportDialog::imported);
    auto* importButton = dlg.findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(importButton->isEnabled());
    QTest::mouseClick(importButton, Qt::LeftButton);
    QTRY_COMPARE(imported.count(), 1);
    const qint64 datasetId = imported.at(0).at(0).toLongLong();
    QCOMPARE(imported.at(0).at(1).toLongLong(), 3);
    QCOMPARE(imported.at(0).at(2).toLongLong(), 0);
    const auto info = store_->dataset(datasetId);
    QVERIFY(info);
    QCOMPARE(info->name, std::string("Arithmetic"));
    QCOMPARE(int(info->kind), int(wb::DatasetKind::Sft));
    wb::RecordQuery q;
    q.datasetId = datasetId;
    const auto records = store_->fetch(q, 0, 10);
    QCOMPARE(records.size(), size_t(3));
    QCOMPARE(records[2].input, std::string("hello"));
    QCOMPARE(records[2].output, std::string("bonjour"));
    QCOMPARE(records[2].sourceLine, 3);
    QVERIFY(!importButton->isEnabled());   // no accidental second import
}

void tst_import_dialog::badLinesGoToReportAndQuarantine()
{
    const QString path = write(QStringLiteral("bad.jsonl"),
                               "{\"instruction\":\"one\",\"input\":\"\",\"output\":\"1\"}\n"
                               "{\"instruction\":\"two\",\"input\":\"\",\"output\": }\n"
                               "{\"instruction\":\"three\",\"input\":\"\",\"output\":\"3\"}\n"
                               "{\"instruction\":\"four\",\"input\":\"\",\"output\":\"4\"\n"
                               "{\"instruction\":\"five\",\"input\":\"\",\"output\":\"5\"}\n");
    wb::ImportDialog dlg(*store_, projectPath_, {path}, 0);
    QCOMPARE(int(dlg.detectedFormat(0)), int(Format::Alpaca));
    QSignalSpy imported(&dlg, &wb::ImportDialog::imported);
    dlg.startImport();
    QTRY_COMPARE(imported.count(), 1);
    const qint64 datasetId = imported.at(0).at(0).toLongLong();
    QCOMPARE(imported.at(0).at(1).toLongLong(), 3);
    QCOMPARE(imported.at(0).at(2).toLongLong(), 2);

    auto* errors = dlg.findChild<QTableWidget*>(QStringLiteral("errorTable"));
    QVERIFY(!errors->isHidden());
    QCOMPARE(errors->rowCount(), 2);
    QCOMPARE(errors->item(0, 0)->text(), QStringLiteral("bad.jsonl"));
    QCOMPARE(errors->item(0, 1)->data(Qt::DisplayRole).toLongLong(), 2);
    QCOMPARE(errors->item(1, 1)->data(Qt::DisplayRole).toLongLong(), 4);
    QVERIFY(errors->item(0, 2)->data(Qt::DisplayRole).toLongLong() > 1);
    QVERIFY(!errors->item(0, 3)->text().isEmpty());
    QVERIFY(!dlg.findChild<QPushButton*>(QStringLiteral("openQuarantineButton"))->isHidden());

    const auto entries = store_->quarantine(datasetId);
    QCOMPARE(entries.size(), size_t(2));
    QCOMPARE(entries[0].line, 2);
    QCOMPARE(entries[1].line, 4);

    // Fix the first entry in the quarantine dialog and re-import it.
    wb::QuarantineDialog quarantine(*store_, datasetId);
    QCOMPARE(quarantine.entryCount(), 2);
    auto* table = quarantine.findChild<QTableWidget*>(QStringLiteral("quarantineTable"));
    QCOMPARE(table->item(0, 1)->data(Qt::DisplayRole).toLongLong(), 2);
    QSignalSpy changed(&quarantine, &wb::QuarantineDialog::recordsChanged);
    quarantine.selectEntry(0);
    auto* raw = quarantine.findChild<QPlainTextEdit*>(QStringLiteral("rawEdit"));
    QVERIFY(raw->toPlainText().contains(QStringLiteral("two")));
    raw->setPlainText(QStringLiteral("{\"instruction\":\"two\",\"input\":\"\",\"output\":\"2\"}"));
    QTest::mouseClick(quarantine.findChild<QPushButton*>(QStringLiteral("reimportButton")), Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(quarantine.entryCount(), 1);
    wb::RecordQuery q;
    q.datasetId = datasetId;
    QCOMPARE(store_->count(q), 4);
    q.text = "two";

    // A still-broken fix stays in the quarantine; discard removes it.
    quarantine.selectEntry(0);
    raw->setPlainText(QStringLiteral("{\"instruction\": }"));
    QTest::mouseClick(quarantine.findChild<QPushButton*>(QStringLiteral("reimportButton")), Qt::LeftButton);
    QCOMPARE(quarantine.entryCount(), 1);
    QCOMPARE(changed.count(), 1);
    QTest::mouseClick(quarantine.findChild<QPushButton*>(QStringLiteral("discardButton")), Qt::LeftButton);
    QCOMPARE(quarantine.entryCount(), 0);
    QVERIFY(store_->quarantine(datasetId).empty());
    q.text.clear();
    QCOMPARE(store_->count(q), 4);
}

void tst_import_dialog::csvWithMapping()
{
    const QString path = write(QStringLiteral("qa.csv"),
                               "question,answer,topic\n"
                               "What is 2+2?,4,math\n"
                               "\"Capital of Italy, please\",Rome,geography\n");
    wb::ImportDialog dlg(*store_, projectPath_, {path}, 0);
    QVERIFY2(dlg.detectedFormat(0) == Format::Csv,
             qPrintable(dlg.findChild<QLabel*>(QStringLiteral("detectionLabel"))->text()));
    auto* mapping = dlg.findChild<QTableWidget*>(QStringLiteral("mappingTable"));
    QVERIFY(!mapping->isHidden());
    // question/answer are recognised; topic is mapped by hand.
    auto* instruction = dlg.findChild<QComboBox*>(QStringLiteral("mapping_instruction"));
    auto* output = dlg.findChild<QComboBox*>(QStringLiteral("mapping_output"));
    auto* category = dlg.findChild<QComboBox*>(QStringLiteral("mapping_category"));
    QCOMPARE(instruction->currentData().toString(), QStringLiteral("question"));
    QCOMPARE(output->currentData().toString(), QStringLiteral("answer"));
    QCOMPARE(category->currentData().toString(), QString());
    category->setCurrentIndex(category->findData(QStringLiteral("topic")));

    auto* preview = dlg.findChild<QTableWidget*>(QStringLiteral("previewTable"));
    QCOMPARE(preview->rowCount(), 2);
    QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("Capital of Italy, please"));
    QCOMPARE(preview->item(1, 4)->text(), QStringLiteral("geography"));

    QSignalSpy imported(&dlg, &wb::ImportDialog::imported);
    dlg.startImport();
    QTRY_COMPARE(imported.count(), 1);
    QCOMPARE(imported.at(0).at(1).toLongLong(), 2);
    wb::RecordQuery q;
    q.datasetId = imported.at(0).at(0).toLongLong();
    const auto records = store_->fetch(q, 0, 10);
    QCOMPARE(records.size(), size_t(2));
    QCOMPARE(records[0].instruction, std::string("What is 2+2?"));
    QCOMPARE(records[0].output, std::string("4"));
    QCOMPARE(records[0].category, std::string("math"));
    QCOMPARE(records[1].category, std::string("geography"));
}

void tst_import_dialog::importIntoExistingDataset()
{
    const qint64 existing = store_->createDataset("Existing", wb::DatasetKind::Sft);
    const QString a = write(QStringLiteral("a.jsonl"), "{\"instruction\":\"a\",\"output\":\"A\"}\n");
    const QString b = write(QStringLiteral("b.jsonl"),
                            "{\"instruction\":\"b\",\"output\":\"B\"}\n{\"instruction\":\"c\",\"output\":\"C\"}\n");
    wb::ImportDialog dlg(*store_, projectPath_, {a, b}, existing);
    QVERIFY(dlg.findChild<QRadioButton*>(QStringLiteral("existingDatasetRadio"))->isChecked());
    QSignalSpy imported(&dlg, &wb::ImportDialog::imported);
    dlg.startImport();
    QTRY_COMPARE(imported.count(), 1);
    QCOMPARE(imported.at(0).at(0).toLongLong(), existing);
    QCOMPARE(imported.at(0).at(1).toLongLong(), 3);
    QCOMPARE(store_->datasets().size(), size_t(1));
    wb::RecordQuery q;
    q.datasetId = existing;
    QCOMPARE(store_->count(q), 3);
}

QTEST_MAIN(tst_import_dialog)
#include "tst_import_dialog.moc"
