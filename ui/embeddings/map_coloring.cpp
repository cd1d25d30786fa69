#include "ui/embeddings/map_coloring.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace wb {

namespace {
// Tableau 20 (matplotlib's tab20 reordered: strong colours first).
constexpr uint32_t kPalette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
                                 0x7f7f7f, 0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896,
                                 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5};
constexpr uint32_t kNoValue = 0xffb0b0b0;
// viridis at t = 0, .25, .5, .75, 1
constexpr uint32_t kRamp[] = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

} // namespace

QColor MapColoring::categoryColor(int index)
{
    constexpr int n = int(std::size(kPalette));
    if (index < n)
        return QColor::fromRgb(kPalette[index]);
    // Past the palette: golden-angle hues, still distinct from each other.
    return QColor::fromHsvF(std::fmod(0.13 + index * 0.618034, 1.0), 0.65, 0.85);
}

QColor MapColoring::rampColor(double t)
{
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4.0;
    const int a = std::min(int(t), 3);
    const double f = t - a;
    const QColor c0 = QColor::fromRgb(kRamp[a]), c1 = QColor::fromRgb(kRamp[a + 1]);
    return QColor::fromRgbF(float(c0.redF() + (c1.redF() - c0.redF()) * f),
                            float(c0.greenF() + (c1.greenF() - c0.greenF()) * f),
                            float(c0.blueF() + (c1.blueF() - c0.blueF()) * f));
}

void MapColoring::assign(const MapChannel* ch, int64_t n)
{
    groups_.assign(size_t(n), 0);
    baseColors_.assign(size_t(n), kSingleColor);
    entries_.clear();
    min_ = max_ = 0;
    if (!ch) {
        entries_.push_back({QCoreApplication::translate("wb::MapColoring", "All points"), QColor::fromRgba(kSingleColor), n, false});
    } else if (!ch->numeric) {
        const int labels = int(ch->labels.size());
        for (int g = 0; g < labels; ++g)
            entries_.push_back({ch->labels[g], categoryColor(g), 0, false});
        entries_.push_back({QCoreApplication::translate("wb::MapColoring", "(none)"), QColor::fromRgba(kNoValue), 0, false});
        std::vector<uint32_t> rgba(static_cast<size_t>(labels));
        for (int g = 0; g < labels; ++g)
            rgba[size_t(g)] = entries_[size_t(g)].color.rgba();
        for (int64_t i = 0; i < n; ++i) {
            const int32_t c = ch->codes[size_t(i)];
            const int g = c >= 0 ? c : labels;
            groups_[size_t(i)] = g;
            baseColors_[size_t(i)] = c >= 0 ? rgba[size_t(c)] : kNoValue;
            ++entries_[size_t(g)].count;
        }
    } else {
        double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
        for (float v : ch->values)
            if (std::isfinite(v)) {
                lo = std::min<double>(lo, v);
                hi = std::max<double>(hi, v);
            }
        if (lo > hi)
            lo = hi = 0;
        min_ = lo;
        max_ = hi;
        const double span = hi > lo ? hi - lo : 1.0;
        for (int b = 0; b < kNumericBins; ++b) {
            const double a = lo + span * b / kNumericBins, z = lo + span * (b + 1) / kNumericBins;
            entries_.push_back({QStringLiteral("%1 – %2").arg(a, 0, 'g', 3).arg(z, 0, 'g', 3),
                                rampColor((b + 0.5) / kNumericBins), 0, false});
        }
        entries_.push_back({QCoreApplication::translate("wb::MapColoring", "(no value)"), QColor::fromRgba(kNoValue), 0, false});
        // A 256-step lookup table: a million points colour in a few milliseconds.
        uint32_t lut[256];
        for (int k = 0; k < 256; ++k)
            lut[k] = rampColor(k / 255.0).rgba();
        for (int64_t i = 0; i < n; ++i) {
            const float v = ch->values[size_t(i)];
            int g = kNumericBins;
            uint32_t color = kNoValue;
            if (std::isfinite(v)) {
                const double t = (v - lo) / span;
                g = std::min(int(t * kNumericBins), kNumericBins - 1);
                color = lut[std::clamp(int(t * 255.0 + 0.5), 0, 255)];
            }
            groups_[size_t(i)] = g;
            baseColors_[size_t(i)] = color;
            ++entries_[size_t(g)].count;
        }
    }
    recolor();
}

void MapColoring::setHidden(int group, bool hidden)
{
    if (group < 0 || group >= int(entries_.size()) || entries_[size_t(group)].hidden == hidden)
        return;
    entries_[size_t(group)].hidden = hidden;
    recolor();
}

void MapColoring::recolor()
{
    colors_ = baseColors_;
    bool anyHidden = false;
    for (const auto& e : entries_)
        anyHidden |= e.hidden;
    if (!anyHidden)
        return;
    for (size_t i = 0; i < colors_.size(); ++i)
        if (entries_[size_t(groups_[i])].hidden)
            colors_[i] = 0;
}

} // namespace wb
