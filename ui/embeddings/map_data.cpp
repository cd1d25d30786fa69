#include "ui/embeddings/map_data.h"

#include "core/data/record.h"

#include <cmath>
#include <string>

namespace wb {

int MapData::channelIndex(const QString& key) const
{
    for (size_t c = 0; c < channels.size(); ++c)
        if (channels[c].key == key)
            return int(c);
    return -1;
}

void MapData::validate() const
{
    const int64_t n = size();
    if (int64_t(xy.size()) != 2 * n)
        throw Error("map: xy holds " + std::to_string(xy.size()) + " values for " + std::to_string(n) +
                    " points (expected 2 per point)");
    for (int64_t i = 0; i < 2 * n; ++i)
        if (!std::isfinite(xy[size_t(i)]))
            throw Error("map: coordinate of point " + std::to_string(i / 2) + " (item " +
                        std::to_string(itemIds[size_t(i / 2)]) + ") is not a finite number");
    if (!datasetIds.empty() && int64_t(datasetIds.size()) != n)
        throw Error("map: datasetIds holds " + std::to_string(datasetIds.size()) + " values for " +
                    std::to_string(n) + " points");
    for (const MapChannel& ch : channels) {
        const std::string name = ch.key.toStdString();
        if (ch.numeric) {
            if (int64_t(ch.values.size()) != n)
                throw Error("map: field '" + name + "' holds " + std::to_string(ch.values.size()) + " values for " +
                            std::to_string(n) + " points");
            continue;
        }
        if (int64_t(ch.codes.size()) != n)
            throw Error("map: field '" + name + "' holds " + std::to_string(ch.codes.size()) + " values for " +
                        std::to_string(n) + " points");
        for (int64_t i = 0; i < n; ++i)
            if (ch.codes[size_t(i)] < -1 || ch.codes[size_t(i)] >= ch.labels.size())
                throw Error("map: field '" + name + "' of point " + std::to_string(i) + " has code " +
                            std::to_string(ch.codes[size_t(i)]) + " outside its " +
                            std::to_string(ch.labels.size()) + " labels");
    }
}

} // namespace wb
