#pragma once
// Thin RAII helpers over the sqlite3 C API used by the project store: a cache
// of prepared statements and a borrowed-statement wrapper that resets itself.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wb::sql {

// Throws wb::Error "project '<path>': <what>: <sqlite message>".
[[noreturn]] void fail(sqlite3* db, const std::string& path, const std::string& what);

// Run one or more statements without results.
void exec(sqlite3* db, const std::string& path, const char* sql);

// A cached prepared statement, reset and unbound when this object dies.
class Stmt {
public:
    Stmt(sqlite3* db, sqlite3_stmt* s, const std::string& path) : db_(db), s_(s), path_(path) {}
    ~Stmt()
    {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, int64_t v);
    Stmt& bind(int i, std::string_view v);          // text, copied
    // Text not copied: `v` must stay valid until the statement is reset or rebound.
    Stmt& bindStatic(int i, std::string_view v);
    Stmt& bindBlob(int i, std::string_view v);
    Stmt& bindNull(int i);
    // true when a row is available, false when done; throws on errors.
    bool step();
    void run() { while (step()) {} }
    // Ready to bind and step again (for reuse inside a loop).
    void reset() { sqlite3_reset(s_); }

    int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
    std::string text(int col) const;
    std::string_view view(int col) const;           // valid until the next step
    bool isNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* s_;
    const std::string& path_;
};

// Prepared statements keyed by their SQL text, finalized on destruction.
class StatementCache {
public:
    StatementCache(sqlite3* db, const std::string& path) : db_(db), path_(path) {}
    ~StatementCache();
    Stmt get(const std::string& sql);
    void clear();

private:
    sqlite3* db_;
    const std::string& path_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

} // namespace wb::sql
