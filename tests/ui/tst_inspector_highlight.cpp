// The inspector's text plumbing without widgets: UTF-8 byte offsets to
// QString positions (Chinese, emoji, invalid bytes), risk segments from
// overlapping spans, and the word alignment between a claim and its evidence.
#include "core/inspect/span_score.h"
#include "ui/inspector/evidence_match.h"
#include "ui/inspector/risk_highlight.h"

#include <QTest>
#include <QTextCursor>
#include <QTextDocument>

using namespace wb;

namespace {
// The text of each range, for readable comparisons.
QStringList texts(std::string_view s, const std::vector<ByteRange>& ranges)
{
    QStringList out;
    for (const auto& [b, e] : ranges) out << QString::fromUtf8(s.substr(b, e - b));
    return out;
}
} // namespace

class tst_inspector_highlight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void utf16Positions_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::addColumn<int>("byte");
        QTest::addColumn<int>("expected");
        QTest::newRow("ascii") << QByteArray("abc def") << 4 << 4;
        QTest::newRow("han, 3 bytes each") << QByteArray("长城全长") << 6 << 2;
        QTest::newRow("inside a han char backs up") << QByteArray("长城全长") << 7 << 2;
        QTest::newRow("emoji is two units") << QByteArray("\xF0\x9F\x97\xBC x") << 4 << 2;
        QTest::newRow("after emoji and space") << QByteArray("\xF0\x9F\x97\xBC x") << 5 << 3;
        QTest::newRow("inside emoji") << QByteArray("\xF0\x9F\x97\xBC x") << 2 << 0;
        QTest::newRow("past the end") << QByteArray("ab") << 10 << 2;
        QTest::newRow("invalid byte counts once") << QByteArray("a\xFF" "b") << 2 << 2;
    }
    void utf16Positions()
    {
        QFETCH(QByteArray, utf8);
        QFETCH(int, byte);
        QFETCH(int, expected);
        QCOMPARE(utf16PosOfByte(std::string_view(utf8.constData(), size_t(utf8.size())), size_t(byte)), expected);
    }

    void riskLevels_data()
    {
        QTest::addColumn<double>("risk");
        QTest::addColumn<int>("level");
        QTest::newRow("0") << 0.0 << int(RiskLevel::None);
        QTest::newRow("0.2 stop char") << 0.2 << int(RiskLevel::None);
        QTest::newRow("0.3") << 0.3 << int(RiskLevel::Low);
        QTest::newRow("0.6 content word") << 0.6 << int(RiskLevel::Medium);
        QTest::newRow("1 number") << 1.0 << int(RiskLevel::High);
    }
    void riskLevels()
    {
        QFETCH(double, risk);
        QFETCH(int, level);
        QCOMPARE(int(riskLevel(risk)), level);
    }

    // Overlapping spans: the riskier one owns the characters they share; the
    // rest of the weaker one stays its own segment.
    void segmentsFromOverlappingSpans()
    {
        const std::string answer = "\xF0\x9F\x97\xBC 长城 abc def";   // emoji, space, 长城, space, abc, space, def
        // bytes: emoji 0-4, ' ' 4, 长 5-8, 城 8-11, ' ' 11, abc 12-15, ' ' 15, def 16-19
        std::vector<inspect::SpanScore> spans = {
            {5, 15, 0.6, "lexical", "word", "weak"},
            {8, 11, 1.0, "lexical", "entity", "strong"},
            {16, 19, 0.1, "lexical", "word", "too weak to show"},
            {12, 12, 1.0, "lexical", "word", "empty"},
        };
        const std::vector<RiskSegment> s = riskSegments(answer, spans);
        // QString: emoji 0-2, ' ' 2, 长 3, 城 4, ' ' 5, abc 6-9
        QCOMPARE(int(s.size()), 3);
        QCOMPARE(s[0].begin, 3);
        QCOMPARE(s[0].end, 4);
        QCOMPARE(s[0].span, 0);
        QCOMPARE(s[1].begin, 4);
        QCOMPARE(s[1].end, 5);
        QCOMPARE(s[1].span, 1);
        QCOMPARE(s[2].begin, 5);
        QCOMPARE(s[2].end, 9);
        QCOMPARE(s[2].span, 0);
        QVERIFY(segmentAt(s, 4) == &s[1]);
        QVERIFY(segmentAt(s, 2) == nullptr);
        QVERIFY(segmentAt(s, 9) == nullptr);

        QTextDocument doc;
        doc.setPlainText(QString::fromStdString(answer));
        paintRiskSegments(&doc, s);
        auto bg = [&](int pos) {
            QTextCursor c(&doc);
            c.setPosition(pos + 1);   // the format of the character before the cursor
            return c.charFormat().background().color();
        };
        QCOMPARE(bg(4), riskColor(RiskLevel::High));
        QCOMPARE(bg(3), riskColor(RiskLevel::Medium));
        QVERIFY(bg(2) != riskColor(RiskLevel::Medium));
    }

    void alignWords_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("passage");
        QTest::addColumn<QStringList>("inClaim");
        QTest::addColumn<QStringList>("inPassage");
        QTest::newRow("numbers across formats")
            << QStringLiteral("The bridge is 1,500 metres long and opened in 1932.")
            << QStringLiteral("Opened in 1932, the bridge spans 1500 metres.")
            << QStringList{"bridge", "1,500", "metres", "opened", "1932"}
            << QStringList{"Opened", "1932", "bridge", "1500", "metres"};
        QTest::newRow("wrong number not matched")
            << QStringLiteral("It opened in 1899.") << QStringLiteral("It opened in 1889.")
            << QStringList{"opened"} << QStringList{"opened"};
        QTest::newRow("chinese characters") << QStringLiteral("长城位于中国北方") << QStringLiteral("它位于北方。")
                                            << QStringList{"位", "北方"} << QStringList{"位", "北方"};   // 于 is a stop character
    }
    void alignWords()
    {
        QFETCH(QString, claim);
        QFETCH(QString, passage);
        QFETCH(QStringList, inClaim);
        QFETCH(QStringList, inPassage);
        const std::string c = claim.toStdString(), p = passage.toStdString();
        const WordAlignment a = wb::alignWords(c, p);
        QCOMPARE(texts(c, a.inClaim), inClaim);
        QCOMPARE(texts(p, a.inPassage), inPassage);
        QVERIFY(a.sharedUnits <= a.claimUnits);
    }

    // Without the embedder's choice, the passage sharing the most words wins.
    void bestEvidenceBySharedWords()
    {
        inspect::InspectReport r;
        inspect::ClaimReport c;
        c.claim.text = "Marie Curie won the Nobel Prize in Physics in 1903.";
        c.claim.end = c.claim.text.size();
        r.claims.push_back(c);
        const std::vector<std::string> evidence = {"Paris is the capital of France.",
                                                   "In 1903 Marie Curie shared the Nobel Prize in Physics."};
        const EvidenceForClaim e = bestEvidence(r, evidence, 0);
        QCOMPARE(e.chunk, 1);
        QVERIFY(!e.bySemantic);
        QCOMPARE(QString::fromStdString(e.passage), QString::fromStdString(evidence[1]));
        QVERIFY(texts(e.passage, e.alignment.inPassage).contains(QStringLiteral("1903")));
        QCOMPARE(bestEvidence(r, {}, 0).chunk, -1);
        QCOMPARE(bestEvidence(r, evidence, 5).chunk, -1);
    }
};

QTEST_MAIN(tst_inspector_highlight)
#include "tst_inspector_highlight.moc"
