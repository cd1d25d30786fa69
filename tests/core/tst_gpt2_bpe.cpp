// GPT-2 BPE against llama.cpp's reference vectors, a literal port of OpenAI's
// encoder.py bpe() on random text (short and long pieces), round trips over
// arbitrary bytes, special tokens, pre-tokenizer classes, the merge orders of
// ByteLevelBpe and malformed vocabulary files.
#include "core/data/record.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/token_counter.h"
#include "core/util/paths.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <QRandomGenerator>

#include <climits>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using wb::Gpt2Bpe;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void writeFile(const QString& path, const std::string& data)
{
    std::ofstream f(path.toStdString(), std::ios::binary);
    f << data;
}

std::string testDataDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString();
}

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

std::string sharedDir()
{
    const QByteArray env = qgetenv("WB_SHARED_DATASETS");
    return env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/../shared/datasets" : env.toStdString();
}

void collectStrings(const nlohmann::json& j, std::vector<std::string>& out)
{
    if (j.is_string()) {
        out.push_back(j.get<std::string>());
    } else if (j.is_structured()) {
        for (const auto& v : j) collectStrings(v, out);
    }
}

QString toHex(const std::string& s)
{
    return QString::fromLatin1(QByteArray::fromStdString(s).toHex(' '));
}

std::string idsToString(const std::vector<int>& ids)
{
    std::string out;
    for (int id : ids) out += " " + std::to_string(id);
    return out;
}

} // namespace

class tst_gpt2_bpe : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Gpt2Bpe> bpe;
    std::string encoderPath;
    std::string vocabPath;

    void expectLoadError(const std::string& encoder, const std::string& vocab, const QString& mustContain)
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString e = dir.filePath("encoder.json");
        const QString v = dir.filePath("vocab.bpe");
        writeFile(e, encoder);
        writeFile(v, vocab);
        try {
            Gpt2Bpe::load(e.toStdString(), v.toStdString());
            QFAIL("load() accepted a malformed vocabulary");
        } catch (const wb::Error& err) {
            const QString msg = QString::fromStdString(err.what());
            QVERIFY2(msg.contains(mustContain), qPrintable(msg));
        }
    }

    // A tiny valid encoder: the 256 byte tokens plus "ab" and "<|endoftext|>".
    static nlohmann::json tinyEncoder()
    {
        const std::string full = readAll(wb::resourcePath("tokenizers/gpt2/encoder.json"));
        const auto all = nlohmann::json::parse(full);
        nlohmann::json tiny = nlohmann::json::object();
        for (const auto& [k, v] : all.items())
            if (v.get<int>() < 256) tiny[k] = v;
        tiny["ab"] = 256;
        tiny["<|endoftext|>"] = 257;
        return tiny;
    }

private Q_SLOTS:
    void initTestCase()
    {
        encoderPath = wb::resourcePath("tokenizers/gpt2/encoder.json");
        vocabPath = wb::resourcePath("tokenizers/gpt2/vocab.bpe");
        bpe = Gpt2Bpe::load(encoderPath, vocabPath);
        QCOMPARE(bpe->vocabSize(), 50257);
        QCOMPARE(bpe->endOfTextId(), 50256);
        QCOMPARE(bpe->name(), std::string("gpt2"));
    }

    void llamaCppVectors()
    {
        const std::string dir = testDataDir() + "/gpt2-tokenizer/";
        const std::string inp = readAll(dir + "ggml-vocab-gpt-2.gguf.inp");
        const std::string out = readAll(dir + "ggml-vocab-gpt-2.gguf.out");
        QVERIFY(!inp.empty());
        QVERIFY(!out.empty());

        // As llama.cpp's test-tokenizer-0 reads them: inputs are separated by
        // "\n__ggml_vocab_test__\n" (also closing the last one); ids one line each.
        const std::string sep = "\n__ggml_vocab_test__\n";
        std::vector<std::string> inputs;
        size_t pos = 0;
        for (size_t hit; (hit = inp.find(sep, pos)) != std::string::npos; pos = hit + sep.size())
            inputs.push_back(inp.substr(pos, hit - pos));
        QCOMPARE(pos, inp.size());

        std::vector<std::vector<int>> expected;
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);) {
            std::istringstream ids(line);
            std::vector<int> row;
            for (int id; ids >> id;) row.push_back(id);
            expected.push_back(row);
        }
        QCOMPARE(inputs.size(), expected.size());
        QVERIFY(inputs.size() >= 46);

        for (size_t i = 0; i < inputs.size(); ++i) {
            const std::vector<int> got = bpe->encode(inputs[i]);
            QVERIFY2(got == expected[i], qPrintable(QStringLiteral("vector %1 (%2): got%3, want%4")
                                                        .arg(i)
                                                        .arg(toHex(inputs[i]))
                                                        .arg(QString::fromStdString(idsToString(got)))
                                                        .arg(QString::fromStdString(idsToString(expected[i])))));
            QCOMPARE(bpe->decode(got), inputs[i]);
            QCOMPARE(bpe->countTokens(inputs[i]), expected[i].size());
        }
        qDebug("%zu llama.cpp GPT-2 vectors match", inputs.size());
    }

    void referenceIds_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QList<int>>("ids");
        QTest::newRow("hello world") << QByteArray("Hello world") << QList<int>{15496, 995};
        QTest::newRow("space hello") << QByteArray(" Hello world") << QList<int>{18435, 995};
        QTest::newRow("empty") << QByteArray("") << QList<int>{};
        QTest::newRow("newline") << QByteArray("\n") << QList<int>{198};
        QTest::newRow("two newlines") << QByteArray("\n\n") << QList<int>{628};
        QTest::newRow("invalid byte ff") << QByteArray("\xff") << QList<int>{187};
    }

    void referenceIds()
    {
        QFETCH(QByteArray, text);
        QFETCH(QList<int>, ids);
        const std::vector<int> got = bpe->encode(text.toStdString());
        QCOMPARE(QList<int>(got.begin(), got.end()), ids);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("chinese") << QByteArray("大型语言模型的数据集整理，包括去重和质量过滤。");
        QTest::newRow("emoji") << QByteArray("Tokens 🦙🚀 and family 👨‍👩‍👧 emoji ✅");
        QTest::newRow("mixed scripts") << QByteArray("Ελληνικά Русский العربية עברית हिन्दी ひらがな カタカナ 한국어 123 ٣٤٥");
        QTest::newRow("lone continuation") << QByteArray("a\x80" "b");
        QTest::newRow("truncated sequence") << QByteArray("\xe4\xb8");
        QTest::newRow("overlong") << QByteArray("x\xc0\xaf y");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80 z");
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80");
        QTest::newRow("nul and controls") << QByteArray("a\0b\x01\x1f\x7f", 6);
        QTest::newRow("long run") << QByteArray(5000, '=');
        QTest::newRow("whitespace mix") << QByteArray(" \t\n  \r\n\xe3\x80\x80 x  \xc2\xa0y   ");
        QTest::newRow("contractions") << QByteArray("I'll they're we've it's 'RE 'Ll '' ' s");
        QByteArray all;
        for (int b = 0; b < 256; ++b) all.append(char(b));
        QTest::newRow("all bytes") << all;
        std::reverse(all.begin(), all.end());
        QTest::newRow("all bytes reversed") << all;
    }

    void roundTrip()
    {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const std::vector<int> ids = bpe->encode(s);
        QCOMPARE(bpe->decode(ids), s);
        QCOMPARE(bpe->countTokens(s), ids.size());
        for (int id : ids) QVERIFY(id >= 0 && id < 50256);
        // Pre-tokenizer pieces tile the input exactly.
        std::string joined;
        for (std::string_view p : Gpt2Bpe::preTokenize(s)) {
            QVERIFY(!p.empty());
            joined += p;
        }
        QCOMPARE(joined, s);
    }

    void invalidBytesAreByteTokens()
    {
        const std::vector<int> ids = bpe->encode("\xff\xfe\x80");
        QCOMPARE(ids.size(), size_t(3));   // no merges exist between these bytes
        QCOMPARE(bpe->decode({ids[0]}), std::string("\xff"));
        QCOMPARE(bpe->decode({ids[1]}), std::string("\xfe"));
        QCOMPARE(bpe->decode({ids[2]}), std::string("\x80"));
    }

    void preTokenizer_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("pieces");
        QTest::newRow("words") << QByteArray("Hello, world!") << QStringList{"Hello", ",", " world", "!"};
        QTest::newRow("contraction") << QByteArray("I'll go") << QStringList{"I", "'ll", " go"};
        QTest::newRow("upper contraction") << QByteArray("'RE") << QStringList{"'", "RE"};
        QTest::newRow("spaces before word") << QByteArray("a   b") << QStringList{"a", "  ", " b"};
        QTest::newRow("trailing spaces") << QByteArray("a   ") << QStringList{"a", "   "};
        QTest::newRow("newline before word") << QByteArray("a\nb") << QStringList{"a", "\n", "b"};
        QTest::newRow("newlines then word") << QByteArray("\n\n\nb") << QStringList{"\n\n", "\n", "b"};
        QTest::newRow("digits split from letters") << QByteArray("abc123 456") << QStringList{"abc", "123", " 456"};
        QTest::newRow("space punct") << QByteArray("x ?!.") << QStringList{"x", " ?!."};
        QTest::newRow("greek") << QByteArray("λόγος 42") << QStringList{"λόγος", " 42"};
        QTest::newRow("cyrillic") << QByteArray("Привет мир") << QStringList{"Привет", " мир"};
        QTest::newRow("arabic") << QByteArray("مرحبا ٣٤") << QStringList{"مرحبا", " ٣٤"};
        QTest::newRow("hebrew") << QByteArray("שלום!") << QStringList{"שלום", "!"};
        QTest::newRow("devanagari letters") << QByteArray("नमक १२") << QStringList{"नमक", " १२"};
        QTest::newRow("cjk") << QByteArray("中文，日本語") << QStringList{"中文", "，", "日本語"};
        QTest::newRow("kana") << QByteArray("ひらがなカタカナ") << QStringList{"ひらがなカタカナ"};
        QTest::newRow("hangul") << QByteArray("한국어 ２０２４") << QStringList{"한국어", " ２０２４"};
        QTest::newRow("ideographic space") << QByteArray("a\xe3\x80\x80" "b") << QStringList{"a", "\xe3\x80\x80", "b"};
        QTest::newRow("invalid bytes are other") << QByteArray("a\xff\xfe b") << QStringList{"a", "\xff\xfe", " b"};
    }

    void preTokenizer()
    {
        QFETCH(QByteArray, text);
        QFETCH(QStringList, pieces);
        const std::string s = text.toStdString();
        QStringList got;
        for (std::string_view p : Gpt2Bpe::preTokenize(s))
            got << QString::fromUtf8(p.data(), qsizetype(p.size()));
        QCOMPARE(got, pieces);
    }

    void specialToken()
    {
        const std::string text = "one<|endoftext|>two";
        const std::vector<int> plain = bpe->encode(text);
        QVERIFY(std::find(plain.begin(), plain.end(), 50256) == plain.end());
        QCOMPARE(bpe->decode(plain), text);
        QCOMPARE(bpe->countTokens(text), plain.size());

        const std::vector<int> special = bpe->encode(text, true);
        QCOMPARE(std::count(special.begin(), special.end(), 50256), 1);
        QCOMPARE(bpe->decode(special), text);
        const std::vector<int> one = bpe->encode("one");
        const std::vector<int> two = bpe->encode("two");
        std::vector<int> want = one;
        want.push_back(50256);
        want.insert(want.end(), two.begin(), two.end());
        QCOMPARE(special, want);

        QCOMPARE(bpe->encode("<|endoftext|><|endoftext|>", true), (std::vector<int>{50256, 50256}));
        QCOMPARE(bpe->decode({50256}), std::string("<|endoftext|>"));
    }

    void decodeRejectsUnknownId()
    {
        QVERIFY_THROWS_EXCEPTION(wb::Error, bpe->decode({15496, 50257}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, bpe->decode({-1}));
    }

    // OpenAI's encoder.py bpe(), written out naively on byte strings: the
    // fast merge loops (linear scan for short pieces, heap for long ones)
    // must give the same ids for every piece.
    void naiveReference()
    {
        const auto encoder = nlohmann::json::parse(readAll(encoderPath));
        std::map<std::string, int> idOf;   // token in the byte-to-unicode alphabet -> id
        for (const auto& [k, v] : encoder.items()) idOf[k] = v.get<int>();
        std::map<std::pair<std::string, std::string>, int> rankOf;
        std::istringstream lines(readAll(vocabPath));
        int rank = 0;
        for (std::string line; std::getline(lines, line);) {
            if (line.empty() || line.starts_with("#version")) continue;
            const size_t sp = line.find(' ');
            rankOf[{line.substr(0, sp), line.substr(sp + 1)}] = rank++;
        }
        // bytes_to_unicode() as UTF-8 strings.
        std::string byteSym[256];
        int nextCp = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            const int cp = printable ? b : nextCp++;
            byteSym[b] = cp < 0x80 ? std::string(1, char(cp))
                                   : std::string{char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
        }
        auto naive = [&](std::string_view piece) {
            std::vector<std::string> word;
            for (unsigned char b : piece) word.push_back(byteSym[b]);
            for (;;) {
                int best = INT_MAX;
                std::pair<std::string, std::string> bigram;
                for (size_t i = 0; i + 1 < word.size(); ++i) {
                    const auto it = rankOf.find({word[i], word[i + 1]});
                    if (it != rankOf.end() && it->second < best) {
                        best = it->second;
                        bigram = it->first;
                    }
                }
                if (best == INT_MAX) break;
                std::vector<std::string> merged;
                for (size_t i = 0; i < word.size();) {
                    if (i + 1 < word.size() && word[i] == bigram.first && word[i + 1] == bigram.second) {
                        merged.push_back(word[i] + word[i + 1]);
                        i += 2;
                    } else {
                        merged.push_back(word[i++]);
                    }
                }
                word = std::move(merged);
            }
            std::vector<int> ids;
            for (const auto& t : word) ids.push_back(idOf.at(t));
            return ids;
        };
        const char* parts[] = {"大型", "语言", "模型", "的", "数据", "地质学", "the", "ing", "token", "aa", "ab", "=",
                               "🦙", "é", "\xe4", "\xff", "0", "12"};
        QRandomGenerator rng(42);
        const auto fresh = Gpt2Bpe::load(encoderPath, vocabPath);   // empty cache: every piece is merged
        size_t longPieces = 0;
        for (int round = 0; round < 400; ++round) {
            // One piece per round (no spaces or class changes), 1 to ~150 bytes.
            std::string piece;
            const int kind = int(rng.bounded(3));
            const int count = int(rng.bounded(1, 50));
            for (int i = 0; i < count; ++i) {
                if (kind == 0) piece += parts[rng.bounded(5)];                  // CJK letters
                else if (kind == 1) piece += parts[6 + rng.bounded(4)];         // Latin letters
                else piece += i % 2 ? "=" : "-";                               // symbols
            }
            if (piece.size() > 64) ++longPieces;
            QCOMPARE(Gpt2Bpe::preTokenize(piece).size(), size_t(1));
            QCOMPARE(fresh->encode(piece), naive(piece));
        }
        QVERIFY(longPieces > 50);
        // Whole texts mixing everything, through the pre-tokenizer.
        for (int round = 0; round < 100; ++round) {
            std::string text;
            for (int i = int(rng.bounded(1, 40)); i > 0; --i) {
                text += parts[rng.bounded(int(std::size(parts)))];
                if (rng.bounded(4) == 0) text += " ";
            }
            std::vector<int> want;
            for (std::string_view p : Gpt2Bpe::preTokenize(text))
                for (int id : naive(p)) want.push_back(id);
            QCOMPARE(fresh->encode(text), want);
        }
    }

    // The two merge orders differ when a merged token takes part in a
    // lower-ranked merge than its own: "ab" (rank 1) then "ab"+"a" (rank 0).
    void mergeOrders_data()
    {
        QTest::addColumn<int>("repeats");
        QTest::newRow("short piece (linear scan)") << 2;
        QTest::newRow("long piece (heap)") << 40;
    }

    void mergeOrders()
    {
        QFETCH(int, repeats);
        std::string text;
        for (int i = 0; i < repeats; ++i) text += "ab";
        for (const auto order : {wb::ByteLevelBpe::Order::OpenAi, wb::ByteLevelBpe::Order::Hf}) {
            wb::ByteLevelBpe bpe(order, 4);
            for (int b = 0; b < 256; ++b) bpe.setByteId(static_cast<unsigned char>(b), b);
            QVERIFY(bpe.addMerge('a', 'b', 1, 256));   // "ab"
            QVERIFY(bpe.addMerge(256, 'a', 0, 257));   // "aba"
            QVERIFY(!bpe.addMerge('a', 'b', 2, 258));  // the pair is taken
            std::vector<int> want;
            for (int i = 0; i < repeats; ++i) {
                if (order == wb::ByteLevelBpe::Order::OpenAi) {
                    want.push_back(256);   // every "ab" in the first round: "ab ab ..."
                } else if (i % 2 == 0) {
                    want.push_back(257);   // leftmost first: "aba" "b" "aba" "b" ...
                } else {
                    want.push_back('b');
                }
            }
            std::vector<int> got;
            bpe.encodePiece(text, got);
            QCOMPARE(got, want);
            got.clear();
            bpe.encodePiece(text, got);   // from the cache
            QCOMPARE(got, want);
        }
    }

    void defaultCounter()
    {
        const auto counter = wb::defaultTokenCounter();
        QVERIFY(counter);
        QCOMPARE(counter->countTokens("Hello world"), size_t(2));
        QCOMPARE(counter->name(), std::string("gpt2"));
        QCOMPARE(wb::defaultTokenCounter().get(), counter.get());   // shared while held
    }

    void concurrentEncode()
    {
        const std::vector<std::string> texts = {"The quick brown fox jumps over the lazy dog.",
                                                "数据集 整理 🦙 and more words words words",
                                                "def f(x):\n    return x ** 2  # square\n"};
        std::vector<std::vector<int>> want;
        for (const auto& t : texts) want.push_back(bpe->encode(t));
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    const size_t k = size_t(i + t) % texts.size();
                    // Words unique per thread and iteration force cache inserts.
                    const std::string extra = " w" + std::to_string(t * 100000 + i);
                    if (bpe->encode(texts[k]) != want[k]) ++mismatches;
                    if (bpe->decode(bpe->encode(texts[k] + extra)) != texts[k] + extra) ++mismatches;
                }
            });
        }
        for (auto& th : threads) th.join();
        QCOMPARE(mismatches.load(), 0);
    }

    void malformedFiles()
    {
        const std::string tiny = tinyEncoder().dump();
        const std::string goodVocab = "#version: 0.2\na b\n";
        {
            // The tiny vocabulary itself loads and merges "ab".
            QTemporaryDir dir;
            writeFile(dir.filePath("encoder.json"), tiny);
            writeFile(dir.filePath("vocab.bpe"), goodVocab);
            const auto small = Gpt2Bpe::load(dir.filePath("encoder.json").toStdString(),
                                             dir.filePath("vocab.bpe").toStdString());
            QCOMPARE(small->encode("ab"), std::vector<int>{256});
            QCOMPARE(small->encode("abc").size(), size_t(2));
        }
        expectLoadError("{\"a\": 1,\n \"b\": }", goodVocab, "encoder.json: ");
        expectLoadError("{\"a\": 1,\n \"b\": }", goodVocab, "line 2");
        expectLoadError("[1, 2]", goodVocab, "expected a JSON object");
        expectLoadError("{\"a\": \"x\"}", goodVocab, "token \"a\": id is not an integer");
        expectLoadError("{\"a\": 5}", goodVocab, "outside");
        expectLoadError("{\"a\": 0}", goodVocab, "no token for byte");
        expectLoadError(tiny, "#version: 0.2\na b\nab\n", "vocab.bpe:3: expected two tokens");
        expectLoadError(tiny, "#version: 0.2\na  b\n", "vocab.bpe:2: expected two tokens");
        expectLoadError(tiny, "#version: 0.2\nb c\n", "vocab.bpe:2: merge \"b c\" uses a token missing");
        expectLoadError(tiny, "#version: 0.2\na b\na b\n", "vocab.bpe:3: duplicate merge");
        expectLoadError(tiny, "#version: 0.2\n\na b\n", "vocab.bpe:2: blank line");
        expectLoadError(tiny, "#version: 0.2\n", "no merges");

        QTemporaryDir dir;
        const std::string missing = dir.filePath("nope.json").toStdString();
        try {
            Gpt2Bpe::load(missing, vocabPath);
            QFAIL("missing file accepted");
        } catch (const wb::Error& e) {
            QVERIFY(std::string(e.what()).find(missing) != std::string::npos);
        }
    }

    // Totals over every string value of shared datasets, computed with an
    // independent Python port of OpenAI's encoder.py (stdlib `re` with \p{L}
    // and \p{N} spelled out from unicodedata).
    void sharedDatasetTotals_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<qulonglong>("strings");
        QTest::addColumn<qulonglong>("tokens");
        QTest::newRow("alpaca (English)") << "stanford-alpaca/alpaca_5000.json" << 15000ull << 380630ull;
        QTest::newRow("cmrc2018 trial (Chinese)") << "cmrc2018/cmrc2018_trial.json" << 4031ull << 368628ull;
        QTest::newRow("k2 arc_sft (geoscience)") << "k2-geoscience/arc_sft.json" << 23361ull << 532391ull;
    }

    void sharedDatasetTotals()
    {
        QFETCH(QString, file);
        QFETCH(qulonglong, strings);
        QFETCH(qulonglong, tokens);
        const std::string path = sharedDir() + "/" + file.toStdString();
        if (!QFileInfo::exists(QString::fromStdString(path))) QSKIP("shared dataset not available");
        std::vector<std::string> texts;
        collectStrings(nlohmann::json::parse(readAll(path)), texts);
        QCOMPARE(qulonglong(texts.size()), strings);
        qulonglong total = 0;
        for (const std::string& t : texts) total += bpe->countTokens(t);
        QCOMPARE(total, tokens);
    }

    void alpacaSpeedAndRoundTrip()
    {
        const std::string path = sharedDir() + "/stanford-alpaca/alpaca_5000.json";
        if (!QFileInfo::exists(QString::fromStdString(path))) QSKIP("shared alpaca dataset not available");
        const auto rows = nlohmann::json::parse(readAll(path));
        std::string text;
        for (const auto& row : rows)
            for (const char* key : {"instruction", "input", "output"})
                text += row.value(key, std::string()) + "\n";

        // Fresh instance so the first run includes filling the word cache.
        // Thread CPU time is reported besides wall time: the build machines
        // are often shared, which makes wall time meaningless.
        const auto fresh = Gpt2Bpe::load(encoderPath, vocabPath);
        QElapsedTimer timer;
        timer.start();
        double cpu0 = threadCpuSeconds();
        const std::vector<int> ids = fresh->encode(text);
        const double coldWall = double(timer.nsecsElapsed()) / 1e9;
        const double coldCpu = threadCpuSeconds() - cpu0;
        timer.restart();
        cpu0 = threadCpuSeconds();
        const size_t count = fresh->countTokens(text);
        const double warmWall = double(timer.nsecsElapsed()) / 1e9;
        const double warmCpu = threadCpuSeconds() - cpu0;
        QCOMPARE(count, ids.size());
        QCOMPARE(fresh->decode(ids), text);
        const double mb = double(text.size()) / 1e6;
        qDebug("alpaca_5000: %.2f MB, %zu tokens; first encode %.1f MB/s (cpu %.1f), cached count %.1f MB/s (cpu %.1f)",
               mb, ids.size(), mb / coldWall, mb / coldCpu, mb / warmWall, mb / warmCpu);
    }
};

QTEST_GUILESS_MAIN(tst_gpt2_bpe)
#include "tst_gpt2_bpe.moc"
