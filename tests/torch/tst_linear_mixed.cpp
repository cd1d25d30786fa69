// linearMixed(), the matmul of every LibTorch model forward: fp32 weights as
// torch::linear; bf16 weights with the input rounded to bf16, against a
// float64 reference of the same bf16 values (exact products, fp32 sums on a
// CPU without bf16 instructions, where the fp32 GEMM does the work), also for
// a weight large enough to be widened in blocks.
#include "core/nn/attention.h"
#include "core/util/cpu_features.h"

#include <torch/torch.h>

#include <QtTest>

using namespace wb;

namespace {

// max |a - b| / max(1, max |b|)
double relativeError(const at::Tensor& a, const at::Tensor& b)
{
    const double scale = std::max(1.0, b.abs().max().item<double>());
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>() / scale;
}

// (x rounded to bf16) @ W^T + b in float64, W bf16 [out, in].
at::Tensor reference(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b)
{
    at::Tensor y = torch::matmul(x.to(torch::kBFloat16).to(torch::kFloat64), w.to(torch::kFloat64).t());
    return b.defined() ? y + b.to(torch::kFloat64) : y;
}

} // namespace

class tst_linear_mixed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    void fp32IsTorchLinear()
    {
        const at::Tensor x = torch::randn({5, 48}), w = torch::randn({33, 48}), b = torch::randn({33});
        QVERIFY(torch::equal(linearMixed(x, w, b), torch::linear(x, w, b)));
        QVERIFY(torch::equal(linearMixed(x, w), torch::linear(x, w)));
    }

    void bf16MatchesTheBf16Values_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<bool>("bias");
        QTest::newRow("one token") << 96 << 64 << 1 << true;
        QTest::newRow("prompt") << 200 << 96 << 37 << false;
        // 540,000 x 16 = 8.6M elements: widened to fp32 in two blocks.
        QTest::newRow("blocked") << 540000 << 16 << 3 << true;
    }
    void bf16MatchesTheBf16Values()
    {
        QFETCH(int, rows);
        QFETCH(int, in);
        QFETCH(int, tokens);
        QFETCH(bool, bias);
        const at::Tensor x = torch::randn({tokens, in});
        const at::Tensor w = torch::randn({rows, in}).to(torch::kBFloat16);
        const at::Tensor b = bias ? torch::randn({rows}) : at::Tensor();
        const at::Tensor y = linearMixed(x, w, b);
        QCOMPARE(y.scalar_type(), torch::kFloat32);
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{tokens, rows}));
        const double err = relativeError(y, reference(x, w, b));
        // fp32 sums of exact products: a few fp32 ulps. LibTorch's bf16
        // matmul (native bf16 CPUs) rounds the result to bf16: 2^-8.
        const double limit = cpuHasNativeBf16() ? 1.0 / 256 : 1e-5;
        QVERIFY2(err <= limit, qPrintable(QString("relative error %1 > %2").arg(err).arg(limit)));
    }
};

QTEST_GUILESS_MAIN(tst_linear_mixed)
#include "tst_linear_mixed.moc"
