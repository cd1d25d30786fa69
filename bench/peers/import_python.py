#!/usr/bin/python3
"""Peer for bench_import: a plain Python importer (json + sqlite3 only).

    /usr/bin/python3 bench/peers/import_python.py CORPUS.jsonl DB.sqlite [--searchable]

Streams the JSON Lines file line by line, inserts Alpaca records into a table
with the same content columns as a Workbench project's records table, in one
transaction with executemany in batches of 10,000. Prints one JSON object.

--searchable makes the peer do what a Workbench import does on top of that:
the same secondary indexes, a content hash per record, and an FTS5 full-text
index (unicode61) filled in the same transaction, so the two can also be
compared like for like.
"""
import hashlib
import json
import os
import resource
import sqlite3
import sys
import time

BATCH = 10_000

SCHEMA = """
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    system TEXT NOT NULL DEFAULT '',
    instruction TEXT NOT NULL DEFAULT '',
    input TEXT NOT NULL DEFAULT '',
    output TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    source_line INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'unreviewed',
    split TEXT NOT NULL DEFAULT 'train',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
)
"""


SEARCHABLE_SCHEMA = [
    "ALTER TABLE records ADD COLUMN content_hash TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX records_dataset ON records(dataset_id)",
    "CREATE INDEX records_status ON records(dataset_id, status)",
    "CREATE INDEX records_split ON records(dataset_id, split)",
    "CREATE INDEX records_category ON records(dataset_id, category)",
    "CREATE INDEX records_hash ON records(content_hash)",
    "CREATE VIRTUAL TABLE records_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
]


def insert_searchable(db, batch):
    for row in batch:
        text = "\n".join(x for x in (row[2], row[3], row[4], row[5]) if x)
        digest = hashlib.blake2b(" ".join(text.lower().split()).encode(), digest_size=8).hexdigest()
        cur = db.execute("INSERT INTO records (dataset_id, kind, system, instruction, input, output, "
                         "category, extra, source_file, source_line, created_at, updated_at, content_hash) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", row + (digest,))
        db.execute("INSERT INTO records_fts (rowid, body) VALUES (?, ?)", (cur.lastrowid, text))


def flush(db, batch, searchable):
    if searchable:
        insert_searchable(db, batch)
        return
    db.executemany("INSERT INTO records (dataset_id, kind, system, instruction, input, output, "
                   "category, extra, source_file, source_line, created_at, updated_at) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    searchable = "--searchable" in sys.argv
    corpus, db_path = args[0], args[1]
    if os.path.exists(db_path):
        os.remove(db_path)
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(SCHEMA)
    if searchable:
        for stmt in SEARCHABLE_SCHEMA:
            db.execute(stmt)
    now = int(time.time() * 1000)
    n = errors = 0
    batch = []
    with open(corpus, encoding="utf-8") as f:
        db.execute("BEGIN")
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except ValueError:
                errors += 1
                continue
            batch.append((1, "sft", o.get("system", ""), o.get("instruction", ""), o.get("input", ""),
                          o.get("output", ""), o.get("category", ""), "", corpus, line_no, now, now))
            if len(batch) >= BATCH:
                flush(db, batch, searchable)
                n += len(batch)
                batch.clear()
        if batch:
            flush(db, batch, searchable)
            n += len(batch)
        db.commit()
    db.close()
    seconds = time.perf_counter() - start
    size = os.path.getsize(corpus)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "tool": "python3 json+sqlite3" + (" +indexes+hash+fts5" if searchable else ""),
        "seconds": round(seconds, 3),
        "records": n,
        "errors": errors,
        "bytes": size,
        "mb_per_s": round(size / 1e6 / seconds, 2),
        "records_per_s": round(n / seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }))


if __name__ == "__main__":
    main()
