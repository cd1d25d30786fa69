// tiktoken rank files: a small rank file generated here (all 256 bytes, rank
// = byte value, plus a few merges and special tokens), exact ids for crafted
// strings, the cl100k pre-tokenizer against hand-computed splits, base64 and
// malformed-line errors naming the file and line.
#include "core/data/record.h"
#include "core/text/tiktoken.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using wb::Tiktoken;
using Ids = std::vector<int>;
using Pieces = std::vector<std::string>;

Q_DECLARE_METATYPE(Ids)
Q_DECLARE_METATYPE(Pieces)

namespace {

std::string rankLine(const std::string& bytes, int rank)
{
    return QByteArray::fromStdString(bytes).toBase64().toStdString() + " " + std::to_string(rank) + "\n";
}

// Ranks 0..255 are the single bytes; then merges in rank order.
std::string rankFile()
{
    std::string out;
    for (int b = 0; b < 256; ++b) out += rankLine(std::string(1, static_cast<char>(b)), b);
    const char* merges[] = {"in", " t", "th", " th", " the", "he", "12", "123", "\n\n", "ing"};
    int rank = 256;
    for (const char* m : merges) out += rankLine(m, rank++);
    return out;
}

const Tiktoken::SpecialTokens kSpecial{{"<|endoftext|>", 300}, {"<|fim|>", 301}};

Pieces split(std::string_view text, Tiktoken::Pattern p = Tiktoken::Pattern::Cl100k)
{
    Pieces out;
    for (auto piece : Tiktoken::preTokenize(text, p)) out.emplace_back(piece);
    return out;
}

void expectError(std::string_view text, const std::string& where)
{
    try {
        Tiktoken::fromText(text, "bad.tiktoken");
        QFAIL("expected wb::Error");
    } catch (const wb::Error& e) {
        QVERIFY2(std::string(e.what()).find(where) != std::string::npos, e.what());
    }
}

} // namespace

class tst_tiktoken : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    std::unique_ptr<Tiktoken> tok;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        const std::string path = dir.path().toStdString() + "/tiny.tiktoken";
        std::ofstream(path, std::ios::binary) << rankFile();
        tok = Tiktoken::load(path, Tiktoken::Pattern::Cl100k, kSpecial);
        QCOMPARE(tok->name(), path);
        QCOMPARE(tok->vocabSize(), 302);
    }

    void preTokenize_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Pieces>("expected");
        QTest::newRow("words") << "Hello world" << Pieces{"Hello", " world"};
        QTest::newRow("contraction") << "I'm here" << Pieces{"I", "'m", " here"};
        QTest::newRow("don't") << "don't" << Pieces{"don", "'t"};
        QTest::newRow("upper contraction") << "HE'S WE'LL THEY'RE" << Pieces{"HE", "'S", " WE", "'LL", " THEY", "'RE"};
        QTest::newRow("mixed case") << "we'Ve i'lL" << Pieces{"we", "'Ve", " i", "'lL"};
        QTest::newRow("long s folds to s") << QString::fromUtf8("it'\xC5\xBF") << Pieces{"it", "'\xC5\xBF"};
        QTest::newRow("not a contraction") << "'ve'x" << Pieces{"'ve", "'x"};
        QTest::newRow("digits by 3") << "12345678" << Pieces{"123", "456", "78"};
        QTest::newRow("letters digits") << "abc123def" << Pieces{"abc", "123", "def"};
        QTest::newRow("space before digits") << QString::fromUtf8("r\xC3\xA9sum\xC3\xA9 2024")
                                             << Pieces{"r\xC3\xA9sum\xC3\xA9", " ", "202", "4"};
        QTest::newRow("dollar") << "$100" << Pieces{"$", "100"};
        QTest::newRow("two spaces") << "a  b" << Pieces{"a", " ", " b"};
        QTest::newRow("blank line") << "a\n\nb" << Pieces{"a", "\n\n", "b"};
        QTest::newRow("spaces around newline") << "x  \n  y" << Pieces{"x", "  \n", " ", " y"};
        QTest::newRow("crlf") << "a\r\n b" << Pieces{"a", "\r\n", " b"};
        QTest::newRow("punct newlines") << "hi!!!\n\nok" << Pieces{"hi", "!!!\n\n", "ok"};
        QTest::newRow("space punct") << " ?!" << Pieces{" ?!"};
        QTest::newRow("tab word") << "\tword" << Pieces{"\tword"};
        QTest::newRow("trailing spaces") << "end   " << Pieces{"end", "   "};
        QTest::newRow("punct word") << "(word)" << Pieces{"(word", ")"};
        QTest::newRow("chinese") << QString::fromUtf8("你好，世界")
                                 << Pieces{"你好", "，世界"};
        QTest::newRow("special as text") << "a<|endoftext|>b" << Pieces{"a", "<|", "endoftext", "|>", "b"};
    }

    void preTokenize()
    {
        QFETCH(QString, text);
        QFETCH(Pieces, expected);
        const std::string s = text.toStdString();
        const Pieces got = split(s);
        QCOMPARE(got, expected);
        std::string joined;
        for (const auto& p : got) joined += p;
        QCOMPARE(joined, s);
    }

    void preTokenizeGpt2()
    {
        QCOMPARE(split("I'm 12345", Tiktoken::Pattern::Gpt2), (Pieces{"I", "'m", " 12345"}));
    }

    void encode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<Ids>("expected");
        QTest::newRow("whole piece") << " the" << Ids{260};
        // th (258) merges before he (261): lowest rank first.
        QTest::newRow("the") << "the" << Ids{258, 'e'};
        QTest::newRow("he") << "he" << Ids{261};
        QTest::newRow("hello") << "hello" << Ids{261, 'l', 'l', 'o'};
        // in (256) first, then th (258), then ing (265).
        QTest::newRow("thing") << "thing" << Ids{258, 265};
        QTest::newRow("sentence") << "thing the 12345\n\n"
                                  << Ids{258, 265, 260, ' ', 263, '4', '5', 264};
        QTest::newRow("no merges") << "cat" << Ids{'c', 'a', 't'};
        QTest::newRow("empty") << "" << Ids{};
    }

    void encode()
    {
        QFETCH(QString, text);
        QFETCH(Ids, expected);
        const std::string s = text.toStdString();
        QCOMPARE(tok->encode(s), expected);
        QCOMPARE(tok->countTokens(s), expected.size());
        QCOMPARE(tok->decode(expected), s);
    }

    void specialTokens()
    {
        QCOMPARE(tok->encode("a<|endoftext|>b", true), (Ids{'a', 300, 'b'}));
        QCOMPARE(tok->encode("<|fim|><|endoftext|>", true), (Ids{301, 300}));
        const Ids plain = tok->encode("a<|endoftext|>b");
        QCOMPARE(plain.size(), size_t(15));
        QVERIFY(std::find(plain.begin(), plain.end(), 300) == plain.end());
        QCOMPARE(tok->decode({'a', 300, 'b'}), std::string("a<|endoftext|>b"));
    }

    void roundTripBytes()
    {
        std::string s = "emoji \xF0\x9F\xA6\x8A, bad utf8 \xFF\xC3 and NUL ";
        s.push_back('\0');
        s += " the thing 1234567 \r\n\t end  ";
        QCOMPARE(tok->decode(tok->encode(s)), s);
        auto* rng = QRandomGenerator::global();
        for (int i = 0; i < 50; ++i) {
            std::string r(static_cast<size_t>(rng->bounded(64)), '\0');
            for (char& c : r) c = static_cast<char>(rng->bounded(256));
            QCOMPARE(tok->decode(tok->encode(r)), r);
        }
    }

    void decodeErrors()
    {
        QVERIFY_THROWS_EXCEPTION(wb::Error, tok->decode({299}));   // gap between ranks and specials
        QVERIFY_THROWS_EXCEPTION(wb::Error, tok->decode({302}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, tok->decode({-1}));
    }

    void missingByteRank()
    {
        const auto t = Tiktoken::fromText(rankLine("a", 0) + rankLine("b", 1) + rankLine("ab", 2), "ab.tiktoken");
        QCOMPARE(t->encode("abab"), (Ids{2, 2}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, t->encode("abc"));
    }

    void base64()
    {
        std::string out;
        QVERIFY(wb::decodeBase64("", out) && out.empty());
        QVERIFY(wb::decodeBase64("IHRoZQ==", out) && out == " the");
        QVERIFY(!wb::decodeBase64("IHRoZQ=", out));
        QVERIFY(!wb::decodeBase64("IHR=ZQ==", out));
        QVERIFY(!wb::decodeBase64("IH-oZQ==", out));
        auto* rng = QRandomGenerator::global();
        for (int i = 0; i < 100; ++i) {
            QByteArray raw(rng->bounded(40), '\0');
            for (char& c : raw) c = static_cast<char>(rng->bounded(256));
            QVERIFY(wb::decodeBase64(raw.toBase64().toStdString(), out));
            QCOMPARE(QByteArray::fromStdString(out), raw);
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("where");
        const QByteArray ok = "YQ== 0\nYg== 1\n";
        QTest::newRow("no rank") << ok + "Yw==\n" << "bad.tiktoken:3";
        QTest::newRow("bad base64") << ok + "@@@@ 2\n" << "bad.tiktoken:3";
        QTest::newRow("bad padding") << QByteArray("YQ= 0\n") << "bad.tiktoken:1";
        QTest::newRow("text rank") << ok + "Yw== two\n" << "bad.tiktoken:3";
        QTest::newRow("negative rank") << ok + "Yw== -2\n" << "bad.tiktoken:3";
        QTest::newRow("rank garbage") << ok + "Yw== 2x\n" << "bad.tiktoken:3";
        QTest::newRow("duplicate rank") << ok + "Yw== 1\n" << "bad.tiktoken:3";
        QTest::newRow("duplicate token") << ok + "\nYQ== 5\n" << "bad.tiktoken:4";
        QTest::newRow("extra field") << ok + "Yw== 2 3\n" << "bad.tiktoken:3";
        QTest::newRow("empty") << QByteArray("\n\n") << "bad.tiktoken";
    }

    void malformed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, where);
        expectError(text.toStdString(), where.toStdString());
    }

    void specialCollision()
    {
        QVERIFY_THROWS_EXCEPTION(wb::Error,
                                 Tiktoken::fromText(rankLine("a", 0), "x.tiktoken",
                                                    Tiktoken::Pattern::Cl100k, {{"<|x|>", 0}}));
    }

    void missingFile()
    {
        const std::string path = dir.path().toStdString() + "/absent.tiktoken";
        try {
            Tiktoken::load(path);
            QFAIL("expected wb::Error");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(tst_tiktoken)
#include "tst_tiktoken.moc"
