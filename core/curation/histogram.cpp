#include "core/curation/curation.h"

#include <algorithm>
#include <cmath>

namespace wb::curation {

Histogram histogram(const std::vector<double>& values, int bins)
{
    if (bins < 1)
        throw Error("histogram: bins must be at least 1 (got " + std::to_string(bins) + ")");
    double lo = 0.0, hi = 1.0;
    if (!values.empty()) {
        for (size_t i = 0; i < values.size(); ++i)
            if (!std::isfinite(values[i]))
                throw Error("histogram: value " + std::to_string(i) + " is not a finite number");
        const auto [mn, mx] = std::minmax_element(values.begin(), values.end());
        lo = *mn;
        hi = *mx;
        if (hi == lo) {   // a single value: one unit wide range around it
            lo -= 0.5;
            hi += 0.5;
        }
    }
    Histogram h;
    h.edges.resize(size_t(bins) + 1);
    for (int i = 0; i <= bins; ++i)
        h.edges[i] = lo + (hi - lo) * double(i) / double(bins);
    h.edges[bins] = hi;
    h.counts.assign(size_t(bins), 0);
    for (double v : values) {
        // Bins are [edge_i, edge_i+1) except the last, which includes the maximum.
        auto b = int64_t(std::floor((v - lo) / (hi - lo) * bins));
        ++h.counts[size_t(std::clamp<int64_t>(b, 0, bins - 1))];
    }
    return h;
}

} // namespace wb::curation
