// HfTokenizer against Gpt2Bpe and llama.cpp's GPT-2 vectors (tokenizer.json
// built from the shipped GPT-2 vocabulary), added/special tokens, a
// SentencePiece-style byte_fallback model, streaming decode and load errors.
// Llama 3 and Qwen2 shaped tokenizer.json files (tests/data/tokenizers/*_tiny,
// real normalizer/pre-tokenizer/decoder sections, a tiny trained vocabulary)
// against ids from an independent Python BPE (scripts/gen_tokenizer_fixtures.py).
#include "core/data/record.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/text/pretokenize.h"
#include "core/text/unicode_props.h"
#include "core/util/paths.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using nlohmann::json;
using wb::HfTokenizer;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void writeFile(const std::string& path, const std::string& data)
{
    std::ofstream f(path, std::ios::binary);
    f << data;
}

std::string testDataDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString();
}

// tokenizer.json for GPT-2 as HF writes it, from OpenAI's two files.
json gpt2TokenizerJson(bool pairMerges, bool splitPreTokenizer)
{
    json vocab = json::parse(readAll(wb::resourcePath("tokenizers/gpt2/encoder.json")));
    std::istringstream lines(readAll(wb::resourcePath("tokenizers/gpt2/vocab.bpe")));
    json merges = json::array();
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.starts_with("#version")) continue;
        if (pairMerges) {
            const size_t sp = line.find(' ');
            merges.push_back({line.substr(0, sp), line.substr(sp + 1)});
        } else {
            merges.push_back(line);
        }
    }
    json pre = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    if (splitPreTokenizer) {
        pre = {{"type", "Sequence"},
               {"pretokenizers",
                {{{"type", "Split"},
                  {"pattern", {{"Regex", R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)"}}},
                  {"behavior", "Isolated"},
                  {"invert", false}},
                 {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}}}};
    }
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens",
             {{{"id", 50256}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false},
               {"rstrip", false}, {"normalized", true}, {"special", true}}}},
            {"normalizer", nullptr},
            {"pre_tokenizer", pre},
            {"post_processor", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}}},
            {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}}},
            {"model",
             {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
              {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"vocab", vocab}, {"merges", merges}}}};
}

// A small SentencePiece-style BPE (Llama 2 layout) with byte fallback.
json spmTokenizerJson()
{
    json vocab = {{"<unk>", 0}, {"<s>", 1}, {"</s>", 2}};
    char hex[8];
    for (int b = 0; b < 256; ++b) {
        std::snprintf(hex, sizeof hex, "<0x%02X>", b);
        vocab[hex] = 3 + b;
    }
    int next = 259;
    for (const char* t : {"\xE2\x96\x81", "h", "e", "l", "o", "w", "r", "d", "\xE2\x96\x81h", "\xE2\x96\x81he",
                          "ll", "\xE2\x96\x81hell", "\xE2\x96\x81hello", "\xE2\x96\x81w", "or", "\xE2\x96\x81wor",
                          "\xE2\x96\x81world", "\xE4\xB8\xAD"})
        vocab[t] = next++;
    const json merges = json::array({"\xE2\x96\x81 h", "\xE2\x96\x81h e", "l l", "\xE2\x96\x81he ll",
                                     "\xE2\x96\x81hell o", "\xE2\x96\x81 w", "o r", "\xE2\x96\x81w or",
                                     "\xE2\x96\x81wor l"});
    // "▁worl" is not in the vocabulary: that last merge must fail to load,
    // so it is dropped below and only used by the error test.
    json m = merges;
    m.erase(m.size() - 1);
    return {{"added_tokens",
             {{{"id", 0}, {"content", "<unk>"}, {"special", true}},
              {{"id", 1}, {"content", "<s>"}, {"special", true}},
              {{"id", 2}, {"content", "</s>"}, {"special", true}}}},
            {"normalizer",
             {{"type", "Sequence"},
              {"normalizers",
               {{{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}},
                {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}}}}}},
            {"pre_tokenizer", nullptr},
            {"decoder",
             {{"type", "Sequence"},
              {"decoders",
               {{{"type", "Replace"}, {"pattern", {{"String", "\xE2\x96\x81"}}}, {"content", " "}},
                {{"type", "ByteFallback"}},
                {{"type", "Fuse"}},
                {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
            {"model",
             {{"type", "BPE"}, {"unk_token", "<unk>"}, {"fuse_unk", true}, {"byte_fallback", true},
              {"vocab", vocab}, {"merges", m}}}};
}

std::string streamDecode(const HfTokenizer& tok, const std::vector<int>& ids, bool& splitChar)
{
    wb::StreamingDecoder dec(tok);
    std::string out;
    splitChar = false;
    for (int id : ids) {
        const std::string piece = dec.push(id);
        // Every piece must be whole characters on its own.
        if (QString::fromUtf8(piece.data(), qsizetype(piece.size())).toUtf8().toStdString() != piece) splitChar = true;
        out += piece;
    }
    out += dec.finish();
    return out;
}

} // namespace

class tst_hf_tokenizer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir;
    std::unique_ptr<wb::Gpt2Bpe> reference;
    std::unique_ptr<HfTokenizer> gpt2;   // string merges + ByteLevel
    std::unique_ptr<HfTokenizer> gpt2Split;   // pair merges + Split + ByteLevel(use_regex=false)

    std::unique_ptr<HfTokenizer> loadJson(const json& j, const char* file)
    {
        const std::string path = dir.filePath(file).toStdString();
        writeFile(path, j.dump());
        return HfTokenizer::load(path);
    }

    void expectError(const std::string& text, const QString& mustContain)
    {
        const std::string path = dir.filePath("bad.json").toStdString();
        writeFile(path, text);
        try {
            HfTokenizer::load(path);
            QFAIL("load() accepted a bad tokenizer.json");
        } catch (const wb::Error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.startsWith(QString::fromStdString(path) + ": "), qPrintable(msg));
            QVERIFY2(msg.contains(mustContain), qPrintable(msg));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        reference = wb::Gpt2Bpe::load(wb::resourcePath("tokenizers/gpt2/encoder.json"),
                                      wb::resourcePath("tokenizers/gpt2/vocab.bpe"));
        gpt2 = loadJson(gpt2TokenizerJson(false, false), "gpt2.json");
        gpt2Split = loadJson(gpt2TokenizerJson(true, true), "gpt2-split.json");
        QCOMPARE(gpt2->vocabSize(), 50257);
        QVERIFY(gpt2->isByteLevel());
        QCOMPARE(gpt2->tokenId("\xC4\xA0the").value_or(-1), 262);   // "Ġthe"
        QCOMPARE(gpt2->tokenText(262), std::string("\xC4\xA0the"));
        QVERIFY(gpt2->isSpecial(50256));
        QVERIFY(!gpt2->isSpecial(262));
    }

    void llamaCppVectors_data()
    {
        QTest::addColumn<bool>("split");
        QTest::newRow("ByteLevel, string merges") << false;
        QTest::newRow("Split + ByteLevel, pair merges") << true;
    }

    void llamaCppVectors()
    {
        QFETCH(bool, split);
        const HfTokenizer& tok = split ? *gpt2Split : *gpt2;
        const std::string d = testDataDir() + "/gpt2-tokenizer/";
        const std::string inp = readAll(d + "ggml-vocab-gpt-2.gguf.inp");
        const std::string out = readAll(d + "ggml-vocab-gpt-2.gguf.out");
        const std::string sep = "\n__ggml_vocab_test__\n";
        std::vector<std::string> inputs;
        size_t pos = 0;
        for (size_t hit; (hit = inp.find(sep, pos)) != std::string::npos; pos = hit + sep.size())
            inputs.push_back(inp.substr(pos, hit - pos));
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
            const std::vector<int> got = tok.encode(inputs[i]);
            QVERIFY2(got == expected[i], qPrintable(QString("vector %1").arg(i)));
            QCOMPARE(got, reference->encode(inputs[i]));
            QCOMPARE(tok.decode(got), inputs[i]);
        }
    }

    void sameAsGpt2Bpe_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("chinese") << QByteArray("大型语言模型的数据集整理，包括去重和质量过滤。");
        QTest::newRow("emoji") << QByteArray("Tokens 🦙🚀 and family 👨‍👩‍👧 emoji ✅");
        QTest::newRow("code") << QByteArray("def f(x):\n    return x ** 2  # square\n\n\n");
        QTest::newRow("invalid bytes") << QByteArray("a\x80" "b\xff\xe4\xb8 z");
        QByteArray longCjk;   // one pre-tokenizer piece of 270 bytes: the heap merge path
        for (int i = 0; i < 10; ++i) longCjk += "大型语言模型的数据集整理";
        QTest::newRow("long cjk piece") << longCjk;
        QTest::newRow("long symbol run") << QByteArray(150, '=') + QByteArray(" ") + QByteArray(99, 'a');
        QByteArray all;
        for (int b = 0; b < 256; ++b) all.append(char(b));
        QTest::newRow("all bytes") << all;
    }

    void sameAsGpt2Bpe()
    {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const std::vector<int> ids = gpt2->encode(s);
        QCOMPARE(ids, reference->encode(s));
        QCOMPARE(gpt2Split->encode(s), ids);
        QCOMPARE(gpt2->decode(ids), s);
        QCOMPARE(gpt2->countTokens(s), ids.size());
    }

    void specialAndAddedTokens()
    {
        json j = gpt2TokenizerJson(false, false);
        j["added_tokens"].push_back({{"id", 50257}, {"content", "<|user|>"}, {"special", false}});
        j["added_tokens"].push_back({{"id", 50258}, {"content", "<|user|>:"}, {"special", false}});
        j["added_tokens"].push_back({{"id", 50259}, {"content", "<pad>"}, {"special", true}});
        const auto tok = loadJson(j, "added.json");
        QCOMPARE(tok->vocabSize(), 50260);

        const std::string text = "hi<|user|>there<|endoftext|><pad>";
        // Non-special added tokens always match; special ones only when allowed.
        std::vector<int> want = reference->encode("hi");
        want.push_back(50257);
        const std::vector<int> there = reference->encode("there<|endoftext|><pad>");
        want.insert(want.end(), there.begin(), there.end());
        QCOMPARE(tok->encode(text), want);
        QCOMPARE(tok->countTokens(text), want.size());

        want = reference->encode("hi");
        want.push_back(50257);
        const std::vector<int> there2 = reference->encode("there");
        want.insert(want.end(), there2.begin(), there2.end());
        want.push_back(50256);
        want.push_back(50259);
        QCOMPARE(tok->encode(text, true), want);
        QCOMPARE(tok->decode(want), text);

        // Longest added token at a position wins; adjacent tokens.
        QCOMPARE(tok->encode("<|user|>:<|user|><|user|>"), (std::vector<int>{50258, 50257, 50257}));
        QCOMPARE(tok->encode("<|endoftext|><|endoftext|>", true), (std::vector<int>{50256, 50256}));
        QCOMPARE(gpt2->encode("one<|endoftext|>two", true), reference->encode("one<|endoftext|>two", true));
    }

    void streamingDecode_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("chinese") << QByteArray("地质学是研究地球的科学，包括岩石、矿物和地层。");
        QTest::newRow("emoji") << QByteArray("🦙🚀👨‍👩‍👧✅ ok 🎉🎉");
        QTest::newRow("mixed") << QByteArray("Hello 世界! Ελληνικά 😀 日本語テキスト");
    }

    void streamingDecode()
    {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const std::vector<int> ids = gpt2->encode(s);
        QVERIFY(ids.size() > 5);
        // Byte-level BPE splits these characters across tokens...
        bool anySplit = false;
        for (int id : ids) {
            const std::string& b = gpt2->tokenBytes(id);
            if (wb::completeUtf8Prefix(b) != b.size()) anySplit = true;
        }
        QVERIFY(anySplit);
        // ...yet the stream never emits part of a character.
        bool splitChar = true;
        QCOMPARE(streamDecode(*gpt2, ids, splitChar), s);
        QVERIFY(!splitChar);
    }

    void streamingKeepsInvalidBytes()
    {
        const std::string s = "a\xe4\xb8" "b\xff";
        bool splitChar = false;
        QCOMPARE(streamDecode(*gpt2, gpt2->encode(s), splitChar), s);
        wb::StreamingDecoder dec(*gpt2);
        QCOMPARE(dec.push(gpt2->encode("\xe4")[0]), std::string());
        QCOMPARE(dec.finish(), std::string("\xe4"));
        QVERIFY_THROWS_EXCEPTION(wb::Error, dec.push(60000));
        QCOMPARE(wb::completeUtf8Prefix("ab\xf0\x9f\x98"), size_t(2));
        QCOMPARE(wb::completeUtf8Prefix("ab\xf0\x9f\x98\x80"), size_t(6));
    }

    void byteFallback()
    {
        const auto tok = loadJson(spmTokenizerJson(), "spm.json");
        QVERIFY(!tok->isByteLevel());
        // "▁hello", "▁wor" "l" "d" (no "▁worl" merge), "▁", then 中 (in the
        // vocabulary) and 文 as three <0xNN> bytes.
        const std::vector<int> ids = tok->encode("hello world 中文");
        const int hello = *tok->tokenId("\xE2\x96\x81hello");
        const int wor = *tok->tokenId("\xE2\x96\x81wor");
        const int l = *tok->tokenId("l");
        const int d = *tok->tokenId("d");
        const int space = *tok->tokenId("\xE2\x96\x81");
        const int zhong = *tok->tokenId("\xE4\xB8\xAD");
        QCOMPARE(ids, (std::vector<int>{hello, wor, l, d, space, zhong, 3 + 0xE6, 3 + 0x96, 3 + 0x87}));
        QCOMPARE(tok->decode(ids), std::string("hello world 中文"));
        QCOMPARE(tok->decode(tok->encode("  two spaces")), std::string("  two spaces"));
        // Specials: text unless allowed.
        QCOMPARE(tok->encode("<s>hello", true), (std::vector<int>{1, hello}));
        QVERIFY(tok->encode("<s>hello").size() > 2);
        bool splitChar = true;
        QCOMPARE(streamDecode(*tok, ids, splitChar), std::string("hello world 中文"));
        QVERIFY(!splitChar);
    }

    void unkWithoutFallback()
    {
        json j = spmTokenizerJson();
        j["model"]["byte_fallback"] = false;
        const auto tok = loadJson(j, "unk.json");
        // Two unknown characters fuse into one <unk>.
        const std::vector<int> ids = tok->encode("h文字");
        QCOMPARE(ids, (std::vector<int>{*tok->tokenId("\xE2\x96\x81h"), 0}));
    }

    void llama3AndQwen2_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("llama3") << "llama3";
        QTest::newRow("qwen2") << "qwen2";
    }

    // Ids of the fixture texts equal the Python reference's (which splits with
    // the real regex, NFC-normalizes for Qwen2 and merges HF style).
    void llama3AndQwen2()
    {
        QFETCH(QString, name);
        const std::string dataDir = testDataDir() + "/tokenizers/";
        const auto tok = HfTokenizer::load(dataDir + name.toStdString() + "_tiny.tokenizer.json");
        QVERIFY(tok->isByteLevel());
        const json expected = json::parse(readAll(dataDir + "tiny_expected_ids.json"));
        const auto texts = expected["texts"].get<std::vector<std::string>>();
        const auto ids = expected[name.toStdString()].get<std::vector<std::vector<int>>>();
        QCOMPARE(ids.size(), texts.size());
        const bool nfc = name == "qwen2";
        for (size_t i = 0; i < texts.size(); ++i) {
            const std::vector<int> got = tok->encode(texts[i]);
            QVERIFY2(got == ids[i], qPrintable(QString("text %1: \"%2\"").arg(i).arg(QString::fromStdString(texts[i]))));
            QCOMPARE(tok->decode(got), nfc ? wb::unicode::toNfc(texts[i]) : texts[i]);
            QCOMPARE(tok->countTokens(texts[i]), got.size());
        }
    }

    void llama3AndQwen2PreTokenizers()
    {
        const std::string dataDir = testDataDir() + "/tokenizers/";
        const auto llama3 = HfTokenizer::load(dataDir + "llama3_tiny.tokenizer.json");
        const auto qwen2 = HfTokenizer::load(dataDir + "qwen2_tiny.tokenizer.json");
        auto concat = [](const HfTokenizer& t, std::initializer_list<const char*> parts) {
            std::vector<int> out;
            for (const char* p : parts) {
                const std::vector<int> ids = t.encode(p);
                out.insert(out.end(), ids.begin(), ids.end());
            }
            return out;
        };
        // No token crosses a pre-tokenizer boundary: digits by three or one.
        QCOMPARE(llama3->encode("12345"), concat(*llama3, {"123", "45"}));
        QCOMPARE(qwen2->encode("12345"), concat(*qwen2, {"1", "2", "3", "4", "5"}));
        QCOMPARE(llama3->encode("THEY'RE"), concat(*llama3, {"THEY", "'RE"}));
        // Qwen2 normalizes to NFC first; Llama 3 has no normalizer.
        QCOMPARE(qwen2->encode("cafe\xCC\x81"), qwen2->encode("caf\xC3\xA9"));
        QVERIFY(llama3->encode("cafe\xCC\x81") != llama3->encode("caf\xC3\xA9"));
        QCOMPARE(llama3->decode(llama3->encode("cafe\xCC\x81")), std::string("cafe\xCC\x81"));
        // Special tokens, only when asked for.
        const int imStart = *qwen2->tokenId("<|im_start|>"), imEnd = *qwen2->tokenId("<|im_end|>");
        QVERIFY(qwen2->isSpecial(imStart));
        std::vector<int> want{imStart};
        const std::vector<int> body = qwen2->encode("user\nhi");
        want.insert(want.end(), body.begin(), body.end());
        want.push_back(imEnd);
        QCOMPARE(qwen2->encode("<|im_start|>user\nhi<|im_end|>", true), want);
        const std::vector<int> plain = qwen2->encode("<|im_start|>user\nhi<|im_end|>");
        QVERIFY(std::find(plain.begin(), plain.end(), imStart) == plain.end());
        const int eot = *llama3->tokenId("<|eot_id|>");
        QCOMPARE(llama3->encode("<|eot_id|>", true), std::vector<int>{eot});
        // Invalid UTF-8 survives both (NFC passes such bytes through).
        const std::string bad = "a\xff\xfe b\xe4\xb8";
        QCOMPARE(llama3->decode(llama3->encode(bad)), bad);
        QCOMPARE(qwen2->decode(qwen2->encode(bad)), bad);
    }

    // Digits(individual_digits) then ByteLevel(use_regex): StarCoder's shape.
    void digitsPreTokenizer()
    {
        json j = gpt2TokenizerJson(false, false);
        j["pre_tokenizer"] = {{"type", "Sequence"},
                              {"pretokenizers",
                               {{{"type", "Digits"}, {"individual_digits", true}},
                                {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}}}};
        const auto tok = loadJson(j, "digits.json");
        std::vector<int> want = reference->encode("in ");
        for (const char* d : {"2", "0", "2", "4", ","})
            for (int id : reference->encode(d)) want.push_back(id);
        for (int id : reference->encode(" ok")) want.push_back(id);
        QCOMPARE(tok->encode("in 2024, ok"), want);
        j["pre_tokenizer"]["pretokenizers"][0]["individual_digits"] = false;
        const auto grouped = loadJson(j, "digits-grouped.json");
        want = reference->encode("in ");
        for (int id : reference->encode("2024")) want.push_back(id);
        for (int id : reference->encode(", ok")) want.push_back(id);
        QCOMPARE(grouped->encode("in 2024, ok"), want);
    }

    void loadErrors()
    {
        expectError("{\"model\": {\"type\": \"BPE\",\n \"vocab\": }", "line 2");
        expectError("[]", "expected a JSON object");
        expectError("{}", "model: missing");
        json j = spmTokenizerJson();
        j["model"]["type"] = "Unigram";
        expectError(j.dump(), "model.type: unsupported model type \"Unigram\"");

        j = gpt2TokenizerJson(false, true);
        // The Llama 3 regex with one digit more per piece: close, but not known.
        std::string unknown(wb::pretok::regexOf(wb::pretok::Pattern::Cl100k));
        unknown.replace(unknown.find("{1,3}"), 5, "{1,4}");
        j["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = unknown;
        expectError(j.dump(), "pre_tokenizer.Split.pattern: unsupported pattern");
        expectError(j.dump(), QString::fromStdString(json(unknown).dump()));
        // As a String the same text would be matched literally by HF.
        j["pre_tokenizer"]["pretokenizers"][0]["pattern"] = {{"String", std::string(wb::pretok::regexOf(wb::pretok::Pattern::Gpt2))}};
        expectError(j.dump(), "pre_tokenizer.Split.pattern: unsupported pattern {\"String\"");
        j["pre_tokenizer"] = {{"type", "Digits"}, {"individual_digits", true}};
        expectError(j.dump(), "pre_tokenizer: Split or Digits without ByteLevel");

        j = gpt2TokenizerJson(false, false);
        j["model"]["merges"][5] = "Ġ nosuchtoken";
        expectError(j.dump(), "model.merges[5]: merge \"Ġ nosuchtoken\" uses a token missing");
        j["model"]["merges"][5] = "Ġt";
        expectError(j.dump(), "model.merges[5]: expected \"left right\"");
        j["model"]["merges"][5] = 7;
        expectError(j.dump(), "model.merges[5]");
        j = gpt2TokenizerJson(false, false);
        j["model"]["vocab"]["abc"] = "x";
        expectError(j.dump(), "model.vocab[\"abc\"]: id is not an integer");
        j = gpt2TokenizerJson(false, false);
        j["model"]["vocab"].erase("!");
        expectError(j.dump(), "no byte-level token for byte 33");
        j = gpt2TokenizerJson(false, false);
        j["normalizer"] = {{"type", "NFKC"}};
        expectError(j.dump(), "normalizer: ");
        j = gpt2TokenizerJson(false, false);
        j["added_tokens"][0].erase("id");
        expectError(j.dump(), "added_tokens[0]");
        j = spmTokenizerJson();
        j["model"]["merges"].push_back("\xE2\x96\x81wor l");   // "▁worl" missing
        expectError(j.dump(), "model.merges[8]");

        const std::string missing = dir.filePath("nope.json").toStdString();
        QVERIFY_THROWS_EXCEPTION(wb::Error, HfTokenizer::load(missing));
        QVERIFY_THROWS_EXCEPTION(wb::Error, gpt2->decode({50257}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, gpt2->decode({-1}));
    }
};

QTEST_GUILESS_MAIN(tst_hf_tokenizer)
#include "tst_hf_tokenizer.moc"
