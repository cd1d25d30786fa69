#include "core/retrieval/chunk_index_cache.h"

#include "core/data/record.h"
#include "core/retrieval/sql_query.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {

namespace fs = std::filesystem;
using retrieval::Query;

namespace {

constexpr int kCacheFormat = 1;
constexpr const char* kChunkField = "text";

uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xFF51AFD7ED558CCDull;
}

std::string hex(uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

nlohmann::json toJson(const IndexFingerprint& f)
{
    return {{"model_key", f.modelKey}, {"dim", f.dim},          {"count", f.count},
            {"max_id", f.maxId},       {"id_hash", hex(f.idHash)}, {"schema", f.schemaVersion}};
}

IndexFingerprint fromJson(const nlohmann::json& j)
{
    IndexFingerprint f;
    f.modelKey = j.at("model_key").get<std::string>();
    f.dim = j.at("dim").get<int>();
    f.count = j.at("count").get<int64_t>();
    f.maxId = j.at("max_id").get<int64_t>();
    f.idHash = std::stoull(j.at("id_hash").get<std::string>(), nullptr, 16);
    f.schemaVersion = j.at("schema").get<int>();
    return f;
}

} // namespace

std::string toString(IndexSource s)
{
    switch (s) {
    case IndexSource::Exact: return "exact";
    case IndexSource::Memory: return "memory";
    case IndexSource::Loaded: return "loaded";
    case IndexSource::Updated: return "updated";
    case IndexSource::Rebuilt: return "rebuilt";
    }
    return "exact";
}

uint64_t fileChecksum(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open the file");
    std::vector<char> buf(1 << 20);
    uint64_t h = 0x243F6A8885A308D3ull, total = 0;
    while (in) {
        in.read(buf.data(), std::streamsize(buf.size()));
        const auto n = size_t(in.gcount());
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, buf.data() + i, 8);
            h = (h ^ w) * 0x100000001B3ull;
            h ^= h >> 29;
        }
        for (; i < n; ++i)
            h = (h ^ static_cast<unsigned char>(buf[i])) * 0x100000001B3ull;
        total += n;
    }
    if (in.bad())
        throw Error(path + ": read error");
    return mix(h, total);
}

ChunkIndexCache::ChunkIndexCache(ProjectStore& store, DenseIndexOptions options, std::string cacheDir)
    : store_(store), options_(options), dir_(cacheDir.empty() ? store.path() + ".cache" : std::move(cacheDir))
{
}

std::string ChunkIndexCache::graphPath(int64_t collectionId, int64_t modelId) const
{
    return (fs::path(dir_) / ("kb-c" + std::to_string(collectionId) + "-m" + std::to_string(modelId) + ".hnsw"))
        .string();
}

std::string ChunkIndexCache::metaPath(int64_t collectionId, int64_t modelId) const
{
    return graphPath(collectionId, modelId) + ".json";
}

std::vector<int64_t> ChunkIndexCache::storedIds(int64_t collectionId, int64_t modelId)
{
    Query q(store_, "SELECT e.item_id FROM embeddings e JOIN kb_chunks c ON c.id = e.item_id "
                    "JOIN kb_documents d ON d.id = c.document_id "
                    "WHERE e.model_id = ? AND e.owner = 'chunk' AND e.field = ? AND d.collection_id = ? "
                    "ORDER BY e.item_id");
    q.bind(1, modelId).bind(2, kChunkField).bind(3, collectionId);
    std::vector<int64_t> ids;
    while (q.step())
        ids.push_back(q.int64(0));
    return ids;
}

IndexFingerprint ChunkIndexCache::fingerprint(int64_t collectionId, const EmbeddingModelInfo& model)
{
    IndexFingerprint f;
    f.modelKey = model.key;
    f.dim = model.dim;
    f.schemaVersion = store_.schemaVersion();
    const std::vector<int64_t> ids = storedIds(collectionId, model.id);
    f.count = int64_t(ids.size());
    f.maxId = ids.empty() ? 0 : ids.back();
    uint64_t h = 0;
    for (int64_t id : ids)
        h = mix(h, uint64_t(id));
    f.idHash = h;
    return f;
}

void ChunkIndexCache::forget() { open_.clear(); }

DenseIndex& ChunkIndexCache::open(int64_t collectionId, const EmbeddingModelInfo& model, IndexOpenReport* report)
{
    IndexOpenReport local;
    IndexOpenReport& r = report ? *report : local;
    r = {};
    const IndexFingerprint fp = fingerprint(collectionId, model);
    r.vectors = fp.count;
    const auto key = std::make_pair(collectionId, model.id);
    if (auto it = open_.find(key); it != open_.end() && it->second.fingerprint == fp) {
        r.source = IndexSource::Memory;
        return *it->second.index;
    }
    VectorStore vectors(store_);
    auto loadAll = [&] { return vectors.load(model.id, VectorOwner::Chunk, kChunkField, storedIds(collectionId, model.id)); };
    Entry entry{fp, nullptr};
    if (size_t(fp.count) < options_.exactThreshold) {
        const StoredVectors all = loadAll();
        entry.index = std::make_unique<DenseIndex>(model.dim, options_);
        entry.index->build(all.ids, all.data.data());
        r.source = IndexSource::Exact;
        return *(open_[key] = std::move(entry)).index;
    }
    const std::string graph = graphPath(collectionId, model.id), meta = metaPath(collectionId, model.id);
    // Why the cache file cannot be used as is; "" when it can.
    std::string problem;
    std::optional<IndexFingerprint> cached;
    std::error_code ec;
    if (!fs::exists(meta, ec) || !fs::exists(graph, ec)) {
        problem = "no cache file";
    } else {
        try {
            std::ifstream in(meta);
            const nlohmann::json j = nlohmann::json::parse(in);
            if (j.at("format").get<int>() != kCacheFormat)
                problem = "cache format " + std::to_string(j.at("format").get<int>());
            else if (j.at("bytes").get<int64_t>() != int64_t(fs::file_size(graph)))
                problem = "cache file size differs (truncated?)";
            else if (j.at("checksum").get<std::string>() != hex(fileChecksum(graph)))
                problem = "cache file checksum differs (corrupt)";
            else
                cached = fromJson(j.at("fingerprint"));
        } catch (const std::exception& e) {
            problem = std::string("unreadable cache metadata: ") + e.what();
        }
    }
    if (cached && (cached->modelKey != fp.modelKey || cached->dim != fp.dim
                   || cached->schemaVersion != fp.schemaVersion)) {
        problem = "cache made for another model or schema";
        cached.reset();
    }
    if (cached) {
        try {
            entry.index = DenseIndex::loadGraph(graph, model.dim, options_);
        } catch (const Error& e) {
            problem = e.what();
            cached.reset();
        }
    }
    if (cached && *cached == fp) {
        r.source = IndexSource::Loaded;
        return *(open_[key] = std::move(entry)).index;
    }
    if (cached) {
        // Intact but stale: bring it up to date in place.
        const std::vector<int64_t> now = storedIds(collectionId, model.id);
        const std::vector<int64_t> had = entry.index->ids();
        std::vector<int64_t> gone, added;
        std::set_difference(had.begin(), had.end(), now.begin(), now.end(), std::back_inserter(gone));
        std::set_difference(now.begin(), now.end(), had.begin(), had.end(), std::back_inserter(added));
        entry.index->remove(gone);
        const StoredVectors fresh = vectors.load(model.id, VectorOwner::Chunk, kChunkField, added);
        entry.index->add(fresh.ids, fresh.data.data());
        r.source = IndexSource::Updated;
        r.reason = "stale: " + std::to_string(gone.size()) + " removed, " + std::to_string(added.size()) + " added";
    } else {
        const StoredVectors all = loadAll();
        entry.index = std::make_unique<DenseIndex>(model.dim, options_);
        entry.index->build(all.ids, all.data.data());
        r.source = IndexSource::Rebuilt;
        r.reason = problem;
    }
    if (entry.index->usesGraph())
        save(*entry.index, collectionId, model.id, fp);
    return *(open_[key] = std::move(entry)).index;
}

void ChunkIndexCache::save(const DenseIndex& index, int64_t collectionId, int64_t modelId, const IndexFingerprint& fp)
{
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
        throw Error(dir_ + ": cannot create the cache folder: " + ec.message());
    const std::string graph = graphPath(collectionId, modelId), meta = metaPath(collectionId, modelId);
    index.saveGraph(graph + ".tmp");
    const nlohmann::json j = {{"format", kCacheFormat},
                              {"fingerprint", toJson(fp)},
                              {"bytes", int64_t(fs::file_size(graph + ".tmp"))},
                              {"checksum", hex(fileChecksum(graph + ".tmp"))}};
    {
        std::ofstream out(meta + ".tmp");
        out << j.dump(2) << '\n';
        if (!out)
            throw Error(meta + ": cannot write the cache metadata");
    }
    fs::rename(graph + ".tmp", graph, ec);
    if (!ec)
        fs::rename(meta + ".tmp", meta, ec);
    if (ec)
        throw Error(graph + ": cannot replace the cache file: " + ec.message());
}

} // namespace wb
