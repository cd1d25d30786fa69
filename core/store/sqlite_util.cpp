#include "core/store/sqlite_util.h"

#include "core/data/record.h"

namespace wb::sql {

void fail(sqlite3* db, const std::string& path, const std::string& what)
{
    throw Error("project '" + path + "': " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const std::string& path, const char* sql)
{
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        std::string head(sql);
        if (head.size() > 80)
            head = head.substr(0, 80) + "...";
        throw Error("project '" + path + "': " + msg + " (in: " + head + ")");
    }
}

Stmt& Stmt::bind(int i, int64_t v)
{
    if (sqlite3_bind_int64(s_, i, v) != SQLITE_OK)
        fail(db_, path_, "bind");
    return *this;
}

Stmt& Stmt::bind(int i, std::string_view v)
{
    if (sqlite3_bind_text64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
        fail(db_, path_, "bind");
    return *this;
}

Stmt& Stmt::bindStatic(int i, std::string_view v)
{
    if (sqlite3_bind_text64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK)
        fail(db_, path_, "bind");
    return *this;
}

Stmt& Stmt::bindBlob(int i, std::string_view v)
{
    if (sqlite3_bind_blob64(s_, i, v.data() ? v.data() : "", v.size(), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, path_, "bind");
    return *this;
}

Stmt& Stmt::bindNull(int i)
{
    if (sqlite3_bind_null(s_, i) != SQLITE_OK)
        fail(db_, path_, "bind");
    return *this;
}

bool Stmt::step()
{
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    std::string sql = sqlite3_sql(s_);
    if (sql.size() > 80)
        sql = sql.substr(0, 80) + "...";
    fail(db_, path_, "statement failed (" + sql + ")");
}

std::string Stmt::text(int col) const
{
    return std::string(view(col));
}

std::string_view Stmt::view(int col) const
{
    const void* p = sqlite3_column_blob(s_, col);
    const int n = sqlite3_column_bytes(s_, col);
    return p ? std::string_view(static_cast<const char*>(p), size_t(n)) : std::string_view();
}

StatementCache::~StatementCache()
{
    clear();
}

void StatementCache::clear()
{
    for (auto& [sql, s] : cache_)
        sqlite3_finalize(s);
    cache_.clear();
}

Stmt StatementCache::get(const std::string& sql)
{
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v3(db_, sql.c_str(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
            fail(db_, path_, "cannot prepare statement (" + sql.substr(0, 80) + ")");
        it = cache_.emplace(sql, s).first;
    }
    return Stmt(db_, it->second, path_);
}

} // namespace wb::sql
