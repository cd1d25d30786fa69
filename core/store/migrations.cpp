#include "core/store/migrations.h"

#include "core/data/record.h"
#include "core/store/sqlite_util.h"
#include "core/store/schema_v4_knowledge.h"
#include "core/store/schema_v5_projections.h"
#include "core/store/schema_v6_inspector.h"

namespace wb::store {

namespace {

// Version 1: the base schema. Never edit a released step; add a new one.
constexpr const char* kV1 = R"sql(
PRAGMA application_id = 1280068951;  -- 0x4C4C4D57 "LLMW"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE datasets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('sft','chat','preference','text')),
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE TABLE records (
    id            INTEGER PRIMARY KEY,
    dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('sft','chat','preference','text')),
    system        TEXT NOT NULL DEFAULT '',
    instruction   TEXT NOT NULL DEFAULT '',
    input         TEXT NOT NULL DEFAULT '',
    output        TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT '',
    messages_json TEXT NOT NULL DEFAULT '',
    prompt        TEXT NOT NULL DEFAULT '',
    chosen        TEXT NOT NULL DEFAULT '',
    rejected      TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL DEFAULT '',
    extra         TEXT NOT NULL DEFAULT '',
    tags          TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    source_line   INTEGER NOT NULL DEFAULT 0,
    content_hash  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'unreviewed'
                  CHECK (status IN ('unreviewed','accepted','rejected','needs-fix')),
    split         TEXT NOT NULL DEFAULT 'train' CHECK (split IN ('train','validation','test')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX records_dataset ON records(dataset_id);
CREATE INDEX records_status ON records(dataset_id, status);
CREATE INDEX records_split ON records(dataset_id, split);
CREATE INDEX records_category ON records(dataset_id, category);
CREATE INDEX records_hash ON records(content_hash);
CREATE TABLE record_tags (
    dataset_id INTEGER NOT NULL,
    tag        TEXT NOT NULL,
    record_id  INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    PRIMARY KEY (dataset_id, tag, record_id)
) WITHOUT ROWID;
CREATE INDEX record_tags_record ON record_tags(record_id);
CREATE VIRTUAL TABLE records_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE edit_groups (
    id     INTEGER PRIMARY KEY,
    label  TEXT NOT NULL,
    time   INTEGER NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES edit_groups(id) ON DELETE CASCADE,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    record_id  INTEGER NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    time       INTEGER NOT NULL
);
CREATE INDEX revisions_group ON revisions(group_id);
CREATE INDEX revisions_record ON revisions(record_id);
CREATE INDEX revisions_dataset ON revisions(dataset_id);
CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    source_file TEXT NOT NULL DEFAULT '',
    line        INTEGER NOT NULL DEFAULT 0,
    col         INTEGER NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL DEFAULT '',
    raw         BLOB NOT NULL,
    time        INTEGER NOT NULL
);
CREATE INDEX quarantine_dataset ON quarantine(dataset_id);
)sql";

// Version 2: per-record star rating (0 = unrated), filterable and sortable;
// an index for sorting by last edit (3 s -> 0.1 s on 1M records);
// a 16 MiB FTS5 pending-terms buffer (default 1 MiB) so big imports write
// fewer, larger segments and merge less.
constexpr const char* kV2 = R"sql(
ALTER TABLE records ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5);
CREATE INDEX records_rating ON records(dataset_id, rating);
CREATE INDEX records_updated ON records(dataset_id, updated_at);
INSERT INTO records_fts(records_fts, rank) VALUES ('hashsize', 16777216);
)sql";

// Version 3: local chat. Conversations are trees of messages: a message's
// siblings (same parent; NULL for the first turn) are the alternatives made
// by regenerate or edit-and-resend, shown in creation (id) order. Deleting a
// conversation or a message takes its subtree with it. `models` holds the
// model folders registered in the project with their per-model sampling
// settings (JSON text).
constexpr const char* kV3 = R"sql(
CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    created       INTEGER NOT NULL,
    updated       INTEGER NOT NULL
);
CREATE INDEX conversations_updated ON conversations(updated);
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id       INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('system','user','assistant')),
    content         TEXT NOT NULL DEFAULT '',
    model           TEXT NOT NULL DEFAULT '',
    stats_json      TEXT NOT NULL DEFAULT '',
    created         INTEGER NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
CREATE INDEX messages_parent ON messages(parent_id, id);
CREATE TABLE models (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    path          TEXT NOT NULL UNIQUE,
    added         INTEGER NOT NULL,
    sampling_json TEXT NOT NULL DEFAULT ''
);
)sql";

int userVersion(sqlite3* db, const std::string& path)
{
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr) != SQLITE_OK)
        sql::fail(db, path, "cannot read schema version");
    int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return v;
}

} // namespace

const std::vector<const char*>& migrations()
{
    static const std::vector<const char*> steps = {kV1, kV2, kV3, kV4Knowledge, kV5Projections, kV6Inspector};
    return steps;
}

void migrate(sqlite3* db, const std::string& path)
{
    const auto& steps = migrations();
    const int from = userVersion(db, path);
    if (from >= int(steps.size()))
        return;
    sql::exec(db, path, "BEGIN IMMEDIATE");
    try {
        for (int v = from + 1; v <= int(steps.size()); ++v) {
            char* err = nullptr;
            if (sqlite3_exec(db, steps[size_t(v - 1)], nullptr, nullptr, &err) != SQLITE_OK) {
                std::string msg = err ? err : sqlite3_errmsg(db);
                sqlite3_free(err);
                throw Error("project '" + path + "': migration to schema version " + std::to_string(v)
                            + " failed: " + msg);
            }
        }
        sql::exec(db, path, ("PRAGMA user_version = " + std::to_string(steps.size())).c_str());
        sql::exec(db, path, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

} // namespace wb::store
