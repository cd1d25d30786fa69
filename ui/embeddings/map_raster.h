#pragma once
// The map's level-of-detail point renderer. Every point is written straight
// into the pixels of an ARGB32 QImage (a square of 1-3 pixels depending on
// how many points share a pixel): a million points take a few milliseconds,
// so panning re-renders the whole view every frame and nothing is sampled.
#include <QImage>
#include <QPointF>

#include <cstdint>

namespace wb {

// Data coordinates <-> pixels: x grows to the right, y grows upwards.
struct MapTransform {
    double cx = 0, cy = 0;     // data point at the centre of the view
    double scale = 1;          // pixels per data unit
    int width = 1, height = 1;

    QPointF toPixel(double x, double y) const { return {(x - cx) * scale + width / 2.0, height / 2.0 - (y - cy) * scale}; }
    QPointF toData(QPointF p) const { return {(p.x() - width / 2.0) / scale + cx, cy - (p.y() - height / 2.0) / scale}; }
    bool operator==(const MapTransform&) const = default;
};

// Draws points `subset[0..n)` (or 0..n when subset is null) as size x size
// squares. colors[i] == 0 means hidden; `color` != 0 overrides every colour.
void rasterPoints(QImage& image, const MapTransform& t, const float* xy, const uint32_t* colors, int64_t n,
                  int size, const int64_t* subset = nullptr, uint32_t color = 0);

} // namespace wb
