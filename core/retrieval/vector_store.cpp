#include "core/retrieval/vector_store.h"

#include "core/data/record.h"
#include "core/retrieval/sql_query.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace wb {

namespace {

using retrieval::Query;

int modelDim(ProjectStore& store, int64_t modelId)
{
    Query q(store, "SELECT dim FROM embedding_models WHERE id = ?");
    q.bind(1, modelId);
    if (!q.step())
        throw Error("project '" + store.path() + "': no embedding model with id " + std::to_string(modelId));
    return int(q.int64(0));
}

} // namespace

std::string toString(VectorOwner o)
{
    switch (o) {
    case VectorOwner::Chunk: return "chunk";
    case VectorOwner::Record: return "record";
    case VectorOwner::Message: return "message";
    }
    return "chunk";
}

VectorOwner vectorOwnerFromString(const std::string& s)
{
    if (s == "chunk")
        return VectorOwner::Chunk;
    if (s == "record")
        return VectorOwner::Record;
    if (s == "message")
        return VectorOwner::Message;
    throw Error("unknown vector owner '" + s + "' (expected chunk, record or message)");
}

VectorStore::VectorStore(ProjectStore& store) : store_(store) {}

EmbeddingModelInfo VectorStore::ensureModel(const std::string& key, const std::string& displayName, int dim,
                                            const std::string& path)
{
    if (key.empty())
        throw Error("project '" + store_.path() + "': an embedding model needs a non-empty key");
    if (dim <= 0)
        throw Error("project '" + store_.path() + "': embedding model '" + key + "' has dimension "
                    + std::to_string(dim) + " (must be > 0)");
    for (const EmbeddingModelInfo& m : models()) {
        if (m.key != key)
            continue;
        if (m.dim != dim)
            throw Error("project '" + store_.path() + "': embedding model '" + key + "' is stored with dimension "
                        + std::to_string(m.dim) + ", not " + std::to_string(dim));
        return m;
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Query q(store_, "INSERT INTO embedding_models(key, display_name, dim, path, created) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, key).bind(2, displayName).bind(3, int64_t(dim)).bind(4, path).bind(5, now);
    q.step();
    return {sqlite3_last_insert_rowid(store_.handle()), key, displayName, dim, path};
}

std::vector<EmbeddingModelInfo> VectorStore::models()
{
    std::vector<EmbeddingModelInfo> out;
    Query q(store_, "SELECT id, key, display_name, dim, path FROM embedding_models ORDER BY id");
    while (q.step()) {
        out.push_back({q.int64(0), q.text(1), q.text(2), int(q.int64(3)), q.text(4)});
    }
    return out;
}

void VectorStore::put(int64_t modelId, VectorOwner owner, const std::string& field, const std::vector<int64_t>& ids,
                      const float* vectors)
{
    if (ids.empty())
        return;
    const int dim = modelDim(store_, modelId);
    ProjectStore::Transaction tx(store_);
    Query q(store_, "INSERT OR REPLACE INTO embeddings(model_id, owner, field, item_id, vector) VALUES (?, ?, ?, ?, ?)");
    const std::string ownerName = toString(owner);
    for (size_t i = 0; i < ids.size(); ++i) {
        q.rerun();
        q.bind(1, modelId).bind(2, ownerName).bind(3, field).bind(4, ids[i]);
        q.bindBlob(5, vectors + i * size_t(dim), size_t(dim) * sizeof(float));
        q.step();
    }
    tx.commit();
}

std::vector<int64_t> VectorStore::missing(int64_t modelId, VectorOwner owner, const std::string& field,
                                          const std::vector<int64_t>& ids)
{
    std::vector<int64_t> out;
    Query q(store_, "SELECT 1 FROM embeddings WHERE model_id = ? AND owner = ? AND field = ? AND item_id = ?");
    const std::string ownerName = toString(owner);
    for (int64_t id : ids) {
        q.rerun();
        q.bind(1, modelId).bind(2, ownerName).bind(3, field).bind(4, id);
        if (!q.step())
            out.push_back(id);
    }
    return out;
}

StoredVectors VectorStore::load(int64_t modelId, VectorOwner owner, const std::string& field,
                                const std::vector<int64_t>& only)
{
    StoredVectors out;
    out.dim = modelDim(store_, modelId);
    const std::string ownerName = toString(owner);
    const size_t rowBytes = size_t(out.dim) * sizeof(float);
    // Appends the row of (id, vector at column `col`) after checking its size.
    auto take = [&](const Query& q, int64_t id, int col) {
        if (q.bytes(col) != rowBytes)
            throw Error("project '" + store_.path() + "': the stored vector of " + ownerName + " "
                        + std::to_string(id) + " has " + std::to_string(q.bytes(col)) + " bytes, expected "
                        + std::to_string(rowBytes) + " (dimension " + std::to_string(out.dim) + ")");
        out.ids.push_back(id);
        const size_t at = out.data.size();
        out.data.resize(at + size_t(out.dim));
        std::memcpy(out.data.data() + at, q.blob(col), rowBytes);
    };
    if (only.empty()) {
        Query q(store_, "SELECT item_id, vector FROM embeddings WHERE model_id = ? AND owner = ? AND field = ? "
                        "ORDER BY item_id");
        q.bind(1, modelId).bind(2, ownerName).bind(3, field);
        while (q.step())
            take(q, q.int64(0), 1);
        return out;
    }
    std::vector<int64_t> wanted = only;
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    out.ids.reserve(wanted.size());
    out.data.reserve(wanted.size() * size_t(out.dim));
    Query q(store_, "SELECT vector FROM embeddings WHERE model_id = ? AND owner = ? AND field = ? AND item_id = ?");
    for (int64_t id : wanted) {
        q.rerun();
        q.bind(1, modelId).bind(2, ownerName).bind(3, field).bind(4, id);
        if (q.step())
            take(q, id, 0);
    }
    return out;
}

void VectorStore::remove(VectorOwner owner, const std::vector<int64_t>& ids)
{
    if (ids.empty())
        return;
    ProjectStore::Transaction tx(store_);
    Query q(store_, "DELETE FROM embeddings WHERE owner = ? AND item_id = ?");
    const std::string ownerName = toString(owner);
    for (int64_t id : ids) {
        q.rerun();
        q.bind(1, ownerName).bind(2, id);
        q.step();
    }
    tx.commit();
}

int64_t VectorStore::count(int64_t modelId, VectorOwner owner, const std::string& field)
{
    Query q(store_, "SELECT count(*) FROM embeddings WHERE model_id = ? AND owner = ? AND field = ?");
    q.bind(1, modelId).bind(2, toString(owner)).bind(3, field);
    q.step();
    return q.int64(0);
}

} // namespace wb
