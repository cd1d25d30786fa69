#pragma once
// Schema version 5: cached 2-D layouts of the embedding map (core/projection).
// One row per layout: which embedding model, what was embedded (owner kind and
// field), which items (a hash of their ids) and the projection parameters
// (ProjectionParams::cacheKey()) make the key. The item ids and coordinates
// are two little-endian blobs in the same order (int64 ids, float32 x, y),
// so a 1,000,000-point layout is one 24 MB row read or written at once.
// A released step is never edited; later changes go into a new step.
namespace wb::store {
inline constexpr const char* kV5Projections = R"sql(
CREATE TABLE projections (
    id              INTEGER PRIMARY KEY,
    model_key       TEXT NOT NULL,
    source          TEXT NOT NULL,
    items_hash      TEXT NOT NULL,
    params_key      TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('pca','umap','tsne','imported')),
    item_count      INTEGER NOT NULL CHECK (item_count >= 0),
    item_ids        BLOB NOT NULL,
    xy              BLOB NOT NULL,
    trustworthiness REAL,
    label           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    UNIQUE (model_key, source, items_hash, params_key)
);
CREATE INDEX projections_source ON projections(source, model_key);
)sql";
} // namespace wb::store
