// Projections on data with a known structure: PCA against scikit-learn and
// between its exact and randomized solvers, Gaussian clusters kept apart by
// PCA, UMAP and t-SNE, the same seed giving the same layout bit for bit
// whatever the thread count, trustworthiness against scikit-learn, cancel,
// and errors naming the row or the field.
#include "common/error_of.h"
#include "core/data/record.h"
#include "core/projection/knn.h"
#include "core/projection/parallel.h"
#include "core/projection/pca.h"
#include "core/projection/projection.h"
#include "core/projection/umap.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace wb;

namespace {

struct Points {
    int64_t n = 0;
    int dim = 0;
    std::vector<float> x;      // [n, dim]
    std::vector<int> label;    // [n]
};

// `clusters` Gaussian blobs with centres drawn at `scale` and unit spread.
Points blobs(int clusters, int perCluster, int dim, double scale, uint64_t seed)
{
    proj::Rng rng(seed);
    std::vector<double> centres(size_t(clusters) * dim);
    for (double& c : centres)
        c = scale * rng.gaussian();
    Points p;
    p.n = int64_t(clusters) * perCluster;
    p.dim = dim;
    for (int64_t i = 0; i < p.n; ++i) {
        const int c = int(i % clusters);
        p.label.push_back(c);
        for (int j = 0; j < dim; ++j)
            p.x.push_back(float(centres[size_t(c) * dim + j] + rng.gaussian()));
    }
    return p;
}

// Mean share of each point's 10 nearest layout neighbours with its label.
double labelPurity(const Points& p, const std::vector<float>& xy)
{
    const int k = 10;
    double total = 0;
    for (int64_t i = 0; i < p.n; ++i) {
        std::vector<std::pair<float, int64_t>> d;
        for (int64_t j = 0; j < p.n; ++j)
            if (j != i) {
                const float dx = xy[size_t(i) * 2] - xy[size_t(j) * 2];
                const float dy = xy[size_t(i) * 2 + 1] - xy[size_t(j) * 2 + 1];
                d.emplace_back(dx * dx + dy * dy, j);
            }
        std::partial_sort(d.begin(), d.begin() + k, d.end());
        int same = 0;
        for (int t = 0; t < k; ++t)
            same += p.label[size_t(d[size_t(t)].second)] == p.label[size_t(i)];
        total += double(same) / k;
    }
    return total / double(p.n);
}

nlohmann::json reference()
{
    const QString path = qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data")
                         + "/projection/reference.json";
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return nlohmann::json::parse(f.readAll().toStdString());
}

std::vector<float> floats(const nlohmann::json& a)
{
    std::vector<float> v;
    for (const auto& x : a)
        v.push_back(x.get<float>());
    return v;
}

ProjectionParams paramsFor(ProjectionMethod m)
{
    ProjectionParams p;
    p.method = m;
    p.iterations = 500;   // t-SNE: enough for well separated blobs, keeps the test fast
    return p;
}

} // namespace

class tst_projection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void methodNames()
    {
        for (auto m : {ProjectionMethod::Pca, ProjectionMethod::Umap, ProjectionMethod::Tsne,
                       ProjectionMethod::Imported})
            QVERIFY(projectionMethodFromString(toString(m)) == m);
        QVERIFY(errorOf([] { projectionMethodFromString("mds"); }).contains("mds"));
    }

    void cacheKeyFollowsRelevantParameters()
    {
        ProjectionParams a;
        ProjectionParams b = a;
        b.threads = 7;           // never changes a layout
        b.perplexity = 5;        // a t-SNE parameter: not part of a UMAP key
        QCOMPARE(a.cacheKey(), b.cacheKey());
        b.minDist = 0.25;
        QVERIFY(a.cacheKey() != b.cacheKey());
        b = a;
        b.seed = 43;
        QVERIFY(a.cacheKey() != b.cacheKey());
        b = a;
        b.method = ProjectionMethod::Tsne;
        QVERIFY(a.cacheKey() != b.cacheKey());
        QVERIFY(QString::fromStdString(b.cacheKey()).startsWith("tsne"));
    }

    void pcaMatchesScikitLearn()
    {
        const auto ref = reference()["pca"];
        const std::vector<float> x = floats(ref["x"]);
        const int n = ref["rows"], dim = ref["dim"];
        for (auto solver : {PcaSolver::Exact, PcaSolver::Randomized}) {
            PcaOptions o;
            o.solver = solver;
            o.powerIterations = 6;
            const PcaResult r = pca(x.data(), n, dim, o);
            QCOMPARE(r.exact, solver == PcaSolver::Exact);
            for (int k = 0; k < 2; ++k) {
                const double want = ref["explained_variance"][size_t(k)];
                QVERIFY2(std::abs(r.explainedVariance[size_t(k)] - want) < 1e-6 * want,
                         qPrintable(QString("component %1: %2 vs %3").arg(k).arg(r.explainedVariance[size_t(k)])
                                        .arg(want)));
                const double ratio = ref["explained_variance_ratio"][size_t(k)];
                QVERIFY(std::abs(r.explainedVariance[size_t(k)] / r.totalVariance - ratio) < 1e-6);
                // Components up to sign.
                double dot = 0;
                for (int j = 0; j < dim; ++j)
                    dot += r.axes[size_t(k) * dim + j] * ref["components"][size_t(k * dim + j)].get<double>();
                QVERIFY2(std::abs(std::abs(dot) - 1) < 1e-7, qPrintable(QString::number(dot, 'g', 12)));
            }
            for (int j = 0; j < dim; ++j)
                QVERIFY(std::abs(r.mean[size_t(j)] - ref["mean"][size_t(j)].get<double>()) < 1e-5);
            // The projection is the centred data on the axes.
            double p0 = 0;
            for (int j = 0; j < dim; ++j)
                p0 += (x[size_t(j)] - r.mean[size_t(j)]) * r.axes[size_t(j)];
            QVERIFY(std::abs(r.projected[0] - p0) < 1e-4);
        }
    }

    void randomizedPcaAgreesWithExact()
    {
        const Points p = blobs(7, 300, 48, 3.0, 11);
        PcaOptions o;
        o.solver = PcaSolver::Exact;
        const PcaResult exact = pca(p.x.data(), p.n, p.dim, o);
        o.solver = PcaSolver::Randomized;
        const PcaResult fast = pca(p.x.data(), p.n, p.dim, o);
        for (int k = 0; k < 2; ++k) {
            QVERIFY(std::abs(fast.explainedVariance[size_t(k)] / exact.explainedVariance[size_t(k)] - 1) < 1e-4);
            double dot = 0;
            for (int j = 0; j < p.dim; ++j)
                dot += fast.axes[size_t(k) * p.dim + j] * exact.axes[size_t(k) * p.dim + j];
            QVERIFY2(dot > 0.9999, qPrintable(QString::number(dot)));   // same sign rule too
        }
    }

    void symmetricEigenOfKnownMatrix()
    {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1) and (1, -1) / sqrt 2.
        std::vector<double> values, vectors;
        proj::symmetricEigen({2, 1, 1, 2}, 2, values, vectors);
        QVERIFY(std::abs(values[0] - 3) < 1e-12 && std::abs(values[1] - 1) < 1e-12);
        QVERIFY(std::abs(std::abs(vectors[0]) - std::sqrt(0.5)) < 1e-12);
        QVERIFY(std::abs(vectors[0] - vectors[2]) < 1e-12);   // (1, 1) direction
    }

    void umapCurveFit()
    {
        // umap-learn's find_ab_params(1.0, 0.1) and (1.0, 0.5).
        double a = 0, b = 0;
        proj::fitAb(0.1, a, b);
        QVERIFY2(std::abs(a - 1.5769) < 2e-3 && std::abs(b - 0.8951) < 2e-3, qPrintable(QString("%1 %2").arg(a).arg(b)));
        proj::fitAb(0.5, a, b);
        QVERIFY2(std::abs(a - 0.5830) < 2e-3 && std::abs(b - 1.3341) < 2e-3, qPrintable(QString("%1 %2").arg(a).arg(b)));
    }

    void clustersStaySeparated_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<double>("minTrust");
        QTest::newRow("pca") << int(ProjectionMethod::Pca) << 0.75;
        QTest::newRow("umap") << int(ProjectionMethod::Umap) << 0.9;
        QTest::newRow("tsne") << int(ProjectionMethod::Tsne) << 0.9;
    }
    void clustersStaySeparated()
    {
        QFETCH(int, method);
        QFETCH(double, minTrust);
        const auto m = ProjectionMethod(method);
        // PCA can only separate what lies along the top axes: four blobs in a
        // plane of large spread; the non-linear methods get eight blobs at
        // random places in 24-d.
        const Points p = m == ProjectionMethod::Pca ? blobs(4, 150, 24, 6.0, 5) : blobs(8, 80, 24, 2.0, 5);
        const Layout l = project(p.x.data(), p.n, p.dim, paramsFor(m));
        QVERIFY(!l.cancelled);
        QCOMPARE(l.xy.size(), size_t(p.n) * 2);
        const double purity = labelPurity(p, l.xy);
        QVERIFY2(purity > 0.95, qPrintable(QString::number(purity)));
        const double t = trustworthiness(p.x.data(), p.n, p.dim, l.xy.data(), 10);
        QVERIFY2(t > minTrust, qPrintable(QString::number(t)));
    }

    void sameSeedSameLayout_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("pca") << int(ProjectionMethod::Pca);
        QTest::newRow("umap") << int(ProjectionMethod::Umap);
        QTest::newRow("tsne") << int(ProjectionMethod::Tsne);
    }
    void sameSeedSameLayout()
    {
        QFETCH(int, method);
        const Points p = blobs(5, 60, 16, 2.0, 9);
        ProjectionParams params = paramsFor(ProjectionMethod(method));
        params.epochs = 100;
        params.iterations = 300;
        params.threads = 1;
        const Layout one = project(p.x.data(), p.n, p.dim, params);
        params.threads = 3;
        const Layout three = project(p.x.data(), p.n, p.dim, params);
        QCOMPARE(one.xy.size(), three.xy.size());
        QVERIFY(std::memcmp(one.xy.data(), three.xy.data(), one.xy.size() * sizeof(float)) == 0);
        // PCA and t-SNE (PCA start, exact below 20,000 points) use no random
        // numbers on small sets; UMAP's negative samples follow the seed.
        if (params.method == ProjectionMethod::Umap) {
            params.seed = 7;
            const Layout other = project(p.x.data(), p.n, p.dim, params);
            QVERIFY(std::memcmp(one.xy.data(), other.xy.data(), one.xy.size() * sizeof(float)) != 0);
        }
    }

    void hnswPathAboveExactLimit()
    {
        // Above 4096 points the kNN graph comes from hnswlib: still deterministic.
        const Points p = blobs(6, 700, 12, 2.0, 3);
        ProjectionParams params;
        params.epochs = 30;
        params.threads = 1;
        const Layout a = project(p.x.data(), p.n, p.dim, params);
        params.threads = 2;
        const Layout b = project(p.x.data(), p.n, p.dim, params);
        QVERIFY(std::memcmp(a.xy.data(), b.xy.data(), a.xy.size() * sizeof(float)) == 0);
        const double t = trustworthiness(p.x.data(), p.n, p.dim, a.xy.data(), 10, 500);
        QVERIFY2(t > 0.85, qPrintable(QString::number(t)));
    }

    void shardedKnnFindsTheTrueNeighbours()
    {
        // From kShardedKnnFrom points the graph is split into shards built side
        // by side: the neighbours must not depend on the thread count, and
        // must be nearly the exact ones.
        const Points p = blobs(8, int(proj::kShardedKnnFrom / 8) + 50, 16, 3.0, 11);
        QVERIFY(p.n >= proj::kShardedKnnFrom);
        const int k = 10;
        proj::KnnGraph one, two;
        QVERIFY(proj::nearestNeighbors(p.x.data(), p.n, p.dim, k, 1, 5, one));
        QVERIFY(proj::nearestNeighbors(p.x.data(), p.n, p.dim, k, 2, 5, two));
        QVERIFY(one.index == two.index);
        QVERIFY(one.distance == two.distance);
        int found = 0, total = 0;
        for (int64_t i = 0; i < p.n; i += 97) {   // brute force on a sample of rows
            std::vector<std::pair<double, int32_t>> all;
            for (int64_t j = 0; j < p.n; ++j) {
                if (j == i)
                    continue;
                double d = 0;
                for (int c = 0; c < p.dim; ++c) {
                    const double diff = double(p.x[size_t(i * p.dim + c)]) - p.x[size_t(j * p.dim + c)];
                    d += diff * diff;
                }
                all.emplace_back(d, int32_t(j));
            }
            std::partial_sort(all.begin(), all.begin() + k, all.end());
            for (int a = 0; a < k; ++a) {
                const int32_t* row = one.index.data() + i * k;
                found += std::find(row, row + k, all[size_t(a)].second) != row + k;
                ++total;
            }
        }
        const double recall = double(found) / total;
        QVERIFY2(recall > 0.95, qPrintable(QString::number(recall)));
    }

    void trustworthinessMatchesScikitLearn()
    {
        const auto ref = reference()["trustworthiness"];
        const std::vector<float> x = floats(ref["x"]);
        const int n = ref["rows"], dim = ref["dim"];
        for (const auto& c : ref["cases"]) {
            const std::vector<float> xy = floats(c["layout"]);
            const double got = trustworthiness(x.data(), n, dim, xy.data(), c["k"].get<int>());
            const double want = c["value"];
            QVERIFY2(std::abs(got - want) < 1e-12,
                     qPrintable(QString("%1 k=%2: %3 vs %4").arg(QString::fromStdString(c["name"]))
                                    .arg(c["k"].get<int>()).arg(got, 0, 'g', 15).arg(want, 0, 'g', 15)));
        }
        // A layout that is the data itself keeps every neighbourhood.
        std::vector<float> plane = {0, 0, 1, 0, 0, 1, 1, 1, 5, 5, 6, 5, 5, 6, 6, 6, 2, 9, 3, 9, 2, 8};
        QCOMPARE(trustworthiness(plane.data(), 11, 2, plane.data(), 3), 1.0);
    }

    void sampledTrustworthinessEstimatesExact()
    {
        const Points p = blobs(4, 200, 10, 1.0, 21);
        const Layout l = project(p.x.data(), p.n, p.dim, paramsFor(ProjectionMethod::Pca));
        const double exact = trustworthiness(p.x.data(), p.n, p.dim, l.xy.data(), 10);
        const double sampled = trustworthiness(p.x.data(), p.n, p.dim, l.xy.data(), 10, 300, 1);
        QVERIFY2(std::abs(exact - sampled) < 0.02, qPrintable(QString("%1 %2").arg(exact).arg(sampled)));
        QVERIFY(sampled != exact);   // really sampled
    }

    void cancel_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QString>("stage");
        QTest::newRow("pca at start") << int(ProjectionMethod::Pca) << "";
        QTest::newRow("umap at start") << int(ProjectionMethod::Umap) << "";
        QTest::newRow("umap in layout") << int(ProjectionMethod::Umap) << "layout";
        QTest::newRow("tsne in layout") << int(ProjectionMethod::Tsne) << "layout";
    }
    void cancel()
    {
        QFETCH(int, method);
        QFETCH(QString, stage);
        const Points p = blobs(4, 50, 8, 2.0, 1);
        std::atomic<bool> flag{stage.isEmpty()};
        std::vector<std::string> stages;
        const Layout l = project(p.x.data(), p.n, p.dim, paramsFor(ProjectionMethod(method)),
                                 [&](double f, const std::string& s) {
                                     QVERIFY(f >= 0 && f <= 1);
                                     stages.push_back(s);
                                     if (s == stage.toStdString())
                                         flag = true;
                                 },
                                 &flag);
        QVERIFY(l.cancelled);
        QVERIFY(l.xy.empty());
        if (!stage.isEmpty())
            QVERIFY(std::find(stages.begin(), stages.end(), "knn") != stages.end());
    }

    void errorsNameTheRowOrField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nan") << "nan" << "row 5";
        QTest::newRow("inf") << "inf" << "row 2, column 3";
        QTest::newRow("one point") << "n" << "at least 2 points";
        QTest::newRow("neighbors") << "neighbors" << "neighbors";
        QTest::newRow("minDist") << "minDist" << "minDist";
        QTest::newRow("epochs") << "epochs" << "epochs";
        QTest::newRow("perplexity") << "perplexity" << "perplexity";
        QTest::newRow("theta") << "theta" << "theta";
        QTest::newRow("threads") << "threads" << "threads";
        QTest::newRow("imported") << "imported" << "imported";
    }
    void errorsNameTheRowOrField()
    {
        QFETCH(QString, field);
        QFETCH(QString, expected);
        Points p = blobs(2, 20, 4, 1.0, 2);
        int64_t n = p.n;
        ProjectionParams params;
        if (field == "nan")
            p.x[5 * 4 + 1] = std::nanf("");
        else if (field == "inf")
            p.x[2 * 4 + 3] = -INFINITY;
        else if (field == "n")
            n = 1;
        else if (field == "neighbors")
            params.neighbors = 1;
        else if (field == "minDist")
            params.minDist = std::nan("");
        else if (field == "epochs")
            params.epochs = -3;
        else if (field == "perplexity") {
            params.method = ProjectionMethod::Tsne;
            params.perplexity = 50;   // more than the 40 points
        } else if (field == "theta") {
            params.method = ProjectionMethod::Tsne;
            params.theta = 2;
        } else if (field == "threads")
            params.threads = -1;
        else if (field == "imported")
            params.method = ProjectionMethod::Imported;
        const QString err = errorOf([&] { project(p.x.data(), n, p.dim, params); });
        QVERIFY2(err.contains(expected), qPrintable(err));
    }

    void trustworthinessErrors()
    {
        const Points p = blobs(2, 10, 3, 1.0, 2);
        std::vector<float> xy(size_t(p.n) * 2, 0.f);
        QVERIFY(errorOf([&] { trustworthiness(p.x.data(), p.n, p.dim, xy.data(), 10); }).contains("k = 10"));
        xy[7] = INFINITY;
        QVERIFY(errorOf([&] { trustworthiness(p.x.data(), p.n, p.dim, xy.data(), 3); }).contains("row 3"));
    }
};

QTEST_GUILESS_MAIN(tst_projection)
#include "tst_projection.moc"
