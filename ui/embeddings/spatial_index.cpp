#include "ui/embeddings/spatial_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace wb {

void SpatialIndex::build(const float* xy, int64_t n)
{
    xy_ = xy;
    n_ = n;
    minX_ = minY_ = std::numeric_limits<float>::max();
    maxX_ = maxY_ = std::numeric_limits<float>::lowest();
    for (int64_t i = 0; i < n; ++i) {
        minX_ = std::min(minX_, xy[2 * i]);
        maxX_ = std::max(maxX_, xy[2 * i]);
        minY_ = std::min(minY_, xy[2 * i + 1]);
        maxY_ = std::max(maxY_, xy[2 * i + 1]);
    }
    if (n == 0)
        minX_ = minY_ = maxX_ = maxY_ = 0;
    const float w = std::max(maxX_ - minX_, 1e-12f), h = std::max(maxY_ - minY_, 1e-12f);
    // About 4 points per cell, cells roughly square, at most 4096 a side.
    const double cells = std::max<double>(1.0, double(n) / 4.0);
    const double aspect = double(w) / double(h);
    gx_ = int(std::clamp(std::sqrt(cells * aspect), 1.0, 4096.0));
    gy_ = int(std::clamp(cells / gx_, 1.0, 4096.0));
    cellW_ = w / float(gx_);
    cellH_ = h / float(gy_);

    cellStart_.assign(size_t(gx_) * gy_ + 1, 0);
    std::vector<int32_t> cellOf(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const int c = cellY(xy[2 * i + 1]) * gx_ + cellX(xy[2 * i]);
        cellOf[size_t(i)] = c;
        ++cellStart_[size_t(c) + 1];
    }
    for (size_t c = 1; c < cellStart_.size(); ++c)
        cellStart_[c] += cellStart_[c - 1];
    order_.resize(size_t(n));
    std::vector<int64_t> fill(cellStart_.begin(), cellStart_.end() - 1);
    for (int64_t i = 0; i < n; ++i)
        order_[size_t(fill[size_t(cellOf[size_t(i)])]++)] = i;
}

int SpatialIndex::cellX(float x) const
{
    return std::clamp(int(std::floor((x - minX_) / cellW_)), 0, gx_ - 1);
}

int SpatialIndex::cellY(float y) const
{
    return std::clamp(int(std::floor((y - minY_) / cellH_)), 0, gy_ - 1);
}

template <class Fn>
void SpatialIndex::forCells(int cx0, int cy0, int cx1, int cy1, Fn&& fn) const
{
    cx0 = std::max(cx0, 0);
    cy0 = std::max(cy0, 0);
    cx1 = std::min(cx1, gx_ - 1);
    cy1 = std::min(cy1, gy_ - 1);
    for (int cy = cy0; cy <= cy1; ++cy)
        for (int cx = cx0; cx <= cx1; ++cx) {
            const size_t c = size_t(cy) * gx_ + cx;
            for (int64_t k = cellStart_[c]; k < cellStart_[c + 1]; ++k)
                fn(order_[size_t(k)]);
        }
}

void SpatialIndex::forEachWithin(float x, float y, float r, const std::function<void(int64_t)>& fn) const
{
    if (n_ == 0 || !(r >= 0))
        return;
    const float r2 = r * r;
    forCells(cellX(x - r), cellY(y - r), cellX(x + r), cellY(y + r), [&](int64_t j) {
        const float dx = xy_[2 * j] - x, dy = xy_[2 * j + 1] - y;
        if (dx * dx + dy * dy <= r2)
            fn(j);
    });
}

int64_t SpatialIndex::nearest(float x, float y, float maxDist, const Accept& accept) const
{
    int64_t best = -1;
    float bestD = maxDist * maxDist;
    if (n_ == 0)
        return -1;
    forCells(cellX(x - maxDist), cellY(y - maxDist), cellX(x + maxDist), cellY(y + maxDist), [&](int64_t j) {
        const float dx = xy_[2 * j] - x, dy = xy_[2 * j + 1] - y;
        const float d = dx * dx + dy * dy;
        // Ties go to the higher index: it is drawn last, so it is the one on top.
        if ((d < bestD || (d == bestD && j > best)) && (!accept || accept(j))) {
            bestD = d;
            best = j;
        }
    });
    return best;
}

std::vector<int64_t> SpatialIndex::inRect(float x0, float y0, float x1, float y1, const Accept& accept) const
{
    std::vector<int64_t> out;
    if (n_ == 0 || x1 < x0 || y1 < y0)
        return out;
    forCells(cellX(x0), cellY(y0), cellX(x1), cellY(y1), [&](int64_t j) {
        const float x = xy_[2 * j], y = xy_[2 * j + 1];
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && (!accept || accept(j)))
            out.push_back(j);
    });
    std::sort(out.begin(), out.end());
    return out;
}

int64_t SpatialIndex::countInRectApprox(float x0, float y0, float x1, float y1) const
{
    if (n_ == 0 || x1 < x0 || y1 < y0)
        return 0;
    int64_t total = 0;
    const int cx0 = cellX(x0), cx1 = cellX(x1);
    for (int cy = cellY(y0); cy <= cellY(y1); ++cy) {
        const size_t row = size_t(cy) * gx_;
        total += cellStart_[row + cx1 + 1] - cellStart_[row + cx0];
    }
    return total;
}

std::vector<int64_t> SpatialIndex::inPolygon(const std::vector<std::pair<float, float>>& poly,
                                             const Accept& accept) const
{
    if (poly.size() < 3)
        return {};
    float x0 = poly[0].first, x1 = x0, y0 = poly[0].second, y1 = y0;
    for (const auto& [px, py] : poly) {
        x0 = std::min(x0, px);
        x1 = std::max(x1, px);
        y0 = std::min(y0, py);
        y1 = std::max(y1, py);
    }
    auto inside = [&](float x, float y) {
        bool in = false;
        for (size_t a = 0, b = poly.size() - 1; a < poly.size(); b = a++) {
            const auto [ax, ay] = poly[a];
            const auto [bx, by] = poly[b];
            if ((ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax)
                in = !in;
        }
        return in;
    };
    std::vector<int64_t> out;
    for (int64_t j : inRect(x0, y0, x1, y1, accept))
        if (inside(xy_[2 * j], xy_[2 * j + 1]))
            out.push_back(j);
    return out;
}

std::vector<std::pair<int64_t, float>> SpatialIndex::kNearest(int64_t i, int k, const Accept& accept) const
{
    std::vector<std::pair<int64_t, float>> out;
    if (i < 0 || i >= n_ || k <= 0)
        return out;
    const float x = xy_[2 * i], y = xy_[2 * i + 1];
    // Rings of cells around the point's cell; stop once the k-th best is
    // closer than anything a further ring could hold.
    using Entry = std::pair<float, int64_t>;   // (squared distance, index), max-heap
    std::priority_queue<Entry> best;
    const int cx = cellX(x), cy = cellY(y);
    const int maxRing = std::max(gx_, gy_);
    for (int ring = 0; ring <= maxRing; ++ring) {
        auto visit = [&](int64_t j) {
            if (j == i || (accept && !accept(j)))
                return;
            const float dx = xy_[2 * j] - x, dy = xy_[2 * j + 1] - y;
            const float d = dx * dx + dy * dy;
            if (int(best.size()) < k)
                best.push({d, j});
            else if (d < best.top().first) {
                best.pop();
                best.push({d, j});
            }
        };
        for (int yy = cy - ring; yy <= cy + ring; ++yy)
            for (int xx = cx - ring; xx <= cx + ring; ++xx)
                if ((std::abs(xx - cx) == ring || std::abs(yy - cy) == ring) && xx >= 0 && yy >= 0 && xx < gx_ &&
                    yy < gy_)
                    forCells(xx, yy, xx, yy, visit);
        if (int(best.size()) == k) {
            const float reach = float(ring) * std::min(cellW_, cellH_);
            if (best.top().first <= reach * reach)
                break;
        }
    }
    while (!best.empty()) {
        out.emplace_back(best.top().second, std::sqrt(best.top().first));
        best.pop();
    }
    std::reverse(out.begin(), out.end());
    return out;
}

} // namespace wb
