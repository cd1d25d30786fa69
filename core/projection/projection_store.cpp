#include "core/projection/projection_store.h"

#include "core/data/record.h"
#include "core/projection/parallel.h"
#include "core/store/sqlite_util.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_set>

namespace wb {

// The blobs are written as the host's bytes: little-endian on every platform we build for.
static_assert(std::endian::native == std::endian::little, "projection blobs assume a little-endian host");

std::string itemSetHash(std::vector<int64_t> ids)
{
    std::sort(ids.begin(), ids.end());
    uint64_t a = proj::mix64(0x70726f6aULL ^ uint64_t(ids.size()));
    uint64_t b = proj::mix64(0x6974656dULL + uint64_t(ids.size()));
    for (int64_t id : ids) {
        a = proj::hashCombine(a, uint64_t(id));
        b = proj::hashCombine(b ^ 0x5bd1e995ULL, uint64_t(id) * 0x9e3779b97f4a7c15ULL);
    }
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
}

namespace {

constexpr const char* kColumns =
    "id, model_key, source, items_hash, params_key, method, item_count, trustworthiness, label, created_at";

// A prepared statement finalized on destruction (the cached sql::Stmt has no
// REAL binding).
class Query {
public:
    Query(sqlite3* db, const std::string& path, const std::string& sql) : db_(db), path_(path)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK)
            sql::fail(db, path, "cannot prepare a projection query");
    }
    ~Query() { sqlite3_finalize(s_); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& text(int i, const std::string& v)
    {
        check(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
        return *this;
    }
    Query& integer(int i, int64_t v)
    {
        check(sqlite3_bind_int64(s_, i, v));
        return *this;
    }
    Query& real(int i, std::optional<double> v)
    {
        check(v ? sqlite3_bind_double(s_, i, *v) : sqlite3_bind_null(s_, i));
        return *this;
    }
    Query& blob(int i, const void* p, size_t bytes)
    {
        check(sqlite3_bind_blob64(s_, i, bytes ? p : "", bytes, SQLITE_STATIC));
        return *this;
    }
    bool step()
    {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc != SQLITE_DONE)
            sql::fail(db_, path_, "projection query failed");
        return false;
    }
    sqlite3_stmt* get() const { return s_; }

private:
    void check(int rc)
    {
        if (rc != SQLITE_OK)
            sql::fail(db_, path_, "cannot bind a projection value");
    }
    sqlite3* db_;
    const std::string& path_;
    sqlite3_stmt* s_ = nullptr;
};

std::string columnText(sqlite3_stmt* s, int c)
{
    const auto* p = sqlite3_column_text(s, c);
    return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(s, c))) : std::string();
}

ProjectionSummary readSummary(sqlite3_stmt* s)
{
    ProjectionSummary r;
    r.id = sqlite3_column_int64(s, 0);
    r.key = {columnText(s, 1), columnText(s, 2), columnText(s, 3), columnText(s, 4)};
    r.method = projectionMethodFromString(columnText(s, 5));
    r.itemCount = sqlite3_column_int64(s, 6);
    if (sqlite3_column_type(s, 7) != SQLITE_NULL)
        r.trustworthiness = sqlite3_column_double(s, 7);
    r.label = columnText(s, 8);
    r.created = sqlite3_column_int64(s, 9);
    return r;
}

} // namespace

struct ProjectionStore::Impl {
    explicit Impl(ProjectStore& s) : store(s), path(s.path()) {}
    ProjectStore& store;
    std::string path;

    std::optional<StoredProjection> one(const std::string& where, const std::function<void(Query&)>& bind)
    {
        Query q(store.handle(), path, std::string("SELECT ") + kColumns + ", item_ids, xy FROM projections WHERE "
                                          + where);
        bind(q);
        if (!q.step())
            return std::nullopt;
        StoredProjection r;
        static_cast<ProjectionSummary&>(r) = readSummary(q.get());
        const auto n = size_t(r.itemCount);
        const size_t idBytes = size_t(sqlite3_column_bytes(q.get(), 10));
        const size_t xyBytes = size_t(sqlite3_column_bytes(q.get(), 11));
        if (idBytes != n * sizeof(int64_t) || xyBytes != n * 2 * sizeof(float))
            throw Error("project '" + path + "': projection " + std::to_string(r.id)
                        + " is damaged (its blobs do not hold " + std::to_string(n) + " points)");
        r.itemIds.resize(n);
        r.xy.resize(n * 2);
        if (n) {
            std::memcpy(r.itemIds.data(), sqlite3_column_blob(q.get(), 10), idBytes);
            std::memcpy(r.xy.data(), sqlite3_column_blob(q.get(), 11), xyBytes);
        }
        return r;
    }
};

ProjectionStore::ProjectionStore(ProjectStore& store) : d_(std::make_unique<Impl>(store)) {}
ProjectionStore::~ProjectionStore() = default;

int64_t ProjectionStore::save(const ProjectionKey& key, ProjectionMethod method, const std::vector<int64_t>& itemIds,
                              const std::vector<float>& xy, std::optional<double> trustworthiness,
                              const std::string& label)
{
    if (xy.size() != itemIds.size() * 2)
        throw Error("projection: " + std::to_string(itemIds.size()) + " item ids but " + std::to_string(xy.size())
                    + " coordinates (expected two per item)");
    if (key.itemsHash != itemSetHash(itemIds))
        throw Error("projection: the key's items hash does not match the item ids");
    std::unordered_set<int64_t> seen;
    seen.reserve(itemIds.size());
    for (size_t i = 0; i < itemIds.size(); ++i) {
        if (!seen.insert(itemIds[i]).second)
            throw Error("projection: item id " + std::to_string(itemIds[i]) + " appears twice");
        if (!std::isfinite(xy[i * 2]) || !std::isfinite(xy[i * 2 + 1]))
            throw Error("projection: the coordinates of item " + std::to_string(itemIds[i]) + " are not finite");
    }
    if (trustworthiness && !std::isfinite(*trustworthiness))
        throw Error("projection: trustworthiness is not finite");
    ProjectStore::Transaction tx(d_->store);
    Query q(d_->store.handle(), d_->path,
            "INSERT INTO projections (model_key, source, items_hash, params_key, method, item_count, item_ids, xy,"
            " trustworthiness, label, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            " ON CONFLICT (model_key, source, items_hash, params_key) DO UPDATE SET method = excluded.method,"
            " item_count = excluded.item_count, item_ids = excluded.item_ids, xy = excluded.xy,"
            " trustworthiness = excluded.trustworthiness, label = excluded.label, created_at = excluded.created_at"
            " RETURNING id");
    q.text(1, key.modelKey).text(2, key.source).text(3, key.itemsHash).text(4, key.paramsKey);
    q.text(5, toString(method)).integer(6, int64_t(itemIds.size()));
    q.blob(7, itemIds.data(), itemIds.size() * sizeof(int64_t)).blob(8, xy.data(), xy.size() * sizeof(float));
    q.real(9, trustworthiness).text(10, label).integer(11, nowMillis());
    if (!q.step())
        throw Error("project '" + d_->path + "': storing a projection returned no id");
    const int64_t id = sqlite3_column_int64(q.get(), 0);
    while (q.step()) {
    }
    tx.commit();
    return id;
}

std::optional<StoredProjection> ProjectionStore::find(const ProjectionKey& key)
{
    return d_->one("model_key = ?1 AND source = ?2 AND items_hash = ?3 AND params_key = ?4", [&](Query& q) {
        q.text(1, key.modelKey).text(2, key.source).text(3, key.itemsHash).text(4, key.paramsKey);
    });
}

std::optional<StoredProjection> ProjectionStore::get(int64_t id)
{
    return d_->one("id = ?1", [&](Query& q) { q.integer(1, id); });
}

std::vector<ProjectionSummary> ProjectionStore::list(const std::string& source)
{
    Query q(d_->store.handle(), d_->path,
            std::string("SELECT ") + kColumns + " FROM projections WHERE ?1 = '' OR source = ?1"
                + " ORDER BY created_at DESC, id DESC");
    q.text(1, source);
    std::vector<ProjectionSummary> out;
    while (q.step())
        out.push_back(readSummary(q.get()));
    return out;
}

void ProjectionStore::remove(int64_t id)
{
    Query q(d_->store.handle(), d_->path, "DELETE FROM projections WHERE id = ?1");
    q.integer(1, id);
    q.step();
    if (sqlite3_changes(d_->store.handle()) == 0)
        throw Error("project '" + d_->path + "': no projection with id " + std::to_string(id));
}

} // namespace wb
