#pragma once
// The colour-by fields of a map: record fields read from the project
// (category, status, split, dataset, source, rating), clusters of the layout
// (k-means in 2-D, seeded) and generic numeric scores. Qt types for labels
// only; runs on a worker thread with its own ProjectStore.
#include "core/store/project_store.h"
#include "ui/embeddings/map_data.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace wb {

// Adds category, status, split, dataset, source and rating channels for a map
// of records (data.itemIds are record ids) and fills data.datasetIds. Reads
// each dataset once in id order. Throws wb::Error naming a record id the
// project does not hold.
void addRecordChannels(ProjectStore& store, MapData& data);

// Adds a "cluster" channel: k-means (k-means++ start, seeded, at most
// `iterations` Lloyd steps) on the 2-D layout. k is clamped to [1, n].
void addClusterChannel(MapData& data, int k = 8, uint64_t seed = 42, int iterations = 25);

// Adds (or replaces) a numeric channel from per-item values; items without a
// value get NaN. For the hallucination score and any other per-item float.
void setNumericChannel(MapData& data, const QString& key, const QString& name,
                       const std::unordered_map<int64_t, float>& valueByItem);

// item id -> point index.
std::unordered_map<int64_t, int64_t> pointsByItem(const MapData& data);

} // namespace wb
