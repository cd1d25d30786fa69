// The hand-written pre-tokenizer matchers (GPT-2, Llama 3 / cl100k, Qwen2,
// Digits) against splits computed by a real regex engine (Python's `regex`,
// tests/data/tokenizers/pretokenize_cases.json, written by
// scripts/gen_tokenizer_fixtures.py): tricky strings (contractions in any
// case, digit runs, newlines, CJK, emoji, trailing spaces) and 500 random
// strings over an alphabet of such characters. Plus invalid UTF-8 (derived by
// hand: such bytes are "other" characters) and tiling of arbitrary bytes.
#include "core/text/pretokenize.h"
#include "core/text/unicode_props.h"

#include <QRandomGenerator>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using nlohmann::json;
using wb::pretok::Pattern;
using Pieces = std::vector<std::string>;

Q_DECLARE_METATYPE(Pattern)
Q_DECLARE_METATYPE(Pieces)

namespace {

std::string testDataDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString();
}

json readJson(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

Pieces splitToStrings(Pattern p, std::string_view text)
{
    Pieces out;
    for (std::string_view piece : wb::pretok::split(p, text)) out.emplace_back(piece);
    return out;
}

Pieces splitDigits(std::string_view text, bool individual)
{
    Pieces out;
    for (std::string_view piece : wb::pretok::splitDigits(text, individual)) out.emplace_back(piece);
    return out;
}

QString show(const Pieces& pieces)
{
    QStringList parts;
    for (const auto& p : pieces) parts << "\"" + QString::fromUtf8(p.data(), qsizetype(p.size())).toHtmlEscaped() + "\"";
    return parts.join(", ");
}

} // namespace

class tst_pretokenize : public QObject {
    Q_OBJECT

private:
    json cases;

private Q_SLOTS:
    void initTestCase()
    {
        cases = readJson(testDataDir() + "/tokenizers/pretokenize_cases.json");
        QVERIFY(cases["cases"].size() >= 500);
    }

    void regexRecognized_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<Pattern>("pattern");
        QTest::newRow("gpt2") << "gpt2" << Pattern::Gpt2;
        QTest::newRow("llama3 / cl100k") << "cl100k" << Pattern::Cl100k;
        QTest::newRow("qwen2") << "qwen2" << Pattern::Qwen2;
    }

    // The fixture's regexes (as the generator ran them) are the ones the
    // matchers claim to implement, and are recognized by their exact text.
    void regexRecognized()
    {
        QFETCH(QString, key);
        QFETCH(Pattern, pattern);
        const std::string regex = cases["patterns"][key.toStdString()].get<std::string>();
        QCOMPARE(std::string(wb::pretok::regexOf(pattern)), regex);
        QCOMPARE(wb::pretok::patternForRegex(regex), std::optional<Pattern>(pattern));
    }

    void unknownRegexRejected()
    {
        std::string almost(wb::pretok::regexOf(Pattern::Cl100k));
        almost.replace(almost.find("{1,3}"), 5, "{1,2}");
        QVERIFY(!wb::pretok::patternForRegex(almost));
        QVERIFY(!wb::pretok::patternForRegex(""));
        QVERIFY(!wb::pretok::patternForRegex(std::string(wb::pretok::regexOf(Pattern::Gpt2)) + " "));
    }

    void matchesRegexEngine_data() { regexRecognized_data(); }

    void matchesRegexEngine()
    {
        QFETCH(QString, key);
        QFETCH(Pattern, pattern);
        size_t checked = 0;
        for (const json& c : cases["cases"]) {
            const std::string text = c["text"].get<std::string>();
            const Pieces want = c[key.toStdString()].get<Pieces>();
            const Pieces got = splitToStrings(pattern, text);
            if (got != want)
                QFAIL(qPrintable(QString("text \"%1\":\n got  %2\n want %3")
                                     .arg(QString::fromStdString(text).toHtmlEscaped(), show(got), show(want))));
            ++checked;
        }
        QVERIFY(checked >= 500);
    }

    // A few of the fixture's rows, spelled out, so a reader sees what differs.
    void namedSplits_data()
    {
        QTest::addColumn<Pattern>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<Pieces>("expected");
        QTest::newRow("llama3 contractions any case") << Pattern::Cl100k << "I'LL we'Ve" << Pieces{"I", "'LL", " we", "'Ve"};
        QTest::newRow("gpt2 contractions lower only") << Pattern::Gpt2 << "I'LL" << Pieces{"I", "'", "LL"};
        QTest::newRow("llama3 digits by three") << Pattern::Cl100k << "12345" << Pieces{"123", "45"};
        QTest::newRow("qwen2 digits one by one") << Pattern::Qwen2 << "12345" << Pieces{"1", "2", "3", "4", "5"};
        QTest::newRow("gpt2 digit run") << Pattern::Gpt2 << "a 12345" << Pieces{"a", " 12345"};
        QTest::newRow("llama3 newlines") << Pattern::Cl100k << "a  \n\n b" << Pieces{"a", "  \n\n", " b"};
        QTest::newRow("llama3 punctuation keeps newlines") << Pattern::Cl100k << "ok!\n\nx" << Pieces{"ok", "!\n\n", "x"};
        QTest::newRow("qwen2 cjk with punctuation") << Pattern::Qwen2 << QString::fromUtf8("你好，世界。")
                                                    << Pieces{"你好", "，世界", "。"};
        QTest::newRow("llama3 emoji") << Pattern::Cl100k << QString::fromUtf8("hi 🦙🚀!") << Pieces{"hi", " 🦙🚀!"};
        QTest::newRow("llama3 trailing spaces") << Pattern::Cl100k << "end   " << Pieces{"end", "   "};
        QTest::newRow("qwen2 spaces before word") << Pattern::Qwen2 << "a   b" << Pieces{"a", "  ", " b"};
    }

    void namedSplits()
    {
        QFETCH(Pattern, pattern);
        QFETCH(QString, text);
        QFETCH(Pieces, expected);
        QCOMPARE(splitToStrings(pattern, text.toStdString()), expected);
    }

    // Not representable in the fixture (Python strings are Unicode): each
    // invalid byte is one character that is neither letter, number nor space.
    void invalidUtf8_data()
    {
        QTest::addColumn<Pattern>("pattern");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<Pieces>("expected");
        QTest::newRow("gpt2 bytes as other") << Pattern::Gpt2 << QByteArray("a\xff\xfe b") << Pieces{"a", "\xff\xfe", " b"};
        QTest::newRow("llama3 byte prefixes a word") << Pattern::Cl100k << QByteArray("\xff" "abc") << Pieces{"\xff" "abc"};
        QTest::newRow("qwen2 bytes then newline") << Pattern::Qwen2 << QByteArray("x\x80\x80\n1") << Pieces{"x", "\x80\x80\n", "1"};
        QTest::newRow("truncated sequence") << Pattern::Cl100k << QByteArray("\xe4\xb8 z") << Pieces{"\xe4\xb8", " z"};
        QTest::newRow("overlong slash") << Pattern::Qwen2 << QByteArray("a\xc0\xaf" "b") << Pieces{"a", "\xc0\xaf", "b"};
    }

    void invalidUtf8()
    {
        QFETCH(Pattern, pattern);
        QFETCH(QByteArray, text);
        QFETCH(Pieces, expected);
        QCOMPARE(splitToStrings(pattern, text.toStdString()), expected);
    }

    void piecesTileAnyBytes()
    {
        QRandomGenerator rng(1234);
        const char* alphabet[] = {"a", "Z", "'", "s", "L", "1", " ", "\n", "\r", "\t", "!", "\xff", "\x80", "\xe4\xb8",
                                  "\xe4\xb8\xad", "\xc5\xbf", "\xe3\x80\x80", "\xf0\x9f\xa6\x99", "\xcc\x81"};
        for (int round = 0; round < 3000; ++round) {
            std::string text;
            const int len = int(rng.bounded(1, 20));
            for (int i = 0; i < len; ++i) text += alphabet[rng.bounded(int(std::size(alphabet)))];
            for (Pattern p : {Pattern::Gpt2, Pattern::Cl100k, Pattern::Qwen2}) {
                std::string joined;
                for (const std::string& piece : splitToStrings(p, text)) {
                    QVERIFY(!piece.empty());
                    joined += piece;
                }
                QCOMPARE(joined, text);
            }
            for (bool individual : {false, true}) {
                std::string joined;
                for (const std::string& piece : splitDigits(text, individual)) joined += piece;
                QCOMPARE(joined, text);
            }
        }
    }

    // HF Digits: \p{N} runs isolated (Rust char::is_numeric is \p{N}).
    void digits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("individual");
        QTest::addColumn<Pieces>("expected");
        QTest::newRow("runs") << "abc12345def6" << false << Pieces{"abc", "12345", "def", "6"};
        QTest::newRow("individual") << "abc123 x" << true << Pieces{"abc", "1", "2", "3", " x"};
        QTest::newRow("unicode digits") << QString::fromUtf8("x٣٤²Ⅻy") << false << Pieces{"x", "٣٤²Ⅻ", "y"};
        QTest::newRow("unicode digits individually") << QString::fromUtf8("٣٤") << true << Pieces{"٣", "٤"};
        QTest::newRow("no digits") << "hello" << true << Pieces{"hello"};
        QTest::newRow("empty") << "" << true << Pieces{};
    }

    void digits()
    {
        QFETCH(QString, text);
        QFETCH(bool, individual);
        QFETCH(Pieces, expected);
        QCOMPARE(splitDigits(text.toStdString(), individual), expected);
    }

    void unicodeClasses()
    {
        using wb::unicode::CharClass;
        QCOMPARE(wb::unicode::classOf(U'a'), CharClass::Letter);
        QCOMPARE(wb::unicode::classOf(U'\u4E2D'), CharClass::Letter);        // 中
        QCOMPARE(wb::unicode::classOf(U'\U00020000'), CharClass::Letter);    // CJK extension B
        QCOMPARE(wb::unicode::classOf(U'\u0663'), CharClass::Number);        // ٣
        QCOMPARE(wb::unicode::classOf(U'\u216B'), CharClass::Number);        // Ⅻ (Nl)
        QCOMPARE(wb::unicode::classOf(U'\u3000'), CharClass::Space);
        QCOMPARE(wb::unicode::classOf(U'\u0085'), CharClass::Space);
        QCOMPARE(wb::unicode::classOf(U'\u001C'), CharClass::Other);         // not White_Space
        QCOMPARE(wb::unicode::classOf(U'\u200B'), CharClass::Other);         // zero width space is Cf
        QCOMPARE(wb::unicode::classOf(U'\u0301'), CharClass::Other);         // combining mark
        QCOMPARE(wb::unicode::classOf(U'\U0001F999'), CharClass::Other);     // 🦙
        QCOMPARE(wb::unicode::classOf(char32_t(0x10FFFF)), CharClass::Other);
        QCOMPARE(wb::unicode::classOf(char32_t(0x110000)), CharClass::Other);
    }
};

QTEST_GUILESS_MAIN(tst_pretokenize)
#include "tst_pretokenize.moc"
