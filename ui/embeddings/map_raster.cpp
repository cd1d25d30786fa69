#include "ui/embeddings/map_raster.h"

#include <algorithm>
#include <cmath>

namespace wb {

void rasterPoints(QImage& image, const MapTransform& t, const float* xy, const uint32_t* colors, int64_t n,
                  int size, const int64_t* subset, uint32_t color)
{
    const int w = image.width(), h = image.height();
    if (w <= 0 || h <= 0 || n <= 0)
        return;
    auto* bits = reinterpret_cast<uint32_t*>(image.bits());
    const qsizetype stride = image.bytesPerLine() / 4;
    // pixel = x * s + ox, y * -s + oy, in float: exact enough for a screen.
    const float s = float(t.scale);
    const float ox = float(t.width / 2.0 - t.cx * t.scale);
    const float oy = float(t.height / 2.0 + t.cy * t.scale);
    const float half = float(size - 1) / 2.0f;
    for (int64_t k = 0; k < n; ++k) {
        const int64_t i = subset ? subset[k] : k;
        const uint32_t c = colors[i];
        if (c == 0)
            continue;
        const uint32_t out = color ? color : c;
        const float fx = xy[2 * i] * s + ox, fy = oy - xy[2 * i + 1] * s;
        if (size == 1) {
            // Out-of-range floats are rejected before the conversion.
            if (fx >= 0.0f && fy >= 0.0f && fx < float(w) && fy < float(h))
                bits[qsizetype(fy) * stride + qsizetype(fx)] = out;
            continue;
        }
        const float lx = fx - half, ly = fy - half;
        if (lx >= float(w) || ly >= float(h) || lx + float(size) <= 0.0f || ly + float(size) <= 0.0f)
            continue;
        const int x0 = std::max(int(std::floor(lx)), 0), x1 = std::min(int(std::floor(lx)) + size, w);
        const int y0 = std::max(int(std::floor(ly)), 0), y1 = std::min(int(std::floor(ly)) + size, h);
        for (int y = y0; y < y1; ++y) {
            uint32_t* row = bits + qsizetype(y) * stride;
            for (int x = x0; x < x1; ++x)
                row[x] = out;
        }
    }
}

} // namespace wb
