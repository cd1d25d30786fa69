#!/usr/bin/python3
"""Peer for bench_import: a plain Python importer (json + sqlite3 only).

    /usr/bin/python3 bench/peers/import_python.py CORPUS.jsonl DB.sqlite

Streams the JSON Lines file line by line, inserts Alpaca records into a table
with the same content columns as a Workbench project's records table, in one
transaction with executemany in batches of 10,000. Prints one JSON object.
"""
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


def main():
    corpus, db_path = sys.argv[1], sys.argv[2]
    if os.path.exists(db_path):
        os.remove(db_path)
    start = time.perf_counter()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(SCHEMA)
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
                db.executemany("INSERT INTO records (dataset_id, kind, system, instruction, input, output, "
                               "category, extra, source_file, source_line, created_at, updated_at) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
                n += len(batch)
                batch.clear()
        if batch:
            db.executemany("INSERT INTO records (dataset_id, kind, system, instruction, input, output, "
                           "category, extra, source_file, source_line, created_at, updated_at) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            n += len(batch)
        db.commit()
    db.close()
    seconds = time.perf_counter() - start
    size = os.path.getsize(corpus)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "tool": "python3 json+sqlite3",
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
