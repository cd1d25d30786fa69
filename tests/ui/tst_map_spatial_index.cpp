#include "ui/embeddings/spatial_index.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

// The grid index against brute force on random and degenerate layouts.
class tst_map_spatial_index : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void queriesMatchBruteForce_data();
    void queriesMatchBruteForce();
    void emptyAndSinglePoint();
};

void tst_map_spatial_index::queriesMatchBruteForce_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("clustered");
    QTest::newRow("uniform 2k") << 2000 << false;
    QTest::newRow("clustered 20k") << 20000 << true;
    QTest::newRow("tiny 7") << 7 << false;
}

void tst_map_spatial_index::queriesMatchBruteForce()
{
    QFETCH(int, n);
    QFETCH(bool, clustered);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-50, 50);
    std::normal_distribution<float> g(0, 0.5f);
    std::vector<float> xy(size_t(2 * n));
    for (int i = 0; i < n; ++i) {
        if (clustered) {   // three tight blobs and a long thin tail
            const int c = i % 4;
            xy[2 * i] = c == 3 ? u(rng) * 10 : float(c * 20) + g(rng);
            xy[2 * i + 1] = c == 3 ? 0.01f * g(rng) : g(rng);
        } else {
            xy[2 * i] = u(rng);
            xy[2 * i + 1] = u(rng);
        }
    }
    wb::SpatialIndex index;
    index.build(xy.data(), n);
    auto accept = [](int64_t i) { return i % 5 != 0; };

    for (int q = 0; q < 50; ++q) {
        const float x = xy[size_t(2 * (q * 37 % n))] + 0.3f * g(rng), y = xy[size_t(2 * (q * 37 % n) + 1)] + 0.3f * g(rng);
        // nearest within a radius
        const float r = 1.5f;
        int64_t best = -1;
        float bestD = r * r;
        for (int j = 0; j < n; ++j) {
            const float dx = xy[2 * j] - x, dy = xy[2 * j + 1] - y, d = dx * dx + dy * dy;
            if (accept(j) && (d < bestD || (d == bestD && j > best))) {
                bestD = d;
                best = j;
            }
        }
        QCOMPARE(index.nearest(x, y, r, accept), best);
        // rectangle
        const float x0 = x - 3, x1 = x + 5, y0 = y - 2, y1 = y + 0.5f;
        std::vector<int64_t> rect;
        for (int j = 0; j < n; ++j)
            if (xy[2 * j] >= x0 && xy[2 * j] <= x1 && xy[2 * j + 1] >= y0 && xy[2 * j + 1] <= y1 && accept(j))
                rect.push_back(j);
        QCOMPARE(index.inRect(x0, y0, x1, y1, accept), rect);
        QVERIFY(index.countInRectApprox(x0, y0, x1, y1) >= int64_t(rect.size()));
        // polygon: a triangle
        const std::vector<std::pair<float, float>> tri{{x - 4, y - 4}, {x + 4, y - 4}, {x, y + 4}};
        std::vector<int64_t> inTri;
        for (int j = 0; j < n; ++j) {
            const float px = xy[2 * j], py = xy[2 * j + 1];
            // inside: above the base, below both slanted sides
            if (py > y - 4 && py < y + 4 && std::abs(px - x) < (y + 4 - py) / 2 && accept(j))
                inTri.push_back(j);
        }
        const auto got = index.inPolygon(tri, accept);
        QCOMPARE(got, inTri);
        // k nearest of a point
        const int i = q * 53 % n;
        const int k = std::min(10, n - 1);
        std::vector<std::pair<float, int64_t>> all;
        for (int j = 0; j < n; ++j)
            if (j != i) {
                const float dx = xy[2 * j] - xy[2 * i], dy = xy[2 * j + 1] - xy[2 * i + 1];
                all.push_back({std::sqrt(dx * dx + dy * dy), j});
            }
        std::sort(all.begin(), all.end());
        const auto knn = index.kNearest(i, k);
        QCOMPARE(int(knn.size()), k);
        for (int m = 0; m < k; ++m)
            QVERIFY2(std::abs(knn[size_t(m)].second - all[size_t(m)].first) < 1e-5f,
                     qPrintable(QStringLiteral("query %1 rank %2").arg(i).arg(m)));
        // within a radius
        int64_t within = 0, expectedWithin = 0;
        index.forEachWithin(x, y, 2.0f, [&](int64_t) { ++within; });
        for (int j = 0; j < n; ++j) {
            const float dx = xy[2 * j] - x, dy = xy[2 * j + 1] - y;
            expectedWithin += dx * dx + dy * dy <= 4.0f;
        }
        QCOMPARE(within, expectedWithin);
    }
}

void tst_map_spatial_index::emptyAndSinglePoint()
{
    wb::SpatialIndex index;
    index.build(nullptr, 0);
    QCOMPARE(index.nearest(0, 0, 10), int64_t(-1));
    QVERIFY(index.inRect(-1, -1, 1, 1).empty());
    QVERIFY(index.kNearest(0, 3).empty());
    const float one[] = {3, 3, 3, 3};   // two identical points
    index.build(one, 2);
    QCOMPARE(index.inRect(3, 3, 3, 3), (std::vector<int64_t>{0, 1}));
    QCOMPARE(index.nearest(3, 3, 0.1f), int64_t(1));   // ties go to the one drawn on top
    QCOMPARE(index.kNearest(0, 5).size(), size_t(1));
}

QTEST_APPLESS_MAIN(tst_map_spatial_index)
#include "tst_map_spatial_index.moc"
