#pragma once
// The dense index of one collection's chunk vectors for one embedding model,
// built from the vectors stored in the project (the source of truth) and kept
// as a cache file next to the project: "<project>.cache/kb-c<collection>-m<model>.hnsw"
// plus ".json" with the fingerprint (model key, dim, vector count, max id, a
// hash of the ids, schema version) and a checksum of the graph file.
// open() returns, in order of preference: the in-memory index when still
// current; the cache file when its checksum and fingerprint match; the cache
// file updated in place (new vectors added, vanished ids markDelete'd) when it
// is intact but stale; a full rebuild when it is missing or corrupt. Below the
// exact threshold no graph and no file is made. Qt-free. Same thread as the
// ProjectStore.
#include "core/retrieval/dense_index.h"
#include "core/retrieval/vector_store.h"

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace wb {

struct IndexFingerprint {
    std::string modelKey;
    int dim = 0;
    int64_t count = 0;
    int64_t maxId = 0;
    uint64_t idHash = 0;
    int schemaVersion = 0;
    bool operator==(const IndexFingerprint&) const = default;
};

enum class IndexSource { Exact, Memory, Loaded, Updated, Rebuilt };
std::string toString(IndexSource s);   // "exact" "memory" "loaded" "updated" "rebuilt"

struct IndexOpenReport {
    IndexSource source = IndexSource::Exact;
    std::string reason;   // why the cache was not used as is ("" when it was)
    int64_t vectors = 0;
};

// 64-bit checksum of a file's bytes (streamed); throws wb::Error naming the file.
uint64_t fileChecksum(const std::string& path);

class ChunkIndexCache {
public:
    // cacheDir "" = "<project path>.cache".
    explicit ChunkIndexCache(ProjectStore& store, DenseIndexOptions options = {}, std::string cacheDir = {});

    const std::string& cacheDir() const { return dir_; }
    std::string graphPath(int64_t collectionId, int64_t modelId) const;
    std::string metaPath(int64_t collectionId, int64_t modelId) const;

    // The current fingerprint of what is stored.
    IndexFingerprint fingerprint(int64_t collectionId, const EmbeddingModelInfo& model);
    DenseIndex& open(int64_t collectionId, const EmbeddingModelInfo& model, IndexOpenReport* report = nullptr);
    void forget();   // drop in-memory indexes (the next open() checks the files again)

private:
    struct Entry {
        IndexFingerprint fingerprint;
        std::unique_ptr<DenseIndex> index;
    };
    ProjectStore& store_;
    DenseIndexOptions options_;
    std::string dir_;
    std::map<std::pair<int64_t, int64_t>, Entry> open_;

    std::vector<int64_t> storedIds(int64_t collectionId, int64_t modelId);
    void save(const DenseIndex& index, int64_t collectionId, int64_t modelId, const IndexFingerprint& fp);
};

} // namespace wb
