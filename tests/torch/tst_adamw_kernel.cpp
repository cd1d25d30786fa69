// The trainer's AdamW kernel (core/train/engine/adamw_kernel.h): the AVX2
// path is bit-identical to the scalar loop at every length, and three steps
// agree with LibTorch's own torch::optim::AdamW.
#include "core/train/engine/adamw_kernel.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

namespace {

std::vector<float> randomFloats(size_t n, float scale, uint32_t seed)
{
    std::mt19937 gen(seed);
    std::normal_distribution<float> d(0.0f, scale);
    std::vector<float> v(n);
    for (float& x : v) x = d(gen);
    return v;
}

// The trainer's step constants for update t (1-based).
wb::AdamwStep stepConstants(double lr, double beta1, double beta2, double eps, double decay, int t)
{
    wb::AdamwStep s;
    s.beta1 = float(beta1);
    s.beta2 = float(beta2);
    s.eps = float(eps);
    s.bias2Sqrt = float(std::sqrt(1.0 - std::pow(beta2, t)));
    s.stepSize = float(lr) / float(1.0 - std::pow(beta1, t));
    s.decay = float(1.0 - lr * decay);
    return s;
}

} // namespace

class tst_adamw_kernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simdEqualsScalar_data()
    {
        QTest::addColumn<int>("n");
        for (int n : {0, 1, 7, 8, 9, 23, 1000, 4099}) QTest::newRow(qPrintable(QString("n=%1").arg(n))) << n;
    }

    void simdEqualsScalar()
    {
        QFETCH(int, n);
        std::vector<float> p[2], m[2], v[2];
        for (int k = 0; k < 2; ++k) {
            p[k] = randomFloats(size_t(n), 0.02f, 1);
            m[k].assign(size_t(n), 0.0f);
            v[k].assign(size_t(n), 0.0f);
        }
        for (int t = 1; t <= 3; ++t) {
            std::vector<float> grad = randomFloats(size_t(n), 1e-3f, 10 + t);
            if (n > 2) grad[1] = 0.0f;   // a zero gradient: the update is 0 / eps-sized
            wb::AdamwStep s = stepConstants(3e-4, 0.9, 0.95, 1e-8, 0.1, t);
            s.gradScale = 0.37f;
            for (int k = 0; k < 2; ++k)
                wb::adamwUpdate(s, p[k].data(), grad.data(), m[k].data(), v[k].data(), n, /*simd=*/k == 0);
        }
        QVERIFY(std::memcmp(p[0].data(), p[1].data(), size_t(n) * sizeof(float)) == 0);
        QVERIFY(std::memcmp(m[0].data(), m[1].data(), size_t(n) * sizeof(float)) == 0);
        QVERIFY(std::memcmp(v[0].data(), v[1].data(), size_t(n) * sizeof(float)) == 0);
    }

    void matchesLibTorchsAdamW()
    {
        const int n = 1003;
        const double lr = 1e-2, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, decay = 0.1;
        std::vector<float> p = randomFloats(n, 0.5f, 2), m(n, 0.0f), v(n, 0.0f);
        torch::Tensor ref = torch::from_blob(p.data(), {n}, torch::kFloat32).clone().requires_grad_(true);
        torch::optim::AdamW opt({ref}, torch::optim::AdamWOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(decay));
        for (int t = 1; t <= 3; ++t) {
            std::vector<float> grad = randomFloats(n, 0.1f, 20 + t);
            ref.mutable_grad() = torch::from_blob(grad.data(), {n}, torch::kFloat32).clone();
            opt.step();
            wb::adamwUpdate(stepConstants(lr, beta1, beta2, eps, decay, t), p.data(), grad.data(), m.data(), v.data(), n);
        }
        const float* r = ref.data_ptr<float>();
        double worst = 0;
        for (int i = 0; i < n; ++i) worst = std::max(worst, double(std::fabs(p[i] - r[i])));
        qInfo("max |ours - torch::optim::AdamW| = %g", worst);
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        QVERIFY(std::fabs(p[0] - randomFloats(1, 0.5f, 2)[0]) > 1e-3);   // it moved: three steps of about lr
    }
};

QTEST_GUILESS_MAIN(tst_adamw_kernel)
#include "tst_adamw_kernel.moc"
