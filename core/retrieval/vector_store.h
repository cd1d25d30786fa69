#pragma once
// Embedding vectors stored in the project file (schema version 4), keyed by
// the embedder (Embedder::key()) and the item they embed: a knowledge-base
// chunk, a dataset record or a chat message. The knowledge base, the
// embedding map and the inspector share it; hnswlib indexes are caches built
// from it. Qt-free. Uses the ProjectStore's connection (same thread, must not
// outlive it).
#include "core/store/project_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb {

enum class VectorOwner { Chunk, Record, Message };
std::string toString(VectorOwner o);                  // "chunk" "record" "message"
VectorOwner vectorOwnerFromString(const std::string& s);   // throws wb::Error naming the value

struct EmbeddingModelInfo {
    int64_t id = 0;
    std::string key;           // Embedder::key()
    std::string displayName;
    int dim = 0;
    std::string path;          // the folder it was loaded from ("" when unknown)
};

// What a vector embeds: "instruction", "output", "instruction+output", "text"
// for records, "text" for chunks and messages. Part of the key, so the map can
// keep several views of one dataset.
struct StoredVectors {
    std::vector<int64_t> ids;   // [n] item ids
    std::vector<float> data;    // [n, dim] row-major, L2-normalised
    int dim = 0;
};

class VectorStore {
public:
    explicit VectorStore(ProjectStore& store);

    // The model's row, created on first use. Throws wb::Error when the key is
    // known with a different dim.
    EmbeddingModelInfo ensureModel(const std::string& key, const std::string& displayName, int dim,
                                   const std::string& path = {});
    std::vector<EmbeddingModelInfo> models();

    // Inserts or replaces vectors (ids.size() * dim floats) in one transaction.
    void put(int64_t modelId, VectorOwner owner, const std::string& field, const std::vector<int64_t>& ids,
             const float* vectors);
    // The subset of ids with no vector yet for this model/owner/field (what is left to embed).
    std::vector<int64_t> missing(int64_t modelId, VectorOwner owner, const std::string& field,
                                 const std::vector<int64_t>& ids);
    // Every stored vector of this model/owner/field, ordered by id; with
    // `only` non-empty, just those ids (missing ones are left out).
    StoredVectors load(int64_t modelId, VectorOwner owner, const std::string& field,
                       const std::vector<int64_t>& only = {});
    void remove(VectorOwner owner, const std::vector<int64_t>& ids);   // every model, every field
    int64_t count(int64_t modelId, VectorOwner owner, const std::string& field);

private:
    ProjectStore& store_;
};

} // namespace wb
