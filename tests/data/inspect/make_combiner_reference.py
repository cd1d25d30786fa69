#!/usr/bin/python3
# Writes combiner_reference.json: synthetic detector scores with labels, and
# the logistic regression scikit-learn fits on them (L2, newton-cg run to a tight
# tolerance), raw and standardised. tst_inspect_combiner compares
# core/inspect/combiner.cpp (Newton's method) with these numbers.
# Run with Debian's /usr/bin/python3 (numpy, sklearn).
import json
import warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

# newton-cg may warn at tol=1e-12; the gradient check below is what matters.
warnings.simplefilter("ignore")
rng = np.random.default_rng(20261129)
n = 80
y = (rng.random(n) < 0.45).astype(int)
lexical = np.clip(0.15 + 0.35 * y + rng.normal(0, 0.2, n), 0, 1)
semantic = np.clip(0.4 + 0.15 * y + rng.normal(0, 0.15, n), 0, 2)
pmi = rng.normal(-0.2 * y + 0.1, 0.6, n)
X = np.column_stack([lexical, semantic, pmi]).round(6)

out = {"features": ["lexical", "semantic", "model_pmi"], "rows": X.tolist(), "labels": y.tolist(), "fits": []}
for l2 in (1.0, 0.1):
    raw = LogisticRegression(C=1.0 / l2, solver="newton-cg", tol=1e-12, max_iter=100000).fit(X, y)
    scaler = StandardScaler().fit(X)   # population standard deviation, as combiner.cpp
    std = LogisticRegression(C=1.0 / l2, solver="newton-cg", tol=1e-12, max_iter=100000).fit(scaler.transform(X), y)
    for model, Z in ((raw, X), (std, scaler.transform(X))):   # the optimum: gradient ~ 0
        p = model.predict_proba(Z)[:, 1]
        grad = np.append(Z.T @ (p - y) + l2 * model.coef_[0], (p - y).sum())
        assert np.abs(grad).max() < 1e-7, grad
    out["fits"].append({
        "l2": l2,
        "raw": {"weights": raw.coef_[0].tolist(), "bias": float(raw.intercept_[0]),
                "probabilities": raw.predict_proba(X)[:, 1].tolist()},
        "standardised": {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
                         "weights": std.coef_[0].tolist(), "bias": float(std.intercept_[0]),
                         "probabilities": std.predict_proba(scaler.transform(X))[:, 1].tolist()},
    })
with open("combiner_reference.json", "w") as f:
    json.dump(out, f, indent=1)
