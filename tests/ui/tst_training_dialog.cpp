// The new-run dialog: a valid configuration (the tiny chat model on a small
// SFT dataset) is checked off the GUI thread, shows an estimate and the
// token-mask preview, and Start writes a run.json that parseTrainConfig
// accepts; bad values are reported next to the field the error names; the
// demo defaults train a tokenizer and build a tiny Llama from scratch.
#include "core/data/record.h"
#include "core/store/project_store.h"
#include "core/train/train_config.h"
#include "ui/training/new_run_dialog.h"
#include "ui/training/run_check.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace wb;

namespace {

constexpr int kTimeout = 30000;

QString testData()
{
    return qEnvironmentVariable("WB_TEST_DATA");
}

Record sft(const std::string& q, const std::string& a, Split split)
{
    Record r;
    r.kind = DatasetKind::Sft;
    r.instruction = q;
    r.output = a;
    r.split = split;
    return r;
}

void addDataset(ProjectStore& store, const std::string& name)
{
    const std::vector<std::pair<std::string, std::string>> qa = {
        {"What is magma?", "Molten rock below the surface."},      {"What is lava?", "Magma that reaches the surface."},
        {"Name a sedimentary rock.", "Sandstone."},               {"What causes earthquakes?", "Plates slipping along faults."},
        {"What is erosion?", "Wearing away of rock by water."},   {"What is a glacier?", "A slow river of ice."},
        {"What is the crust?", "The thin outer layer of Earth."}, {"What is a fossil?", "Remains of ancient life in rock."},
        {"What is a volcano?", "An opening where magma erupts."}, {"What is the mantle?", "Hot rock between crust and core."},
    };
    const int64_t id = store.createDataset(name, DatasetKind::Sft);
    std::vector<Record> records;
    for (size_t i = 0; i < qa.size(); ++i) {
        records.push_back(sft(qa[i].first, qa[i].second, i < 8 ? Split::Train : Split::Validation));
        records.back().datasetId = id;
    }
    ProjectStore::Transaction tx(store);
    store.insertRecords(records);
    tx.commit();
}

} // namespace

class tst_training_dialog : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    QString project_;
    std::unique_ptr<ProjectStore> store_;

    // A valid SFT configuration for the tiny chat model.
    TrainConfig baseConfig() const
    {
        TrainConfig c;
        c.name = "tiny-sft";
        c.project = project_.toStdString();
        c.dataset = "geo";
        c.modelPath = (testData() + "/models/tiny-chat").toStdString();
        c.method = TrainMethod::Sft;
        c.seqLen = 64;
        c.batchSize = 2;
        c.maxSteps = 4;
        c.learningRate = 1e-3;
        c.threads = 1;
        return c;
    }

    void waitChecked(NewRunDialog& d)
    {
        d.validateNow();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isChecking(), kTimeout);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (testData().isEmpty()) QSKIP("WB_TEST_DATA is not set (run through ctest)");
        project_ = tmp_.path() + "/project.llmwb";
        store_ = ProjectStore::create(project_.toStdString());
        addDataset(*store_, "geo");
    }

    void errorFieldIsParsed()
    {
        QCOMPARE(errorField("run.json: field \"seq_len\": 4096 exceeds"), QString("seq_len"));
        QCOMPARE(errorField("field \"lora.target_modules\": \"x\" matches no module"), QString("lora.target_modules"));
        QCOMPARE(errorField("disk full"), QString());
    }

    void validConfigurationStartsARun()
    {
        NewRunDialog d(*store_, project_);
        d.setConfig(baseConfig());
        waitChecked(d);
        QVERIFY2(d.isValid(), qPrintable(d.lastCheck().error));
        QVERIFY(d.startButton()->isEnabled());
        QCOMPARE(d.lastCheck().trainRecords, int64_t(8));
        QCOMPARE(d.lastCheck().evalRecords, int64_t(2));
        QCOMPARE(d.lastCheck().estimatedSteps, int64_t(4));   // max_steps
        QVERIFY(d.lastCheck().parameters > 0);
        QVERIFY2(d.estimateText().contains("GFLOP/s"), qPrintable(d.estimateText()));
        // The preview marks trained tokens (the replies) and leaves the prompt plain.
        QVERIFY(d.lastCheck().previewTrainedTokens > 0);
        QVERIFY(d.lastCheck().previewTrainedTokens < d.lastCheck().previewTokens);
        QVERIFY(d.previewView()->toHtml().contains("Molten"));

        QSignalSpy created(&d, &NewRunDialog::runCreated);
        const QString dir = d.createRun();
        QVERIFY2(!dir.isEmpty(), qPrintable(d.generalError()));
        QCOMPARE(created.count(), 1);
        QVERIFY(dir.startsWith(tmp_.path() + "/runs/tiny-sft-"));
        const TrainConfig back = loadTrainConfig((dir + "/run.json").toStdString());
        QCOMPARE(back.dataset, std::string("geo"));
        QCOMPARE(back.seqLen, 64);
        QCOMPARE(back.maxSteps, int64_t(4));
        QCOMPARE(QDir(QString::fromStdString(back.modelPath)).canonicalPath(),
                 QDir(testData() + "/models/tiny-chat").canonicalPath());
        QCOMPARE(QString::fromStdString(back.project), project_);
    }

    void badValuesAreShownAtTheirField_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::newRow("seq_len") << "seq_len" << "seq_len" << "4096 exceeds the model's max_position_embeddings";
        QTest::newRow("lr text") << "lr text" << "learning_rate" << "not a number";
        QTest::newRow("lr negative") << "lr negative" << "learning_rate" << "learning_rate";
        QTest::newRow("lora targets") << "lora" << "lora.target_modules" << "nonexistent_proj";
        QTest::newRow("model folder") << "model" << "model" << "model folder not found";
        QTest::newRow("eval split") << "eval" << "eval_split" << "no records in split \"test\"";
    }
    void badValuesAreShownAtTheirField()
    {
        QFETCH(QString, what);
        QFETCH(QString, field);
        QFETCH(QString, message);
        NewRunDialog d(*store_, project_);
        TrainConfig c = baseConfig();
        if (what == "model") c.modelPath = (tmp_.path() + "/no-such-model").toStdString();
        if (what == "eval") c.evalSplit = "test";
        if (what == "lora") c.lora = LoraConfig{4, 8, 0, {"nonexistent_proj"}};
        d.setConfig(c);
        if (what == "seq_len") d.seqLenSpin()->setValue(4096);
        if (what == "lr text") d.learningRateEdit()->setText("abc");
        if (what == "lr negative") d.learningRateEdit()->setText("-1");
        waitChecked(d);
        QVERIFY(!d.isValid());
        QVERIFY(!d.startButton()->isEnabled());
        QCOMPARE(d.lastCheck().errorField, field);
        QVERIFY2(d.fieldError(field).contains(message), qPrintable(d.fieldError(field) + " | " + d.lastCheck().error));
        QVERIFY(d.createRun().isEmpty());
        // Fixing the value clears the error.
        d.setConfig(baseConfig());
        waitChecked(d);
        QVERIFY2(d.isValid(), qPrintable(d.lastCheck().error));
        QVERIFY(d.fieldError(field).isEmpty());
    }

    void demoDefaultsTrainATinyLlamaFromScratch()
    {
        QTemporaryDir tmp;
        const QString project = tmp.path() + "/sample.llmwb";
        auto store = ProjectStore::create(project.toStdString());
        addDataset(*store, "other");
        addDataset(*store, "alpaca_en");
        NewRunDialog d(*store, project);   // the demo defaults apply on open
        QSignalSpy trained(&d, &NewRunDialog::tokenizerTrained);
        QTRY_VERIFY_WITH_TIMEOUT(trained.count() == 1, kTimeout);
        QVERIFY2(trained[0][0].toBool(), qPrintable(trained[0][1].toString()));
        const QString tok = tmp.path() + "/tokenizers/alpaca_en-bpe1024.json";
        QVERIFY(QFile::exists(tok));
        QVERIFY(d.newModelRadio()->isChecked());
        QCOMPARE(d.tokenizerEdit()->text(), tok);
        QVERIFY(d.datasetCombo()->currentText().startsWith("alpaca_en ("));
        waitChecked(d);
        QVERIFY2(d.isValid(), qPrintable(d.lastCheck().error));
        const TrainConfig c = d.config();
        QVERIFY(c.newModel.has_value());
        QCOMPARE(c.newModel->preset, std::string("tiny"));
        QCOMPARE(c.chatTemplate, std::string("chatml"));
        QCOMPARE(c.evalSplit, std::string("validation"));   // the dataset has one
        QCOMPARE(c.adamBeta2, 0.95);                         // kept although the dialog has no field for it
        const QString dir = d.createRun();
        QVERIFY2(!dir.isEmpty(), qPrintable(d.generalError()));
        const TrainConfig back = loadTrainConfig((dir + "/run.json").toStdString());
        QCOMPARE(back.tokenizerPath, tok.toStdString());
        QVERIFY(back.newModel.has_value());
    }
};

QTEST_MAIN(tst_training_dialog)
#include "tst_training_dialog.moc"
