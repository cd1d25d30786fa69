#pragma once
// A project is one SQLite file (WAL, foreign keys, busy timeout, versioned
// migrations through PRAGMA user_version). ProjectStore is one connection to
// it: use one instance per thread (open a second one on a worker thread; WAL
// lets readers and one writer run side by side).
#include "core/data/record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace wb {

struct DatasetInfo {
    int64_t id = 0;
    std::string name;
    DatasetKind kind = DatasetKind::Sft;
    std::string description;
    int64_t createdAt = 0;
    int64_t recordCount = 0;
};

enum class SortColumn { Id, Instruction, Output, Category, Status, Rating, Split, Updated, Source };

// A filter over one dataset's records. Empty fields do not filter.
struct RecordQuery {
    int64_t datasetId = 0;                  // 0 = records of every dataset
    std::string text;                       // full-text search (FTS5, CJK aware; see core/text/cjk_segment.h:
                                            // terms ANDed, last term a prefix; punctuation-only input = no filter)
    std::optional<ReviewStatus> status;
    std::optional<Split> split;
    std::string tag;                        // exact tag
    std::string category;                   // exact category
    std::vector<int64_t> ids;               // restrict to these ids (e.g. a map selection)
    SortColumn sort = SortColumn::Id;
    bool descending = false;
};

// One changed record inside an edit group: the whole record before and after
// (as JSON text of all content + review fields), so any edit can be reverted.
struct Revision {
    int64_t id = 0;
    int64_t groupId = 0;
    int64_t recordId = 0;
    std::string before;     // "" when the edit created the record
    std::string after;      // "" when the edit deleted the record
    int64_t time = 0;
};

// An edit group is what one undo step undoes: a single edit, or a bulk action.
struct EditGroup {
    int64_t id = 0;
    std::string label;      // e.g. "Set status: accepted (1,234 records)"
    int64_t time = 0;
    bool undone = false;
};

// A record that failed to import, kept so the user can fix and re-import it.
struct QuarantineEntry {
    int64_t id = 0;
    int64_t datasetId = 0;
    std::string sourceFile;
    int64_t line = 0;       // 1-based
    int64_t column = 0;     // 1-based, in characters... see formats for the exact unit
    std::string reason;
    std::string raw;        // the offending record's raw text (bytes as read, may be invalid UTF-8)
    int64_t time = 0;
};

// A bulk change applied to every record of a query (not just the visible page).
struct BulkChange {
    std::optional<ReviewStatus> status;
    std::optional<Split> split;
    std::optional<int> rating;
    std::vector<std::string> addTags;
    std::vector<std::string> removeTags;
    std::optional<std::string> category;
};

class ProjectStore {
public:
    static constexpr int kSchemaVersion = 6;   // bump with every migration added (core/store/migrations.cpp)

    // Create a new, empty project file (fails if it exists) / open an existing
    // one, migrating it to kSchemaVersion in one transaction. Throws wb::Error
    // naming the path on any failure (not a project, newer schema, I/O...).
    static std::unique_ptr<ProjectStore> create(const std::string& path);
    static std::unique_ptr<ProjectStore> open(const std::string& path);
    ~ProjectStore();
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;

    const std::string& path() const;
    int schemaVersion() const;              // PRAGMA user_version
    sqlite3* handle();                      // for other core stores sharing the file

    // ---- transactions: RAII, nestable via savepoints. Destroyed without
    // commit() => rolled back. Every import or bulk action runs in one.
    class Transaction {
    public:
        explicit Transaction(ProjectStore& s);
        ~Transaction();
        void commit();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
    private:
        ProjectStore& store_;
        std::string name_;
        bool done_ = false;
    };

    // ---- datasets
    int64_t createDataset(const std::string& name, DatasetKind kind, const std::string& description = {});
    std::vector<DatasetInfo> datasets();
    std::optional<DatasetInfo> dataset(int64_t id);
    std::optional<DatasetInfo> datasetByName(const std::string& name);
    void renameDataset(int64_t id, const std::string& name);
    void deleteDataset(int64_t id);         // records, revisions and quarantine go with it

    // ---- records. insertRecords/insertRecord do not write revisions (an import
    // is undone by deleting its dataset or via its edit group if one is given).
    // Both throw wb::Error (and write nothing) for a missing dataset, a record
    // whose kind differs from its dataset's, a rating outside 0..5 or an empty
    // tag; duplicate tags are dropped. Ids are always assigned by the store.
    int64_t insertRecord(const Record& r, int64_t editGroup = 0);
    // Fast path for imports: prepared statement reuse; call inside a Transaction.
    void insertRecords(std::vector<Record>& rs);   // sets rs[i].id and contentHash

    // Bulk import in two steps, so the CPU work can run on another thread:
    // prepareRecord() (thread-safe, no database access) validates a record
    // like insertRecords and builds its hash, JSON columns and full-text body;
    // appendPrepared() then writes a batch (setting record.id). appendPrepared
    // opens no savepoint of its own (with one per batch FTS5 would flush its
    // pending index every batch): call it inside a Transaction that is rolled
    // back if it throws. It checks every record's dataset and kind first.
    struct PreparedRecord {
        Record record;
        std::string tagsJson, messagesJson, ftsBody;
    };
    static void prepareRecord(PreparedRecord& p);
    void appendPrepared(std::vector<PreparedRecord>& batch);
    std::optional<Record> record(int64_t id);
    std::vector<Record> records(const std::vector<int64_t>& ids);   // in the given order; missing ids left out
    // Replace a record's content/review fields; writes a Revision in a new edit
    // group labelled `label` (or into `editGroup` if non-zero). Returns the group id.
    int64_t updateRecord(const Record& after, const std::string& label = "Edit record", int64_t editGroup = 0);
    // Deletes in one edit group (returned; 0 for no ids). An unknown id throws and deletes nothing.
    int64_t deleteRecords(const std::vector<int64_t>& ids, const std::string& label = "Delete records");

    // ---- queries (used by the lazy table model: count, then pages)
    int64_t count(const RecordQuery& q);
    std::vector<Record> fetch(const RecordQuery& q, int64_t offset, int64_t limit);
    std::vector<int64_t> ids(const RecordQuery& q);
    // Visit every matching record in id order in batches, bounded memory.
    // The callback returns false to stop early.
    void forEach(const RecordQuery& q, const std::function<bool(const Record&)>& fn);
    std::vector<std::string> categories(int64_t datasetId);
    std::vector<std::string> tags(int64_t datasetId);

    // ---- bulk edits over a whole query result: one transaction, one edit group.
    // Returns the number of records changed; records already in the target
    // state get no revision, and no group is made when nothing changed.
    int64_t applyBulk(const RecordQuery& q, const BulkChange& change, const std::string& label);

    // ---- edit history / undo
    int64_t beginEditGroup(const std::string& label);
    std::vector<EditGroup> editGroups(int limit = 100);
    std::vector<Revision> revisions(int64_t recordId);
    // Undo the latest not-undone group / redo the earliest undone one after it.
    // Return the group touched, or nullopt when there is nothing to do.
    std::optional<EditGroup> undo();
    std::optional<EditGroup> redo();
    bool canUndo();
    bool canRedo();
    // Put one record back to the state stored in a revision's `before`, as a
    // new (undoable) edit group.
    void revertRevision(int64_t revisionId);

    // ---- quarantine
    int64_t addQuarantine(const QuarantineEntry& e);
    std::vector<QuarantineEntry> quarantine(int64_t datasetId);
    void removeQuarantine(const std::vector<int64_t>& ids);

    // ---- small key/value settings stored in the project (sample flags, UI state)
    void setMeta(const std::string& key, const std::string& value);
    std::optional<std::string> meta(const std::string& key);

    // Serialise a record's content + review fields to the JSON used in revisions.
    static std::string recordToJson(const Record& r);
    static Record recordFromJson(const std::string& json);

private:
    ProjectStore(sqlite3* db, std::string path);
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace wb
