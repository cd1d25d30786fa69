// Unicode Normalization Form C (core/text/unicode_props.h) against Python's
// unicodedata.normalize("NFC") (tests/data/tokenizers/nfc_cases.json, from
// scripts/gen_tokenizer_fixtures.py): every character that decomposes or has
// a combining class, alone and fully decomposed, and random sequences of them
// with Hangul jamo and Latin letters. Plus the quick-check fast path on text
// that is already NFC, and invalid UTF-8 passing through.
#include "core/text/unicode_props.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using nlohmann::json;
using wb::unicode::nfcQuickCheck;
using wb::unicode::toNfc;

namespace {

std::string testDataDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString();
}

QString hex(const std::string& s)
{
    return QString::fromLatin1(QByteArray::fromStdString(s).toHex(' '));
}

} // namespace

class tst_nfc : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesPythonUnicodedata()
    {
        std::ifstream f(testDataDir() + "/tokenizers/nfc_cases.json", std::ios::binary);
        std::ostringstream ss;
        ss << f.rdbuf();
        const json fixture = json::parse(ss.str());
        // The fixture and the tables come from the same Unicode version.
        QCOMPARE(fixture["unicode"].get<std::string>(), std::string(wb::unicode::unicodeVersion()));
        size_t checked = 0, changed = 0;
        for (const json& c : fixture["cases"]) {
            const std::string text = c["text"].get<std::string>();
            const std::string want = c["nfc"].get<std::string>();
            const std::string got = toNfc(text);
            if (got != want)
                QFAIL(qPrintable(QString("NFC(%1): got %2, want %3").arg(hex(text), hex(got), hex(want))));
            // The quick check may only say "already NFC" when it is.
            if (nfcQuickCheck(text) == std::string_view::npos) QCOMPARE(want, text);
            // NFC is idempotent.
            QCOMPARE(toNfc(want), want);
            changed += got != text;
            ++checked;
        }
        QVERIFY(checked > 4000);
        QVERIFY(changed > 1000);
    }

    void knownCompositions_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("e + acute") << QString::fromUtf8("cafe\xCC\x81") << QString::fromUtf8("caf\xC3\xA9");
        QTest::newRow("marks reordered: dot below before acute")
            << QString::fromUtf8("a\xCC\x81\xCC\xA3") << QString::fromUtf8("\xE1\xBA\xA1\xCC\x81");
        QTest::newRow("two accents") << QString::fromUtf8("o\xCC\x88\xCC\x84") << QString::fromUtf8("\xC8\xAB");   // ȫ
        QTest::newRow("angstrom sign") << QString::fromUtf8("\xE2\x84\xAB") << QString::fromUtf8("\xC3\x85");
        QTest::newRow("hangul LV + T") << QString::fromUtf8("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8")
                                       << QString::fromUtf8("\xEA\xB0\x81");   // 각
        QTest::newRow("hangul syllable + T") << QString::fromUtf8("\xEA\xB0\x80\xE1\x86\xA8")
                                             << QString::fromUtf8("\xEA\xB0\x81");
        QTest::newRow("hangul word from jamo")
            << QString::fromUtf8("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xAE\xE1\x86\xA8")
            << QString::fromUtf8("\xED\x95\x9C\xEA\xB5\xAD");   // 한국
        QTest::newRow("cjk compatibility ideograph") << QString::fromUtf8("\xEF\xA4\x80")
                                                     << QString::fromUtf8("\xE8\xB1\x88");   // U+F900 -> U+8C48
        QTest::newRow("composition exclusion stays decomposed")
            << QString::fromUtf8("\xE0\xA5\x98") << QString::fromUtf8("\xE0\xA4\x95\xE0\xA4\xBC");   // U+0958
        QTest::newRow("leading combining mark") << QString::fromUtf8("\xCC\x81" "a") << QString::fromUtf8("\xCC\x81" "a");
    }

    void knownCompositions()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(toNfc(input.toStdString())), expected);
    }

    void alreadyNfcIsUnchanged()
    {
        const std::string cjk = "大型语言模型的数据集整理，包括去重和质量过滤。日本語テキスト、한국어 텍스트。";
        QCOMPARE(nfcQuickCheck(cjk), std::string_view::npos);
        QCOMPARE(toNfc(cjk), cjk);
        const std::string latin = "Hello, caf\xC3\xA9 na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xC3\x85ngstr\xC3\xB6m";
        QCOMPARE(nfcQuickCheck(latin), std::string_view::npos);
        QCOMPARE(toNfc(latin), latin);
        QCOMPARE(nfcQuickCheck(""), std::string_view::npos);
        // The first character that needs a look is found.
        QCOMPARE(nfcQuickCheck("abc\xCC\x81"), size_t(3));
    }

    void invalidUtf8PassesThrough_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("only invalid") << QByteArray("\xff\xfe\x80") << QByteArray("\xff\xfe\x80");
        QTest::newRow("invalid after composition") << QByteArray("cafe\xCC\x81\x80") << QByteArray("caf\xC3\xA9\x80");
        QTest::newRow("invalid before composition") << QByteArray("\xff" "e\xCC\x81") << QByteArray("\xff\xC3\xA9");
        // An invalid byte between a letter and its mark blocks composition.
        QTest::newRow("invalid in between") << QByteArray("e\xff\xCC\x81") << QByteArray("e\xff\xCC\x81");
        QTest::newRow("truncated sequence") << QByteArray("\xE1\x84" "a\xCC\x88") << QByteArray("\xE1\x84\xC3\xA4");
    }

    void invalidUtf8PassesThrough()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(QByteArray::fromStdString(toNfc(input.toStdString())), expected);
    }
};

QTEST_GUILESS_MAIN(tst_nfc)
#include "tst_nfc.moc"
