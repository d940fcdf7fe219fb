"""XGBoost's cross-validated AUC on the seeded accounts table, fold by fold (see README.md here).

    python3 scripts/xgboost-reference/accounts_cv.py <dir with accounts-cv.csv> > core/test/fixtures/xgboost-accounts-cv.json

Needs Debian's python3-xgboost (1.7.4) and python3-sklearn; run with /usr/bin/python3.
"""
import json
import sys

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score

path = sys.argv[1] + "/accounts-cv.csv"
with open(path) as f:
    header = f.readline().strip().split(",")
data = np.genfromtxt(path, delimiter=",", skip_header=1, missing_values="", filling_values=np.nan)
X, y, fold = data[:, :-2], data[:, -2].astype(int), data[:, -1].astype(int)
params = {
    "objective": "binary:logistic",
    "tree_method": "hist",
    "max_depth": 4,
    "eta": 0.1,
    "min_child_weight": 1,
    "lambda": 1,
    "subsample": 1,
    "colsample_bytree": 1,
    "max_bin": 256,
    "base_score": 0.5,
    "nthread": 1,
    "seed": 0,
}
rounds = 300
aucs = []
for k in sorted(set(fold)):
    train, test = fold != k, fold == k
    booster = xgb.train(params, xgb.DMatrix(X[train], label=y[train], missing=np.nan), num_boost_round=rounds)
    p = booster.predict(xgb.DMatrix(X[test], missing=np.nan))
    aucs.append(float(roc_auc_score(y[test], p)))
print(json.dumps({
    "xgboost": xgb.__version__,
    "features": header[:-2],
    "params": {**params, "n_rounds": rounds},
    "fold_auc": [round(a, 6) for a in aucs],
    "auc_mean": round(float(np.mean(aucs)), 6),
}, indent=2))
