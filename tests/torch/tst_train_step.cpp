// Optimizer steps: the loss falls on a tiny corpus; 2 micro-batches of 1 row
// equal 1 batch of 2 rows; a NaN loss or gradient skips the step and leaves
// the weights alone; saving and loading the trainer continues bit for bit;
// the learning-rate schedule's reference values.
#include "tst_train_fixtures.h"

#include "core/train/engine/trainable_model.h"
#include "core/train/engine/trainer.h"
#include "core/train/lr_schedule.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

namespace {

wb::PackedRow row(const std::vector<int>& ids)
{
    wb::TokenSequence s;
    s.ids = ids;
    s.trained.assign(ids.size(), 1);
    return wb::packSequences({s}, {int(ids.size()), true, true}).front();
}

std::vector<float> allTrainable(const wb::TrainableModel& m)
{
    std::vector<float> all;
    for (const std::string& n : m.trainableNames()) {
        const auto v = m.tensorValues(n);
        all.insert(all.end(), v.begin(), v.end());
    }
    return all;
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    double m = 0;
    for (size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
    return a.size() == b.size() ? m : INFINITY;
}

} // namespace

class tst_train_step : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossDecreasesOnTinyCorpus_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("lora");
        QTest::newRow("llama full") << "tiny-llama" << false;
        QTest::newRow("gpt2 full") << "tiny-gpt2" << false;
        QTest::newRow("llama lora") << "tiny-llama" << true;
    }

    void lossDecreasesOnTinyCorpus()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, lora);
        wb::TrainableModel::seedGlobalRng(1);   // LoRA dropout: the same masks every run
        auto m = wb::TrainableModel::load(fixtureDir(fixture.toStdString()));
        if (lora) {
            wb::LoraConfig l;
            l.rank = 8;
            l.alpha = 32;
            l.targetModules = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
            m->addLora(l, 3);
        }
        // Two repeating patterns: easy to learn.
        const wb::PackedRow a = row({1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8});
        const wb::PackedRow b = row({9, 8, 7, 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2});
        const wb::Batch batch = wb::makeBatch({&a, &b});
        wb::TrainConfig c;
        c.learningRate = lora ? 1e-2 : 3e-3;
        c.warmupSteps = 3;
        const int steps = 40;
        wb::Trainer t(*m, c, steps);
        const double first = m->loss(batch);
        double last = first;
        for (int s = 0; s < steps; ++s) {
            const wb::StepResult r = t.step({batch});
            QVERIFY(!r.skipped);
            QCOMPARE(r.step, int64_t(s + 1));
            QCOMPARE(r.trainedTokens, int64_t(30));
            last = r.loss;
        }
        const double after = m->loss(batch);
        qInfo("%s%s: loss %.4f -> %.4f (last step %.4f)", qPrintable(fixture), lora ? " lora" : "", first, after, last);
        QVERIFY2(after < 0.5 * first, qPrintable(QString("%1 -> %2").arg(first).arg(after)));
        QCOMPARE(t.stepsDone(), int64_t(steps));
    }

    void gradientAccumulationEquivalence_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::newRow("llama") << "tiny-llama";
        QTest::newRow("gpt2") << "tiny-gpt2";
    }

    void gradientAccumulationEquivalence()
    {
        QFETCH(QString, fixture);
        // Rows of different lengths: padding in the 2-row batch must not matter.
        const wb::PackedRow r0 = row({3, 14, 15, 9, 26, 5, 35, 8, 9, 7});
        const wb::PackedRow r1 = row({2, 7, 18, 28, 18, 28, 4});
        wb::TrainConfig c;
        c.learningRate = 1e-2;
        c.maxGradNorm = 0.5;   // clipping sees the whole step's gradient either way
        // A large epsilon makes AdamW's update proportional to the gradient, so
        // this compares gradients; with 1e-8 Adam turns rounding noise in
        // near-zero gradients (different summation order) into full-size steps.
        c.adamEpsilon = 1.0;
        std::vector<std::vector<float>> after;
        std::vector<double> losses, norms;
        for (bool accumulate : {false, true}) {
            auto m = wb::TrainableModel::load(fixtureDir(fixture.toStdString()));
            wb::Trainer t(*m, c, 10);
            wb::StepResult r;
            for (int s = 0; s < 2; ++s) {
                if (accumulate) r = t.step({wb::makeBatch({&r0}), wb::makeBatch({&r1})});   // 2 x 1
                else r = t.step({wb::makeBatch({&r0, &r1})});                               // 1 x 2
            }
            losses.push_back(r.loss);
            norms.push_back(r.gradNorm);
            after.push_back(allTrainable(*m));
        }
        QVERIFY2(std::fabs(losses[0] - losses[1]) < 1e-5, qPrintable(QString("%1 vs %2").arg(losses[0]).arg(losses[1])));
        QVERIFY(std::fabs(norms[0] - norms[1]) < 1e-4 * norms[0]);
        const double diff = maxAbsDiff(after[0], after[1]);
        qInfo("%s: max param diff %g", qPrintable(fixture), diff);
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
    }

    void nanLossSkipsTheStep()
    {
        auto m = wb::TrainableModel::load(fixtureDir("tiny-llama"));
        // Poison token 13's embedding: batches that contain it have a NaN loss.
        std::vector<float> embed = m->tensorValues("model.embed_tokens.weight");
        const int C = m->config().hiddenSize;
        embed[size_t(13 * C)] = std::numeric_limits<float>::quiet_NaN();
        m->setTensorValues("model.embed_tokens.weight", embed);
        wb::TrainConfig c;
        wb::Trainer t(*m, c, 10);
        const std::vector<float> before = allTrainable(*m);
        const wb::PackedRow bad = row({1, 2, 13, 4, 5});
        const wb::StepResult r = t.step({wb::makeBatch({&bad})});
        QVERIFY(r.skipped);
        QVERIFY(std::isnan(r.loss));
        QCOMPARE(QString::fromStdString(r.problem), QString("loss is nan"));
        QCOMPARE(r.step, int64_t(1));   // the step counts, the data moves on
        const std::vector<float> same = allTrainable(*m);
        QCOMPARE(same.size(), before.size());
        for (size_t i = 0; i < same.size(); ++i)
            QVERIFY(same[i] == before[i] || (std::isnan(same[i]) && std::isnan(before[i])));
        // A clean batch trains (the NaN row is not in its graph), and the next step is normal.
        const wb::PackedRow good = row({1, 2, 3, 4, 5});
        const wb::StepResult ok = t.step({wb::makeBatch({&good})});
        QVERIFY(!ok.skipped);
        QVERIFY(std::isfinite(ok.gradNorm));
    }

    void infiniteGradientSkipsTheStep()
    {
        auto m = wb::TrainableModel::load(fixtureDir("tiny-llama"));
        // A huge final-norm weight: the forward stays finite in fp32 but the gradient overflows.
        std::vector<float> norm = m->tensorValues("model.norm.weight");
        for (float& x : norm) x = 3e37f;
        m->setTensorValues("model.norm.weight", norm);
        wb::TrainConfig c;
        wb::Trainer t(*m, c, 10);
        const wb::PackedRow r0 = row({1, 2, 3, 4, 5});
        const wb::StepResult r = t.step({wb::makeBatch({&r0})});
        QVERIFY(r.skipped);
        QVERIFY2(QString::fromStdString(r.problem).startsWith("loss is") ||
                     QString::fromStdString(r.problem).startsWith("gradient norm is"),
                 r.problem.c_str());
    }

    void saveAndLoadContinuesExactly_data()
    {
        QTest::addColumn<bool>("lora");
        QTest::newRow("full") << false;
        QTest::newRow("lora with dropout") << true;
    }

    void saveAndLoadContinuesExactly()
    {
        QFETCH(bool, lora);
        const std::string dir = fixtureDir("tiny-llama");
        wb::TrainConfig c;
        c.learningRate = 1e-2;
        c.weightDecay = 0.1;
        c.warmupSteps = 2;
        wb::LoraConfig l;
        l.dropout = 0.3;
        const wb::PackedRow r0 = row({3, 14, 15, 9, 26, 5, 35, 8, 9, 7});
        const wb::PackedRow r1 = row({2, 7, 18, 28, 18, 28, 4, 1});
        const std::vector<wb::Batch> batches = {wb::makeBatch({&r0}), wb::makeBatch({&r1})};

        auto make = [&](std::unique_ptr<wb::TrainableModel> m) {
            if (lora) m->addLora(l, 4);
            return m;
        };
        // Uninterrupted: 6 steps.
        wb::TrainableModel::seedGlobalRng(21);
        auto a = make(wb::TrainableModel::load(dir));
        wb::Trainer ta(*a, c, 6);
        std::vector<double> straight;
        QTemporaryDir tmp;
        const std::string ckpt = tmp.path().toStdString();
        for (int s = 0; s < 6; ++s) {
            straight.push_back(ta.step({batches[size_t(s % 2)]}).loss);
            if (s == 2) {   // checkpoint after step 3
                if (lora) a->saveAdapter(ckpt, dir);
                else a->saveModel(ckpt, dir);
                ta.save(ckpt);
            }
        }
        // Resumed: a new model and trainer from the checkpoint, steps 4..6.
        wb::TrainableModel::seedGlobalRng(999);   // whatever it is now, load() restores it
        auto b = lora ? make(wb::TrainableModel::load(dir)) : wb::TrainableModel::load(ckpt);
        if (lora) b->loadAdapter(ckpt);
        wb::Trainer tb(*b, c, 6);
        tb.load(ckpt);
        QCOMPARE(tb.stepsDone(), int64_t(3));
        for (int s = 3; s < 6; ++s) QVERIFY(tb.step({batches[size_t(s % 2)]}).loss == straight[size_t(s)]);   // bit-exact
        QCOMPARE(allTrainable(*b), allTrainable(*a));
    }

    void learningRateSchedule()
    {
        wb::TrainConfig c;
        c.learningRate = 1.0;
        c.minLrRatio = 0.1;
        c.warmupSteps = 4;
        c.schedule = wb::LrSchedule::Cosine;
        // Warmup: (s + 1) / warmup.
        QCOMPARE(wb::learningRateAt(c, 0, 14), 0.25);
        QCOMPARE(wb::learningRateAt(c, 3, 14), 1.0);
        // Cosine from 1.0 at step 4 to 0.1 at the last step (13), 0.55 half way.
        QCOMPARE(wb::learningRateAt(c, 4, 14), 1.0);
        QVERIFY(std::fabs(wb::learningRateAt(c, 13, 14) - 0.1) < 1e-12);
        QVERIFY(std::fabs(wb::learningRateAt(c, 9, 14) - (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * 5.0 / 9.0)))) < 1e-12);
        c.schedule = wb::LrSchedule::Linear;
        QVERIFY(std::fabs(wb::learningRateAt(c, 13, 14) - 0.1) < 1e-12);
        QVERIFY(std::fabs(wb::learningRateAt(c, 7, 14) - (1.0 - 0.9 * 3.0 / 9.0)) < 1e-12);
        c.schedule = wb::LrSchedule::Constant;
        QCOMPARE(wb::learningRateAt(c, 10, 14), 1.0);
    }
};

QTEST_GUILESS_MAIN(tst_train_step)
#include "tst_train_step.moc"
