#!/usr/bin/python3
"""Peer for bench_projection: scikit-learn's PCA and Barnes-Hut t-SNE on the
same points (raw float32, row-major [n, dim]). Writes the 2-D layout (raw
float32 [n, 2]) so the benchmark scores both layouts with one trustworthiness
implementation, and prints one JSON line with the time.

usage: projection_sklearn.py --points FILE --n N --dim D --method pca|tsne
       --layout OUT [--threads T] [--seed S] [--perplexity P]
"""
import argparse
import json
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("--method", choices=["pca", "tsne"], required=True)
    ap.add_argument("--layout", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--perplexity", type=float, default=30.0)
    a = ap.parse_args()
    # BLAS and OpenMP threads must be set before numpy is imported.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(a.threads)
    import numpy as np
    import sklearn
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    x = np.fromfile(a.points, dtype=np.float32, count=a.n * a.dim).reshape(a.n, a.dim)
    start = time.perf_counter()
    cpu_start = time.process_time()
    if a.method == "pca":
        y = PCA(n_components=2, random_state=a.seed).fit_transform(x)
    else:
        y = TSNE(n_components=2, perplexity=a.perplexity, init="pca", learning_rate="auto",
                 method="barnes_hut", random_state=a.seed, n_jobs=a.threads).fit_transform(x)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    np.ascontiguousarray(y, dtype=np.float32).tofile(a.layout)
    print(json.dumps({"peer": "scikit-learn " + sklearn.__version__, "method": a.method, "n": a.n,
                      "dim": a.dim, "threads": a.threads, "seconds": round(seconds, 3),
                      "cpu_seconds": round(cpu_seconds, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
