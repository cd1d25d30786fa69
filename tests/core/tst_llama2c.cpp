// llama2.c legacy checkpoint reader: names, shapes and values against a file
// written here in run.c's order, tied/untied classifier, bad headers, truncation.
#include "core/data/record.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/llama2c.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace wb;

namespace {

// dim 8, hidden 12, 2 layers, 2 heads (head size 4), 1 kv head, vocab 5, seq 4.
constexpr int32_t kDim = 8, kHidden = 12, kLayers = 2, kHeads = 2, kKv = 1, kVocab = 5, kSeq = 4;
constexpr int kHeadSize = kDim / kHeads;

// Every float holds its own index in the weight stream, so a value says where
// a view starts.
std::vector<uint8_t> makeCheckpoint(bool tied)
{
    const int32_t h[7] = {kDim, kHidden, kLayers, kHeads, kKv, tied ? kVocab : -kVocab, kSeq};
    const size_t floats = size_t(kVocab * kDim + kLayers * kDim + kLayers * kDim * kDim +
                                 2 * kLayers * kDim * kKv * kHeadSize + kLayers * kDim * kDim + kLayers * kDim +
                                 3 * kLayers * kDim * kHidden + kDim + kSeq * kHeadSize + (tied ? 0 : kVocab * kDim));
    std::vector<uint8_t> b(28 + floats * 4);
    std::memcpy(b.data(), h, 28);
    for (size_t i = 0; i < floats; ++i) {
        const float v = float(i);
        std::memcpy(b.data() + 28 + i * 4, &v, 4);
    }
    return b;
}

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

float first(const TensorView& t)
{
    float v;
    std::memcpy(&v, t.data, 4);
    return v;
}

} // namespace

class tst_llama2c : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tiedNamesShapesValues()
    {
        const auto bytes = makeCheckpoint(true);
        auto ck = Llama2cCheckpoint::parse(bytes, "tiny.bin");
        const Llama2cConfig& c = ck.config();
        QCOMPARE(c.dim, kDim);
        QCOMPARE(c.hiddenDim, kHidden);
        QCOMPARE(c.nLayers, kLayers);
        QCOMPARE(c.nHeads, kHeads);
        QCOMPARE(c.nKvHeads, kKv);
        QCOMPARE(c.vocabSize, kVocab);
        QCOMPARE(c.seqLen, kSeq);
        QVERIFY(c.tiedEmbeddings);
        QCOMPARE(ck.tensors().size(), size_t(1 + 9 * kLayers + 1));
        QVERIFY(ck.find("lm_head.weight") == nullptr);

        // Offsets (in floats) of each run.c array.
        const int embed = 0, attnNorm = embed + kVocab * kDim, wq = attnNorm + kLayers * kDim;
        const int wk = wq + kLayers * kDim * kDim, wv = wk + kLayers * kDim * kHeadSize;
        const int wo = wv + kLayers * kDim * kHeadSize, ffnNorm = wo + kLayers * kDim * kDim;
        const int w1 = ffnNorm + kLayers * kDim, w2 = w1 + kLayers * kDim * kHidden;
        const int w3 = w2 + kLayers * kHidden * kDim, norm = w3 + kLayers * kDim * kHidden;

        struct Want {
            std::string name;
            std::vector<int64_t> shape;
            int offset;
        };
        const std::vector<Want> wants{
            {"model.embed_tokens.weight", {kVocab, kDim}, embed},
            {"model.layers.0.input_layernorm.weight", {kDim}, attnNorm},
            {"model.layers.1.input_layernorm.weight", {kDim}, attnNorm + kDim},
            {"model.layers.0.self_attn.q_proj.weight", {kDim, kDim}, wq},
            {"model.layers.1.self_attn.q_proj.weight", {kDim, kDim}, wq + kDim * kDim},
            {"model.layers.1.self_attn.k_proj.weight", {kKv * kHeadSize, kDim}, wk + kDim * kHeadSize},
            {"model.layers.1.self_attn.v_proj.weight", {kKv * kHeadSize, kDim}, wv + kDim * kHeadSize},
            {"model.layers.1.self_attn.o_proj.weight", {kDim, kDim}, wo + kDim * kDim},
            {"model.layers.1.post_attention_layernorm.weight", {kDim}, ffnNorm + kDim},
            {"model.layers.1.mlp.gate_proj.weight", {kHidden, kDim}, w1 + kDim * kHidden},
            {"model.layers.1.mlp.down_proj.weight", {kDim, kHidden}, w2 + kDim * kHidden},
            {"model.layers.1.mlp.up_proj.weight", {kHidden, kDim}, w3 + kDim * kHidden},
            {"model.norm.weight", {kDim}, norm},
        };
        for (const auto& w : wants) {
            const TensorView& t = ck.at(w.name);
            QCOMPARE(t.dtype, DType::F32);
            QCOMPARE(t.shape, w.shape);
            QCOMPARE(uint64_t(t.nbytes), *tensorBytes(DType::F32, w.shape));
            QCOMPARE(first(t), float(w.offset));
            const auto all = toFloat32(t);
            QCOMPARE(all.back(), float(w.offset + int(all.size()) - 1)); // contiguous
        }
        QVERIFY(errorOf([&] { ck.at("nope"); }).find("tiny.bin") != std::string::npos);
    }

    void untiedHasLmHead()
    {
        const auto bytes = makeCheckpoint(false);
        auto ck = Llama2cCheckpoint::parse(bytes, "untied.bin");
        QVERIFY(!ck.config().tiedEmbeddings);
        QCOMPARE(ck.config().vocabSize, kVocab);
        const TensorView& head = ck.at("lm_head.weight");
        QCOMPARE(head.shape, (std::vector<int64_t>{kVocab, kDim}));
        // lm_head follows model.norm and the skipped freq_cis tables.
        const float normStart = first(ck.at("model.norm.weight"));
        QCOMPARE(first(head), normStart + kDim + kSeq * kHeadSize);
        QCOMPARE(head.data + head.nbytes, bytes.data() + bytes.size());
    }

    void openFromDisk()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("stories.bin").toStdString();
        const auto bytes = makeCheckpoint(true);
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
        auto ck = Llama2cCheckpoint::open(path);
        QCOMPARE(first(ck.at("model.embed_tokens.weight")), 0.0f);
        QCOMPARE(Llama2cCheckpoint::expectedBytes(ck.config()), uint64_t(bytes.size()));
        QVERIFY(errorOf([&] { Llama2cCheckpoint::open(path + ".missing"); }).find("stories.bin.missing") !=
                std::string::npos);
    }

    void truncatedOrTrailing()
    {
        auto bytes = makeCheckpoint(false);
        const size_t full = bytes.size();
        bytes.resize(full - 4);
        std::string e = errorOf([&] { Llama2cCheckpoint::parse(bytes, "cut.bin"); });
        QVERIFY2(e.find("cut.bin: truncated") == 0, e.c_str());
        QVERIFY2(e.find("expected " + std::to_string(full)) != std::string::npos, e.c_str());
        QVERIFY2(e.find("file has " + std::to_string(full - 4)) != std::string::npos, e.c_str());
        bytes.resize(full + 1);
        e = errorOf([&] { Llama2cCheckpoint::parse(bytes, "long.bin"); });
        QVERIFY2(e.find("trailing data") != std::string::npos, e.c_str());
        bytes.resize(10);
        e = errorOf([&] { Llama2cCheckpoint::parse(bytes, "tiny.bin"); });
        QVERIFY2(e.find("tiny.bin: truncated") == 0, e.c_str());
    }

    void absurdHeader_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<int>("value");
        QTest::addColumn<QString>("name");
        QTest::newRow("dim zero") << 0 << 0 << "dim";
        QTest::newRow("dim huge") << 0 << (1 << 30) << "dim";
        QTest::newRow("hidden negative") << 1 << -5 << "hidden_dim";
        QTest::newRow("layers huge") << 2 << 1000000000 << "n_layers";
        QTest::newRow("heads not dividing dim") << 3 << 3 << "n_heads";
        QTest::newRow("kv heads > heads") << 4 << 4 << "n_kv_heads";
        QTest::newRow("vocab zero") << 5 << 0 << "vocab_size";
        QTest::newRow("vocab int min") << 5 << INT32_MIN << "vocab_size";
        QTest::newRow("seq len negative") << 6 << -1 << "seq_len";
    }

    void absurdHeader()
    {
        QFETCH(int, field);
        QFETCH(int, value);
        QFETCH(QString, name);
        auto bytes = makeCheckpoint(true);
        const int32_t v = value;
        std::memcpy(bytes.data() + field * 4, &v, 4);
        const std::string e = errorOf([&] { Llama2cCheckpoint::parse(bytes, "bad.bin"); });
        QVERIFY2(e.find("bad.bin: header field " + name.toStdString() + " ") == 0, e.c_str());
    }

    void versionedExportRejected()
    {
        auto bytes = makeCheckpoint(true);
        std::memcpy(bytes.data(), "ak42", 4);
        QVERIFY(errorOf([&] { Llama2cCheckpoint::parse(bytes, "v1.bin"); }).find("ak42") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(tst_llama2c)
#include "tst_llama2c.moc"
