#pragma once
// Private state and row helpers of ProjectStore, shared by its .cpp files.
#include "core/store/project_store.h"
#include "core/store/sqlite_util.h"

#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace wb {

// Columns read by readRecord(), in this order.
inline constexpr const char* kRecordColumns =
    "id, dataset_id, kind, system, instruction, input, output, category, messages_json, prompt, chosen, "
    "rejected, text, extra, tags, source_file, source_line, content_hash, status, rating, split, created_at, "
    "updated_at";

// A WHERE clause with its bound arguments, built from a RecordQuery.
struct WhereClause {
    std::string sql;
    std::vector<std::variant<int64_t, std::string>> args;
    void bindTo(sql::Stmt& st, int first = 1) const;
};

struct ProjectStore::Impl {
    Impl(sqlite3* db_, std::string path_) : db(db_), path(std::move(path_)), stmts(db, path) {}
    ~Impl()
    {
        stmts.clear();
        sqlite3_close_v2(db);
    }

    sqlite3* db;
    std::string path;
    sql::StatementCache stmts;
    int savepointCounter = 0;

    sql::Stmt stmt(const std::string& s) { return stmts.get(s); }
    void exec(const char* s) { sql::exec(db, path, s); }

    Record readRecord(const sql::Stmt& st) const;
    std::optional<Record> load(int64_t id);
    DatasetKind datasetKind(int64_t datasetId);   // throws when it does not exist
    // Throws when r's dataset does not exist or has another kind; `known`
    // caches dataset kinds across calls.
    void checkKind(const Record& r, std::unordered_map<int64_t, DatasetKind>& known);

    // Row writers keeping records, record_tags and records_fts in sync.
    // insertRow: keepId inserts with r.id (undo of a delete), else sets r.id.
    void insertRow(Record& r, bool keepId);
    void updateRow(const Record& before, Record& after);
    void deleteRow(const Record& r);

    // Edit history.
    int64_t newGroup(const std::string& label);   // discards undone groups (redo stack)
    void checkGroup(int64_t groupId);
    void addRevision(int64_t groupId, int64_t datasetId, int64_t recordId, const std::string& before,
                     const std::string& after);
    // Put a record into the state of a revision JSON ("" = does not exist).
    void restore(int64_t recordId, int64_t datasetId, const std::string& json);

    WhereClause where(const RecordQuery& q) const;
};

// Validation shared by writers: tags non-empty and unique (order kept), rating
// 0..5. Throws wb::Error naming the record.
void normalizeRecordForWrite(Record& r);
std::string tagsToJson(const std::vector<std::string>& tags);
std::vector<std::string> tagsFromJson(std::string_view json, int64_t recordId);
std::string messagesToJson(const std::vector<Message>& ms);
std::vector<Message> messagesFromJson(std::string_view json, int64_t recordId);

} // namespace wb
