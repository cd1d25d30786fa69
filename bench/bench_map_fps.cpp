// Frames per second of the embedding map while panning, with real paint
// events on an offscreen window, plus the spatial index's hit test and
// rectangle selection times.
//
//   bench_map_fps [--points 1000000] [--frames 120] [--width 1280] [--height 800]
//
// Points: 20 Gaussian clusters (seeded), coloured by a 20-label field.
// Prints one JSON object. Target (issue 7): at least 30 frames/s at 1,000,000 points.
#include "bench/bench_util.h"

#include "ui/embeddings/map_view.h"

#include <QApplication>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <memory>
#include <random>

using nlohmann::json;

namespace {

std::shared_ptr<wb::MapData> clusters(int64_t n)
{
    auto d = std::make_shared<wb::MapData>();
    std::mt19937 rng(42);
    std::normal_distribution<float> g(0, 1);
    std::uniform_real_distribution<float> centre(-40, 40);
    constexpr int k = 20;
    std::vector<std::pair<float, float>> centres;
    for (int c = 0; c < k; ++c)
        centres.emplace_back(centre(rng), centre(rng));
    wb::MapChannel field;
    field.key = QStringLiteral("cluster");
    field.name = QStringLiteral("Cluster");
    for (int c = 0; c < k; ++c)
        field.labels << QString::number(c);
    d->xy.reserve(size_t(2 * n));
    for (int64_t i = 0; i < n; ++i) {
        const int c = int(i % k);
        d->xy.push_back(centres[size_t(c)].first + 3 * g(rng));
        d->xy.push_back(centres[size_t(c)].second + 3 * g(rng));
        d->itemIds.push_back(i + 1);
        field.codes.push_back(c);
    }
    d->channels.push_back(std::move(field));
    return d;
}

double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// Pans by a few pixels per frame and repaints synchronously. Frames per
// second of wall time, and of this process's CPU time (what an idle core
// would give on a machine shared with other work).
struct Fps {
    double wall = 0, cpu = 0;
    qint64 painted = 0;
};

Fps panFps(wb::MapView& view, int frames)
{
    const qint64 before = view.framesPainted();
    wb::bench::Stopwatch sw;
    const double cpu0 = cpuSeconds();
    for (int f = 0; f < frames; ++f) {
        view.panBy(QPointF(f % 40 < 20 ? 4 : -4, 2 * (f % 2 ? 1 : -1)));
        view.repaint();
    }
    Fps out;
    out.painted = view.framesPainted() - before;
    out.wall = wb::bench::round3(double(out.painted) / sw.seconds());
    out.cpu = wb::bench::round3(double(out.painted) / std::max(cpuSeconds() - cpu0, 1e-9));
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int64_t n = std::stoll(wb::bench::option(argc, argv, "points", "1000000"));
    const int frames = std::stoi(wb::bench::option(argc, argv, "frames", "120"));
    const int w = std::stoi(wb::bench::option(argc, argv, "width", "1280"));
    const int h = std::stoi(wb::bench::option(argc, argv, "height", "800"));

    wb::bench::Stopwatch sw;
    auto data = clusters(n);
    const double makeS = sw.seconds();

    wb::MapView view;
    view.resize(w, h);
    view.show();
    sw.restart();
    view.setData(data);   // validates and builds the grid index
    const double setDataS = sw.seconds();
    sw.restart();
    view.setColorChannel(0);
    const double colourS = sw.seconds();
    QApplication::processEvents();

    json out{{"bench", "map_fps"}, {"points", n}, {"width", w}, {"height", h}, {"frames", frames},
             {"make_points_s", wb::bench::round3(makeS)}, {"set_data_s", wb::bench::round3(setDataS)},
             {"colour_by_s", wb::bench::round3(colourS)}};

    view.repaint();   // warm-up
    auto record = [&](const char* name) {
        const Fps fps = panFps(view, frames);
        out[std::string("fps_") + name] = fps.wall;
        out[std::string("fps_cpu_") + name] = fps.cpu;
        out[std::string("paint_events_") + name] = fps.painted;
    };
    record("pan_fit");
    view.zoomBy(4, QPointF(w / 2.0, h / 2.0));
    record("pan_zoom4");
    view.zoomBy(40, QPointF(w / 2.0, h / 2.0));
    record("pan_zoom160");
    view.fitAll();

    // With half the points selected (two rims drawn on top).
    std::vector<int64_t> half;
    for (int64_t i = 0; i < n; i += 2)
        half.push_back(i);
    view.setSelection(half);
    record("pan_fit_half_selected");
    view.clearSelection();

    // Hit tests (hover) and a rectangle selection over a quarter of the view.
    sw.restart();
    int64_t hits = 0;
    const int probes = 10000;
    for (int i = 0; i < probes; ++i)
        hits += view.pointAt(QPointF((i * 37) % w, (i * 91) % h)) >= 0;
    out["hit_test_us"] = wb::bench::round3(sw.seconds() * 1e6 / probes);
    out["hit_test_hits"] = hits;
    sw.restart();
    view.selectInRect(QRectF(w / 4.0, h / 4.0, w / 2.0, h / 2.0));
    out["rect_select_ms"] = wb::bench::round3(sw.seconds() * 1e3);
    out["rect_selected"] = int64_t(view.selection().size());
    sw.restart();
    QPolygonF lasso;
    for (int a = 0; a < 64; ++a)
        lasso << QPointF(w / 2.0 + w / 3.0 * std::cos(a * 0.0981748), h / 2.0 + h / 3.0 * std::sin(a * 0.0981748));
    view.selectInPolygon(lasso);
    out["lasso_select_ms"] = wb::bench::round3(sw.seconds() * 1e3);
    out["lasso_selected"] = int64_t(view.selection().size());
    out["target_fps"] = 30;
    out["peak_rss_mb"] = wb::bench::round3(wb::bench::peakRssMb());
    std::cout << out.dump() << std::endl;
    return 0;
}
