#include "core/store/project_store.h"

#include "core/store/migrations.h"
#include "core/store/project_store_impl.h"

#include <filesystem>

namespace wb {

namespace {

void closeAndThrow(sqlite3* db, const std::string& msg)
{
    sqlite3_close_v2(db);
    throw Error(msg);
}

// Reads an integer PRAGMA; returns false with `err` set when SQLite refuses
// (e.g. "file is not a database").
bool readPragma(sqlite3* db, const char* pragma, int& value, std::string& err)
{
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v2(db, pragma, -1, &s, nullptr);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        value = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        return true;
    }
    err = sqlite3_errmsg(db);
    sqlite3_finalize(s);
    return false;
}

void configure(sqlite3* db, const std::string& path)
{
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    sql::exec(db, path,
              "PRAGMA journal_mode = WAL;"
              "PRAGMA foreign_keys = ON;"
              "PRAGMA synchronous = NORMAL;"
              "PRAGMA temp_store = MEMORY;"
              "PRAGMA cache_size = -65536;");   // 64 MiB: keeps FTS segment merges of big imports in memory
}

sqlite3* openHandle(const std::string& path, int flags, const char* verb)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        throw Error(std::string("cannot ") + verb + " project '" + path + "': " + msg);
    }
    return db;
}

} // namespace

ProjectStore::ProjectStore(sqlite3* db, std::string path) : d(std::make_unique<Impl>(db, std::move(path))) {}

ProjectStore::~ProjectStore() = default;

std::unique_ptr<ProjectStore> ProjectStore::create(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw Error("cannot create project '" + path + "': the file already exists");
    sqlite3* db = openHandle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "create");
    try {
        // 16 KiB pages (SQLite's default is 4 KiB) for new projects: records
        // are hundreds of bytes to kilobytes and FTS5 segments are large, so a
        // 1M-record import runs about 25% faster; an edit still writes one page.
        // Only takes effect before the first table exists; older projects keep theirs.
        sql::exec(db, path, "PRAGMA page_size = 16384");
        configure(db, path);
        store::migrate(db, path);
    } catch (const Error& e) {
        sqlite3_close_v2(db);
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path + suffix, ec);
        throw;
    }
    return std::unique_ptr<ProjectStore>(new ProjectStore(db, path));
}

std::unique_ptr<ProjectStore> ProjectStore::open(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw Error("cannot open project '" + path + "': no such file");
    sqlite3* db = openHandle(path, SQLITE_OPEN_READWRITE, "open");
    sqlite3_busy_timeout(db, 5000);
    int appId = 0, version = 0;
    std::string err;
    if (!readPragma(db, "PRAGMA application_id", appId, err) || !readPragma(db, "PRAGMA user_version", version, err))
        closeAndThrow(db, "cannot open project '" + path + "': not an LLM Workbench project (" + err + ")");
    if (appId != store::kApplicationId || version <= 0)
        closeAndThrow(db, "cannot open project '" + path
                              + "': not an LLM Workbench project (an SQLite file of another application)");
    if (version > kSchemaVersion)
        closeAndThrow(db, "cannot open project '" + path + "': it was written by a newer LLM Workbench (schema version "
                              + std::to_string(version) + "; this version supports up to "
                              + std::to_string(kSchemaVersion) + ")");
    try {
        configure(db, path);
        store::migrate(db, path);
    } catch (const Error&) {
        sqlite3_close_v2(db);
        throw;
    }
    return std::unique_ptr<ProjectStore>(new ProjectStore(db, path));
}

const std::string& ProjectStore::path() const { return d->path; }

int ProjectStore::schemaVersion() const
{
    auto st = d->stmt("PRAGMA user_version");
    return st.step() ? int(st.int64(0)) : 0;
}

sqlite3* ProjectStore::handle() { return d->db; }

// ---- transactions

ProjectStore::Transaction::Transaction(ProjectStore& s)
    : store_(s), name_("wb_sp" + std::to_string(++s.d->savepointCounter))
{
    store_.d->exec(("SAVEPOINT " + name_).c_str());
}

ProjectStore::Transaction::~Transaction()
{
    if (done_)
        return;
    sqlite3_exec(store_.d->db, ("ROLLBACK TO " + name_ + "; RELEASE " + name_).c_str(), nullptr, nullptr, nullptr);
}

void ProjectStore::Transaction::commit()
{
    if (done_)
        throw Error("project '" + store_.d->path + "': transaction committed twice");
    store_.d->exec(("RELEASE " + name_).c_str());
    done_ = true;
}

// ---- datasets

namespace {
DatasetInfo readDataset(const sql::Stmt& st)
{
    DatasetInfo info;
    info.id = st.int64(0);
    info.name = st.text(1);
    info.kind = datasetKindFromString(st.view(2));
    info.description = st.text(3);
    info.createdAt = st.int64(4);
    info.recordCount = st.int64(5);
    return info;
}
constexpr const char* kDatasetSelect =
    "SELECT d.id, d.name, d.kind, d.description, d.created_at, "
    "(SELECT count(*) FROM records r WHERE r.dataset_id = d.id) FROM datasets d ";
} // namespace

int64_t ProjectStore::createDataset(const std::string& name, DatasetKind kind, const std::string& description)
{
    if (name.empty())
        throw Error("project '" + d->path + "': a dataset name must not be empty");
    if (datasetByName(name))
        throw Error("project '" + d->path + "': a dataset named '" + name + "' already exists");
    auto st = d->stmt("INSERT INTO datasets(name, kind, description, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, name).bind(2, toString(kind)).bind(3, description).bind(4, nowMillis()).run();
    return sqlite3_last_insert_rowid(d->db);
}

std::vector<DatasetInfo> ProjectStore::datasets()
{
    std::vector<DatasetInfo> out;
    auto st = d->stmt(std::string(kDatasetSelect) + "ORDER BY d.id");
    while (st.step())
        out.push_back(readDataset(st));
    return out;
}

std::optional<DatasetInfo> ProjectStore::dataset(int64_t id)
{
    auto st = d->stmt(std::string(kDatasetSelect) + "WHERE d.id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readDataset(st);
}

std::optional<DatasetInfo> ProjectStore::datasetByName(const std::string& name)
{
    auto st = d->stmt(std::string(kDatasetSelect) + "WHERE d.name = ?");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    return readDataset(st);
}

void ProjectStore::renameDataset(int64_t id, const std::string& name)
{
    if (name.empty())
        throw Error("project '" + d->path + "': a dataset name must not be empty");
    auto other = datasetByName(name);
    if (other && other->id != id)
        throw Error("project '" + d->path + "': a dataset named '" + name + "' already exists");
    auto st = d->stmt("UPDATE datasets SET name = ? WHERE id = ?");
    st.bind(1, name).bind(2, id).run();
    if (sqlite3_changes(d->db) == 0)
        throw Error("project '" + d->path + "': no dataset with id " + std::to_string(id));
}

void ProjectStore::deleteDataset(int64_t id)
{
    Transaction t(*this);
    if (!dataset(id))
        throw Error("project '" + d->path + "': no dataset with id " + std::to_string(id));
    std::vector<int64_t> groups;
    {
        auto st = d->stmt("SELECT DISTINCT group_id FROM revisions WHERE dataset_id = ?");
        st.bind(1, id);
        while (st.step())
            groups.push_back(st.int64(0));
    }
    d->stmt("DELETE FROM records_fts WHERE rowid IN (SELECT id FROM records WHERE dataset_id = ?)").bind(1, id).run();
    d->stmt("DELETE FROM record_tags WHERE dataset_id = ?").bind(1, id).run();
    // Records, revisions and quarantine entries go by ON DELETE CASCADE.
    d->stmt("DELETE FROM datasets WHERE id = ?").bind(1, id).run();
    for (int64_t g : groups)
        d->stmt("DELETE FROM edit_groups WHERE id = ? AND NOT EXISTS (SELECT 1 FROM revisions WHERE group_id = ?)")
            .bind(1, g)
            .bind(2, g)
            .run();
    t.commit();
}

// ---- quarantine

int64_t ProjectStore::addQuarantine(const QuarantineEntry& e)
{
    d->datasetKind(e.datasetId);   // throws naming the missing dataset
    auto st = d->stmt("INSERT INTO quarantine(dataset_id, source_file, line, col, reason, raw, time) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, e.datasetId).bind(2, e.sourceFile).bind(3, e.line).bind(4, e.column).bind(5, e.reason);
    st.bindBlob(6, e.raw).bind(7, e.time ? e.time : nowMillis()).run();
    return sqlite3_last_insert_rowid(d->db);
}

std::vector<QuarantineEntry> ProjectStore::quarantine(int64_t datasetId)
{
    std::vector<QuarantineEntry> out;
    auto st = d->stmt("SELECT id, dataset_id, source_file, line, col, reason, raw, time FROM quarantine "
                      "WHERE dataset_id = ? ORDER BY id");
    st.bind(1, datasetId);
    while (st.step()) {
        QuarantineEntry e;
        e.id = st.int64(0);
        e.datasetId = st.int64(1);
        e.sourceFile = st.text(2);
        e.line = st.int64(3);
        e.column = st.int64(4);
        e.reason = st.text(5);
        e.raw = st.text(6);
        e.time = st.int64(7);
        out.push_back(std::move(e));
    }
    return out;
}

void ProjectStore::removeQuarantine(const std::vector<int64_t>& ids)
{
    Transaction t(*this);
    for (int64_t id : ids)
        d->stmt("DELETE FROM quarantine WHERE id = ?").bind(1, id).run();
    t.commit();
}

// ---- meta

void ProjectStore::setMeta(const std::string& key, const std::string& value)
{
    d->stmt("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

std::optional<std::string> ProjectStore::meta(const std::string& key)
{
    auto st = d->stmt("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    return st.text(0);
}

} // namespace wb
