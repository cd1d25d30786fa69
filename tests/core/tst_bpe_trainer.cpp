// Byte-level BPE training: vocabulary size, determinism, frequent words as
// single tokens, and the saved tokenizer.json loading into HfTokenizer with
// lossless round trips, including characters never seen in training.
#include "core/data/record.h"
#include "core/text/bpe_trainer.h"
#include "core/text/hf_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using wb::BpeModel;
using wb::BpeTrainer;
using wb::BpeTrainerOptions;
using wb::HfTokenizer;

namespace {

std::string sampleDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return (env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString()) + "/../../datasets/sample/";
}

// Every string value of the bilingual sample datasets.
std::vector<std::string> sampleCorpus()
{
    std::vector<std::string> texts;
    for (const char* f : {"alpaca_en.json", "alpaca_zh.json", "geoscience_arc.json"}) {
        std::ifstream in(sampleDir() + f, std::ios::binary);
        if (!in) continue;
        const auto rows = nlohmann::json::parse(in);
        for (const auto& row : rows)
            for (const auto& [k, v] : row.items())
                if (v.is_string()) texts.push_back(v.get<std::string>());
    }
    return texts;
}

BpeModel trainOn(const std::vector<std::string>& texts, int vocabSize)
{
    BpeTrainerOptions o;
    o.vocabSize = vocabSize;
    BpeTrainer t(o);
    for (const auto& s : texts) t.addText(s);
    return t.train();
}

} // namespace

class tst_bpe_trainer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    std::vector<std::string> corpus;
    std::unique_ptr<HfTokenizer> tok;
    BpeModel model;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        corpus = sampleCorpus();
        QVERIFY2(corpus.size() > 100, "datasets/sample not found");
        model = trainOn(corpus, 2000);
        const std::string path = dir.filePath("tokenizer.json").toStdString();
        wb::saveTokenizerJson(model, path);
        tok = HfTokenizer::load(path);
    }

    void vocabSizeRespected()
    {
        QCOMPARE(int(model.tokens.size()), 2000);
        QCOMPARE(tok->vocabSize(), 2000);
        QCOMPARE(model.specialIds, std::vector<int>{1999});
        QCOMPARE(tok->tokenId("<|endoftext|>").value_or(-1), 1999);
        QVERIFY(tok->isSpecial(1999));
        QVERIFY(model.merges.size() >= 2000u - 257u);   // merges reaching an existing token add none
        // Tiny corpus: training stops when no pair repeats, below the target.
        const BpeModel small = trainOn({"abab abab xyz"}, 1000);
        QVERIFY(small.tokens.size() < 1000);
        QCOMPARE(small.tokens.size(), 256 + small.merges.size() + 1);
    }

    void determinism()
    {
        const std::string a = wb::toTokenizerJson(model);
        std::vector<std::string> reversed(corpus.rbegin(), corpus.rend());
        QCOMPARE(wb::toTokenizerJson(trainOn(reversed, 2000)), a);
        QCOMPARE(wb::toTokenizerJson(trainOn(corpus, 2000)), a);
    }

    void frequentWordsAreSingleTokens_data()
    {
        QTest::addColumn<QByteArray>("word");
        QTest::newRow("the") << QByteArray(" the");
        QTest::newRow("and") << QByteArray(" and");
        QTest::newRow("of") << QByteArray(" of");
        QTest::newRow("chinese 的") << QByteArray("的");
    }

    void frequentWordsAreSingleTokens()
    {
        QFETCH(QByteArray, word);
        const std::vector<int> ids = tok->encode(word.toStdString());
        QCOMPARE(ids.size(), size_t(1));
        QCOMPARE(tok->decode(ids), word.toStdString());
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("english") << QByteArray("Sedimentary rocks form from the deposition of material.");
        QTest::newRow("chinese") << QByteArray("地质学是研究地球的科学。");
        QTest::newRow("unseen scripts") << QByteArray("Ελληνικά Русский 한국어 🦙🚀 ✅");
        QTest::newRow("invalid utf-8") << QByteArray("a\x80\xff\xe4\xb8 z");
        QTest::newRow("special as text") << QByteArray("one<|endoftext|>two");
        QByteArray all;
        for (int b = 0; b < 256; ++b) all.append(char(b));
        QTest::newRow("all bytes") << all;
    }

    void roundTrip()
    {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const std::vector<int> ids = tok->encode(s);
        QCOMPARE(tok->decode(ids), s);
        for (int id : ids) QVERIFY(id >= 0 && id < 1999);   // the special only when allowed
        // Compresses what it was trained on.
        if (QTest::currentDataTag() == QByteArray("english")) QVERIFY(ids.size() < s.size() / 2);
    }

    void specialTokenNotLearned()
    {
        const std::vector<int> ids = tok->encode("one<|endoftext|>two", true);
        QCOMPARE(std::count(ids.begin(), ids.end(), 1999), 1);
        // Text around specials is counted, but never across them.
        BpeTrainerOptions o;
        o.vocabSize = 300;
        BpeTrainer t(o);
        t.addText("<|endoftext|><|endoftext|><|endoftext|>x");
        const BpeModel m = t.train();
        for (size_t id = 256; id + 1 < m.tokens.size(); ++id)
            QVERIFY(m.tokens[id].find('|') == std::string::npos);
    }

    void fileInput()
    {
        const std::string path = dir.filePath("corpus.txt").toStdString();
        {
            std::ofstream f(path, std::ios::binary);
            for (size_t i = 0; i < corpus.size(); ++i) f << corpus[i] << (i + 1 < corpus.size() ? "\n" : "");
        }
        BpeTrainerOptions o;
        o.vocabSize = 600;
        BpeTrainer fromFile(o);
        fromFile.addFile(path);
        std::string joined;
        for (size_t i = 0; i < corpus.size(); ++i) joined += corpus[i] + (i + 1 < corpus.size() ? "\n" : "");
        BpeTrainer fromText(o);
        fromText.addText(joined);
        QCOMPARE(wb::toTokenizerJson(fromFile.train()), wb::toTokenizerJson(fromText.train()));
        QVERIFY_THROWS_EXCEPTION(wb::Error, fromFile.addFile(dir.filePath("missing.txt").toStdString()));
    }

    void errors()
    {
        BpeTrainerOptions o;
        o.vocabSize = 256;
        QVERIFY_THROWS_EXCEPTION(wb::Error, BpeTrainer{o});
        try {
            wb::saveTokenizerJson(model, dir.filePath("no/such/dir/t.json").toStdString());
            QFAIL("saved into a missing folder");
        } catch (const wb::Error& e) {
            QVERIFY(std::string(e.what()).find("no/such/dir/t.json") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(tst_bpe_trainer)
#include "tst_bpe_trainer.moc"
