#pragma once
// Colours of the map's points for one field, and the legend groups they fall
// in. Categorical fields: one group per label (and "(none)"), a fixed palette.
// Numeric fields: a viridis ramp over [min, max] and kNumericBins equal-width
// groups (and "(no value)"). A hidden group's points get colour 0 (not drawn,
// not selectable).
#include "ui/embeddings/map_data.h"

#include <QColor>
#include <QString>

#include <cstdint>
#include <vector>

namespace wb {

struct LegendEntry {
    QString label;
    QColor color;
    int64_t count = 0;
    bool hidden = false;
};

class MapColoring {
public:
    static constexpr int kNumericBins = 5;
    static constexpr uint32_t kSingleColor = 0xff1f77b4;   // when colouring by nothing

    // channel nullptr = every point in one group.
    void assign(const MapChannel* channel, int64_t n);
    void setHidden(int group, bool hidden);

    const std::vector<LegendEntry>& entries() const { return entries_; }
    const std::vector<uint32_t>& colors() const { return colors_; }   // [n] ARGB32, 0 = hidden
    int groupOf(int64_t i) const { return groups_[size_t(i)]; }
    bool visible(int64_t i) const { return colors_[size_t(i)] != 0; }
    double rampMin() const { return min_; }
    double rampMax() const { return max_; }

    static QColor categoryColor(int index);
    static QColor rampColor(double t);   // t in [0,1]

private:
    void recolor();

    std::vector<int32_t> groups_;        // [n]
    std::vector<uint32_t> baseColors_;   // [n] colour before hiding
    std::vector<uint32_t> colors_;       // [n]
    std::vector<LegendEntry> entries_;
    double min_ = 0, max_ = 0;
};

} // namespace wb
