// The batch-1 fast decode path (core/nn/fast_decode.*): its logits equal the
// LibTorch path at every step of a greedy decode (fp32 and bf16, GPT-2, Llama,
// Qwen2, a sliding window), they do not depend on the thread count or on a
// concurrent step, and the scalar kernels equal the AVX2 ones (and a double
// reference) on random data of odd sizes.
#include "common/model_fixtures.h"
#include "core/nn/causal_lm.h"
#include "core/nn/fast_decode.h"
#include "core/runtime/threads.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <thread>

using namespace wb;
using namespace wb::fastdecode;

namespace {

int argmax(const std::vector<float>& v)
{
    return int(std::max_element(v.begin(), v.end()) - v.begin());
}

float maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    float m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
    return m;
}

float maxAbs(const std::vector<float>& a)
{
    float m = 0;
    for (float x : a) m = std::max(m, std::abs(x));
    return m;
}

// Runs `ids` through the LibTorch path (WB_DECODE_PATH=torch) or the fast path.
std::vector<float> stepWith(CausalLM& model, KvCache& cache, const std::vector<int>& ids, const char* path)
{
    qputenv("WB_DECODE_PATH", path);
    std::vector<float> out = model.step(ids, cache);
    qunsetenv("WB_DECODE_PATH");
    return out;
}

// A copy of tiny-llama as a Mistral model with a sliding window of 5 tokens.
std::string slidingWindowFixture(const QTemporaryDir& tmp)
{
    namespace fs = std::filesystem;
    const fs::path src = fixtureDir("tiny-llama"), dst = fs::path(tmp.path().toStdString()) / "tiny-mistral";
    if (fs::exists(dst / "config.json")) return dst.string();
    fs::create_directories(dst);
    fs::copy_file(src / "model.safetensors", dst / "model.safetensors");
    std::ifstream in(src / "config.json");
    std::string config((std::istreambuf_iterator<char>(in)), {});
    const auto at = config.find("\"llama\"");
    config.replace(at, 7, "\"mistral\", \"sliding_window\": 5");
    std::ofstream(dst / "config.json") << config;
    return dst.string();
}

uint16_t toBf16Bits(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, 4);
    return uint16_t(u >> 16);
}

float fromBf16Bits(uint16_t b)
{
    const uint32_t u = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// Random weights in fp32 and (the same values truncated) in bf16.
struct RandomMatrix {
    std::vector<float> f32;
    std::vector<uint16_t> bf16;
    int64_t rows, cols;
    RandomMatrix(int64_t r, int64_t c, std::mt19937& rng) : rows(r), cols(c)
    {
        std::normal_distribution<float> d;
        for (int64_t i = 0; i < r * c; ++i) {
            bf16.push_back(toBf16Bits(d(rng)));
            f32.push_back(fromBf16Bits(bf16.back()));
        }
    }
    Matrix view(bool asBf16) const
    {
        return Matrix{asBf16 ? static_cast<const void*>(bf16.data()) : f32.data(), asBf16, rows, cols};
    }
};

std::vector<float> randomVector(int64_t n, std::mt19937& rng, float scale = 1.f)
{
    std::normal_distribution<float> d(0.f, scale);
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = d(rng);
    return v;
}

// |a - ref| <= tol * scale elementwise, with a message naming the first miss.
void expectClose(const float* a, const std::vector<double>& ref, const std::vector<double>& scale, double tol,
                 const char* what)
{
    for (size_t i = 0; i < ref.size(); ++i)
        if (!(std::abs(a[i] - ref[i]) <= tol * scale[i]))
            QFAIL(qPrintable(QString("%1: element %2: %3 vs reference %4").arg(what).arg(i).arg(a[i]).arg(ref[i])));
}

} // namespace

class tst_fast_decode : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        // One LibTorch thread keeps the LibTorch side fast on a busy machine;
        // the thread-count test below runs the fast path's pool on 2 threads
        // (also on a 1-core machine) and checks it equals the 1-thread path.
        configureComputeThreads(1);
    }
    void cleanup() { qunsetenv("WB_DECODE_PATH"); }

    void fastEqualsTorch_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("bf16");
        QTest::addColumn<QString>("path");   // fast path kernels: "best" or "scalar"
        for (const char* f : {"tiny-gpt2", "tiny-llama", "tiny-qwen2", "tiny-chat", "sliding-window"}) {
            QTest::newRow(qPrintable(QString("%1 f32").arg(f))) << QString(f) << false << QString("best");
            QTest::newRow(qPrintable(QString("%1 f32 scalar").arg(f))) << QString(f) << false << QString("scalar");
            QTest::newRow(qPrintable(QString("%1 bf16").arg(f))) << QString(f) << true << QString("best");
        }
    }
    // Both paths decode the same 30 tokens from one prompt, each into its own
    // cache; the logits must agree at every step, which also checks the keys
    // and values the fast path stored.
    //
    // fp32: within 1e-4 plus 2e-5 of the largest logit. Both paths round in
    // fp32 but sum in different orders, and fp32's own error grows with the
    // size of the logits: on tiny-chat (logits up to 14) LibTorch's fp32
    // forward is up to 1.3e-4 away from a float64 forward, and at one step
    // LibTorch is 7e-5 and the fast path 1.2e-4 away in opposite directions,
    // so no summation order stays within a flat 1e-4 of LibTorch there. The
    // other fixtures agree to a few 1e-6.
    //
    // bf16: both paths round every matmul input to bf16 and accumulate in
    // fp32, but LibTorch also rounds every matmul output to bf16 (up to 2^-9
    // relative per value) where the fast path keeps fp32; on tiny-chat that
    // moves LibTorch's logits by up to 1.3 (of 13) from the exact bf16-weight
    // model, the fast path's by 0.3. So the reference is the fp32 model fed
    // the same tokens: the fast path's bf16 error must be at most 1.5x
    // LibTorch's own bf16 error, hence the two bf16 paths differ by at most
    // 2.5x LibTorch's error (both plus 1e-3). A missing bias, a wrong rotation
    // or a wrong cache position moves logits by their own size and fails.
    void fastEqualsTorch()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, bf16);
        QFETCH(QString, path);
        const std::string dir = fixture == "sliding-window" ? slidingWindowFixture(tmp_) : fixtureDir(fixture.toStdString());
        LoadOptions options;
        options.dtype = bf16 ? ComputeDType::BF16 : ComputeDType::F32;
        auto model = CausalLM::load(dir, options);
        auto reference = CausalLM::load(dir);   // fp32, LibTorch path
        if (fixture == "sliding-window") QCOMPARE(model->config().slidingWindow.value_or(0), 5);
        const int steps = 30;
        const std::vector<int> prompt = {3, 17};
        auto fastCache = model->newCache(int(prompt.size()) + steps);
        auto torchCache = model->newCache(int(prompt.size()) + steps);
        auto referenceCache = reference->newCache(int(prompt.size()) + steps);
        // Prefill through LibTorch for all three.
        std::vector<float> fast = stepWith(*model, *fastCache, prompt, "torch");
        std::vector<float> torch = stepWith(*model, *torchCache, prompt, "torch");
        std::vector<float> exact = stepWith(*reference, *referenceCache, prompt, "torch");
        const QByteArray fastPath = path.toUtf8();
        float worst = 0, range = 0, fastError = 0, torchError = 0;
        for (int n = 0; n < steps; ++n) {
            const int next = argmax(exact);
            torch = stepWith(*model, *torchCache, {next}, "torch");
            fast = stepWith(*model, *fastCache, {next}, fastPath.constData());
            exact = stepWith(*reference, *referenceCache, {next}, "torch");
            QCOMPARE(fast.size(), torch.size());
            const float diff = maxAbsDiff(fast, torch);
            range = std::max(range, maxAbs(torch));
            worst = std::max(worst, diff);
            fastError = std::max(fastError, maxAbsDiff(fast, exact));
            torchError = std::max(torchError, maxAbsDiff(torch, exact));
            if (!bf16) {
                const float tolerance = 1e-4f + 2e-5f * maxAbs(torch);
                QVERIFY2(diff <= tolerance,
                         qPrintable(QString("step %1: max |fast - torch| = %2 > %3").arg(n).arg(diff).arg(tolerance)));
                QCOMPARE(argmax(fast), argmax(torch));
            }
        }
        QCOMPARE(fastCache->length(), int(prompt.size()) + steps);
        if (bf16) {
            QVERIFY2(fastError <= 1.5f * torchError + 1e-3f,
                     qPrintable(QString("bf16 error: fast %1, LibTorch %2").arg(fastError).arg(torchError)));
            QVERIFY2(worst <= 2.5f * torchError + 1e-3f,
                     qPrintable(QString("max |fast - torch| = %1, LibTorch's bf16 error %2").arg(worst).arg(torchError)));
        }
        qInfo("%s: max |fast - torch| %.3g, largest logit %.3g; error against fp32: fast %.3g, LibTorch %.3g",
              qPrintable(QTest::currentDataTag()), worst, range, fastError, torchError);
    }

    // Splits are on fixed boundaries, so every value is computed the same way
    // whatever the thread count; a step that finds the pool busy (a second
    // thread on the same model) runs on its own thread and agrees too.
    void threadCountAndConcurrencyDoNotChangeLogits_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("bf16");
        for (const char* f : {"tiny-gpt2", "tiny-chat"}) {
            QTest::newRow(qPrintable(QString("%1 f32").arg(f))) << QString(f) << false;
            QTest::newRow(qPrintable(QString("%1 bf16").arg(f))) << QString(f) << true;
        }
    }
    void threadCountAndConcurrencyDoNotChangeLogits()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, bf16);
        LoadOptions options;
        options.dtype = bf16 ? ComputeDType::BF16 : ComputeDType::F32;
        auto model = CausalLM::load(fixtureDir(fixture.toStdString()), options);
        const std::vector<int> tokens = {3, 17, 42, 5, 11, 60, 2, 9};
        const auto decode = [&](std::vector<std::vector<float>>& out) {
            auto cache = model->newCache(int(tokens.size()) + 1);
            model->step({1}, *cache);
            for (int t : tokens) out.push_back(model->step({t}, *cache));
        };
        std::vector<std::vector<float>> one, two, three, a, b;
        configureComputeThreads(1);
        decode(one);
        configureComputeThreads(3);   // uneven splits
        decode(three);
        configureComputeThreads(2);
        decode(two);
        std::thread other([&] { decode(b); });
        decode(a);
        other.join();
        configureComputeThreads(1);
        for (size_t n = 0; n < tokens.size(); ++n) {
            QVERIFY2(one[n] == two[n] && one[n] == three[n], qPrintable(QString("step %1: 1, 2, 3 threads").arg(n)));
            QVERIFY2(a[n] == two[n] && b[n] == two[n], qPrintable(QString("step %1: concurrent steps").arg(n)));
        }
    }

    void roundToBf16TiesToEven()
    {
        std::vector<float> x = {1.00390625f,     // 1 + 2^-8: halfway, to even 1
                                1.01171875f,     // 1 + 3 * 2^-8: halfway, to even 1 + 2^-6
                                1.0040f,         // above halfway: up to 1 + 2^-7
                                -2.5f, 0.f, std::numeric_limits<float>::infinity()};
        roundToBf16(x.data(), int64_t(x.size()));
        QCOMPARE(x[0], 1.f);
        QCOMPARE(x[1], 1.015625f);
        QCOMPARE(x[2], 1.0078125f);
        QCOMPARE(x[3], -2.5f);
        QCOMPARE(x[4], 0.f);
        QVERIFY(std::isinf(x[5]));
    }

    // ---- kernels: scalar and AVX2 against a double reference ----

    void kernels_data()
    {
        QTest::addColumn<int>("set");
        QTest::newRow("scalar") << int(KernelSet::Scalar);
        QTest::newRow("avx2") << int(KernelSet::Avx2);
    }

    void kernels()
    {
        QFETCH(int, set);
        if (KernelSet(set) == KernelSet::Avx2 && !avx2Available()) QSKIP("this CPU has no AVX2/FMA");
        const Kernels& k = fastdecode::kernels(KernelSet(set));
        std::mt19937 rng(7);

        // dotRows: y[r] = W[r, :] . x (+ b) over a sub-range of rows.
        for (const bool asBf16 : {false, true})
            for (const int64_t rows : {1, 5, 37})
                for (const int64_t cols : {1, 7, 8, 15, 16, 17, 33, 100, 771}) {
                    const RandomMatrix w(rows, cols, rng);
                    const std::vector<float> x = randomVector(cols, rng), bias = randomVector(rows, rng);
                    const int64_t r0 = rows > 2 ? 1 : 0, r1 = rows;
                    for (const bool withBias : {false, true}) {
                        std::vector<float> y(size_t(r1 - r0), -1.f);
                        k.dotRows(w.view(asBf16), x.data(), withBias ? bias.data() : nullptr, y.data(), r0, r1);
                        std::vector<double> ref, scale;
                        for (int64_t r = r0; r < r1; ++r) {
                            double s = withBias ? bias[r] : 0, a = std::abs(s);
                            for (int64_t c = 0; c < cols; ++c) {
                                s += double(w.f32[r * cols + c]) * x[c];
                                a += std::abs(double(w.f32[r * cols + c]) * x[c]);
                            }
                            ref.push_back(s);
                            scale.push_back(a + 1e-6);
                        }
                        expectClose(y.data(), ref, scale, 1e-5,
                                    qPrintable(QString("dotRows bf16=%1 %2x%3").arg(asBf16).arg(rows).arg(cols)));
                    }
                }

        // axpyCols: y[c] = sum_i x[i] W[i, c] (+ b) over a sub-range of columns.
        for (const bool asBf16 : {false, true})
            for (const int64_t in : {1, 3, 5, 9, 67})
                for (const int64_t out : {1, 7, 15, 16, 17, 40, 131}) {
                    const RandomMatrix w(in, out, rng);
                    const std::vector<float> x = randomVector(in, rng), bias = randomVector(out, rng);
                    for (const auto& [c0, c1] : {std::pair<int64_t, int64_t>{0, out}, {out / 3, out}, {0, (out + 1) / 2}}) {
                        if (c0 >= c1) continue;
                        std::vector<float> y(size_t(c1 - c0), -1.f);
                        k.axpyCols(w.view(asBf16), x.data(), bias.data(), y.data(), c0, c1);
                        std::vector<double> ref, scale;
                        for (int64_t c = c0; c < c1; ++c) {
                            double s = bias[c], a = std::abs(s);
                            for (int64_t i = 0; i < in; ++i) {
                                s += double(w.f32[i * out + c]) * x[i];
                                a += std::abs(double(w.f32[i * out + c]) * x[i]);
                            }
                            ref.push_back(s);
                            scale.push_back(a + 1e-6);
                        }
                        expectClose(y.data(), ref, scale, 1e-5,
                                    qPrintable(QString("axpyCols bf16=%1 %2x%3 [%4,%5)")
                                                   .arg(asBf16).arg(in).arg(out).arg(c0).arg(c1)));
                    }
                }

        // Norms and activations, elementwise.
        for (const int64_t n : {1, 7, 8, 9, 31, 768}) {
            const std::vector<float> x = randomVector(n, rng, 3.f), w = randomVector(n, rng), b = randomVector(n, rng);
            std::vector<float> out(static_cast<size_t>(n));
            double mean = 0, var = 0, squares = 0;
            for (float v : x) mean += v;
            mean /= double(n);
            for (float v : x) {
                var += (v - mean) * (v - mean);
                squares += double(v) * v;
            }
            const double rstd = 1 / std::sqrt(var / double(n) + 1e-5), rms = 1 / std::sqrt(squares / double(n) + 1e-6);
            std::vector<double> ref, scale;
            k.layerNorm(x.data(), w.data(), b.data(), 1e-5f, n, out.data());
            for (int64_t i = 0; i < n; ++i) {
                ref.push_back((x[i] - mean) * rstd * w[i] + b[i]);
                scale.push_back(std::abs((x[i] - mean) * rstd * w[i]) + std::abs(b[i]) + 1e-3);
            }
            expectClose(out.data(), ref, scale, 1e-5, qPrintable(QString("layerNorm n=%1").arg(n)));
            ref.clear();
            scale.clear();
            k.rmsNorm(x.data(), w.data(), 1e-6f, n, out.data());
            for (int64_t i = 0; i < n; ++i) {
                ref.push_back(x[i] * rms * w[i]);
                scale.push_back(std::abs(x[i] * rms * w[i]) + 1e-6);
            }
            expectClose(out.data(), ref, scale, 1e-5, qPrintable(QString("rmsNorm n=%1").arg(n)));
        }
        for (const int64_t n : {1, 7, 8, 9, 100}) {
            std::vector<float> x = randomVector(n, rng, 4.f), up = randomVector(n, rng);
            x[0] = n > 1 ? 95.f : -95.f;   // far in the tails: exp is clamped there
            if (n > 2) x[1] = -95.f;
            std::vector<double> ref, scale;
            std::vector<float> g = x;
            k.geluTanh(g.data(), n);
            for (float v : x) {
                ref.push_back(0.5 * v * (1 + std::tanh(std::sqrt(2 / std::numbers::pi) * (v + 0.044715 * double(v) * v * v))));
                scale.push_back(std::abs(v) + 1e-3);
            }
            expectClose(g.data(), ref, scale, 2e-6, qPrintable(QString("geluTanh n=%1").arg(n)));
            ref.clear();
            scale.clear();
            g = x;
            k.siluMul(g.data(), up.data(), n);
            for (int64_t i = 0; i < n; ++i) {
                ref.push_back(x[i] / (1 + std::exp(-double(x[i]))) * up[i]);
                scale.push_back(std::abs(x[i] * up[i]) + 1e-3);
            }
            expectClose(g.data(), ref, scale, 2e-6, qPrintable(QString("siluMul n=%1").arg(n)));
        }

        // attendHead: softmax(q.k * scale) . v over rows j0 .. j1-1.
        for (const int64_t D : {1, 8, 13, 64})
            for (const auto& [j0, j1] : {std::pair<int64_t, int64_t>{0, 1}, {0, 7}, {2, 11}, {5, 38}}) {
                const std::vector<float> q = randomVector(D, rng), keys = randomVector(j1 * D, rng),
                                         values = randomVector(j1 * D, rng);
                const float scale = 1.f / std::sqrt(float(D));
                std::vector<float> scores(size_t(j1 - j0)), out(size_t(D), -1.f);
                k.attendHead(q.data(), keys.data(), values.data(), j0, j1, D, scale, scores.data(), out.data());
                std::vector<double> p;
                double top = -1e300, total = 0;
                for (int64_t j = j0; j < j1; ++j) {
                    double s = 0;
                    for (int64_t d = 0; d < D; ++d) s += double(q[d]) * keys[j * D + d];
                    p.push_back(s * scale);
                    top = std::max(top, p.back());
                }
                for (double& v : p) total += (v = std::exp(v - top));
                std::vector<double> ref(size_t(D), 0.0), mag(size_t(D), 1e-6);
                for (int64_t j = j0; j < j1; ++j)
                    for (int64_t d = 0; d < D; ++d) {
                        ref[d] += p[j - j0] / total * values[j * D + d];
                        mag[d] += p[j - j0] / total * std::abs(values[j * D + d]);
                    }
                expectClose(out.data(), ref, mag, 1e-5,
                            qPrintable(QString("attendHead D=%1 [%2,%3)").arg(D).arg(j0).arg(j1)));
            }
    }

    // The two sets against each other on the same data, at a size like GPT-2's.
    void scalarEqualsAvx2()
    {
        if (!avx2Available()) QSKIP("this CPU has no AVX2/FMA");
        const Kernels& s = fastdecode::kernels(KernelSet::Scalar);
        const Kernels& a = fastdecode::kernels(KernelSet::Avx2);
        std::mt19937 rng(11);
        for (const bool asBf16 : {false, true}) {
            const RandomMatrix w(203, 771, rng);   // odd in both directions
            const std::vector<float> x = randomVector(771, rng), xi = randomVector(203, rng), b = randomVector(771, rng);
            std::vector<float> ys(203), ya(203);
            s.dotRows(w.view(asBf16), x.data(), b.data(), ys.data(), 0, 203);
            a.dotRows(w.view(asBf16), x.data(), b.data(), ya.data(), 0, 203);
            QVERIFY2(maxAbsDiff(ys, ya) <= 1e-4f * (1 + maxAbs(ys)), qPrintable(QString::number(maxAbsDiff(ys, ya))));
            std::vector<float> zs(771 - 19), za(771 - 19);
            s.axpyCols(w.view(asBf16), xi.data(), b.data(), zs.data(), 19, 771);
            a.axpyCols(w.view(asBf16), xi.data(), b.data(), za.data(), 19, 771);
            QVERIFY2(maxAbsDiff(zs, za) <= 1e-4f * (1 + maxAbs(zs)), qPrintable(QString::number(maxAbsDiff(zs, za))));
        }
    }
};

QTEST_GUILESS_MAIN(tst_fast_decode)
#include "tst_fast_decode.moc"
