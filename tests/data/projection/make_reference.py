#!/usr/bin/python3
"""Writes reference.json for tests/core/tst_projection*.cpp with Debian's
scikit-learn: PCA of a fixed small matrix (explained variance, components up
to sign) and sklearn.manifold.trustworthiness of fixed layouts.
Run once: /usr/bin/python3 tests/data/projection/make_reference.py"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

rng = np.random.default_rng(2024)
out = {"sklearn": sklearn.__version__}

# PCA: 40 x 6 with correlated columns and a non-zero mean.
base = rng.standard_normal((40, 3))
mix = rng.standard_normal((3, 6))
x = (base @ mix + 0.1 * rng.standard_normal((40, 6)) + 5.0).astype(np.float32)
p = PCA(n_components=2, svd_solver="full").fit(x.astype(np.float64))
out["pca"] = {
    "rows": 40, "dim": 6, "x": [float(v) for v in x.ravel()],
    "explained_variance": [float(v) for v in p.explained_variance_],
    "explained_variance_ratio": [float(v) for v in p.explained_variance_ratio_],
    "components": [float(v) for v in p.components_.ravel()],
    "mean": [float(v) for v in p.mean_],
}

# Trustworthiness: points in 8-d, layouts = a noisy projection (good) and a shuffle (bad).
cases = []
pts = rng.standard_normal((120, 8)).astype(np.float32)
good = (pts[:, :2] + 0.3 * rng.standard_normal((120, 2))).astype(np.float32)
bad = rng.standard_normal((120, 2)).astype(np.float32)
for name, layout in (("good", good), ("bad", bad)):
    for k in (5, 10):
        cases.append({"name": name, "k": k,
                      "value": float(trustworthiness(pts.astype(np.float64), layout.astype(np.float64),
                                                     n_neighbors=k)),
                      "layout": [float(v) for v in layout.ravel()]})
out["trustworthiness"] = {"rows": 120, "dim": 8, "x": [float(v) for v in pts.ravel()], "cases": cases}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json"), "w") as f:
    json.dump(out, f, indent=1)
