#pragma once
// A uniform grid over 2-D points for the embedding map's hit tests, rectangle
// and lasso selection and 2-D neighbours: O(points in the touched cells) per
// query, built in O(n) (counting sort by cell). Qt-free.
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace wb {

class SpatialIndex {
public:
    // Which points a query may return (e.g. not in a hidden legend group). Empty = all.
    using Accept = std::function<bool(int64_t)>;

    SpatialIndex() = default;
    // xy: [n, 2] row-major; must outlive the index. About 4 points per cell.
    void build(const float* xy, int64_t n);

    int64_t size() const { return n_; }
    float minX() const { return minX_; }
    float minY() const { return minY_; }
    float maxX() const { return maxX_; }
    float maxY() const { return maxY_; }

    // The accepted point closest to (x, y) within maxDist, or -1.
    int64_t nearest(float x, float y, float maxDist, const Accept& accept = {}) const;
    // Accepted points with minX <= x <= maxX and minY <= y <= maxY, ascending.
    std::vector<int64_t> inRect(float minX, float minY, float maxX, float maxY, const Accept& accept = {}) const;
    // Accepted points inside the polygon (even-odd rule), ascending.
    std::vector<int64_t> inPolygon(const std::vector<std::pair<float, float>>& polygon,
                                   const Accept& accept = {}) const;
    // Up to k accepted points nearest to point `i` (itself excluded), closest first.
    std::vector<std::pair<int64_t, float>> kNearest(int64_t i, int k, const Accept& accept = {}) const;
    // Calls fn(j) for every point within radius r of (x, y).
    void forEachWithin(float x, float y, float r, const std::function<void(int64_t)>& fn) const;
    // Number of points in a rectangle (cheap upper bound: whole cells counted).
    int64_t countInRectApprox(float minX, float minY, float maxX, float maxY) const;

private:
    int cellX(float x) const;
    int cellY(float y) const;
    template <class Fn>
    void forCells(int cx0, int cy0, int cx1, int cy1, Fn&& fn) const;

    const float* xy_ = nullptr;
    int64_t n_ = 0;
    float minX_ = 0, minY_ = 0, maxX_ = 0, maxY_ = 0;
    int gx_ = 1, gy_ = 1;
    float cellW_ = 1, cellH_ = 1;
    std::vector<int64_t> cellStart_;   // [gx*gy + 1] offsets into order_
    std::vector<int64_t> order_;       // [n] point indices grouped by cell, ascending within a cell
};

} // namespace wb
