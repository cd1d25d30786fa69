-- Frozen copy of LLM Workbench project schema version 1 (core/store/migrations.cpp, kV1).

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

-- Fixture: a project written by schema version 1 (before the `rating` column).
-- tst_migrations executes this into a fresh file and opens it with the store.
INSERT INTO meta(key, value) VALUES ('ui.lastDataset', '1');
INSERT INTO datasets(id, name, kind, description, created_at) VALUES
    (1, 'geo-sft', 'sft', 'Legacy geoscience instructions', 1700000000000),
    (2, 'notes', 'text', '', 1700000000001);
INSERT INTO records(id, dataset_id, kind, instruction, input, output, category, tags, source_file, source_line,
                    content_hash, status, split, created_at, updated_at) VALUES
    (1, 1, 'sft', 'What is basalt?', '', 'A fine-grained volcanic rock.', 'petrology', '["checked"]',
     'geo.jsonl', 1, 'legacyhash000001', 'accepted', 'train', 1700000000100, 1700000000100),
    (2, 1, 'sft', '什么是岩石圈层？', '', '地质学中，岩石圈是地球的坚硬外层。', 'geology', '',
     'geo.jsonl', 2, 'legacyhash000002', 'unreviewed', 'validation', 1700000000200, 1700000000200),
    (3, 1, 'sft', 'Name a metamorphic rock.', 'one word', 'Marble', 'petrology', '["checked","short"]',
     'geo.jsonl', 3, 'legacyhash000003', 'needs-fix', 'test', 1700000000300, 1700000000300);
INSERT INTO records(id, dataset_id, kind, text, created_at, updated_at) VALUES
    (4, 2, 'text', 'Plate tectonics explains mountain building.', 1700000000400, 1700000000400);
INSERT INTO record_tags(dataset_id, tag, record_id) VALUES
    (1, 'checked', 1), (1, 'checked', 3), (1, 'short', 3);
INSERT INTO records_fts(rowid, body) VALUES
    (1, 'What is basalt?
A fine-grained volcanic rock.'),
    (2, ' 什  么  是  岩  石  圈  层  ？ 
 地  质  学  中  ，  岩  石  圈  是  地  球  的  坚  硬  外  层  。 '),
    (3, 'Name a metamorphic rock.
one word
Marble'),
    (4, 'Plate tectonics explains mountain building.');
INSERT INTO quarantine(dataset_id, source_file, line, col, reason, raw, time) VALUES
    (1, 'geo.jsonl', 4, 12, 'unexpected end of JSON', '{"instruction": "broken', 1700000000500);
PRAGMA user_version = 1;
