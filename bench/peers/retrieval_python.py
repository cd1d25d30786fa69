#!/usr/bin/python3
"""Peer for bench_retrieval: exact dense search in Python (numpy, Debian's BLAS).

    /usr/bin/python3 bench/peers/retrieval_python.py [--sizes 100000] [--dim 384] [--queries 50]
                                                    [--data random|clustered] [--sqlite-queries 5]

Generates L2-normalised vectors like bench_retrieval (same recipe, numpy's RNG,
so not the same numbers), then measures per-query latency of
  - numpy: one matrix-vector product over the whole matrix + argpartition (top 10);
  - sqlite_blob: a LocalDocs-style scan of every vector BLOB in an SQLite table,
    np.frombuffer per row, kept as a running top 10 (what a Python app storing
    embeddings in SQLite without an index does).
Prints one JSON object.
"""
import argparse
import heapq
import json
import os
import sqlite3
import tempfile
import time

import numpy as np


def make(n, dim, kind, rng, centroids):
    if kind == "clustered":
        idx = rng.integers(0, centroids.shape[0], n)
        v = centroids[idx] + (0.9 / np.sqrt(dim)) * rng.standard_normal((n, dim), dtype=np.float32)
    else:
        v = rng.standard_normal((n, dim), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.astype(np.float32)


def latency(ms):
    ms = sorted(ms)
    at = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
    return {"p50_ms": round(at(0.5), 3), "p95_ms": round(at(0.95), 3), "mean_ms": round(sum(ms) / len(ms), 3),
            "queries": len(ms)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--data", default="random", choices=["random", "clustered"])
    ap.add_argument("--sqlite-queries", type=int, default=5)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    centroids = rng.standard_normal((1000, a.dim), dtype=np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    out = {"bench": "retrieval_python_peer", "numpy": np.__version__, "data": a.data, "results": []}
    for n in [int(s) for s in a.sizes.split(",") if s]:
        data = make(n, a.dim, a.data, rng, centroids)
        qs = make(a.queries, a.dim, a.data, rng, centroids)
        ms = []
        for q in qs:
            t = time.perf_counter()
            s = data @ q
            top = np.argpartition(-s, 10)[:10]
            top = top[np.argsort(-s[top])]
            ms.append((time.perf_counter() - t) * 1000)
        r = {"vectors": n, "dim": a.dim, "numpy_exact": latency(ms)}
        with tempfile.TemporaryDirectory() as tmp:
            db = sqlite3.connect(os.path.join(tmp, "v.sqlite"))
            db.execute("CREATE TABLE vectors (id INTEGER PRIMARY KEY, vec BLOB NOT NULL)")
            db.executemany("INSERT INTO vectors VALUES (?, ?)", ((i + 1, data[i].tobytes()) for i in range(n)))
            db.commit()
            ms = []
            for q in qs[: a.sqlite_queries]:
                t = time.perf_counter()
                heap = []
                for i, blob in db.execute("SELECT id, vec FROM vectors"):
                    s = float(np.frombuffer(blob, dtype=np.float32) @ q)
                    if len(heap) < 10:
                        heapq.heappush(heap, (s, i))
                    elif s > heap[0][0]:
                        heapq.heapreplace(heap, (s, i))
                ms.append((time.perf_counter() - t) * 1000)
            r["sqlite_blob_python"] = latency(ms)
            db.close()
        out["results"].append(r)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
