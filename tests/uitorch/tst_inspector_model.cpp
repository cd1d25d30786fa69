// The inspector panel with its model-based and semantic detectors: the app's
// factories (wb::CausalLM::load, wb::loadEmbedder) injected as the GUI does,
// the tiny-chat (random weights) and tiny-bert fixtures. Checks the plumbing,
// not the quality: the detectors' scores reach the table, the samples are
// drawn, the spans still sit on exact characters, and the chosen passage is
// the semantic detector's.
#include "core/nn/causal_lm.h"
#include "core/retrieval/embedder.h"
#include "core/store/project_store.h"
#include "ui/inspector/inspection_view.h"
#include "ui/inspector/inspector_options.h"
#include "ui/inspector/inspector_panel.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

using namespace wb;

namespace {
QString fixture(const char* name)
{
    return qEnvironmentVariable("WB_TEST_DATA", QStringLiteral(WB_SOURCE_DIR "/tests/data")) + QStringLiteral("/models/")
           + QLatin1String(name);
}
} // namespace

class tst_inspector_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelAndEmbedderDetectors()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.wbproj"));
        auto store = ProjectStore::create(path.toStdString());
        InspectorPanel panel(*store, path);
        panel.setModelLoader([](const std::string& d, const LoadOptions& o) { return CausalLM::load(d, o); });
        panel.setEmbedderFactory([](const std::string& d) { return loadEmbedder(d); });
        InspectorOptions* o = panel.options();
        QVERIFY(o->modelCheck()->isEnabled());
        QVERIFY(o->semanticCheck()->isEnabled());
        o->modelCheck()->setChecked(true);
        o->modelEdit()->setText(fixture("tiny-chat"));
        o->samplesSpin()->setValue(2);
        o->semanticCheck()->setChecked(true);
        o->embedderEdit()->setText(fixture("tiny-bert"));

        const QString answer = QStringLiteral("Curie won the prize in 1911. 她出生于华沙。");
        panel.answerEdit()->setPlainText(answer);
        panel.documentsEdit()->setPlainText(
            QStringLiteral("Marie Curie won the Nobel Prize in Chemistry in 1911.\n\n居里夫人出生于华沙。"));
        QSignalSpy done(&panel, &InspectorPanel::inspectionFinished);
        QVERIFY(panel.inspect());
        QVERIFY(panel.isBusy());
        QVERIFY(done.wait(120000) || !done.isEmpty());
        QVERIFY2(done.first().first().toBool(), qPrintable(panel.lastError()));

        const InspectionOutcome& out = panel.view()->outcome();
        QCOMPARE(int(out.report.samples.size()), 2);
        QVERIFY(!out.report.tokens.empty());
        for (const auto& c : out.report.claims) {
            QVERIFY(c.scores.count(inspect::kSemantic));
            QVERIFY(c.scores.count(inspect::kConsistency));
        }
        // The detector table lists the model and semantic rows for the selected claim.
        QTableWidget* t = panel.view()->detectorTable();
        QStringList names;
        for (int r = 0; r < t->rowCount(); ++r) names << t->item(r, InspectionView::DetectorNameColumn)->text();
        QVERIFY2(names.contains(QStringLiteral("Semantic similarity")), qPrintable(names.join(',')));
        QVERIFY2(names.contains(QStringLiteral("Self-consistency")), qPrintable(names.join(',')));
        // Spans of every detector map onto whole characters of the answer shown.
        QCOMPARE(panel.view()->answerView()->toPlainText(), answer);
        for (const RiskSegment& s : panel.view()->segments()) {
            QVERIFY(s.begin >= 0 && s.end <= int(answer.size()) && s.begin < s.end);
            QVERIFY(!answer.at(s.begin).isLowSurrogate());
        }
        // The evidence shown for the Chinese claim is the semantic detector's chunk.
        QVERIFY(panel.view()->selectAt(int(answer.indexOf(QStringLiteral("华沙")))));
        const int best = out.report.claims[size_t(panel.view()->selectedClaim())].bestEvidence;
        QVERIFY(best >= 0);
        QCOMPARE(panel.view()->evidenceView()->toPlainText(),
                 QString::fromStdString(out.report.evidenceChunks[size_t(best)]));

        // A second run reuses the loaded model (same folder) and can be cancelled.
        done.clear();
        QVERIFY(panel.inspect());
        panel.cancel();
        QVERIFY(done.wait(120000) || !done.isEmpty());
        QVERIFY(!panel.isBusy());
    }

    void missingModelFolderIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("e.wbproj"));
        auto store = ProjectStore::create(path.toStdString());
        InspectorPanel panel(*store, path);
        panel.setModelLoader([](const std::string& d, const LoadOptions& o) { return CausalLM::load(d, o); });
        panel.options()->modelCheck()->setChecked(true);
        panel.options()->modelEdit()->setText(dir.filePath(QStringLiteral("no-such-model")));
        panel.answerEdit()->setPlainText(QStringLiteral("Paris is in France."));
        QSignalSpy done(&panel, &InspectorPanel::inspectionFinished);
        QVERIFY(panel.inspect());
        QVERIFY(done.wait(60000) || !done.isEmpty());
        QVERIFY(!done.first().first().toBool());
        QVERIFY2(panel.lastError().contains(QStringLiteral("no-such-model")), qPrintable(panel.lastError()));
    }
};

QTEST_MAIN(tst_inspector_model)
#include "tst_inspector_model.moc"
