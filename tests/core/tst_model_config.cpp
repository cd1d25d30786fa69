// ModelConfig from real-shaped HF config.json files, defaults, error messages
// naming the field, toJson round trips and presets.
#include "core/data/record.h"
#include "core/model/config.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using wb::ModelConfig;
using wb::ModelFamily;
using wb::RopeScalingType;

namespace {

std::string dataDir()
{
    const QByteArray env = qgetenv("WB_TEST_DATA");
    return (env.isEmpty() ? std::string(WB_SOURCE_DIR) + "/tests/data" : env.toStdString()) + "/configs/";
}

const char* kLlamaBase = R"({"model_type": "llama", "hidden_size": 64, "num_hidden_layers": 2,
    "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100})";

std::string withField(const char* base, const std::string& key, const nlohmann::json& value)
{
    nlohmann::json j = nlohmann::json::parse(base);
    if (value.is_discarded()) j.erase(key);
    else j[key] = value;
    return j.dump();
}

} // namespace

Q_DECLARE_METATYPE(ModelFamily)

class tst_model_config : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realConfigs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QList<int>>("sizes");   // hidden, layers, heads, kv, headDim, inner, vocab, positions
        QTest::addColumn<double>("eps");
        QTest::addColumn<double>("theta");
        QTest::addColumn<bool>("tie");
        QTest::addColumn<bool>("bias");
        QTest::addColumn<int>("window");          // -1: none
        QTest::addColumn<QList<int>>("eos");
        QTest::addColumn<QString>("act");
        QTest::newRow("gpt2") << "gpt2.json" << ModelFamily::Gpt2 << QList<int>{768, 12, 12, 12, 64, 3072, 50257, 1024}
                              << 1e-5 << 10000.0 << true << true << -1 << QList<int>{50256} << "gelu_new";
        QTest::newRow("llama 3.2 1B") << "llama3.json" << ModelFamily::Llama
                                      << QList<int>{2048, 16, 32, 8, 64, 8192, 128256, 131072} << 1e-5 << 500000.0
                                      << true << false << -1 << QList<int>{128001, 128008, 128009} << "silu";
        QTest::newRow("qwen2 0.5B") << "qwen2.json" << ModelFamily::Qwen2
                                    << QList<int>{896, 24, 14, 2, 64, 4864, 151936, 32768} << 1e-6 << 1e6 << true
                                    << true << -1 << QList<int>{151645} << "silu";
        QTest::newRow("mistral 7B") << "mistral.json" << ModelFamily::Mistral
                                    << QList<int>{4096, 32, 32, 8, 128, 14336, 32000, 32768} << 1e-5 << 10000.0
                                    << false << false << 4096 << QList<int>{2} << "silu";
        QTest::newRow("bert base") << "bert.json" << ModelFamily::Bert
                                   << QList<int>{768, 12, 12, 12, 64, 3072, 30522, 512} << 1e-12 << 10000.0 << true
                                   << true << -1 << QList<int>{} << "gelu";
    }

    void realConfigs()
    {
        QFETCH(QString, file);
        QFETCH(ModelFamily, family);
        QFETCH(QList<int>, sizes);
        QFETCH(double, eps);
        QFETCH(double, theta);
        QFETCH(bool, tie);
        QFETCH(bool, bias);
        QFETCH(int, window);
        QFETCH(QList<int>, eos);
        QFETCH(QString, act);
        const ModelConfig c = wb::loadConfig(dataDir() + file.toStdString());
        QVERIFY(c.family == family);
        const QList<int> got{c.hiddenSize, c.numLayers, c.numHeads, c.numKvHeads, c.headDim,
                             c.intermediateSize, c.vocabSize, c.maxPositionEmbeddings};
        QCOMPARE(got, sizes);
        QCOMPARE(c.normEps, eps);
        QCOMPARE(c.ropeTheta, theta);
        QCOMPARE(c.tieWordEmbeddings, tie);
        QCOMPARE(c.attentionBias, bias);
        QCOMPARE(c.slidingWindow.value_or(-1), window);
        QCOMPARE(QList<int>(c.eosTokenIds.begin(), c.eosTokenIds.end()), eos);
        QCOMPARE(QString::fromStdString(c.activation), act);

        // Round trip through toJson, and toJson is stable.
        const std::string json = wb::toJson(c);
        const ModelConfig back = wb::parseConfig(json, "round trip");
        QVERIFY(back == c);
        QCOMPARE(wb::toJson(back), json);
    }

    void llama3RopeScaling()
    {
        const ModelConfig c = wb::loadConfig(dataDir() + "llama3.json");
        QVERIFY(c.ropeScaling.type == RopeScalingType::Llama3);
        QCOMPARE(c.ropeScaling.factor, 32.0);
        QCOMPARE(c.ropeScaling.lowFreqFactor, 1.0);
        QCOMPARE(c.ropeScaling.highFreqFactor, 4.0);
        QCOMPARE(c.ropeScaling.originalMaxPositionEmbeddings, 8192);
        QCOMPARE(c.bosTokenId.value_or(-1), 128000);

        const ModelConfig linear = wb::parseConfig(
            withField(kLlamaBase, "rope_scaling", {{"type", "linear"}, {"factor", 2.0}}), "x");
        QVERIFY(linear.ropeScaling.type == RopeScalingType::Linear);
        QCOMPARE(linear.ropeScaling.factor, 2.0);
        const ModelConfig def = wb::parseConfig(withField(kLlamaBase, "rope_scaling", {{"rope_type", "default"}}), "x");
        QVERIFY(def.ropeScaling.type == RopeScalingType::None);
    }

    void defaults()
    {
        const ModelConfig c = wb::parseConfig(kLlamaBase, "x");
        QCOMPARE(c.numKvHeads, 4);   // defaults to the attention heads
        QCOMPARE(c.headDim, 16);
        QCOMPARE(c.ropeTheta, 10000.0);
        QCOMPARE(c.tieWordEmbeddings, false);
        QCOMPARE(c.attentionBias, false);
        QCOMPARE(c.normEps, 1e-6);
        QCOMPARE(c.maxPositionEmbeddings, 2048);
        QVERIFY(!c.slidingWindow);

        // Qwen2 always has QKV bias; a sliding window only when enabled.
        std::string q = withField(kLlamaBase, "model_type", "qwen2");
        QCOMPARE(wb::parseConfig(q, "x").attentionBias, true);
        QVERIFY(!wb::parseConfig(withField(q.c_str(), "sliding_window", 512), "x").slidingWindow);
        q = withField(withField(q.c_str(), "sliding_window", 512).c_str(), "use_sliding_window", true);
        QCOMPARE(wb::parseConfig(q, "x").slidingWindow.value_or(-1), 512);

        // Mistral: 4096 unless given; null means none.
        const std::string m = withField(kLlamaBase, "model_type", "mistral");
        QCOMPARE(wb::parseConfig(m, "x").slidingWindow.value_or(-1), 4096);
        QVERIFY(!wb::parseConfig(withField(m.c_str(), "sliding_window", nullptr), "x").slidingWindow);

        // An explicit head_dim need not divide hidden_size (Mistral Nemo style).
        const ModelConfig nemo = wb::parseConfig(withField(m.c_str(), "head_dim", 32), "x");
        QCOMPARE(nemo.headDim, 32);
        QVERIFY(wb::parseConfig(wb::toJson(nemo), "x") == nemo);

        // GPT-2 without n_inner: 4 * n_embd.
        const ModelConfig g = wb::parseConfig(
            R"({"model_type":"gpt2","n_embd":64,"n_layer":2,"n_head":4,"vocab_size":300})", "x");
        QCOMPARE(g.intermediateSize, 256);
        QCOMPARE(g.maxPositionEmbeddings, 1024);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        const nlohmann::json remove = nlohmann::json(nlohmann::json::value_t::discarded);
        auto row = [&](const char* name, const std::string& json, const char* expected) {
            QTest::newRow(name) << QString::fromStdString(json) << expected;
        };
        row("not json", "{\"model_type\": ", "bad.json: ");
        row("not an object", "[1]", "expected a JSON object");
        row("unknown model_type", withField(kLlamaBase, "model_type", "falcon"), "field \"model_type\": unknown model_type \"falcon\"");
        row("missing model_type", withField(kLlamaBase, "model_type", remove), "field \"model_type\": missing");
        row("missing hidden_size", withField(kLlamaBase, "hidden_size", remove), "field \"hidden_size\": missing required field");
        row("missing vocab_size", withField(kLlamaBase, "vocab_size", remove), "field \"vocab_size\": missing");
        row("string size", withField(kLlamaBase, "num_hidden_layers", "2"), "field \"num_hidden_layers\": expected an integer");
        row("float size", withField(kLlamaBase, "intermediate_size", 1.5), "field \"intermediate_size\": expected an integer");
        row("bool as string", withField(kLlamaBase, "tie_word_embeddings", "yes"), "field \"tie_word_embeddings\": expected true or false");
        row("theta as string", withField(kLlamaBase, "rope_theta", "1e4"), "field \"rope_theta\": expected a number");
        row("zero layers", withField(kLlamaBase, "num_hidden_layers", 0), "field \"num_hidden_layers\": must be positive");
        row("negative vocab", withField(kLlamaBase, "vocab_size", -5), "field \"vocab_size\": must be positive");
        row("hidden not divisible", withField(kLlamaBase, "num_attention_heads", 5),
            "field \"hidden_size\": 64 is not divisible by num_attention_heads 5");
        row("heads not divisible by kv", withField(kLlamaBase, "num_key_value_heads", 3),
            "field \"num_key_value_heads\": num_attention_heads 4 is not divisible by num_key_value_heads 3");
        row("unknown rope type", withField(kLlamaBase, "rope_scaling", {{"rope_type", "yarn"}, {"factor", 4.0}}),
            "field \"rope_scaling.rope_type\": unknown or unsupported type \"yarn\"");
        row("rope without factor", withField(kLlamaBase, "rope_scaling", {{"type", "linear"}}),
            "field \"rope_scaling.factor\": missing");
        row("llama3 rope incomplete", withField(kLlamaBase, "rope_scaling", {{"rope_type", "llama3"}, {"factor", 8.0}}),
            "field \"rope_scaling.low_freq_factor\": missing");
        row("eos outside vocab", withField(kLlamaBase, "eos_token_id", 100), "field \"eos_token_id\": 100 outside");
        row("gpt2 n_head", R"({"model_type":"gpt2","n_embd":64,"n_layer":2,"n_head":3,"vocab_size":300})",
            "field \"n_embd\": 64 is not divisible by n_head 3");
        row("gpt2 missing n_layer", R"({"model_type":"gpt2","n_embd":64,"n_head":4,"vocab_size":300})",
            "field \"n_layer\": missing");
    }

    void errors()
    {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        try {
            wb::parseConfig(json.toStdString(), "bad.json");
            QFAIL("accepted a bad config");
        } catch (const wb::Error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.startsWith("bad.json: "), qPrintable(msg));
            QVERIFY2(msg.contains(expected), qPrintable(msg));
        }
    }

    void loadErrorsNameFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("config.json").toStdString();
        try {
            wb::loadConfig(path);
            QFAIL("missing file accepted");
        } catch (const wb::Error& e) {
            QVERIFY(std::string(e.what()).find(path) != std::string::npos);
        }
        std::ofstream(path) << "{\"model_type\": \"llama\",\n \"hidden_size\": }";
        try {
            wb::loadConfig(path);
            QFAIL("malformed file accepted");
        } catch (const wb::Error& e) {
            QVERIFY2(std::string(e.what()).starts_with(path + ": "), e.what());
        }
    }

    void presets_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QString>("preset");
        for (ModelFamily f : {ModelFamily::Gpt2, ModelFamily::Llama, ModelFamily::Qwen2, ModelFamily::Mistral, ModelFamily::Bert})
            for (const char* p : {"tiny", "small", "gpt2-124m"})
                QTest::addRow("%s %s", wb::toString(f).data(), p) << f << QString(p);
    }

    void presets()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QString, preset);
        const ModelConfig c = wb::presetConfig(family, preset.toStdString());
        QVERIFY(c.family == family);
        QCOMPARE(c.headDim * c.numHeads, c.hiddenSize);
        QCOMPARE(c.numHeads % c.numKvHeads, 0);
        QVERIFY(wb::parseConfig(wb::toJson(c), "preset") == c);
        if (preset == "gpt2-124m") {
            QCOMPARE(c.hiddenSize, 768);
            QCOMPARE(c.numLayers, 12);
            QCOMPARE(c.vocabSize, 50257);
        }
    }

    void presetErrors()
    {
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::presetConfig(ModelFamily::Llama, "huge"));
        QVERIFY(wb::modelFamilyFromString("qwen2") == ModelFamily::Qwen2);
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::modelFamilyFromString("gpt-neox"));
    }
};

QTEST_GUILESS_MAIN(tst_model_config)
#include "tst_model_config.moc"
