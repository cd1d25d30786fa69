#pragma once
// A statement prepared on a ProjectStore's connection for one call (the
// retrieval stores run few distinct queries, each in a loop): bind, step,
// rerun, finalized when it goes out of scope. Errors throw wb::Error naming
// the project. Internal to core/retrieval.
#include "core/store/project_store.h"
#include "core/store/sqlite_util.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace wb::retrieval {

class Query {
public:
    Query(ProjectStore& store, const char* sqlText) : store_(store)
    {
        if (sqlite3_prepare_v2(store.handle(), sqlText, -1, &s_, nullptr) != SQLITE_OK)
            sql::fail(store.handle(), store.path(), std::string("cannot prepare '") + sqlText + "'");
    }
    ~Query() { sqlite3_finalize(s_); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(int i, int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
    Query& bind(int i, double v) { return check(sqlite3_bind_double(s_, i, v)); }
    Query& bind(int i, std::string_view v)
    {
        return check(sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    Query& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Query& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    // Not copied: the bytes must outlive the next step().
    Query& bindBlob(int i, const void* p, size_t n) { return check(sqlite3_bind_blob64(s_, i, p, n, SQLITE_STATIC)); }

    bool step()
    {
        const int rc = sqlite3_step(s_);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        sql::fail(store_.handle(), store_.path(), "query failed");
    }
    void run()
    {
        while (step()) {
        }
    }
    // Reset for the next set of bindings (bindings are kept until rebound).
    void rerun() { sqlite3_reset(s_); }

    int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
    double real(int col) const { return sqlite3_column_double(s_, col); }
    std::string text(int col) const
    {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
        return p ? std::string(p, size_t(sqlite3_column_bytes(s_, col))) : std::string();
    }
    const void* blob(int col) const { return sqlite3_column_blob(s_, col); }
    size_t bytes(int col) const { return size_t(sqlite3_column_bytes(s_, col)); }

private:
    Query& check(int rc)
    {
        if (rc != SQLITE_OK)
            sql::fail(store_.handle(), store_.path(), "cannot bind a query argument");
        return *this;
    }
    ProjectStore& store_;
    sqlite3_stmt* s_ = nullptr;
};

} // namespace wb::retrieval
