// The fused output layer + cross-entropy (core/train/engine/head_loss.h):
// loss and gradients equal LibTorch's linear + cross_entropy at any chunk
// size, ignored rows cost nothing and get zero gradients, and bad shapes are
// an error.
#include "core/train/engine/head_loss.h"

#include "core/data/record.h"
#include "core/train/training_data.h"

#include <QtTest>

#include <torch/torch.h>

namespace {

struct Case {
    at::Tensor hidden, weight, labels;
};

Case makeCase(int64_t N, int64_t C, int64_t V, uint64_t seed)
{
    torch::manual_seed(seed);
    Case c;
    c.hidden = torch::randn({N, C});
    c.weight = torch::randn({V, C}) * 0.3;
    c.labels = torch::randint(0, V, {N}, torch::kInt64);
    for (int64_t i = 0; i < N; i += 3) c.labels[i] = wb::kIgnoreLabel;   // a third are prompt tokens
    return c;
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

} // namespace

class tst_head_loss : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesLinearPlusCrossEntropy_data()
    {
        QTest::addColumn<int>("chunkRows");
        QTest::newRow("auto") << 0;
        QTest::newRow("one row") << 1;
        QTest::newRow("5 rows, ragged end") << 5;
        QTest::newRow("all at once") << 1000;
    }

    void matchesLinearPlusCrossEntropy()
    {
        QFETCH(int, chunkRows);
        const Case c = makeCase(37, 16, 50, 3);
        at::Tensor h1 = c.hidden.clone().requires_grad_(true), w1 = c.weight.clone().requires_grad_(true);
        at::Tensor h2 = c.hidden.clone().requires_grad_(true), w2 = c.weight.clone().requires_grad_(true);
        const at::Tensor reference = torch::nn::functional::cross_entropy(
            torch::linear(h1, w1), c.labels,
            torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum).ignore_index(wb::kIgnoreLabel));
        const at::Tensor fused = wb::headLossSum(h2, w2, c.labels, chunkRows);
        QVERIFY(std::fabs(reference.item<double>() - fused.item<double>()) < 1e-4);
        // backward through a scale, as the trainer divides by the token count
        (reference * 0.37).backward();
        (fused * 0.37).backward();
        QVERIFY2(maxDiff(h1.grad(), h2.grad()) < 1e-6, qPrintable(QString::number(maxDiff(h1.grad(), h2.grad()))));
        QVERIFY2(maxDiff(w1.grad(), w2.grad()) < 1e-6, qPrintable(QString::number(maxDiff(w1.grad(), w2.grad()))));
        // rows without a label get no gradient
        QCOMPARE(h2.grad()[0].abs().sum().item<double>(), 0.0);
    }

    void withoutGradientsOnlyTheLoss()
    {
        const Case c = makeCase(10, 8, 20, 5);
        const at::Tensor reference = torch::nn::functional::cross_entropy(
            torch::linear(c.hidden, c.weight), c.labels,
            torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum).ignore_index(wb::kIgnoreLabel));
        at::Tensor w = c.weight.clone().requires_grad_(true);
        torch::NoGradGuard noGrad;
        const at::Tensor fused = wb::headLossSum(c.hidden, w, c.labels, 3);
        QVERIFY(!fused.requires_grad());
        QVERIFY(std::fabs(reference.item<double>() - fused.item<double>()) < 1e-4);
    }

    void noLabelledRowIsAZeroLoss()
    {
        Case c = makeCase(6, 4, 9, 7);
        c.labels.fill_(wb::kIgnoreLabel);
        at::Tensor h = c.hidden.clone().requires_grad_(true), w = c.weight.clone().requires_grad_(true);
        const at::Tensor loss = wb::headLossSum(h, w, c.labels);
        QCOMPARE(loss.item<double>(), 0.0);
        loss.backward();
        QCOMPARE(h.grad().abs().sum().item<double>(), 0.0);
        QCOMPARE(w.grad().abs().sum().item<double>(), 0.0);
    }

    void shapesThatDoNotFitAreAnError()
    {
        const Case c = makeCase(6, 4, 9, 7);
        for (const auto& [h, w, l] : {std::tuple{c.hidden, c.weight.t(), c.labels},
                                      std::tuple{c.hidden, c.weight, c.labels.slice(0, 0, 5)},
                                      std::tuple{c.hidden.view({-1}), c.weight, c.labels}}) {
            try {
                wb::headLossSum(h, w, l);
                QFAIL("no error");
            } catch (const wb::Error& e) {
                QVERIFY2(QString(e.what()).contains("do not fit together"), e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_head_loss)
#include "tst_head_loss.moc"
