// Claim splitting: sentences and clauses in English and Chinese, with exact
// byte and code-point offsets (abbreviations, decimals, initials, closing
// quotes, thousands separators and the enumeration comma do not split).
#include "core/inspect/claims.h"
#include "core/inspect/text_units.h"

#include <QtTest>

using namespace wb::inspect;

Q_DECLARE_METATYPE(std::vector<std::string>)

class tst_inspect_claims : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splits_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<bool>("clauses");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("english sentences")
            << "Marie Curie was born in 1867 in Warsaw. She won in 1903! Did she? Yes." << false
            << QStringList{"Marie Curie was born in 1867 in Warsaw.", "She won in 1903!", "Did she?", "Yes."};
        QTest::newRow("abbreviations, decimals, initials")
            << "Dr. Smith paid 3.5 dollars, e.g. for J. K. Rowling's book in the U.S. market. It rained." << false
            << QStringList{"Dr. Smith paid 3.5 dollars, e.g. for J. K. Rowling's book in the U.S. market.", "It rained."};
        QTest::newRow("lower-case after a dot continues")
            << "The value is approx. three times larger. Next." << false
            << QStringList{"The value is approx. three times larger.", "Next."};
        QTest::newRow("closing quote stays") << "He said \"stop.\" Then he left." << false
                                             << QStringList{"He said \"stop.\"", "Then he left."};
        QTest::newRow("line breaks") << "First line\nSecond line\n\n" << false << QStringList{"First line", "Second line"};
        QTest::newRow("english clauses")
            << "The economy grew 2.5% in 2020, and the population reached 1,500,000 people, which was a record." << true
            << QStringList{"The economy grew 2.5% in 2020,", "and the population reached 1,500,000 people,",
                           "which was a record."};
        QTest::newRow("short comma piece stays")
            << "In 1903, she won the prize; later she taught." << true
            << QStringList{"In 1903, she won the prize;", "later she taught."};
        QTest::newRow("chinese sentences") << "居里夫人出生于华沙。她获得了诺贝尔奖！真的吗？" << false
                                           << QStringList{"居里夫人出生于华沙。", "她获得了诺贝尔奖！", "真的吗？"};
        QTest::newRow("chinese clauses")
            << "她在1903年获得诺贝尔物理学奖，并且与皮埃尔共同完成了研究；后来又获得化学奖。" << true
            << QStringList{"她在1903年获得诺贝尔物理学奖，", "并且与皮埃尔共同完成了研究；", "后来又获得化学奖。"};
        QTest::newRow("enumeration comma never splits") << "她研究了钋、镭、铀和钍等元素的放射性。" << true
                                                        << QStringList{"她研究了钋、镭、铀和钍等元素的放射性。"};
        QTest::newRow("short chinese comma piece") << "后来，她获得了化学奖。" << true
                                                   << QStringList{"后来，她获得了化学奖。"};
        QTest::newRow("chinese closing quote") << "他说：“我同意。”然后离开了。" << false
                                               << QStringList{"他说：“我同意。”", "然后离开了。"};
        QTest::newRow("mixed") << "Paris is in France.巴黎在法国。" << false
                               << QStringList{"Paris is in France.", "巴黎在法国。"};
        QTest::newRow("empty") << "  \n " << true << QStringList{};
    }
    void splits()
    {
        QFETCH(QString, answer);
        QFETCH(bool, clauses);
        QFETCH(QStringList, expected);
        const std::string a = answer.toStdString();
        const std::vector<Claim> claims = splitClaims(a, clauses ? ClaimGranularity::Clause : ClaimGranularity::Sentence);
        QStringList got;
        for (const Claim& c : claims) {
            got << QString::fromStdString(c.text);
            // The text is exactly the answer's bytes at the offsets.
            QCOMPARE(c.text, a.substr(c.begin, c.end - c.begin));
        }
        QCOMPARE(got, expected);
    }

    void exactOffsets()
    {
        const std::string a = "居里夫人出生于华沙。 She won in 1903, with Pierre Curie and Henri Becquerel.";
        const std::vector<Claim> c = splitClaims(a);
        QCOMPARE(c.size(), size_t(3));
        // Bytes: 10 Han characters of 3 bytes each end the first sentence.
        QCOMPARE(c[0].begin, size_t(0));
        QCOMPARE(c[0].end, size_t(30));
        QCOMPARE(c[1].begin, size_t(31));
        QCOMPARE(c[1].end, size_t(47));   // "She won in 1903,"
        QCOMPARE(c[2].begin, size_t(48));
        QCOMPARE(c[2].end, a.size());
        QCOMPARE(c[0].sentence, 0);
        QCOMPARE(c[1].sentence, 1);
        QCOMPARE(c[2].sentence, 1);
        // Code points: the same offsets as Python's str indices.
        QCOMPARE(codePointOffset(a, c[0].end), size_t(10));
        QCOMPARE(codePointOffset(a, c[1].begin), size_t(11));
        QCOMPARE(codePointOffset(a, c[1].end), size_t(27));
        QCOMPARE(byteOffsetOfCodePoint(a, 11), size_t(31));
        QCOMPARE(byteOffsetOfCodePoint(a, 1000), a.size());
    }

    void invalidUtf8DoesNotCrash()
    {
        const std::string a = "abc\xff\xfe def. \xe4\xb8 ghi";
        const std::vector<Claim> c = splitClaims(a);
        QCOMPARE(c.size(), size_t(2));
        QCOMPARE(c[1].end, a.size());
    }
};

QTEST_APPLESS_MAIN(tst_inspect_claims)
#include "tst_inspect_claims.moc"
