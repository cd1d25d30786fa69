#pragma once
// What the embedding map shows: n points in 2-D, the items they stand for
// (dataset records, knowledge-base chunks or chat messages) and per-point
// fields to colour by.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace wb {

enum class MapItemKind { Record, Chunk, Message };

// A field to colour by. Categorical: codes[i] indexes labels (-1 = no value).
// Numeric (a score, e.g. the hallucination score): values[i], NaN = no value.
struct MapChannel {
    QString key;             // stable: "category", "status", "split", "dataset", "source", "cluster", "rating", ...
    QString name;            // shown in the "Colour by" list
    bool numeric = false;
    QStringList labels;      // categorical
    std::vector<int32_t> codes;
    std::vector<float> values;
};

struct MapData {
    MapItemKind kind = MapItemKind::Record;
    std::vector<float> xy;            // [n, 2] row-major
    std::vector<int64_t> itemIds;     // [n]
    std::vector<int64_t> datasetIds;  // [n] for records, empty otherwise
    std::vector<MapChannel> channels;

    int64_t size() const { return int64_t(itemIds.size()); }
    int channelIndex(const QString& key) const;   // -1 when absent
    // Throws wb::Error naming the field whose length or values disagree (xy
    // not 2*n, a NaN coordinate with its row, a code outside the labels).
    void validate() const;
};

} // namespace wb
