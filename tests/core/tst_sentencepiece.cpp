// SentencePiece through libsentencepiece: a tiny BPE model with byte fallback
// is trained at test time on a bilingual corpus, then round trips (English,
// Chinese, emoji through byte pieces), special ids, known pieces and errors.
#include "core/data/record.h"
#include "core/text/sentencepiece_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using wb::SentencePieceTokenizer;

namespace {

void writeFile(const std::string& path, const std::string& data)
{
    std::ofstream f(path, std::ios::binary);
    f << data;
}

std::string corpus()
{
    const char* lines[] = {
        "the quick brown fox jumps over the lazy dog",
        "the dog sleeps and the fox runs into the forest",
        "machine learning models read the text as tokens",
        "a tokenizer splits the text into pieces",
        "我们在北京学习机器学习",
        "今天天气很好，我们去公园散步",
        "机器学习模型把文本切分成词元",
        "北京是中国的首都",
    };
    std::string out;
    for (int rep = 0; rep < 20; ++rep)
        for (const char* l : lines) out += std::string(l) + "\n";
    return out;
}

} // namespace

class tst_sentencepiece : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    std::string modelPath;
    std::unique_ptr<SentencePieceTokenizer> sp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        const std::string base = dir.path().toStdString();
        writeFile(base + "/corpus.txt", corpus());
        wb::trainSentencePieceModel("--input=" + base + "/corpus.txt --model_prefix=" + base
                                    + "/tiny --vocab_size=400 --model_type=bpe"
                                      " --character_coverage=1.0 --byte_fallback=true"
                                      " --minloglevel=2");
        modelPath = base + "/tiny.model";
        sp = SentencePieceTokenizer::load(modelPath);
        QVERIFY(sp);
    }

    void specialIds()
    {
        QCOMPARE(sp->vocabSize(), 400);
        QCOMPARE(sp->unkId(), 0);
        QCOMPARE(sp->bosId(), 1);
        QCOMPARE(sp->eosId(), 2);
        QCOMPARE(sp->pieceText(0), std::string("<unk>"));
        QCOMPARE(sp->pieceText(1), std::string("<s>"));
        QCOMPARE(sp->pieceText(2), std::string("</s>"));
        // Byte fallback pieces follow the specials, in byte order.
        QCOMPARE(sp->pieceText(3), std::string("<0x00>"));
        QCOMPARE(sp->pieceText(3 + 0xF0), std::string("<0xF0>"));
        QCOMPARE(sp->pieceId("<0x41>"), 3 + 0x41);
        QCOMPARE(sp->pieceId("no-such-piece"), sp->unkId());
        QVERIFY(sp->name().find("tiny.model") != std::string::npos);
    }

    void knownPieces()
    {
        // "▁the" occurs 120 times in the corpus: BPE must have merged it.
        const int the = sp->pieceId("\xE2\x96\x81the");
        QVERIFY(the != sp->unkId());
        QCOMPARE(sp->encode("the"), std::vector<int>{the});
        const auto pieces = sp->pieces("the fox");
        QVERIFY(pieces.size() >= 2);
        QCOMPARE(pieces.front(), std::string("\xE2\x96\x81the"));
        QCOMPARE(pieces[1].rfind("\xE2\x96\x81", 0), size_t(0));   // word start marker
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("english") << QString("the quick brown fox jumps over the lazy dog");
        QTest::newRow("unseen english") << QString("Zebras quietly vexed 42 jumping wizards!");
        QTest::newRow("chinese") << QString("我们在北京学习机器学习");
        QTest::newRow("mixed") << QString("machine learning 机器学习 models");
        QTest::newRow("emoji") << QString::fromUtf8("fox \xF0\x9F\xA6\x8A and cat \xF0\x9F\x90\xB1");
        QTest::newRow("unseen cjk") << QString("龘靐齉");
    }

    void roundTrip()
    {
        QFETCH(QString, text);
        const std::string s = text.toStdString();
        const auto ids = sp->encode(s);
        QVERIFY(!ids.empty());
        for (int id : ids) QVERIFY(id != sp->unkId());   // byte fallback, never <unk>
        QCOMPARE(sp->decode(ids), s);
        QCOMPARE(sp->countTokens(s), ids.size());
    }

    void emojiUsesBytePieces()
    {
        const auto ids = sp->encode("\xF0\x9F\xA6\x8A");   // 🦊, not in the corpus
        const std::vector<int> bytes{3 + 0xF0, 3 + 0x9F, 3 + 0xA6, 3 + 0x8A};
        QVERIFY(ids.size() >= 4);
        QCOMPARE(std::vector<int>(ids.end() - 4, ids.end()), bytes);
    }

    void decodeBadId()
    {
        QVERIFY_THROWS_EXCEPTION(wb::Error, sp->decode({5, 400}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, sp->decode({-1}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, sp->pieceText(400));
    }

    void loadErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArray("this is not a protobuf model\n");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("\xff\xff\xff\xff\x0f\x01\x02", 7);
    }

    void loadErrors()
    {
        QFETCH(QByteArray, content);
        const std::string path = dir.path().toStdString() + "/bad.model";
        writeFile(path, content.toStdString());
        try {
            SentencePieceTokenizer::load(path);
            QFAIL("expected wb::Error");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }

    void missingFile()
    {
        const std::string path = dir.path().toStdString() + "/absent.model";
        try {
            SentencePieceTokenizer::load(path);
            QFAIL("expected wb::Error");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }

    void truncatedModel()
    {
        std::ifstream in(modelPath, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string path = dir.path().toStdString() + "/truncated.model";
        writeFile(path, bytes.substr(0, bytes.size() / 2));
        QVERIFY_THROWS_EXCEPTION(wb::Error, SentencePieceTokenizer::load(path));
    }
};

QTEST_GUILESS_MAIN(tst_sentencepiece)
#include "tst_sentencepiece.moc"
