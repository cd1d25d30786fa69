// The inspector panel through its real widgets (offscreen, lexical detector
// only: wb_ui tests link no LibTorch): pasted answers with a wrong number and
// a wrong name get the highest-risk colour on exactly those characters
// (English with an emoji before them, and Chinese); clicking a span shows its
// evidence with the shared words highlighted and the detectors' table; a
// record and a chat message are inspected and their scores stored.
#include "core/inspect/inspection_store.h"
#include "core/store/conversations.h"
#include "core/store/project_store.h"
#include "ui/inspector/inspection_view.h"
#include "ui/inspector/inspector_options.h"
#include "ui/inspector/inspector_panel.h"
#include "ui/inspector/risk_highlight.h"
#include "ui/common/language.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextCursor>

#include <set>

using namespace wb;

namespace {

const QString kQuestion = QStringLiteral("When was the Eiffel Tower completed, and who designed it?");
// An emoji first: it is two UTF-16 units and four UTF-8 bytes, so byte
// offsets used as QString positions would be off by two.
const QString kAnswer = QStringLiteral("\U0001F5FC The Eiffel Tower was completed in 1899. "
                                       "It was designed by the engineering firm of Marcel Dupont.");
const QString kDocuments = QStringLiteral("The Eiffel Tower in Paris was completed in 1889 for the World's Fair.\n\n"
                                          "It was designed by the engineering company of Gustave Eiffel.");

const QString kQuestionZh = QStringLiteral("长城有多长，由谁主持修建？");
const QString kAnswerZh = QStringLiteral("长城始建于公元前7世纪😀，总长度为30000千米，由李白主持修建。");
const QString kDocumentsZh = QStringLiteral("长城始建于公元前7世纪，总长度为21196千米。\n\n明长城由徐达等人主持修建。");

QColor backgroundAt(QTextDocument* doc, int pos)
{
    QTextCursor c(doc);
    c.setPosition(pos + 1);   // charFormat() is the format of the character before the cursor
    return c.charFormat().background().color();
}

// QString positions of every occurrence of each word.
std::set<int> positionsOf(const QString& text, const QStringList& words)
{
    std::set<int> out;
    for (const QString& w : words) {
        const int at = text.indexOf(w);
        Q_ASSERT(at >= 0);
        for (int i = 0; i < w.size(); ++i) out.insert(at + i);
    }
    return out;
}

std::set<int> positionsWithColour(QTextDocument* doc, const QColor& colour)
{
    std::set<int> out;
    for (int p = 0; p < doc->characterCount() - 1; ++p)
        if (backgroundAt(doc, p) == colour) out.insert(p);
    return out;
}

} // namespace

class tst_inspector_panel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    int projects_ = 0;
    std::unique_ptr<ProjectStore> store_;
    std::unique_ptr<InspectorPanel> panel_;

    bool runPasted(const QString& question, const QString& answer, const QString& documents)
    {
        panel_->questionEdit()->setText(question);
        panel_->answerEdit()->setPlainText(answer);
        panel_->documentsEdit()->setPlainText(documents);
        QSignalSpy done(panel_.get(), &InspectorPanel::inspectionFinished);
        if (!panel_->inspect()) return false;
        if (!done.wait(30000) && done.isEmpty()) return false;
        return done.first().first().toBool();
    }
    QTextDocument* answerDoc() const { return panel_->view()->answerView()->document(); }

    void clickAnswerAt(int pos)
    {
        QTextBrowser* v = panel_->view()->answerView();
        QTextCursor c(v->document());
        c.setPosition(pos);
        // Just right of the boundary before character `pos`: that character.
        const QPoint pt = v->cursorRect(c).center() + QPoint(2, 0);
        QTest::mouseClick(v->viewport(), Qt::LeftButton, {}, pt);
    }
    int detectorRow(const QString& name) const
    {
        QTableWidget* t = panel_->view()->detectorTable();
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, InspectionView::DetectorNameColumn)->text() == name) return r;
        return -1;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(dir_.isValid());
        const QString path = dir_.filePath(QStringLiteral("p%1.wbproj").arg(++projects_));
        store_ = ProjectStore::create(path.toStdString());
        panel_ = std::make_unique<InspectorPanel>(*store_, path);
        panel_->resize(1400, 900);
        panel_->show();
        QVERIFY(QTest::qWaitForWindowExposed(panel_.get()));
    }
    void cleanup()
    {
        panel_.reset();
        store_.reset();
        applyLanguage(QStringLiteral("en"));
    }

    // The wrong number and the wrong name, and nothing else, get the
    // highest-risk colour, at exactly their characters.
    void highlightsWrongNumberAndName_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("documents");
        QTest::addColumn<QStringList>("wrong");
        QTest::addColumn<QStringList>("supported");
        QTest::addColumn<bool>("exactEnd");
        QTest::newRow("english") << kQuestion << kAnswer << kDocuments
                                 << QStringList{QStringLiteral("1899"), QStringLiteral("Marcel Dupont")}
                                 << QStringList{QStringLiteral("Eiffel Tower"), QStringLiteral("completed"),
                                                QStringLiteral("designed"), QStringLiteral("engineering")}
                                 << true;
        // The number detector reads "30000千米" as the mention "30000千" (千 a
        // multiplier, in the evidence too), so the character after "30000"
        // may belong to its span.
        QTest::newRow("chinese") << kQuestionZh << kAnswerZh << kDocumentsZh
                                 << QStringList{QStringLiteral("30000"), QStringLiteral("李白")}
                                 << QStringList{QStringLiteral("长城始建"), QStringLiteral("公元前7世纪"),
                                                QStringLiteral("总长度"), QStringLiteral("主持修建")}
                                 << false;
    }
    void highlightsWrongNumberAndName()
    {
        QFETCH(QString, question);
        QFETCH(QString, answer);
        QFETCH(QString, documents);
        QFETCH(QStringList, wrong);
        QFETCH(QStringList, supported);
        QFETCH(bool, exactEnd);
        QVERIFY2(runPasted(question, answer, documents), qPrintable(panel_->lastError()));
        QCOMPARE(panel_->view()->answerView()->toPlainText(), answer);
        const QColor high = riskColor(RiskLevel::High);
        const std::set<int> highAt = positionsWithColour(answerDoc(), high);
        const std::set<int> wrongAt = positionsOf(answer, wrong);
        // Every character of the wrong words is painted high...
        for (int p : wrongAt) QVERIFY2(highAt.count(p), qPrintable(QStringLiteral("position %1 ('%2') not high").arg(p).arg(answer.at(p))));
        // ...and the characters around them and the supported words are not.
        for (const QString& w : wrong) {
            const int at = answer.indexOf(w);
            QVERIFY(!highAt.count(at - 1) || wrongAt.count(at - 1));
            if (exactEnd) QVERIFY(!highAt.count(at + int(w.size())) || wrongAt.count(at + int(w.size())));
        }
        for (int p : positionsOf(answer, supported))
            QVERIFY2(backgroundAt(answerDoc(), p) != high, qPrintable(QStringLiteral("supported position %1 high").arg(p)));
        // The riskiest segments are on the wrong words.
        double maxRisk = 0;
        for (const RiskSegment& s : panel_->view()->segments()) maxRisk = std::max(maxRisk, s.risk);
        for (const RiskSegment& s : panel_->view()->segments()) {
            if (s.risk < maxRisk) continue;
            bool onWrong = false;
            for (int p = s.begin; p < s.end; ++p) onWrong = onWrong || wrongAt.count(p);
            QVERIFY(onWrong);
            if (exactEnd)
                for (int p = s.begin; p < s.end; ++p) QVERIFY(wrongAt.count(p));
        }
        QVERIFY(panel_->view()->outcome().report.answerRisk > 0);
    }

    // Clicking the wrong number shows the passage about the completion with
    // the shared words highlighted, and the detectors' scores and reasons.
    void clickingSpanShowsEvidence()
    {
        QVERIFY2(runPasted(kQuestion, kAnswer, kDocuments), qPrintable(panel_->lastError()));
        InspectionView* v = panel_->view();
        const int number = int(kAnswer.indexOf(QStringLiteral("1899")));
        clickAnswerAt(number + 1);
        QVERIFY(v->selectedSpan() >= 0);
        const inspect::SpanScore& span = v->outcome().report.spans[size_t(v->selectedSpan())];
        const std::string answer = kAnswer.toStdString();
        QCOMPARE(QString::fromStdString(answer.substr(span.begin, span.end - span.begin)), QStringLiteral("1899"));
        QVERIFY2(v->spanLabel()->text().contains(QStringLiteral("1899")), qPrintable(v->spanLabel()->text()));

        const QString passage = v->evidenceView()->toPlainText();
        QVERIFY2(passage.contains(QStringLiteral("completed in 1889")), qPrintable(passage));
        QTextDocument* ev = v->evidenceView()->document();
        const QColor match = InspectionView::matchColor();
        QCOMPARE(backgroundAt(ev, int(passage.indexOf(QStringLiteral("completed")))), match);
        QCOMPARE(backgroundAt(ev, int(passage.indexOf(QStringLiteral("Tower")))), match);
        QVERIFY(backgroundAt(ev, int(passage.indexOf(QStringLiteral("1889")))) != match);   // a different number
        // The claim, aligned: shared words in the match colour, the number in the risk colour.
        const QString claim = v->claimView()->toPlainText();
        QCOMPARE(backgroundAt(v->claimView()->document(), int(claim.indexOf(QStringLiteral("completed")))), match);
        QCOMPARE(backgroundAt(v->claimView()->document(), int(claim.indexOf(QStringLiteral("1899")))),
                 riskColor(RiskLevel::High));

        const int numbersRow = detectorRow(QStringLiteral("Lexical: numbers"));
        QVERIFY(numbersRow >= 0);
        QTableWidget* t = v->detectorTable();
        QCOMPARE(t->item(numbersRow, InspectionView::DetectorScoreColumn)->data(Qt::UserRole).toDouble(), 1.0);
        QVERIFY2(t->item(numbersRow, InspectionView::DetectorReasonColumn)->text().contains(QStringLiteral("1899")),
                 qPrintable(t->item(numbersRow, InspectionView::DetectorReasonColumn)->text()));
        QVERIFY(detectorRow(QStringLiteral("Combined")) == 0);

        // The wrong name: the passage about the design.
        clickAnswerAt(int(kAnswer.indexOf(QStringLiteral("Dupont"))) + 2);
        QVERIFY(v->evidenceView()->toPlainText().contains(QStringLiteral("Gustave Eiffel")));
        const QString passage2 = v->evidenceView()->toPlainText();
        QCOMPARE(backgroundAt(v->evidenceView()->document(), int(passage2.indexOf(QStringLiteral("designed")))), match);

        // A click outside any claim (past the text) changes nothing.
        const int claimBefore = v->selectedClaim();
        QVERIFY(!v->selectAt(int(kAnswer.size()) + 5));
        QCOMPARE(v->selectedClaim(), claimBefore);
    }

    // The span label and the detectors' reasons are worded by the panel, in
    // the user's language, not copied from core's English.
    void reasonsFollowTheLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("nameReason");
        QTest::addColumn<QString>("numberReason");
        QTest::newRow("en") << "en" << "name \"Marcel Dupont\" is not in the evidence"
                            << "number \"1899\" is not in the evidence";
        QTest::newRow("zh_CN") << "zh_CN" << "证据中没有名称“Marcel Dupont”"
                               << "证据中没有数字“1899”";
    }
    void reasonsFollowTheLanguage()
    {
        QFETCH(QString, language);
        QFETCH(QString, nameReason);
        QFETCH(QString, numberReason);
        QCOMPARE(applyLanguage(language), language);
        QVERIFY2(runPasted(kQuestion, kAnswer, kDocuments), qPrintable(panel_->lastError()));
        InspectionView* v = panel_->view();
        QTableWidget* t = v->detectorTable();
        auto reasons = [t] {
            QStringList out;
            for (int r = 0; r < t->rowCount(); ++r) out << t->item(r, InspectionView::DetectorReasonColumn)->text();
            return out;
        };
        clickAnswerAt(int(kAnswer.indexOf(QStringLiteral("Dupont"))) + 2);
        QVERIFY2(v->spanLabel()->text().contains(nameReason), qPrintable(v->spanLabel()->text()));
        QVERIFY2(reasons().contains(nameReason), qPrintable(reasons().join(QLatin1Char('|'))));
        clickAnswerAt(int(kAnswer.indexOf(QStringLiteral("1899"))) + 1);
        QVERIFY2(reasons().contains(numberReason), qPrintable(reasons().join(QLatin1Char('|'))));
    }

    void inspectsRecordAndMessage()
    {
        const int64_t ds = store_->createDataset("qa", DatasetKind::Sft);
        Record r;
        r.datasetId = ds;
        r.instruction = kQuestion.toStdString();
        r.input = kDocuments.toStdString();
        r.output = kAnswer.toStdString();
        const int64_t id = store_->insertRecord(r);
        QSignalSpy done(panel_.get(), &InspectorPanel::inspectionFinished);
        QVERIFY2(panel_->inspectRecord(id), qPrintable(panel_->lastError()));
        QVERIFY(done.wait(30000) || !done.isEmpty());
        QVERIFY(done.first().first().toBool());
        QCOMPARE(panel_->inspectedRecord(), qint64(id));
        QCOMPARE(panel_->answerEdit()->toPlainText(), kAnswer);
        QCOMPARE(panel_->questionEdit()->text(), kQuestion);
        const auto stored = inspect::InspectionStore(*store_).forRecord(id);
        QVERIFY(stored);
        QCOMPARE(stored->answerRisk, panel_->view()->outcome().report.answerRisk);
        QCOMPARE(stored->answerHash, inspect::InspectionStore::answerHash(r.output));

        ConversationStore chats(*store_);
        const int64_t conv = chats.createConversation("tower");
        StoredMessage user;
        user.conversationId = conv;
        user.role = "user";
        user.content = kQuestionZh.toStdString();
        const int64_t userId = chats.addMessage(user);
        StoredMessage reply = user;
        reply.parentId = userId;
        reply.role = "assistant";
        reply.content = kAnswerZh.toStdString();
        const int64_t replyId = chats.addMessage(reply);
        panel_->documentsEdit()->setPlainText(kDocumentsZh);
        done.clear();
        QVERIFY2(panel_->inspectMessage(replyId), qPrintable(panel_->lastError()));
        QVERIFY(done.wait(30000) || !done.isEmpty());
        QVERIFY(done.first().first().toBool());
        QCOMPARE(panel_->questionEdit()->text(), kQuestionZh);
        QCOMPARE(panel_->inspectedMessage(), qint64(replyId));
        QCOMPARE(panel_->inspectedRecord(), qint64(0));
        const auto storedMessage = inspect::InspectionStore(*store_).forMessage(replyId);
        QVERIFY(storedMessage);
        QVERIFY(storedMessage->reportJson.find("char_begin") != std::string::npos);
    }

    void errorPaths()
    {
        panel_->answerEdit()->setPlainText(QStringLiteral("   "));
        QVERIFY(!panel_->inspect());
        QVERIFY(!panel_->lastError().isEmpty());
        QVERIFY(!panel_->inspectRecord(4242));
        QVERIFY(panel_->lastError().contains(QStringLiteral("4242")));
        QVERIFY(!panel_->inspectMessage(4243));
        QVERIFY(panel_->lastError().contains(QStringLiteral("4243")));
        // No factories injected: the detectors that need a model or an embedder are off.
        QVERIFY(!panel_->options()->semanticCheck()->isEnabled());
        QVERIFY(!panel_->options()->modelCheck()->isEnabled());
        QVERIFY(!panel_->isBusy());
    }

    // Without evidence every claim is unsupported: still a result, and the status says why.
    void noEvidence()
    {
        QVERIFY(runPasted({}, QStringLiteral("Paris has 12 bridges."), {}));
        QVERIFY(!panel_->view()->segments().empty());
        QCOMPARE(panel_->view()->evidenceLabel()->text(), QStringLiteral("No evidence was given."));
    }
};

QTEST_MAIN(tst_inspector_panel)
#include "tst_inspector_panel.moc"
