// Highlighting a query's matches in chunk text: whole words of other scripts
// (case-insensitive, two letters or more), CJK character pairs (a lone CJK
// character alone), HTML escaped, surrogate pairs kept whole.
#include "ui/knowledge/document_viewer.h"
#include "ui/knowledge/match_highlight.h"

#include <QTest>

using namespace wb;

class tst_knowledge_highlight : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void marksMatches_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("marked");   // matches joined with '|'
        QTest::newRow("word") << "Basalt is volcanic." << "volcanic" << "volcanic";
        QTest::newRow("case") << "BASALT and basalt" << "Basalt" << "BASALT|basalt";
        QTest::newRow("whole words") << "basaltic basalt" << "basalt" << "basalt";
        QTest::newRow("one letter ignored") << "a rock" << "a rock" << "rock";
        QTest::newRow("several") << "lava cools into rock" << "rock lava" << "lava|rock";
        QTest::newRow("cjk pairs") << "玄武岩是一种火山岩" << "火山岩" << "火山岩";
        QTest::newRow("cjk pair inside") << "火山灰和岩浆" << "火山岩浆" << "火山|岩浆";
        QTest::newRow("lone cjk") << "岩石和土" << "岩" << "岩";
        QTest::newRow("mixed") << "CMRC 数据集" << "cmrc数据" << "CMRC|数据";
        QTest::newRow("none") << "granite" << "basalt" << "";
        QTest::newRow("empty query") << "granite" << "" << "";
    }
    void marksMatches()
    {
        QFETCH(QString, text);
        QFETCH(QString, query);
        QFETCH(QString, marked);
        QStringList got;
        for (const auto& [pos, len] : matchRanges(text, query))
            got << text.mid(pos, len);
        QCOMPARE(got.join(QLatin1Char('|')), marked);
    }

    void htmlIsEscaped()
    {
        const QString html = highlightMatches(QStringLiteral("<b>rock</b> & rock\nline"), QStringLiteral("rock"));
        QCOMPARE(html, QStringLiteral("&lt;b&gt;<b style=\"background-color:#ffe066;\">rock</b>&lt;/b&gt; &amp; "
                                      "<b style=\"background-color:#ffe066;\">rock</b><br>line"));
    }

    void bytesToCharacterPositions()
    {
        const std::string text = "ab玄武😀x";   // 1+1+3+3+4+1 bytes
        QCOMPARE(utf16Position(text, 0), qsizetype(0));
        QCOMPARE(utf16Position(text, 2), qsizetype(2));
        QCOMPARE(utf16Position(text, 5), qsizetype(3));
        QCOMPARE(utf16Position(text, 8), qsizetype(4));
        QCOMPARE(utf16Position(text, 12), qsizetype(6));   // the emoji is a surrogate pair
        QCOMPARE(utf16Position(text, 13), qsizetype(7));
        QCOMPARE(utf16Position(text, 99), qsizetype(7));   // clamped
        QCOMPARE(utf16Position(text, -1), qsizetype(0));
    }
};

QTEST_MAIN(tst_knowledge_highlight)
#include "tst_knowledge_highlight.moc"
