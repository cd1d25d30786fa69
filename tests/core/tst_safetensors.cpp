// safetensors reader/writer: spec layout, round trips, every validation error
// and a mutation loop that must only ever parse or throw wb::Error.
#include "core/data/record.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <filesystem>
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

void writeAll(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// 8-byte little-endian header length, header, data: the spec layout by hand.
QByteArray stFile(const std::string& header, const std::string& data, uint64_t lengthOverride = 0)
{
    const uint64_t n = lengthOverride ? lengthOverride : header.size();
    QByteArray b(reinterpret_cast<const char*>(&n), 8);
    b.append(header.data(), qsizetype(header.size()));
    b.append(data.data(), qsizetype(data.size()));
    return b;
}

std::span<const uint8_t> asSpan(const QByteArray& b)
{
    return {reinterpret_cast<const uint8_t*>(b.constData()), size_t(b.size())};
}

template <typename T>
TensorView viewOf(const std::string& name, DType t, std::vector<int64_t> shape, const std::vector<T>& v)
{
    return {name, t, std::move(shape), reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(T)};
}

} // namespace

class tst_safetensors : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    std::string path(const char* name) const { return tmp_.filePath(name).toStdString(); }

private Q_SLOTS:
    void handMadeFileParses()
    {
        const std::string header = R"({"b":{"dtype":"I16","shape":[2],"data_offsets":[8,12]},)"
                                   R"("a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},)"
                                   R"("__metadata__":{"format":"pt"}}   )";
        float a[2] = {1.5f, -2.0f};
        int16_t b[2] = {7, -3};
        std::string data(reinterpret_cast<const char*>(a), 8);
        data.append(reinterpret_cast<const char*>(b), 4);
        const QByteArray bytes = stFile(header, data);
        auto f = SafetensorsFile::parse(asSpan(bytes), "hand.safetensors");
        QCOMPARE(f.tensors().size(), size_t(2));
        QCOMPARE(f.tensors()[0].name, std::string("a")); // data order
        const TensorView& ta = f.at("a");
        QCOMPARE(ta.dtype, DType::F32);
        QCOMPARE(ta.shape, (std::vector<int64_t>{1, 2}));
        QCOMPARE(ta.nbytes, size_t(8));
        QCOMPARE(toFloat32(ta), (std::vector<float>{1.5f, -2.0f}));
        QCOMPARE(toFloat32(f.at("b")), (std::vector<float>{7, -3}));
        QCOMPARE(f.metadata().at("format"), std::string("pt"));
        QVERIFY(f.find("c") == nullptr);
        QVERIFY(errorOf([&] { f.at("c"); }).find("hand.safetensors") != std::string::npos);
    }

    void writerLayoutMatchesSpec()
    {
        const std::vector<float> v{1.0f, 2.0f};
        writeSafetensors(path("layout.safetensors"), {viewOf("w", DType::F32, {2}, v)});
        const auto bytes = readAll(path("layout.safetensors"));
        const std::string json = R"({"w":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}})";
        const size_t padded = (json.size() + 7) / 8 * 8;
        QCOMPARE(bytes.size(), 8 + padded + 8);
        uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = n << 8 | bytes[size_t(i)]; // little-endian
        QCOMPARE(n, uint64_t(padded));
        const std::string header(bytes.begin() + 8, bytes.begin() + 8 + long(padded));
        QCOMPARE(header, json + std::string(padded - json.size(), ' '));
        const uint8_t expectData[8] = {0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40}; // 1.0f, 2.0f LE
        QVERIFY(std::memcmp(bytes.data() + 8 + padded, expectData, 8) == 0);
        QVERIFY(!std::filesystem::exists(path("layout.safetensors.tmp")));
    }

    void roundTrip()
    {
        const std::vector<float> f32{1, -2.5f, 3.25f, 1e-8f, 6e4f, -0.0f};
        const std::vector<uint16_t> f16{floatToHalf(0.5f), floatToHalf(-1.0f), floatToHalf(3.0f)};
        const std::vector<int64_t> i64{1, -1, int64_t(1) << 40, 0};
        const std::vector<uint8_t> empty;
        const std::vector<TensorView> in{viewOf("layer.0.w", DType::F32, {2, 3}, f32),
                                         viewOf("layer.0.b", DType::F16, {3}, f16),
                                         viewOf("ids", DType::I64, {2, 2}, i64),
                                         viewOf("nothing", DType::U8, {0, 4}, empty)};
        const std::map<std::string, std::string> meta{{"format", "pt"}, {"note", "中文"}};
        writeSafetensors(path("rt.safetensors"), in, meta);
        auto f = SafetensorsFile::open(path("rt.safetensors"));
        QCOMPARE(f.tensors().size(), in.size());
        QCOMPARE(f.metadata(), meta);
        for (const auto& t : in) {
            const TensorView& r = f.at(t.name);
            QCOMPARE(r.dtype, t.dtype);
            QCOMPARE(r.shape, t.shape);
            QCOMPARE(r.nbytes, t.nbytes);
            QVERIFY(t.nbytes == 0 || std::memcmp(r.data, t.data, t.nbytes) == 0);
        }
        // Writing what was read gives the same bytes.
        writeSafetensors(path("rt2.safetensors"), in, meta);
        QCOMPARE(readAll(path("rt2.safetensors")), readAll(path("rt.safetensors")));
        std::vector<TensorView> back(f.tensors().begin(), f.tensors().end());
        writeSafetensors(path("rt3.safetensors"), back, f.metadata());
        auto f3 = SafetensorsFile::open(path("rt3.safetensors"));
        for (const auto& t : in)
            QVERIFY(t.nbytes == 0 || std::memcmp(f3.at(t.name).data, t.data, t.nbytes) == 0);
    }

    void writerRejectsBadTensors()
    {
        const std::vector<float> v{1, 2, 3};
        auto e = errorOf([&] { writeSafetensors(path("bad_w.safetensors"), {viewOf("x", DType::F32, {2}, v)}); });
        QVERIFY(e.find("bad_w.safetensors") != std::string::npos && e.find("'x'") != std::string::npos);
        e = errorOf([&] {
            writeSafetensors(path("bad_w.safetensors"),
                             {viewOf("x", DType::F32, {3}, v), viewOf("x", DType::F32, {3}, v)});
        });
        QVERIFY(e.find("'x'") != std::string::npos);
        QVERIFY(!std::filesystem::exists(path("bad_w.safetensors")));
        QVERIFY(!std::filesystem::exists(path("bad_w.safetensors.tmp")));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("tensor"); // also named in the message ("" for file-level errors)
        QTest::addColumn<QString>("reason");
        const std::string d8(8, '\0');
        auto one = [](const std::string& body) { return "{\"w\":{" + body + "}}"; };
        QTest::newRow("shorter than 8 bytes") << QByteArray("abc") << "" << "shorter than the 8-byte";
        QTest::newRow("header longer than file") << stFile("{}", "", 1000) << "" << "larger than";
        QTest::newRow("header over 100 MB") << stFile("{}", "", 200'000'000) << "" << "exceeds the limit";
        QTest::newRow("not JSON") << stFile("{not json", "") << "" << "not valid JSON";
        QTest::newRow("not an object") << stFile("[1,2]", "") << "" << "not a JSON object";
        QTest::newRow("unknown dtype")
            << stFile(one(R"("dtype":"F99","shape":[2],"data_offsets":[0,8])"), d8) << "w" << "unknown dtype";
        QTest::newRow("missing dtype") << stFile(one(R"("shape":[2],"data_offsets":[0,8])"), d8) << "w"
                                       << "missing \"dtype\"";
        QTest::newRow("dtype not string")
            << stFile(one(R"("dtype":4,"shape":[2],"data_offsets":[0,8])"), d8) << "w" << "not a string";
        QTest::newRow("missing shape") << stFile(one(R"("dtype":"F32","data_offsets":[0,8])"), d8) << "w"
                                       << "missing \"shape\"";
        QTest::newRow("shape not array")
            << stFile(one(R"("dtype":"F32","shape":2,"data_offsets":[0,8])"), d8) << "w" << "not an array";
        QTest::newRow("negative dim")
            << stFile(one(R"("dtype":"F32","shape":[-2],"data_offsets":[0,8])"), d8) << "w" << "negative";
        QTest::newRow("fractional dim")
            << stFile(one(R"("dtype":"F32","shape":[1.5],"data_offsets":[0,8])"), d8) << "w" << "not an integer";
        QTest::newRow("dim product overflows")
            << stFile(one(R"("dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8])"), d8)
            << "w" << "absurd";
        QTest::newRow("dim beyond int64")
            << stFile(one(R"("dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,8])"), d8) << "w"
            << "absurd";
        QTest::newRow("missing data_offsets")
            << stFile(one(R"("dtype":"F32","shape":[2])"), d8) << "w" << "missing \"data_offsets\"";
        QTest::newRow("data_offsets not pair")
            << stFile(one(R"("dtype":"F32","shape":[2],"data_offsets":[0])"), d8) << "w" << "two non-negative";
        QTest::newRow("data_offsets negative")
            << stFile(one(R"("dtype":"F32","shape":[2],"data_offsets":[-8,0])"), d8) << "w" << "two non-negative";
        QTest::newRow("end before begin")
            << stFile(one(R"("dtype":"F32","shape":[2],"data_offsets":[8,0])"), d8) << "w" << "before begin";
        QTest::newRow("outside data section")
            << stFile(one(R"("dtype":"F32","shape":[2],"data_offsets":[8,16])"), d8) << "w" << "outside the data";
        QTest::newRow("size mismatch")
            << stFile(one(R"("dtype":"F32","shape":[3],"data_offsets":[0,8])"), d8) << "w" << "needs 12";
        QTest::newRow("overlap") << stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                           R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                           std::string(12, '\0'))
                                 << "b" << "overlap tensor 'a'";
        QTest::newRow("hole") << stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                        R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                                        std::string(12, '\0'))
                              << "b" << "hole";
        QTest::newRow("trailing bytes")
            << stFile(one(R"("dtype":"F32","shape":[1],"data_offsets":[0,4])"), d8) << "w" << "no tensor covers";
        QTest::newRow("duplicate tensor")
            << stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                      R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                      d8)
            << "a" << "twice";
        QTest::newRow("entry not object") << stFile(R"({"w":[1]})", "") << "w" << "not a JSON object";
        QTest::newRow("metadata not object") << stFile(R"({"__metadata__":[1]})", "") << ""
                                             << "\"__metadata__\" is not an object";
        QTest::newRow("metadata value not string")
            << stFile(R"({"__metadata__":{"epoch":3}})", "") << "epoch" << "not a string";
        QTest::newRow("Q8_0 is not a safetensors dtype")
            << stFile(one(R"("dtype":"Q8_0","shape":[32],"data_offsets":[0,34])"), std::string(34, '\0')) << "w"
            << "unknown dtype";
    }

    void badInput()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, tensor);
        QFETCH(QString, reason);
        const std::string e = errorOf([&] { SafetensorsFile::parse(asSpan(bytes), "bad.safetensors"); });
        QVERIFY2(!e.empty(), "no wb::Error thrown");
        QVERIFY2(e.rfind("bad.safetensors: ", 0) == 0, e.c_str());
        if (!tensor.isEmpty())
            QVERIFY2(e.find("'" + tensor.toStdString() + "'") != std::string::npos, e.c_str());
        QVERIFY2(e.find(reason.toStdString()) != std::string::npos, e.c_str());
    }

    void openMissingFileNamesPath()
    {
        const std::string e = errorOf([&] { SafetensorsFile::open(path("nope.safetensors")); });
        QVERIFY2(e.find("nope.safetensors") != std::string::npos, e.c_str());
    }

    void mutationsParseOrThrow()
    {
        std::vector<float> w(48);
        for (size_t i = 0; i < w.size(); ++i)
            w[i] = float(i) * 0.5f;
        const std::vector<int32_t> ids{1, 2, 3, 4, 5};
        const std::vector<uint16_t> h{1, 2, 3, 4};
        writeSafetensors(path("fuzz.safetensors"),
                         {viewOf("model.w", DType::F32, {6, 8}, w), viewOf("ids", DType::I32, {5}, ids),
                          viewOf("h", DType::BF16, {2, 2}, h)},
                         {{"format", "pt"}});
        const auto valid = readAll(path("fuzz.safetensors"));
        uint64_t headerLen;
        std::memcpy(&headerLen, valid.data(), 8);
        std::mt19937 rng(12345);
        int parsed = 0, rejected = 0;
        for (int iter = 0; iter < 2000; ++iter) {
            std::vector<uint8_t> b = valid;
            const int edits = 1 + int(rng() % 4);
            for (int k = 0; k < edits && !b.empty(); ++k) {
                // Mostly hit the length and header, where the parsing is.
                const size_t span = (rng() % 4 == 0) ? b.size() : std::min(b.size(), size_t(8 + headerLen));
                const size_t at = rng() % span;
                switch (rng() % 6) {
                case 0: b[at] ^= uint8_t(1u << (rng() % 8)); break;
                case 1: b[at] = uint8_t(rng()); break;
                case 2: b.resize(at); break;
                case 3: b.insert(b.begin() + long(at), uint8_t(rng())); break;
                case 4: b.erase(b.begin() + long(at)); break;
                case 5: b[at] = uint8_t("{}[]\",:0123456789-e. "[rng() % 21]); break;
                }
            }
            try {
                auto f = SafetensorsFile::parse(b, "fuzz.safetensors");
                for (const auto& t : f.tensors()) {
                    QVERIFY(t.data >= b.data() && t.data + t.nbytes <= b.data() + b.size());
                    QCOMPARE(uint64_t(t.nbytes), *tensorBytes(t.dtype, t.shape));
                }
                ++parsed;
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).rfind("fuzz.safetensors: ", 0) == 0);
                ++rejected;
            }
        }
        qInfo("mutations: %d parsed, %d rejected with wb::Error", parsed, rejected);
        QVERIFY(parsed > 0);
        QVERIFY(rejected > 0);
    }

    void shardedRoundTrip()
    {
        const std::string dir = tmp_.filePath("sharded").toStdString();
        std::filesystem::create_directories(dir);
        std::vector<std::vector<float>> data(5);
        std::vector<TensorView> in;
        for (size_t i = 0; i < data.size(); ++i) {
            data[i].assign(16, float(i) + 0.25f);
            in.push_back(viewOf("layers." + std::to_string(i) + ".w", DType::F32, {4, 4}, data[i]));
        }
        const std::string index = writeShardedSafetensors(dir, in, 128, {{"format", "pt"}}); // 2 tensors a shard
        auto byDir = ShardedCheckpoint::open(dir);
        QCOMPARE(byDir.shards().size(), size_t(3));
        QCOMPARE(byDir.tensors().size(), in.size());
        for (const auto& t : in) {
            const TensorView& r = byDir.at(t.name);
            QCOMPARE(r.shape, t.shape);
            QVERIFY(std::memcmp(r.data, t.data, t.nbytes) == 0);
        }
        auto byIndex = ShardedCheckpoint::open(index);
        QCOMPARE(byIndex.tensors().size(), in.size());
        QVERIFY(errorOf([&] { byIndex.at("missing"); }).find("'missing'") != std::string::npos);

        // A directory with just model.safetensors is a one-shard checkpoint.
        const std::string single = tmp_.filePath("single").toStdString();
        std::filesystem::create_directories(single);
        writeSafetensors(single + "/model.safetensors", in);
        QCOMPARE(ShardedCheckpoint::open(single).tensors().size(), in.size());
    }

    void shardedErrors()
    {
        const std::string dir = tmp_.filePath("sharded_bad").toStdString();
        std::filesystem::create_directories(dir);
        const std::vector<float> v(4, 1.0f);
        writeSafetensors(dir + "/a.safetensors", {viewOf("x", DType::F32, {4}, v)});
        const std::string index = dir + "/model.safetensors.index.json";

        writeAll(index, R"({"weight_map":{"x":"a.safetensors","ghost":"a.safetensors"}})");
        std::string e = errorOf([&] { ShardedCheckpoint::open(dir); });
        QVERIFY2(e.find("'ghost'") != std::string::npos && e.find("a.safetensors") != std::string::npos, e.c_str());

        writeAll(index, R"({"weight_map":{"x":"a.safetensors","y":"b.safetensors"}})");
        e = errorOf([&] { ShardedCheckpoint::open(dir); });
        QVERIFY2(e.find("b.safetensors") != std::string::npos && e.find("'y'") != std::string::npos, e.c_str());

        writeAll(index, R"({"weight_map":{"x":3}})");
        e = errorOf([&] { ShardedCheckpoint::open(index); });
        QVERIFY2(e.find("index.json") != std::string::npos && e.find("'x'") != std::string::npos, e.c_str());

        writeAll(index, R"({"weight_map":)");
        QVERIFY(errorOf([&] { ShardedCheckpoint::open(index); }).find("not valid JSON") != std::string::npos);
        QVERIFY(!errorOf([&] { ShardedCheckpoint::open(tmp_.filePath("empty_dir_missing").toStdString()); }).empty());
    }
};

QTEST_GUILESS_MAIN(tst_safetensors)
#include "tst_safetensors.moc"
