// The common Tokenizer interface over every kind a model folder can hold, and
// TextStream: streamed pieces are always whole UTF-8 characters and add up to
// the full decode.
#include "core/data/record.h"
#include "core/text/sentencepiece_tokenizer.h"
#include "core/text/tokenizer.h"
#include "core/text/utf8.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace wb;

namespace {

std::string models() { return qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/models/"; }

bool validUtf8(const std::string& s)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    for (size_t i = 0; i < s.size();) {
        const size_t n = utf8::seqLen(p, i, s.size());
        if (n == 0) return false;
        i += n;
    }
    return true;
}

const char* kMixed = "Moho 莫霍面 depth ≈ 35 km 🌋🪨 done.";

// Streams ids one at a time; every piece must be valid UTF-8 and they must add
// up to decode(ids).
void checkStream(const Tokenizer& tok, const std::vector<int>& ids)
{
    TextStream stream(tok);
    std::string all;
    for (int id : ids) {
        const std::string piece = stream.push(id);
        QVERIFY2(validUtf8(piece), piece.c_str());
        all += piece;
    }
    all += stream.finish();
    QCOMPARE(QString::fromStdString(all), QString::fromStdString(tok.decode(ids)));
    QCOMPARE(stream.text(), all);
}

} // namespace

class tst_tokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsTokenizerJsonFromAModelFolder()
    {
        auto tok = loadTokenizer(models() + "tiny-chat");
        QCOMPARE(QString::fromStdString(tok->kind()), QString("hf-bpe"));
        QCOMPARE(tok->vocabSize(), 512);
        const std::vector<int> ids = tok->encode(kMixed);
        QCOMPARE(tok->decode(ids), std::string(kMixed));
        QCOMPARE(tok->countTokens(kMixed), ids.size());
        const auto end = tok->tokenId("<|im_end|>");
        QVERIFY(end && tok->isSpecial(*end));
        QCOMPARE(tok->encode("a<|im_end|>", true).back(), *end);
        QVERIFY(tok->encode("a<|im_end|>", false).back() != *end);
        QVERIFY(!tok->tokenId("no such token"));
        checkStream(*tok, ids);
    }

    void loadsGpt2EncoderFiles()
    {
        const std::string dir = std::string(WB_SOURCE_DIR) + "/resources/tokenizers/gpt2";
        auto tok = loadTokenizer(dir);
        QCOMPARE(QString::fromStdString(tok->kind()), QString("gpt2"));
        QCOMPARE(tok->vocabSize(), 50257);
        QCOMPARE(*tok->tokenId("<|endoftext|>"), 50256);
        QVERIFY(tok->isSpecial(50256));
        const std::vector<int> ids = tok->encode(kMixed);
        QCOMPARE(tok->decode(ids), std::string(kMixed));
        checkStream(*tok, ids);   // GPT-2 splits CJK and emoji across byte tokens
    }

    void loadsSentencePieceWithByteFallback()
    {
        QTemporaryDir dir;
        const std::string base = dir.path().toStdString();
        {
            std::ofstream corpus(base + "/corpus.txt");
            for (int i = 0; i < 50; ++i)
                corpus << "the crust and the mantle meet at the moho discontinuity " << i << "\n"
                       << "earthquakes release energy as seismic waves\n";
        }
        trainSentencePieceModel("--input=" + base + "/corpus.txt --model_prefix=" + base +
                                "/tokenizer --vocab_size=300 --model_type=bpe --byte_fallback=true"
                                " --character_coverage=1.0 --minloglevel=2");
        auto tok = loadTokenizer(base);
        QCOMPARE(QString::fromStdString(tok->kind()), QString("sentencepiece"));
        const std::vector<int> ids = tok->encode(kMixed);
        QCOMPARE(QString::fromStdString(tok->decode(ids)), QString(kMixed));
        checkStream(*tok, ids);   // CJK and emoji are byte pieces here
        const auto eos = tok->tokenId("</s>");
        QVERIFY(eos && tok->isSpecial(*eos));
        QCOMPARE(tok->encode("moho</s>", true).back(), *eos);
        QVERIFY(tok->encode("moho</s>", false).back() != *eos);
    }

    void missingTokenizerNamesTheFolder()
    {
        QTemporaryDir dir;
        try {
            loadTokenizer(dir.path().toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains(dir.path()));
        }
        QVERIFY_THROWS_EXCEPTION(Error, loadTokenizerFile(dir.filePath("weights.bin").toStdString()));
    }
};

QTEST_GUILESS_MAIN(tst_tokenizer)
#include "tst_tokenizer.moc"
