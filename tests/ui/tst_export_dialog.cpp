#include "core/store/project_store.h"
#include "ui/importer/export_dialog.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_export_dialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void exportsWithStatusFilter();
    void exportsJsonArrayWithSplitFilter();
    void badPathReportsError();

private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<wb::ProjectStore> store_;
    QString projectPath_;
    qint64 datasetId_ = 0;
};

void tst_export_dialog::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    projectPath_ = dir_->filePath(QStringLiteral("test.llmwb"));
    store_ = wb::ProjectStore::create(projectPath_.toStdString());
    datasetId_ = store_->createDataset("qa", wb::DatasetKind::Sft);
    const wb::ReviewStatus statuses[] = {wb::ReviewStatus::Accepted, wb::ReviewStatus::Rejected,
                                         wb::ReviewStatus::Accepted, wb::ReviewStatus::Unreviewed,
                                         wb::ReviewStatus::Accepted};
    for (int i = 0; i < 5; ++i) {
        wb::Record r;
        r.datasetId = datasetId_;
        r.kind = wb::DatasetKind::Sft;
        r.instruction = "question " + std::to_string(i);
        r.output = "answer " + std::to_string(i);
        r.status = statuses[i];
        r.split = i == 4 ? wb::Split::Test : wb::Split::Train;
        store_->insertRecord(r);
    }
}

void tst_export_dialog::cleanup()
{
    store_.reset();
    dir_.reset();
}

void tst_export_dialog::exportsWithStatusFilter()
{
    wb::RecordQuery filter;
    filter.datasetId = datasetId_;
    filter.status = wb::ReviewStatus::Accepted;
    wb::ExportDialog dlg(*store_, projectPath_, filter);
    // Pre-filled from the current filter.
    auto* status = dlg.findChild<QComboBox*>(QStringLiteral("statusCombo"));
    QCOMPARE(status->currentData().toInt(), int(wb::ReviewStatus::Accepted));
    QVERIFY(dlg.findChild<QLabel*>(QStringLiteral("countLabel"))->text().contains(QLatin1Char('3')));
    auto* exportButton = dlg.findChild<QPushButton*>(QStringLiteral("exportButton"));
    QVERIFY(!exportButton->isEnabled());   // no path yet

    const QString out = dir_->filePath(QStringLiteral("accepted.jsonl"));
    dlg.findChild<QLineEdit*>(QStringLiteral("pathEdit"))->setText(out);
    QVERIFY(exportButton->isEnabled());
    QSignalSpy exported(&dlg, &wb::ExportDialog::exported);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTRY_COMPARE(exported.count(), 1);
    QCOMPARE(exported.at(0).at(0).toLongLong(), 3);
    QCOMPARE(exported.at(0).at(1).toString(), out);

    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().split('\n');
    QStringList instructions;
    for (const QByteArray& line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        QVERIFY2(err.error == QJsonParseError::NoError, line.constData());
        instructions << doc.object().value(QStringLiteral("instruction")).toString();
        QVERIFY(doc.object().value(QStringLiteral("output")).toString().startsWith(QStringLiteral("answer")));
    }
    QCOMPARE(instructions, (QStringList{QStringLiteral("question 0"), QStringLiteral("question 2"),
                                        QStringLiteral("question 4")}));
}

void tst_export_dialog::exportsJsonArrayWithSplitFilter()
{
    wb::RecordQuery filter;
    filter.datasetId = datasetId_;
    wb::ExportDialog dlg(*store_, projectPath_, filter);
    QCOMPARE(dlg.findChild<QComboBox*>(QStringLiteral("statusCombo"))->currentIndex(), 0);   // any
    auto* split = dlg.findChild<QComboBox*>(QStringLiteral("splitCombo"));
    split->setCurrentIndex(split->findData(int(wb::Split::Train)));
    auto* container = dlg.findChild<QComboBox*>(QStringLiteral("containerCombo"));
    container->setCurrentIndex(container->findData(false));
    QVERIFY(!dlg.options().jsonLines);
    const QString out = dir_->filePath(QStringLiteral("train.json"));
    dlg.setPath(out);
    QSignalSpy exported(&dlg, &wb::ExportDialog::exported);
    dlg.startExport();
    QTRY_COMPARE(exported.count(), 1);
    QCOMPARE(exported.at(0).at(0).toLongLong(), 4);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 4);
    QCOMPARE(doc.array().at(3).toObject().value(QStringLiteral("instruction")).toString(),
             QStringLiteral("question 3"));
}

void tst_export_dialog::badPathReportsError()
{
    wb::RecordQuery filter;
    filter.datasetId = datasetId_;
    wb::ExportDialog dlg(*store_, projectPath_, filter);
    dlg.setPath(dir_->filePath(QStringLiteral("no/such/dir/out.jsonl")));
    QSignalSpy exported(&dlg, &wb::ExportDialog::exported);
    dlg.startExport();
    auto* result = dlg.findChild<QLabel*>(QStringLiteral("resultLabel"));
    QTRY_VERIFY(!dlg.isExporting());
    QCOMPARE(exported.count(), 0);
    QVERIFY2(result->text().contains(QStringLiteral("out.jsonl")), qPrintable(result->text()));
}

QTEST_MAIN(tst_export_dialog)
#include "tst_export_dialog.moc"
