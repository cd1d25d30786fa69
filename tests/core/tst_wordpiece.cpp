// BERT WordPiece on a hand-written vocabulary (tests/data/tokenizers/
// wordpiece_vocab.txt): exact ids for English, accented, Greek/Cyrillic and
// Chinese input, [UNK] rules, [CLS]/[SEP], tokenizer.json loading and errors.
#include "core/data/record.h"
#include "core/text/wordpiece.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using wb::WordPiece;

namespace {

std::string vocabPath()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return (env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString())
        + "/tokenizers/wordpiece_vocab.txt";
}

void writeFile(const std::string& path, const std::string& data)
{
    std::ofstream f(path, std::ios::binary);
    f << data;
}

} // namespace

class tst_wordpiece : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WordPiece> wp;

private Q_SLOTS:
    void initTestCase()
    {
        wp = WordPiece::loadVocabTxt(vocabPath());
        QCOMPARE(wp->vocabSize(), 42);
        QCOMPARE(wp->unkId(), 1);
        QCOMPARE(wp->clsId(), 2);
        QCOMPARE(wp->sepId(), 3);
        QCOMPARE(wp->padId().value_or(-1), 0);
        QCOMPARE(wp->maskId().value_or(-1), 4);
    }

    void encode_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("ids");
        QTest::newRow("english") << QByteArray("The quick brown fox!") << QList<int>{5, 6, 7, 8, 11};
        QTest::newRow("sub-words") << QByteArray("unaffable geology rocks") << QList<int>{13, 14, 15, 29, 30, 32, 31};
        QTest::newRow("punctuation split") << QByteArray("hello,world.") << QList<int>{21, 9, 22, 10};
        QTest::newRow("apostrophe") << QByteArray("fox's") << QList<int>{8, 33, 1};
        QTest::newRow("unknown word") << QByteArray("the zebra") << QList<int>{5, 1};
        QTest::newRow("partial match is unk") << QByteArray("unaffablex") << QList<int>{1};
        QTest::newRow("accents stripped") << QByteArray("Café naïve RÉSUMÉ") << QList<int>{17, 18, 19, 20};
        QTest::newRow("decomposed accent") << QByteArray("cafe\xcc\x81") << QList<int>{17};
        QTest::newRow("umlaut") << QByteArray("Über") << QList<int>{35};
        QTest::newRow("greek lower") << QByteArray("ΕΛΛΑ") << QList<int>{36, 37, 38};
        QTest::newRow("cyrillic lower") << QByteArray("ПРИВЕТ?") << QList<int>{39, 12};
        QTest::newRow("chinese") << QByteArray("中国人，地质学。") << QList<int>{23, 24, 25, 40, 26, 27, 28, 41};
        QTest::newRow("chinese in latin") << QByteArray("geo中rock") << QList<int>{29, 23, 32};
        QTest::newRow("whitespace and controls") << QByteArray(" \t the\x01\nfox\xe2\x80\x8b ") << QList<int>{5, 8};
        QTest::newRow("full-width") << QByteArray("ＴＨＥ") << QList<int>{1};
        QTest::newRow("empty") << QByteArray("") << QList<int>{};
    }

    void encode()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, ids);
        const std::vector<int> got = wp->encode(text.toStdString());
        QCOMPARE(QList<int>(got.begin(), got.end()), ids);
        QCOMPARE(wp->countTokens(text.toStdString()), size_t(ids.size()));
    }

    void basicTokenizer()
    {
        const std::vector<std::string> want{"hello", "!", "中", "国", "cafe", "ꙮ"};
        QCOMPARE(wp->basicTokenize("Hello!中国 Café ꙮ"), want);
    }

    void wordLengthLimit()
    {
        wb::WordPieceOptions o;
        o.maxInputCharsPerWord = 4;
        const auto limited = WordPiece::loadVocabTxt(vocabPath(), o);
        QCOMPARE(limited->encode("rock quick"), (std::vector<int>{32, 1}));
        QCOMPARE(wp->encode(std::string(101, 'a')), std::vector<int>{1});
    }

    void casedNoStrip()
    {
        wb::WordPieceOptions o;
        o.lowerCase = false;
        const auto cased = WordPiece::loadVocabTxt(vocabPath(), o);
        QCOMPARE(cased->encode("The the café"), (std::vector<int>{1, 5, 1}));
        o.stripAccents = true;
        const auto stripOnly = WordPiece::loadVocabTxt(vocabPath(), o);
        QCOMPARE(stripOnly->encode("café"), std::vector<int>{17});
    }

    void clsSep()
    {
        QCOMPARE(wp->encodeForModel("the fox"), (std::vector<int>{2, 5, 8, 3}));
        QCOMPARE(wp->encodePair("the", "fox"), (std::vector<int>{2, 5, 3, 8, 3}));
        QCOMPARE(wp->decode({2, 13, 14, 15, 29, 30, 3}), std::string("[CLS] unaffable geology [SEP]"));
        QVERIFY_THROWS_EXCEPTION(wb::Error, wp->decode({42}));
    }

    void tokenizerJson()
    {
        nlohmann::json vocab = nlohmann::json::object();
        std::ifstream f(vocabPath());
        int id = 0;
        for (std::string line; std::getline(f, line);) vocab[line] = id++;
        nlohmann::json j = {{"normalizer", {{"type", "BertNormalizer"}, {"clean_text", true}, {"handle_chinese_chars", true},
                                            {"strip_accents", nullptr}, {"lowercase", true}}},
                            {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
                            {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"continuing_subword_prefix", "##"},
                                       {"max_input_chars_per_word", 100}, {"vocab", vocab}}}};
        const auto fromJson = WordPiece::fromTokenizerJson(j.dump(), "tokenizer.json");
        for (const char* text : {"Café naïve RÉSUMÉ", "中国人，地质学。", "unaffable geology rocks"})
            QCOMPARE(fromJson->encode(text), wp->encode(text));

        j["normalizer"]["lowercase"] = false;
        QCOMPARE(WordPiece::fromTokenizerJson(j.dump(), "t")->encode("The"), std::vector<int>{1});

        auto expectError = [](const std::string& json, const char* needle) {
            try {
                WordPiece::fromTokenizerJson(json, "bad.json");
                QFAIL("accepted");
            } catch (const wb::Error& e) {
                QVERIFY2(std::string(e.what()).starts_with("bad.json: "), e.what());
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
            }
        };
        expectError("{\"model\": ", "bad.json: ");
        nlohmann::json bad = j;
        bad["model"]["type"] = "BPE";
        expectError(bad.dump(), "model.type");
        bad = j;
        bad["model"]["unk_token"] = "<unk>";
        expectError(bad.dump(), "\"<unk>\" is not in the vocabulary");
        bad = j;
        bad["model"]["vocab"]["extra"] = 100;
        expectError(bad.dump(), "no token has id 42");
    }

    void vocabErrors()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("vocab.txt").toStdString();
        writeFile(path, "[UNK]\na\n\nb\n");
        try {
            WordPiece::loadVocabTxt(path);
            QFAIL("accepted an empty line");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find(path + ":3: empty token") != std::string::npos, e.what());
        }
        writeFile(path, "[UNK]\na\na\n");
        QVERIFY_THROWS_EXCEPTION(wb::Error, WordPiece::loadVocabTxt(path));
        writeFile(path, "a\nb\n");
        QVERIFY_THROWS_EXCEPTION(wb::Error, WordPiece::loadVocabTxt(path));   // no [UNK]
        QVERIFY_THROWS_EXCEPTION(wb::Error, WordPiece::loadVocabTxt(dir.filePath("none.txt").toStdString()));
    }
};

QTEST_GUILESS_MAIN(tst_wordpiece)
#include "tst_wordpiece.moc"
