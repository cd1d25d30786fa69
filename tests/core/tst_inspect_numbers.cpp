// Number normalisation: one value for every way of writing it, exact mention
// offsets, and what is not a number.
#include "core/inspect/numbers.h"

#include <QtTest>

using namespace wb::inspect;

class tst_inspect_numbers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void values_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("percent");
        QTest::newRow("plain") << "1500" << 1500.0 << false;
        QTest::newRow("thousands separator") << "1,500" << 1500.0 << false;
        QTest::newRow("millions separators") << "12,345,678.5" << 12345678.5 << false;
        QTest::newRow("decimal") << "3.14" << 3.14 << false;
        QTest::newRow("trailing zero decimal") << "1500.0" << 1500.0 << false;
        QTest::newRow("thousand word") << "1.5 thousand" << 1500.0 << false;
        QTest::newRow("k") << "1.5k" << 1500.0 << false;
        QTest::newRow("K") << "2K" << 2000.0 << false;
        QTest::newRow("million word") << "2.3 million" << 2.3e6 << false;
        QTest::newRow("M") << "2.3M" << 2.3e6 << false;
        QTest::newRow("billion") << "4 billion" << 4e9 << false;
        QTest::newRow("bn") << "4bn" << 4e9 << false;
        QTest::newRow("wan") << "1500万" << 1.5e7 << false;
        QTest::newRow("yi") << "1.5亿" << 1.5e8 << false;
        QTest::newRow("qianwan") << "3千万" << 3e7 << false;
        QTest::newRow("chinese numerals") << "三千五百" << 3500.0 << false;
        QTest::newRow("chinese teens") << "十五" << 15.0 << false;
        QTest::newRow("liang") << "两千" << 2000.0 << false;
        QTest::newRow("colloquial qian") << "一千五" << 1500.0 << false;
        QTest::newRow("colloquial wan") << "三万五" << 35000.0 << false;
        QTest::newRow("colloquial yi") << "一亿五" << 1.5e8 << false;
        QTest::newRow("ling keeps units") << "一千零五" << 1005.0 << false;
        QTest::newRow("shi is not colloquial") << "二十五" << 25.0 << false;
        QTest::newRow("yi and wan") << "三亿五千万" << 3.5e8 << false;
        QTest::newRow("chinese year digits") << "二〇二一" << 2021.0 << false;
        QTest::newRow("percent sign") << "35%" << 35.0 << true;
        QTest::newRow("fullwidth percent") << "35％" << 35.0 << true;
        QTest::newRow("percent word") << "35 percent" << 35.0 << true;
        QTest::newRow("per cent") << "35 per cent" << 35.0 << true;
        QTest::newRow("baifenzhi") << "百分之三十五" << 35.0 << true;
        QTest::newRow("baifenzhi digits") << "百分之35" << 35.0 << true;
        QTest::newRow("word") << "twelve" << 12.0 << false;
        QTest::newRow("hyphenated word") << "twenty-five" << 25.0 << false;
        QTest::newRow("word and scale") << "two million" << 2e6 << false;
        QTest::newRow("one million") << "one million" << 1e6 << false;
        QTest::newRow("ordinal") << "21st" << 21.0 << false;
    }
    void values()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        QFETCH(bool, percent);
        const std::string t = text.toStdString();
        const std::optional<double> v = parseNumber(t);
        QVERIFY2(v.has_value(), qPrintable(text));
        QCOMPARE(*v, value);
        QCOMPARE(findNumbers(t).at(0).percent, percent);
    }

    void notNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("model name") << "A380";
        QTest::newRow("pronoun one") << "one of them";
        QTest::newRow("single chinese one") << "统一";
        QTest::newRow("no digits") << "no numbers here";
    }
    void notNumbers()
    {
        QFETCH(QString, text);
        QVERIFY(findNumbers(text.toStdString()).empty());
    }

    void sameAcrossFormats()
    {
        const std::vector<std::string> forms = {"1,500", "1500", "1.5 thousand", "1.5k", "0.15万"};
        for (const std::string& a : forms)
            for (const std::string& b : forms)
                QVERIFY2(sameNumber(findNumbers(a).at(0), findNumbers(b).at(0)), (a + " vs " + b).c_str());
        QVERIFY(!sameNumber(findNumbers("35%").at(0), findNumbers("35").at(0)));
        QVERIFY(!sameNumber(findNumbers("1,501").at(0), findNumbers("1500").at(0)));
    }

    void mentionOffsets()
    {
        const std::string t = "In 2020 it grew 2.5%, to 1,500 staff (1.5k), 收入1500万元, list 1,2,3.";
        const std::vector<NumberMention> m = findNumbers(t);
        QCOMPARE(m.size(), size_t(8));
        auto text = [&](size_t i) { return t.substr(m[i].begin, m[i].end - m[i].begin); };
        QCOMPARE(text(0), std::string("2020"));
        QCOMPARE(text(1), std::string("2.5%"));
        QCOMPARE(text(2), std::string("1,500"));
        QCOMPARE(text(3), std::string("1.5k"));
        QCOMPARE(text(4), std::string("1500万"));
        QCOMPARE(m[4].begin, t.find("1500万"));
        QCOMPARE(m[4].value, 1.5e7);
        QCOMPARE(text(5), std::string("1"));   // "1,2,3" is a list, not thousands
        QCOMPARE(text(7), std::string("3"));
    }
};

QTEST_APPLESS_MAIN(tst_inspect_numbers)
#include "tst_inspect_numbers.moc"
