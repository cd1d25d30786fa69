#pragma once
// Cached 2-D layouts in the project file (schema version 5, table
// `projections`), keyed by embedding model, what was embedded, the set of
// items and the projection parameters; each stores the xy of every item id
// and the layout's trustworthiness. Imported user coordinates are stored the
// same way with method Imported. Qt-free. Uses the ProjectStore's connection,
// so it lives on that store's thread and must not outlive it.
#include "core/projection/projection.h"
#include "core/store/project_store.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct ProjectionKey {
    std::string modelKey;    // embedding model key ("" for imported coordinates)
    std::string source;      // what was embedded: owner kind and field, e.g. "record:instruction+output"
    std::string itemsHash;   // itemSetHash() of the item ids
    std::string paramsKey;   // ProjectionParams::cacheKey()
    bool operator==(const ProjectionKey&) const = default;
};

// 32 hex digits identifying a set of item ids, whatever their order.
std::string itemSetHash(std::vector<int64_t> ids);

struct ProjectionSummary {
    int64_t id = 0;
    ProjectionKey key;
    ProjectionMethod method = ProjectionMethod::Umap;
    int64_t itemCount = 0;
    std::optional<double> trustworthiness;   // none when unknown (imported coordinates)
    std::string label;                       // e.g. the imported file's name
    int64_t created = 0;                     // unix milliseconds
};

struct StoredProjection : ProjectionSummary {
    std::vector<int64_t> itemIds;   // [n]
    std::vector<float> xy;          // [n, 2] row-major, in itemIds order
};

class ProjectionStore {
public:
    explicit ProjectionStore(ProjectStore& store);
    ~ProjectionStore();
    ProjectionStore(const ProjectionStore&) = delete;
    ProjectionStore& operator=(const ProjectionStore&) = delete;

    // Store (or replace) the layout under `key`; returns its id. Throws
    // wb::Error when xy is not [ids, 2], an id repeats, a coordinate is not
    // finite, or the key's hash does not match the ids.
    int64_t save(const ProjectionKey& key, ProjectionMethod method, const std::vector<int64_t>& itemIds,
                 const std::vector<float>& xy, std::optional<double> trustworthiness, const std::string& label = {});
    std::optional<StoredProjection> find(const ProjectionKey& key);
    std::optional<StoredProjection> get(int64_t id);
    // Newest first; all sources when `source` is empty.
    std::vector<ProjectionSummary> list(const std::string& source = {});
    void remove(int64_t id);   // unknown ids throw wb::Error naming the id

private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

} // namespace wb
