// Random initialisation, HF folder export, GGUF export/import (names, RoPE
// row order, precision of F16/Q8_0, tokenizer metadata) and llama2.c import.
// Reference values: splitmix64's published outputs, llama.cpp's permute()
// written out by hand, tokenizers trained here.
#include "core/data/record.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/model/model_weights.h"
#include "core/text/bpe_trainer.h"
#include "core/text/hf_tokenizer.h"
#include "core/text/sentencepiece_tokenizer.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/gguf_model.h"
#include "core/weights/gguf_tokenizer.h"
#include "core/weights/llama2c_import.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace wb;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(wb::ModelFamily)
Q_DECLARE_METATYPE(wb::DType)

namespace {

template <typename F>
std::string errorOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

std::vector<TensorView> viewsOf(const std::vector<OwnedTensor>& ts)
{
    std::vector<TensorView> v;
    for (const auto& t : ts) v.push_back(t.view());
    return v;
}

const OwnedTensor* findTensor(const std::vector<OwnedTensor>& ts, const std::string& name)
{
    for (const auto& t : ts)
        if (t.name == name) return &t;
    return nullptr;
}

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream f(path, std::ios::binary);
    f << text;
}

std::string readFile(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

ModelConfig tinyConfig(ModelFamily f)
{
    ModelConfig c = presetConfig(f, "tiny");
    c.vocabSize = 320;   // small, and larger than the tokenizers trained below
    c.bosTokenId = 1;
    c.eosTokenIds = {2};
    return c;
}

// llama.cpp's LlamaModel.permute(), written out as loops:
// w.reshape(heads, 2, D/2, cols).swapaxes(1, 2).reshape(rows, cols).
std::vector<float> referencePermute(const std::vector<float>& w, int64_t rows, int64_t cols, int heads)
{
    const int64_t half = rows / heads / 2;
    std::vector<float> out(w.size());
    int64_t dst = 0;
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t i = 0; i < half; ++i)        // swapped axes: (h, i, s)
            for (int64_t s = 0; s < 2; ++s, ++dst)
                for (int64_t c = 0; c < cols; ++c)
                    out[size_t(dst * cols + c)] = w[size_t(((h * 2 + s) * half + i) * cols + c)];
    return out;
}

// The source tensor as llama.cpp stores it: GPT-2 Conv1D transposed, Llama
// q/k rows permuted. Returns the values and the GGUF (row-major) shape.
std::pair<std::vector<float>, std::vector<int64_t>> ggufLayout(const ModelConfig& c, const TensorView& src)
{
    std::vector<float> x = toFloat32(src);
    std::vector<int64_t> shape = src.shape;
    const std::string& n = src.name;
    if (c.family == ModelFamily::Gpt2 && shape.size() == 2 &&
        (n.ends_with("c_attn.weight") || n.ends_with("c_proj.weight") || n.ends_with("c_fc.weight"))) {
        std::vector<float> t(x.size());
        for (int64_t r = 0; r < shape[0]; ++r)
            for (int64_t k = 0; k < shape[1]; ++k) t[size_t(k * shape[0] + r)] = x[size_t(r * shape[1] + k)];
        std::swap(shape[0], shape[1]);
        return {t, shape};
    }
    const bool llamaRope = c.family == ModelFamily::Llama || c.family == ModelFamily::Mistral;
    if (llamaRope && (n.find("q_proj") != std::string::npos || n.find("k_proj") != std::string::npos)) {
        const int heads = n.find("q_proj") != std::string::npos ? c.numHeads : c.numKvHeads;
        return {referencePermute(x, shape[0], shape.size() == 2 ? shape[1] : 1, heads), shape};
    }
    return {x, shape};
}

std::string corpus()
{
    std::string out;
    for (int i = 0; i < 30; ++i)
        out += "the quick brown fox jumps over the lazy dog. tokenizers split text into pieces; "
               "机器学习模型把文本切分成词元 <|endoftext|>\n";
    return out;
}

} // namespace

class tst_model_export : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string bpeDir_;   // tokenizer.json (byte-level BPE, 300 tokens) + tokenizer_config.json
    std::string spDir_;    // tokenizer.model (SentencePiece BPE with byte fallback)

    std::string path(const std::string& name) const { return dir_.path().toStdString() + "/" + name; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        bpeDir_ = path("bpe");
        fs::create_directories(bpeDir_);
        BpeTrainer trainer({300, {"<|endoftext|>"}, 2});
        trainer.addText(corpus());
        saveTokenizerJson(trainer.train(), bpeDir_ + "/tokenizer.json");
        writeFile(bpeDir_ + "/tokenizer_config.json", R"({"tokenizer_class": "GPT2Tokenizer", "eos_token": "<|endoftext|>"})");

        spDir_ = path("sp");
        fs::create_directories(spDir_);
        writeFile(spDir_ + "/corpus.txt", corpus());
        trainSentencePieceModel("--input=" + spDir_ + "/corpus.txt --model_prefix=" + spDir_ +
                                "/tokenizer --vocab_size=400 --model_type=bpe --character_coverage=1.0"
                                " --byte_fallback=true --minloglevel=2");
        QVERIFY(fs::exists(spDir_ + "/tokenizer.model"));
    }

    // ---- initialisation ----

    void splitMixReference()
    {
        // Published splitmix64 outputs (Vigna's reference implementation).
        QCOMPARE(SplitMix64(0).next(), 0xe220a8397b1dcdafull);
        SplitMix64 g(1234567);
        const uint64_t want[] = {6457827717110365317ull, 3203168211198807973ull, 9817491932198370423ull,
                                 4593380528125082431ull, 16408922859458223821ull};
        for (uint64_t w : want) QCOMPARE(g.next(), w);
        // Box-Muller of the first two uniforms of seed 42 (math done in Python).
        SplitMix64 n(42);
        QVERIFY(std::fabs(n.normal() - 0.41471975043153003) < 1e-15);
        QVERIFY(std::fabs(n.normal() - 0.652681222151943) < 1e-15);
    }

    void initShapes_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::newRow("gpt2") << ModelFamily::Gpt2;
        QTest::newRow("llama") << ModelFamily::Llama;
        QTest::newRow("qwen2") << ModelFamily::Qwen2;
        QTest::newRow("mistral") << ModelFamily::Mistral;
    }

    void initShapes()
    {
        QFETCH(ModelFamily, family);
        const ModelConfig c = presetConfig(family, "tiny");
        const auto w = initWeights(c, 7);
        const auto specs = expectedWeights(c);
        QCOMPARE(w.size(), specs.size());
        for (size_t i = 0; i < w.size(); ++i) {
            QCOMPARE(w[i].name, specs[i].name);
            QCOMPARE(w[i].shape, specs[i].shape);
            QCOMPARE(w[i].dtype, DType::F32);
        }
        checkWeights(c, viewsOf(w), "init");
        // Names as the loaders take them.
        if (family == ModelFamily::Gpt2) {
            QCOMPARE(w[0].name, std::string("wte.weight"));
            const OwnedTensor* attn = findTensor(w, "h.0.attn.c_attn.weight");
            QVERIFY(attn);
            QCOMPARE(attn->shape, (std::vector<int64_t>{c.hiddenSize, 3 * c.hiddenSize}));   // Conv1D [in, out]
        } else {
            QVERIFY(findTensor(w, "model.layers.1.self_attn.k_proj.weight"));
            QCOMPARE(findTensor(w, "model.layers.0.self_attn.k_proj.weight")->shape,
                     (std::vector<int64_t>{int64_t(c.numKvHeads) * c.headDim, c.hiddenSize}));
            QCOMPARE(findTensor(w, "model.layers.0.self_attn.q_proj.bias") != nullptr, family == ModelFamily::Qwen2);
            QCOMPARE(findTensor(w, "lm_head.weight") != nullptr, !c.tieWordEmbeddings);
        }
        for (const auto& s : specs) {
            const std::vector<float> x = toFloat32(findTensor(w, s.name)->view());
            if (s.kind == WeightSpec::Kind::Norm) {
                for (float v : x) QCOMPARE(v, 1.0f);
            } else if (s.kind == WeightSpec::Kind::Bias) {
                for (float v : x) QCOMPARE(v, 0.0f);
            } else if (x.size() >= 4096) {
                double sum = 0, sq = 0;
                for (float v : x) {
                    sum += v;
                    sq += double(v) * v;
                }
                const double mean = sum / double(x.size()), sd = std::sqrt(sq / double(x.size()) - mean * mean);
                QVERIFY2(std::fabs(mean) < 0.002, s.name.c_str());
                QVERIFY2(std::fabs(sd - 0.02) < 0.002, s.name.c_str());
            }
        }
    }

    void initDeterminism()
    {
        const ModelConfig c = presetConfig(ModelFamily::Llama, "tiny");
        const auto a = initWeights(c, 1234), b = initWeights(c, 1234), d = initWeights(c, 1235);
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(a[i].bytes == b[i].bytes);
        QVERIFY(a[0].bytes != d[0].bytes);
        // Each tensor has its own stream: a model with more layers keeps the
        // first layers' values.
        ModelConfig deeper = c;
        deeper.numLayers = 3;
        const auto e = initWeights(deeper, 1234);
        QVERIFY(findTensor(e, "model.layers.1.mlp.up_proj.weight")->bytes ==
                findTensor(a, "model.layers.1.mlp.up_proj.weight")->bytes);
        // Different tensors are not copies of each other.
        QVERIFY(findTensor(a, "model.layers.0.mlp.up_proj.weight")->bytes !=
                findTensor(a, "model.layers.0.mlp.gate_proj.weight")->bytes);
        // bf16 is the f32 draw rounded.
        const auto h = initWeights(c, 1234, DType::BF16);
        const std::vector<float> f = toFloat32(a[0].view());
        QCOMPARE(h[0].dtype, DType::BF16);
        for (size_t i = 0; i < f.size(); i += 97) {
            uint16_t bits;
            std::memcpy(&bits, h[0].bytes.data() + 2 * i, 2);
            QCOMPARE(bits, floatToBf16(f[i]));
        }
    }

    void checkWeightsErrors()
    {
        const ModelConfig c = presetConfig(ModelFamily::Llama, "tiny");
        auto w = initWeights(c, 1);
        auto views = viewsOf(w);
        auto missing = views;
        missing.erase(missing.begin() + 3);
        QVERIFY2(errorOf([&] { checkWeights(c, missing, "m"); }).find(views[3].name) != std::string::npos,
                 errorOf([&] { checkWeights(c, missing, "m"); }).c_str());
        auto badShape = views;
        badShape[1].shape = {7};
        const std::string e = errorOf([&] { checkWeights(c, badShape, "m"); });
        QVERIFY2(e.find(views[1].name) != std::string::npos && e.find("[7]") != std::string::npos &&
                     e.find(shapeString(views[1].shape)) != std::string::npos,
                 e.c_str());
        auto extra = views;
        extra.push_back(views[1]);
        extra.back().name = "model.layers.9.input_layernorm.weight";
        QVERIFY(errorOf([&] { checkWeights(c, extra, "m"); }).find("model.layers.9") != std::string::npos);
    }

    // ---- HF folder ----

    void hfRoundTrip_data()
    {
        QTest::addColumn<DType>("sourceType");
        QTest::addColumn<DType>("outType");
        QTest::addColumn<bool>("sharded");
        QTest::newRow("f32") << DType::F32 << DType::F32 << false;
        QTest::newRow("bf16") << DType::BF16 << DType::BF16 << false;
        QTest::newRow("f32 sharded") << DType::F32 << DType::F32 << true;
        QTest::newRow("f32 to bf16") << DType::F32 << DType::BF16 << false;
        QTest::newRow("bf16 to f32") << DType::BF16 << DType::F32 << false;
    }

    void hfRoundTrip()
    {
        QFETCH(DType, sourceType);
        QFETCH(DType, outType);
        QFETCH(bool, sharded);
        const ModelConfig c = tinyConfig(ModelFamily::Llama);
        const auto w = initWeights(c, 99, sourceType);
        const std::string out = path(std::string("hf-") + QTest::currentDataTag());
        HfExportOptions o;
        o.dtype = outType;
        o.tokenizerSourceDir = bpeDir_;
        if (sharded) o.maxShardBytes = 64 * 1024;
        writeHfModel(out, c, viewsOf(w), o);

        QCOMPARE(fs::exists(out + "/model.safetensors.index.json"), sharded);
        QCOMPARE(fs::exists(out + "/model.safetensors"), !sharded);
        const ShardedCheckpoint ck = ShardedCheckpoint::open(out);
        if (sharded) QVERIFY(ck.shards().size() > 1);
        QCOMPARE(ck.tensors().size(), w.size());
        for (const auto& t : w) {
            const TensorView& back = ck.at(t.name);
            QCOMPARE(back.shape, t.shape);
            QCOMPARE(back.dtype, outType);
            if (sourceType == outType) {
                QVERIFY2(back.nbytes == t.bytes.size() && std::memcmp(back.data, t.bytes.data(), back.nbytes) == 0,
                         t.name.c_str());
            } else {
                const std::vector<float> src = toFloat32(t.view()), got = toFloat32(back);
                for (size_t i = 0; i < src.size(); ++i) {
                    const float want = outType == DType::BF16 ? bf16ToFloat(floatToBf16(src[i])) : src[i];
                    QCOMPARE(got[i], want);
                }
            }
        }
        QVERIFY(ck.shards()[0].metadata().at("format") == "pt");
        QCOMPARE(loadConfig(out + "/config.json"), c);
        QVERIFY(readFile(out + "/config.json").find(outType == DType::BF16 ? "\"bfloat16\"" : "\"float32\"") !=
                std::string::npos);
        const auto gen = nlohmann::json::parse(readFile(out + "/generation_config.json"));
        QCOMPARE(gen.at("bos_token_id").get<int>(), 1);
        QCOMPARE(gen.at("eos_token_id").get<int>(), 2);
        QCOMPARE(readFile(out + "/tokenizer.json"), readFile(bpeDir_ + "/tokenizer.json"));
        QCOMPARE(readFile(out + "/tokenizer_config.json"), readFile(bpeDir_ + "/tokenizer_config.json"));
        QVERIFY(!fs::exists(out + "/tokenizer.model"));
        for (const auto& e : fs::directory_iterator(out)) QVERIFY(!e.path().string().ends_with(".tmp"));
    }

    void hfReplacesOtherLayout()
    {
        const ModelConfig c = tinyConfig(ModelFamily::Gpt2);
        const auto w = initWeights(c, 5);
        const std::string out = path("hf-relayout");
        HfExportOptions o;
        o.maxShardBytes = 64 * 1024;
        writeHfModel(out, c, viewsOf(w), o);
        QVERIFY(fs::exists(out + "/model.safetensors.index.json"));
        writeHfModel(out, c, viewsOf(w), {});
        QVERIFY(!fs::exists(out + "/model.safetensors.index.json"));
        for (const auto& e : fs::directory_iterator(out)) QVERIFY(e.path().string().find("-of-") == std::string::npos);
        QCOMPARE(ShardedCheckpoint::open(out).tensors().size(), w.size());
    }

    void hfErrors()
    {
        const ModelConfig c = tinyConfig(ModelFamily::Llama);
        auto w = initWeights(c, 5);
        auto views = viewsOf(w);
        views.pop_back();   // lm_head or model.norm
        const std::string e = errorOf([&] { writeHfModel(path("hf-missing"), c, views, {}); });
        QVERIFY2(e.find(w.back().name) != std::string::npos && e.find("missing") != std::string::npos, e.c_str());
        QVERIFY(!fs::exists(path("hf-missing/model.safetensors")));
        HfExportOptions q;
        q.dtype = DType::Q8_0;
        QVERIFY(errorOf([&] { writeHfModel(path("hf-q8"), c, viewsOf(w), q); }).find("q8_0") != std::string::npos);
    }

    void dtypeNames()
    {
        QCOMPARE(exportDTypeFromString("F16"), DType::F16);
        QCOMPARE(exportDTypeFromString("bf16"), DType::BF16);
        QCOMPARE(exportDTypeFromString("q8_0"), DType::Q8_0);
        const std::string e = errorOf([] { exportDTypeFromString("int4"); });
        QVERIFY2(e.find("int4") != std::string::npos && e.find("q8_0") != std::string::npos, e.c_str());
    }

    // ---- GGUF ----

    void ropePermutation()
    {
        // 2 heads of 4 rows: HF pairs row i with row i + 2 inside each head,
        // GGML pairs rows 2i and 2i+1.
        const std::vector<float> hf{0, 1, 2, 3, 4, 5, 6, 7};
        const std::vector<float> ggml{0, 2, 1, 3, 4, 6, 5, 7};
        QCOMPARE(permuteRopeRows(hf, 8, 1, 2), ggml);
        QCOMPARE(unpermuteRopeRows(ggml, 8, 1, 2), hf);
        std::vector<float> m(16 * 3);
        for (size_t i = 0; i < m.size(); ++i) m[i] = float(i);
        QCOMPARE(permuteRopeRows(m, 16, 3, 2), referencePermute(m, 16, 3, 2));
        QCOMPARE(unpermuteRopeRows(permuteRopeRows(m, 16, 3, 4), 16, 3, 4), m);
        QVERIFY(!errorOf([&] { permuteRopeRows(m, 16, 3, 3); }).empty());
    }

    void names()
    {
        QCOMPARE(*hfToGgufName(ModelFamily::Llama, "model.layers.12.self_attn.q_proj.weight"),
                 std::string("blk.12.attn_q.weight"));
        QCOMPARE(*hfToGgufName(ModelFamily::Llama, "model.embed_tokens.weight"), std::string("token_embd.weight"));
        QCOMPARE(*hfToGgufName(ModelFamily::Qwen2, "model.layers.0.self_attn.v_proj.bias"), std::string("blk.0.attn_v.bias"));
        QCOMPARE(*hfToGgufName(ModelFamily::Gpt2, "transformer.h.3.attn.c_attn.weight"), std::string("blk.3.attn_qkv.weight"));
        QCOMPARE(*hfToGgufName(ModelFamily::Gpt2, "wpe.weight"), std::string("position_embd.weight"));
        QCOMPARE(*hfToGgufName(ModelFamily::Gpt2, "h.0.mlp.c_proj.bias"), std::string("blk.0.ffn_down.bias"));
        QCOMPARE(*ggufToHfName(ModelFamily::Llama, "blk.7.ffn_gate.weight"), std::string("model.layers.7.mlp.gate_proj.weight"));
        QCOMPARE(*ggufToHfName(ModelFamily::Gpt2, "output_norm.bias"), std::string("ln_f.bias"));
        QVERIFY(!hfToGgufName(ModelFamily::Llama, "model.layers.x.self_attn.q_proj.weight"));
        QVERIFY(!ggufToHfName(ModelFamily::Llama, "blk.0.attn_qkv.weight"));
    }

    void ggufExport_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<DType>("dtype");
        for (auto [fname, f] : {std::pair{"llama", ModelFamily::Llama}, std::pair{"gpt2", ModelFamily::Gpt2},
                                std::pair{"qwen2", ModelFamily::Qwen2}, std::pair{"mistral", ModelFamily::Mistral}})
            for (auto [tname, t] : {std::pair{"f32", DType::F32}, std::pair{"f16", DType::F16}, std::pair{"q8_0", DType::Q8_0}})
                QTest::newRow((std::string(fname) + " " + tname).c_str()) << f << t;
    }

    void ggufExport()
    {
        QFETCH(ModelFamily, family);
        QFETCH(DType, dtype);
        ModelConfig c = tinyConfig(family);
        c.tieWordEmbeddings = family == ModelFamily::Gpt2;   // an lm_head for the Llama family
        const auto w = initWeights(c, 21);
        const std::string file = path(std::string("m-") + QTest::currentDataTag() + ".gguf");
        GgufExportOptions o;
        o.dtype = dtype;
        o.name = "tiny";
        exportGguf(file, c, viewsOf(w), vocabFromFolder(bpeDir_, c), o);

        const GgufFile g = GgufFile::open(file);
        const std::string arch = family == ModelFamily::Gpt2 ? "gpt2" : family == ModelFamily::Qwen2 ? "qwen2" : "llama";
        QCOMPARE(g.at("general.architecture").asString(), arch);
        QCOMPARE(g.at("general.name").asString(), std::string("tiny"));
        QCOMPARE(g.at("general.file_type").asInt(), int64_t(dtype == DType::F32 ? 0 : dtype == DType::F16 ? 1 : 7));
        QCOMPARE(g.at(arch + ".block_count").asInt(), int64_t(c.numLayers));
        QCOMPARE(g.at(arch + ".embedding_length").asInt(), int64_t(c.hiddenSize));
        QCOMPARE(g.at(arch + ".feed_forward_length").asInt(), int64_t(c.intermediateSize));
        QCOMPARE(g.at(arch + ".context_length").asInt(), int64_t(c.maxPositionEmbeddings));
        QCOMPARE(g.at(arch + ".attention.head_count").asInt(), int64_t(c.numHeads));
        if (family == ModelFamily::Gpt2) {
            QCOMPARE(float(g.at("gpt2.attention.layer_norm_epsilon").asFloat()), float(c.normEps));
            QVERIFY(g.findTensor("position_embd.weight"));
            // The tied head is written out as output.weight, equal to token_embd.
            const TensorView& out = g.tensor("output.weight");
            const TensorView& emb = g.tensor("token_embd.weight");
            QVERIFY(out.nbytes == emb.nbytes && std::memcmp(out.data, emb.data, out.nbytes) == 0);
        } else {
            QCOMPARE(g.at(arch + ".attention.head_count_kv").asInt(), int64_t(c.numKvHeads));
            QCOMPARE(float(g.at(arch + ".attention.layer_norm_rms_epsilon").asFloat()), float(c.normEps));
            QCOMPARE(g.at(arch + ".rope.freq_base").asFloat(), c.ropeTheta);
            QCOMPARE(g.at(arch + ".rope.dimension_count").asInt(), int64_t(c.headDim));
            QVERIFY(g.findTensor("output.weight"));
            QVERIFY(g.findTensor("blk.1.ffn_gate.weight"));
        }

        // Every tensor in llama.cpp's layout and type, to the type's precision.
        for (const auto& t : w) {
            const std::string gg = *hfToGgufName(family, t.name);
            const TensorView& stored = g.tensor(gg);
            const auto [want, shape] = ggufLayout(c, t.view());
            QCOMPARE(stored.shape, shape);
            const bool keepF32 = shape.size() == 1 || gg == "position_embd.weight";
            QCOMPARE(stored.dtype, keepF32 ? DType::F32 : dtype);
            const std::vector<float> got = toFloat32(stored);
            QCOMPARE(got.size(), want.size());
            for (size_t i = 0; i < got.size(); ++i) {
                const float a = want[i], b = got[i];
                if (stored.dtype == DType::F32) {
                    QCOMPARE(b, a);
                } else if (stored.dtype == DType::F16) {
                    QVERIFY2(std::fabs(a - b) <= 1e-3f * std::fabs(a) + 1e-7f, gg.c_str());
                } else {   // Q8_0: blocks of 32 along the row
                    const size_t start = i / 32 * 32;
                    float blockMax = 0;
                    for (size_t k = start; k < start + 32; ++k) blockMax = std::max(blockMax, std::fabs(want[k]));
                    QVERIFY2(std::fabs(a - b) <= blockMax / 127.0f, gg.c_str());
                }
            }
        }

        // Read back into HF names and layout.
        const ModelWeights back = importGguf(g);
        QCOMPARE(back.config, c);
        QCOMPARE(back.tensors.size(), w.size());
        for (const auto& t : w) {
            const OwnedTensor* b = findTensor(back.tensors, t.name);
            QVERIFY2(b, t.name.c_str());
            QCOMPARE(b->shape, t.shape);
            QCOMPARE(b->dtype, DType::F32);
            if (dtype == DType::F32) QVERIFY2(b->bytes == t.bytes, t.name.c_str());
            const std::vector<float> x = toFloat32(t.view()), y = toFloat32(b->view());
            float maxAbs = 0;
            for (float v : x) maxAbs = std::max(maxAbs, std::fabs(v));
            for (size_t i = 0; i < x.size(); ++i) QVERIFY2(std::fabs(x[i] - y[i]) <= maxAbs / 127.0f, t.name.c_str());
        }
    }

    void ggufTokenizerBpe()
    {
        const ModelConfig c = tinyConfig(ModelFamily::Qwen2);
        const auto w = initWeights(c, 3);
        const std::string file = path("tok-bpe.gguf");
        exportGguf(file, c, viewsOf(w), vocabFromFolder(bpeDir_, c), {});
        const GgufFile g = GgufFile::open(file);
        QCOMPARE(g.at("tokenizer.ggml.model").asString(), std::string("gpt2"));
        QCOMPARE(g.at("tokenizer.ggml.pre").asString(), std::string("gpt-2"));
        const auto v = vocabFromGguf(g);
        QVERIFY(v);
        auto tok = HfTokenizer::load(bpeDir_ + "/tokenizer.json");
        QCOMPARE(tok->vocabSize(), 300);
        QCOMPARE(int(v->tokens.size()), c.vocabSize);   // padded to the model's vocabulary
        for (int i = 0; i < tok->vocabSize(); ++i) QCOMPARE(v->tokens[size_t(i)], tok->tokenText(i));
        for (int i = tok->vocabSize(); i < c.vocabSize; ++i) {
            QCOMPARE(v->tokens[size_t(i)], "[PAD" + std::to_string(i) + "]");
            QCOMPARE(v->types[size_t(i)], int32_t(GgufTokenType::Unused));
        }
        const int eot = *tok->tokenId("<|endoftext|>");
        QCOMPARE(v->types[size_t(eot)], int32_t(GgufTokenType::Control));
        QCOMPARE(v->types[100], int32_t(GgufTokenType::Normal));
        const auto json = nlohmann::json::parse(readFile(bpeDir_ + "/tokenizer.json"));
        const auto& merges = json["model"]["merges"];
        QCOMPARE(v->merges.size(), merges.size());
        QCOMPARE(v->merges.front(), merges.front().get<std::string>());
        QVERIFY(v->scores.empty());
        QCOMPARE(*v->bos, 1);   // from the model config
        QCOMPARE(*v->eos, 2);

        // Back to a tokenizer.json that tokenizes exactly as the original.
        writeFile(path("rebuilt-tokenizer.json"), vocabToTokenizerJson(*v));
        auto rebuilt = HfTokenizer::load(path("rebuilt-tokenizer.json"));
        const std::string text = "the lazy fox splits 文本 into tokens<|endoftext|> 🦊";
        QCOMPARE(rebuilt->encode(text, true), tok->encode(text, true));
        QCOMPARE(rebuilt->decode(tok->encode(text)), text);
        QVERIFY(rebuilt->isSpecial(eot));
    }

    void ggufTokenizerSentencePiece()
    {
        ModelConfig c = tinyConfig(ModelFamily::Llama);
        c.vocabSize = 448;
        c.bosTokenId.reset();
        c.eosTokenIds.clear();
        const auto w = initWeights(c, 3);
        const std::string file = path("tok-sp.gguf");
        exportGguf(file, c, viewsOf(w), vocabFromFolder(spDir_, c), {});
        const GgufFile g = GgufFile::open(file);
        const auto v = vocabFromGguf(g);
        QVERIFY(v);
        QCOMPARE(v->model, std::string("llama"));
        QCOMPARE(v->pre, std::string("default"));
        auto sp = SentencePieceTokenizer::load(spDir_ + "/tokenizer.model");
        QCOMPARE(sp->vocabSize(), 400);
        QCOMPARE(v->scores.size(), v->tokens.size());
        for (int i = 0; i < sp->vocabSize(); ++i) QCOMPARE(v->tokens[size_t(i)], sp->pieceText(i));
        QCOMPARE(v->types[size_t(sp->unkId())], int32_t(GgufTokenType::Unknown));
        QCOMPARE(v->types[size_t(sp->bosId())], int32_t(GgufTokenType::Control));
        QCOMPARE(*v->bos, sp->bosId());   // no ids in the config: the model's own
        QCOMPARE(*v->eos, sp->eosId());
        QCOMPARE(*v->unk, sp->unkId());
        QCOMPARE(v->types[size_t(sp->pieceId("<0x41>"))], int32_t(GgufTokenType::Byte));
        QVERIFY(g.at("tokenizer.ggml.add_bos_token").asBool());
        // The model's own scores: they fall with the merge order of a BPE model.
        int normal = 0;
        for (int i = 0; i + 1 < sp->vocabSize(); ++i)
            if (v->types[size_t(i)] == int32_t(GgufTokenType::Normal) &&
                v->types[size_t(i + 1)] == int32_t(GgufTokenType::Normal)) {
                QVERIFY(v->scores[size_t(i)] > v->scores[size_t(i + 1)]);
                ++normal;
            }
        QVERIFY(normal > 50);
        QCOMPARE(v->tokens[400], std::string("[PAD400]"));
        QVERIFY(!errorOf([&] { vocabToTokenizerJson(*v); }).empty());
    }

    void ggufTokenizerErrors()
    {
        ModelConfig c = tinyConfig(ModelFamily::Llama);
        c.vocabSize = 200;   // the tokenizer has 300 tokens
        const std::string e = errorOf([&] { vocabFromFolder(bpeDir_, c); });
        QVERIFY2(e.find("tokenizer.json") != std::string::npos && e.find("vocab_size 200") != std::string::npos, e.c_str());
        // A split pattern llama.cpp would apply differently is refused, by name.
        const std::string odd = path("odd");
        fs::create_directories(odd);
        auto j = nlohmann::json::parse(readFile(bpeDir_ + "/tokenizer.json"));
        j["pre_tokenizer"] = {{"type", "Sequence"},
                              {"pretokenizers",
                               {{{"type", "Split"}, {"pattern", {{"Regex", "\\d+"}}}, {"behavior", "Isolated"}},
                                {{"type", "ByteLevel"}, {"use_regex", false}}}}};
        writeFile(odd + "/tokenizer.json", j.dump());
        const std::string e2 = errorOf([&] { vocabFromFolder(odd, tinyConfig(ModelFamily::Llama)); });
        QVERIFY2(e2.find("pre_tokenizer") != std::string::npos && e2.find("odd/tokenizer.json") != std::string::npos,
                 e2.c_str());
        QVERIFY(!vocabFromFolder(path("nothing-here"), c));
        // A tokenizer.model that is not a SentencePiece protobuf.
        const std::string junk = path("junk-spm");
        fs::create_directories(junk);
        writeFile(junk + "/tokenizer.model", "this is not a protobuf model\n");
        const std::string e3 = errorOf([&] { vocabFromFolder(junk, tinyConfig(ModelFamily::Llama)); });
        QVERIFY2(e3.find("junk-spm/tokenizer.model") != std::string::npos && e3.find("SentencePiece") != std::string::npos,
                 e3.c_str());
        std::string truncated = readFile(spDir_ + "/tokenizer.model");
        truncated.resize(5);   // inside the first piece
        writeFile(junk + "/tokenizer.model", truncated);
        QVERIFY(!errorOf([&] { vocabFromFolder(junk, tinyConfig(ModelFamily::Llama)); }).empty());
    }

    void ggufBadInputs()
    {
        // Q8_0 needs rows that are multiples of 32; the tensor is named.
        ModelConfig c = tinyConfig(ModelFamily::Llama);
        c.hiddenSize = 40;
        c.numHeads = 4;
        c.numKvHeads = 2;
        c.headDim = 10;
        const auto w = initWeights(c, 1);
        GgufExportOptions q;
        q.dtype = DType::Q8_0;
        const std::string file = path("bad-q8.gguf");
        const std::string e = errorOf([&] { exportGguf(file, c, viewsOf(w), std::nullopt, q); });
        QVERIFY2(e.find("token_embd.weight") != std::string::npos && e.find("32") != std::string::npos, e.c_str());
        QVERIFY(!fs::exists(file));
        QVERIFY(!fs::exists(file + ".tmp"));
        // f16 works for the same model, and so does f32.
        exportGguf(file, c, viewsOf(w), std::nullopt, {});
        QCOMPARE(importGguf(GgufFile::open(file)).config, c);

        GgufExportOptions bf;
        bf.dtype = DType::BF16;
        QVERIFY(errorOf([&] { exportGguf(path("bf.gguf"), c, viewsOf(w), std::nullopt, bf); }).find("bf16") !=
                std::string::npos);
        const ModelConfig bert = presetConfig(ModelFamily::Bert, "tiny");
        QVERIFY(errorOf([&] { exportGguf(path("bert.gguf"), bert, {}, std::nullopt, {}); }).find("bert") !=
                std::string::npos);
    }

    void ggufImportErrors()
    {
        const ModelConfig c = tinyConfig(ModelFamily::Llama);
        const auto w = initWeights(c, 1);
        const std::string good = path("import-src.gguf");
        exportGguf(good, c, viewsOf(w), std::nullopt, {GgufExportOptions{DType::F32, ""}});
        const GgufFile g = GgufFile::open(good);
        auto rewrite = [&](const std::string& file, auto editKvs, auto editTensors) {
            std::vector<GgufKV> kvs = g.metadata();
            editKvs(kvs);
            std::vector<GgufTensorOut> ts;
            for (const auto& t : g.tensors()) ts.push_back({t, t.dtype});
            editTensors(ts);
            writeGguf(file, kvs, ts);
            return GgufFile::open(file);
        };
        auto noop = [](auto&) {};

        // Unknown architecture: the key is named.
        const GgufFile falcon = rewrite(path("falcon.gguf"), [](std::vector<GgufKV>& kvs) {
            kvs[0].second = GgufValue::str("falcon");
        }, noop);
        QVERIFY(errorOf([&] { importGguf(falcon); }).find("general.architecture") != std::string::npos);

        // Config key and our stored config.json disagree.
        const GgufFile lying = rewrite(path("lying.gguf"), [](std::vector<GgufKV>& kvs) {
            for (auto& [k, v] : kvs)
                if (k == "llama.block_count") v = GgufValue::u32(3);
        }, noop);
        const std::string e = errorOf([&] { importGguf(lying); });
        QVERIFY2(e.find("llama.block_count") != std::string::npos && e.find("lying.gguf") != std::string::npos, e.c_str());

        // A missing tensor is named.
        const GgufFile missing = rewrite(path("missing.gguf"), noop, [](std::vector<GgufTensorOut>& ts) {
            std::erase_if(ts, [](const GgufTensorOut& t) { return t.source.name == "blk.1.attn_v.weight"; });
        });
        QVERIFY(errorOf([&] { importGguf(missing); }).find("model.layers.1.self_attn.v_proj.weight") != std::string::npos);

        // Without our config key (a file from llama.cpp's converter): the
        // standard keys alone give the same model.
        const GgufFile plain = rewrite(path("plain.gguf"), [](std::vector<GgufKV>& kvs) {
            std::erase_if(kvs, [](const GgufKV& kv) { return kv.first == "workbench.hf_config"; });
        }, noop);
        const ModelWeights back = importGguf(plain);
        QCOMPARE(back.config.hiddenSize, c.hiddenSize);
        QCOMPARE(back.config.numKvHeads, c.numKvHeads);
        QCOMPARE(back.config.intermediateSize, c.intermediateSize);
        QCOMPARE(back.config.tieWordEmbeddings, c.tieWordEmbeddings);
        QCOMPARE(float(back.config.normEps), float(c.normEps));
        for (const auto& t : w) QVERIFY2(findTensor(back.tensors, t.name)->bytes == t.bytes, t.name.c_str());
    }

    void mistralAndLlama3RoundTrip()
    {
        ModelConfig m = tinyConfig(ModelFamily::Mistral);
        m.slidingWindow = 16;
        m.eosTokenIds = {2, 3};
        const auto w = initWeights(m, 8);
        exportGguf(path("mistral.gguf"), m, viewsOf(w), std::nullopt, {GgufExportOptions{DType::F32, ""}});
        const GgufFile g = GgufFile::open(path("mistral.gguf"));
        QCOMPARE(g.at("general.architecture").asString(), std::string("llama"));
        const ModelWeights back = importGguf(g);
        QCOMPARE(back.config, m);
        for (const auto& t : w) QVERIFY(findTensor(back.tensors, t.name)->bytes == t.bytes);

        ModelConfig l3 = tinyConfig(ModelFamily::Llama);
        l3.ropeTheta = 500000.0;
        l3.ropeScaling = {RopeScalingType::Llama3, 8.0, 1.0, 4.0, 64};
        const auto w3 = initWeights(l3, 8);
        exportGguf(path("llama3.gguf"), l3, viewsOf(w3), std::nullopt, {GgufExportOptions{DType::F32, ""}});
        const GgufFile g3 = GgufFile::open(path("llama3.gguf"));
        const TensorView& freqs = g3.tensor("rope_freqs.weight");
        QCOMPARE(freqs.shape, (std::vector<int64_t>{l3.headDim / 2}));
        const std::vector<float> f = toFloat32(freqs);
        QCOMPARE(f.front(), 1.0f);   // the highest frequency is not scaled
        QCOMPARE(f.back(), 8.0f);    // the lowest is scaled by the factor
        QCOMPARE(importGguf(g3).config, l3);
    }

    // ---- llama2.c ----

    void llama2cImport()
    {
        // dim 8, hidden 16, 1 layer, 2 heads (head size 4), 1 kv head,
        // untied vocab 5, seq 6; every float holds its index in the file.
        const int32_t header[7] = {8, 16, 1, 2, 1, -5, 6};
        const size_t floats = 5 * 8 + 8 + 8 * 8 + 2 * 8 * 4 + 8 * 8 + 8 + 3 * 8 * 16 + 8 + 6 * 4 + 5 * 8;
        std::vector<uint8_t> bytes(28 + floats * 4);
        std::memcpy(bytes.data(), header, 28);
        for (size_t i = 0; i < floats; ++i) {
            const float v = float(i);
            std::memcpy(bytes.data() + 28 + 4 * i, &v, 4);
        }
        const Llama2cCheckpoint ck = Llama2cCheckpoint::parse(bytes, "mini.bin");
        const ModelWeights m = importLlama2c(ck);
        QVERIFY(m.config.family == ModelFamily::Llama);
        QCOMPARE(m.config.hiddenSize, 8);
        QCOMPARE(m.config.numKvHeads, 1);
        QCOMPARE(m.config.intermediateSize, 16);
        QCOMPARE(m.config.maxPositionEmbeddings, 6);
        QVERIFY(!m.config.tieWordEmbeddings);
        checkWeights(m.config, m.views(), "mini.bin");

        // wq starts after embed (40) and the attention norm (8): float 48.
        // HF row h*4 + s*2 + i comes from the .bin's interleaved row h*4 + 2i + s.
        const std::vector<float> q = toFloat32(findTensor(m.tensors, "model.layers.0.self_attn.q_proj.weight")->view());
        const int ggmlRowOf[8] = {0, 2, 1, 3, 4, 6, 5, 7};
        for (int r = 0; r < 8; ++r) QCOMPARE(q[size_t(r * 8)], float(48 + ggmlRowOf[r] * 8));
        // wk (1 kv head of 4 rows) follows wq.
        const std::vector<float> k = toFloat32(findTensor(m.tensors, "model.layers.0.self_attn.k_proj.weight")->view());
        for (int r = 0; r < 4; ++r) QCOMPARE(k[size_t(r * 8)], float(48 + 64 + ggmlRowOf[r] * 8));
        // v is not touched.
        const std::vector<float> v = toFloat32(findTensor(m.tensors, "model.layers.0.self_attn.v_proj.weight")->view());
        QCOMPARE(v[8], float(48 + 64 + 32 + 8));

        // It exports as an HF folder the loaders accept.
        writeHfModel(path("from-llama2c"), m.config, m.views(), {});
        QCOMPARE(loadConfig(path("from-llama2c/config.json")), m.config);
    }
};

QTEST_GUILESS_MAIN(tst_model_export)
#include "tst_model_export.moc"
