#pragma once
// Schema version 4: knowledge-base collections, documents, chunks and their full-text index; embedding models and vectors (core/retrieval).
// A released step is never edited; later changes go into a new step.
//
// kb_documents.text is the extracted UTF-8 text of the document; kb_chunks
// start/end are BYTE offsets into it (always on code point boundaries), so
// substr(text, start, end - start) == chunk text. kb_chunks_fts rowid =
// kb_chunks.id, its body is the chunk text segmented for CJK (core/text/cjk_segment.h).
// Deleting a chunk (directly or by cascade from its document/collection)
// takes its full-text row and its vectors with it (triggers).
// embeddings.vector is dim little-endian float32 values, L2-normalised.
namespace wb::store {
inline constexpr const char* kV4Knowledge = R"sql(
CREATE TABLE kb_collections (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    description   TEXT NOT NULL DEFAULT '',
    chunking_json TEXT NOT NULL DEFAULT '',
    created       INTEGER NOT NULL
);
CREATE TABLE kb_documents (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES kb_collections(id) ON DELETE CASCADE,
    source        TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('text','markdown','html','pdf','squad','record')),
    title         TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    mtime         INTEGER NOT NULL DEFAULT 0,
    size          INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL DEFAULT '',
    metadata_json TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',
    updated       INTEGER NOT NULL,
    UNIQUE (collection_id, source)
);
CREATE TABLE kb_chunks (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES kb_documents(id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    heading       TEXT NOT NULL DEFAULT '',
    metadata_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX kb_chunks_document ON kb_chunks(document_id, ordinal);
CREATE VIRTUAL TABLE kb_chunks_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO kb_chunks_fts(kb_chunks_fts, rank) VALUES ('hashsize', 16777216);
CREATE TABLE embedding_models (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    dim          INTEGER NOT NULL CHECK (dim > 0),
    path         TEXT NOT NULL DEFAULT '',
    created      INTEGER NOT NULL
);
CREATE TABLE embeddings (
    model_id INTEGER NOT NULL REFERENCES embedding_models(id) ON DELETE CASCADE,
    owner    TEXT NOT NULL CHECK (owner IN ('chunk','record','message')),
    field    TEXT NOT NULL,
    item_id  INTEGER NOT NULL,
    vector   BLOB NOT NULL,
    PRIMARY KEY (model_id, owner, field, item_id)
) WITHOUT ROWID;
CREATE INDEX embeddings_item ON embeddings(owner, item_id);
CREATE TRIGGER kb_chunks_deleted AFTER DELETE ON kb_chunks BEGIN
    DELETE FROM kb_chunks_fts WHERE rowid = old.id;
    DELETE FROM embeddings WHERE owner = 'chunk' AND item_id = old.id;
END;
)sql";
} // namespace wb::store
