// GGUF v3 writer/reader: metadata and tensor round trips, F16/Q8_0 accuracy,
// dims order, and bad input naming the file and tensor.
#include "core/data/record.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/gguf.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace wb;

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

std::vector<uint8_t> readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TensorView f32View(const std::string& name, std::vector<int64_t> shape, const std::vector<float>& v)
{
    return {name, DType::F32, std::move(shape), reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4};
}

std::vector<float> randomValues(size_t n, unsigned seed, float scale)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, scale);
    std::vector<float> v(n);
    for (auto& x : v)
        x = dist(rng);
    return v;
}

} // namespace

class tst_gguf : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    std::string path(const char* name) const { return tmp_.filePath(name).toStdString(); }

    // A small model: embeddings [64, 32], a norm [32], a projection [48, 64].
    std::vector<float> embed_ = randomValues(64 * 32, 1, 0.02f);
    std::vector<float> norm_ = randomValues(32, 2, 1.0f);
    std::vector<float> proj_ = randomValues(48 * 64, 3, 3.0f);

    std::string writeModel(const char* name, DType bigType)
    {
        const std::vector<GgufKV> kvs{
            {"general.architecture", GgufValue::str("llama")},
            {"general.name", GgufValue::str("小模型 tiny")},
            {"llama.block_count", GgufValue::u32(2)},
            {"llama.context_length", GgufValue::u64(4096)},
            {"llama.rope.freq_base", GgufValue::f32(10000.5f)},
            {"test.offset", GgufValue::i32(-7)},
            {"test.big", GgufValue::i64(-(int64_t(1) << 40))},
            {"test.ratio", GgufValue::f64(0.125)},
            {"test.flag", GgufValue::boolean(true)},
            {"tokenizer.ggml.tokens", GgufValue::strings({"<unk>", "<s>", "</s>", "▁the", ""})},
            {"tokenizer.ggml.scores", GgufValue::floats({0.0f, -1.5f, -2.5f, 3.0f, 0.0f})},
            {"tokenizer.ggml.token_type", GgufValue::ints({2, 3, 3, 1, 1})},
        };
        const std::string p = path(name);
        writeGguf(p, kvs,
                  {{f32View("token_embd.weight", {64, 32}, embed_), bigType},
                   {f32View("output_norm.weight", {32}, norm_), DType::F32},
                   {f32View("blk.0.ffn_up.weight", {48, 64}, proj_), bigType}});
        return p;
    }

private Q_SLOTS:
    void metadataRoundTrip()
    {
        auto f = GgufFile::open(writeModel("meta.gguf", DType::F32));
        QCOMPARE(f.version(), 3u);
        QCOMPARE(f.alignment(), uint64_t(32));
        QCOMPARE(f.metadata().size(), size_t(12));
        QCOMPARE(f.metadata()[0].first, std::string("general.architecture")); // file order kept
        QCOMPARE(f.at("general.architecture").asString(), std::string("llama"));
        QCOMPARE(f.at("general.name").asString(), std::string("小模型 tiny"));
        QCOMPARE(f.at("llama.block_count").type, GgufType::Uint32);
        QCOMPARE(f.at("llama.block_count").asInt(), int64_t(2));
        QCOMPARE(f.at("llama.context_length").type, GgufType::Uint64);
        QCOMPARE(f.at("llama.context_length").asInt(), int64_t(4096));
        QCOMPARE(f.at("llama.rope.freq_base").type, GgufType::Float32);
        QCOMPARE(f.at("llama.rope.freq_base").asFloat(), 10000.5);
        QCOMPARE(f.at("test.offset").asInt(), int64_t(-7));
        QCOMPARE(f.at("test.big").asInt(), -(int64_t(1) << 40));
        QCOMPARE(f.at("test.ratio").asFloat(), 0.125);
        QVERIFY(f.at("test.flag").asBool());
        QCOMPARE(f.at("tokenizer.ggml.tokens").asStrings(),
                 (std::vector<std::string>{"<unk>", "<s>", "</s>", "▁the", ""}));
        const GgufArray& scores = f.at("tokenizer.ggml.scores").asArray();
        QCOMPARE(scores.elemType, GgufType::Float32);
        QCOMPARE(scores.items[2].asFloat(), -2.5);
        QCOMPARE(f.at("tokenizer.ggml.token_type").asArray().items[0].asInt(), int64_t(2));
        QVERIFY(f.find("missing") == nullptr);
        QVERIFY(!errorOf([&] { f.at("general.name").asInt(); }).empty());
    }

    void f32TensorsExactAndDimsOrder()
    {
        const std::string p = writeModel("f32.gguf", DType::F32);
        auto f = GgufFile::open(p);
        QCOMPARE(f.tensors().size(), size_t(3));
        const TensorView& e = f.tensor("token_embd.weight");
        QCOMPARE(e.dtype, DType::F32);
        QCOMPARE(e.shape, (std::vector<int64_t>{64, 32}));
        QCOMPARE(toFloat32(e), embed_);
        QCOMPARE(toFloat32(f.tensor("output_norm.weight")), norm_);

        // On disk the dims are GGML order (innermost first): ne = [32, 64].
        const auto bytes = readAll(p);
        const std::string name = "token_embd.weight";
        auto it = std::search(bytes.begin(), bytes.end(), name.begin(), name.end());
        QVERIFY(it != bytes.end());
        const size_t at = size_t(it - bytes.begin()) + name.size();
        uint32_t nDims;
        uint64_t ne[2];
        std::memcpy(&nDims, bytes.data() + at, 4);
        std::memcpy(ne, bytes.data() + at + 4, 16);
        QCOMPARE(nDims, 2u);
        QCOMPARE(ne[0], uint64_t(32));
        QCOMPARE(ne[1], uint64_t(64));
        // Data offsets are aligned to 32 bytes from the file start too (the data section is aligned).
        for (const auto& t : f.tensors())
            QCOMPARE((t.data - f.tensors()[0].data) % 32, ptrdiff_t(0));
        QCOMPARE(bytes.size() % 32, size_t(0));
        QCOMPARE(std::memcmp(bytes.data(), "GGUF", 4), 0);
    }

    void f16WithinHalfPrecision()
    {
        auto f = GgufFile::open(writeModel("f16.gguf", DType::F16));
        const TensorView& t = f.tensor("blk.0.ffn_up.weight");
        QCOMPARE(t.dtype, DType::F16);
        QCOMPARE(t.shape, (std::vector<int64_t>{48, 64}));
        const auto back = toFloat32(t);
        for (size_t i = 0; i < back.size(); ++i)
            QVERIFY2(std::fabs(back[i] - proj_[i]) <= std::fabs(proj_[i]) * 0x1p-11f + 0x1p-25f,
                     qPrintable(QString::number(i)));
        QCOMPARE(f.tensor("output_norm.weight").dtype, DType::F32);
    }

    void q8WithinBlockScale()
    {
        auto f = GgufFile::open(writeModel("q8.gguf", DType::Q8_0));
        for (const auto& [name, src] : {std::pair{"token_embd.weight", &embed_}, {"blk.0.ffn_up.weight", &proj_}}) {
            const TensorView& t = f.tensor(name);
            QCOMPARE(t.dtype, DType::Q8_0);
            QCOMPARE(t.nbytes, src->size() / 32 * 34);
            const auto back = toFloat32(t);
            QCOMPARE(back.size(), src->size());
            double worst = 0;
            for (size_t b = 0; b < src->size() / 32; ++b) {
                float amax = 0;
                for (size_t i = 0; i < 32; ++i)
                    amax = std::max(amax, std::fabs((*src)[b * 32 + i]));
                for (size_t i = 0; i < 32; ++i) {
                    const double err = std::fabs(back[b * 32 + i] - (*src)[b * 32 + i]);
                    QVERIFY(err <= amax / 127.0f);
                    worst = std::max(worst, err / (amax / 127.0));
                }
            }
            QVERIFY(worst > 0.3); // really quantised, not stored exactly
        }
        // Reference values: one block of 0..31 has d = 31/127, q = round(x * 127 / 31).
        std::vector<float> ramp(32);
        for (int i = 0; i < 32; ++i)
            ramp[size_t(i)] = float(i);
        const auto q = quantizeQ8_0(ramp);
        QCOMPARE(halfToFloat(uint16_t(q[0] | q[1] << 8)), halfToFloat(floatToHalf(31.0f / 127.0f)));
        QCOMPARE(int8_t(q[2 + 31]), int8_t(127));
        QCOMPARE(int8_t(q[2 + 10]), int8_t(std::lround(10 * 127.0 / 31.0)));
    }

    void writerErrors()
    {
        std::vector<float> v(40, 1.0f);
        std::string e = errorOf([&] { writeGguf(path("bad.gguf"), {}, {{f32View("odd", {40}, v), DType::Q8_0}}); });
        QVERIFY2(e.find("bad.gguf") != std::string::npos && e.find("'odd'") != std::string::npos, e.c_str());
        e = errorOf([&] {
            writeGguf(path("bad.gguf"), {{"general.alignment", GgufValue::u32(24)}}, {});
        });
        QVERIFY2(e.find("power of two") != std::string::npos, e.c_str());
        QVERIFY(!QFile::exists(tmp_.filePath("bad.gguf")));
    }

    void customAlignment()
    {
        std::vector<float> v(3, 2.0f), w(5, 3.0f);
        writeGguf(path("al.gguf"), {{"general.alignment", GgufValue::u32(64)}},
                  {{f32View("a", {3}, v), DType::F32}, {f32View("b", {5}, w), DType::F32}});
        auto f = GgufFile::open(path("al.gguf"));
        QCOMPARE(f.alignment(), uint64_t(64));
        QCOMPARE(f.tensor("b").data - f.tensor("a").data, ptrdiff_t(64));
        QCOMPARE(toFloat32(f.tensor("b")), w);
    }

    void badInput_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expect");
        QTest::newRow("bad magic") << 0 << "bad magic";
        QTest::newRow("bad version") << 1 << "version 7";
        QTest::newRow("truncated header") << 2 << "truncated";
        QTest::newRow("truncated data") << 3 << "'blk.0.ffn_up.weight'";
        QTest::newRow("offset out of range") << 4 << "'output_norm.weight'";
        QTest::newRow("offset misaligned") << 5 << "'output_norm.weight'";
        QTest::newRow("huge tensor count") << 6 << "tensor count";
        QTest::newRow("unknown ggml type") << 7 << "unsupported ggml type";
        QTest::newRow("too many dims") << 8 << "n_dims";
    }

    void badInput()
    {
        QFETCH(int, kind);
        QFETCH(QString, expect);
        auto b = readAll(writeModel("src.gguf", DType::F32));
        auto infoOf = [&](const std::string& name) {
            auto it = std::search(b.begin(), b.end(), name.begin(), name.end());
            return size_t(it - b.begin()) + name.size(); // n_dims follows the name
        };
        const size_t norm = infoOf("output_norm.weight"); // 1 dim: n_dims, ne0, type, offset
        switch (kind) {
        case 0: b[0] = 'X'; break;
        case 1: b[4] = 7; break;
        case 2: b.resize(100); break;
        case 3: b.resize(b.size() - 100); break;
        case 4: { const uint64_t off = uint64_t(1) << 40; std::memcpy(&b[norm + 16], &off, 8); break; }
        case 5: { uint64_t off; std::memcpy(&off, &b[norm + 16], 8); off += 4; std::memcpy(&b[norm + 16], &off, 8); break; }
        case 6: { const uint64_t n = uint64_t(1) << 60; std::memcpy(&b[8], &n, 8); break; }
        case 7: { const uint32_t t = 2; std::memcpy(&b[norm + 12], &t, 4); break; }
        case 8: { const uint32_t n = 9; std::memcpy(&b[norm], &n, 4); break; }
        }
        const std::string e = errorOf([&] { GgufFile::parse(b, "broken.gguf"); });
        QVERIFY2(e.rfind("broken.gguf: ", 0) == 0, e.c_str());
        QVERIFY2(e.find(expect.toStdString()) != std::string::npos, e.c_str());
    }

    void mutationsParseOrThrow()
    {
        const auto valid = readAll(writeModel("fuzz.gguf", DType::Q8_0));
        std::mt19937 rng(7);
        int parsed = 0, rejected = 0;
        for (int iter = 0; iter < 2000; ++iter) {
            auto b = valid;
            for (int k = 0, n = 1 + int(rng() % 3); k < n && !b.empty(); ++k) {
                const size_t at = rng() % std::min(b.size(), size_t(700)); // the header and infos
                switch (rng() % 4) {
                case 0: b[at] ^= uint8_t(1u << (rng() % 8)); break;
                case 1: b[at] = uint8_t(rng()); break;
                case 2: b.resize(rng() % b.size()); break;
                case 3: b[at] = 0xff; break;
                }
            }
            try {
                auto f = GgufFile::parse(b, "fuzz.gguf");
                for (const auto& t : f.tensors())
                    QVERIFY(t.data >= b.data() && t.data + t.nbytes <= b.data() + b.size());
                ++parsed;
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).rfind("fuzz.gguf: ", 0) == 0);
                ++rejected;
            }
        }
        qInfo("mutations: %d parsed, %d rejected with wb::Error", parsed, rejected);
        QVERIFY(parsed > 0 && rejected > 0);
    }

    void halfConversionReferenceValues()
    {
        QCOMPARE(floatToHalf(1.0f), uint16_t(0x3c00));
        QCOMPARE(floatToHalf(-2.0f), uint16_t(0xc000));
        QCOMPARE(floatToHalf(65504.0f), uint16_t(0x7bff));
        QCOMPARE(floatToHalf(65520.0f), uint16_t(0x7c00));
        QCOMPARE(floatToHalf(0x1p-24f), uint16_t(0x0001));
        QCOMPARE(floatToHalf(1.0f + 0x1p-11f), uint16_t(0x3c00)); // tie to even
        QCOMPARE(floatToHalf(1.0f + 0x1p-11f + 0x1p-20f), uint16_t(0x3c01));
        QCOMPARE(halfToFloat(0x3555), 0.333251953125f);
        QCOMPARE(halfToFloat(0x0001), 0x1p-24f);
        QCOMPARE(bf16ToFloat(floatToBf16(1.5f)), 1.5f);
    }
};

QTEST_GUILESS_MAIN(tst_gguf)
#include "tst_gguf.moc"
