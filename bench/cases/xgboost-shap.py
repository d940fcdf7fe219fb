"""XGBoost's side of tree-shap-vs-xgboost.bench.ts (Debian's python3-xgboost 1.7.4).

  xgboost-shap.py <model.json> <x.f32> <rows> <features> <threads> <head>

Times `predict(pred_contribs=True)` on the row-major float32 matrix (NaN = missing) with `threads`
threads (the DMatrix built before the clock starts) and prints the seconds, the CPU seconds and the
first `head` rows' contributions (features then bias), for the parity check on our side.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

model, path, rows, nf, threads, head = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
X = np.fromfile(path, dtype=np.float32).reshape(rows, nf)
bst = xgb.Booster(model_file=model)
bst.set_param({"nthread": threads})
dm = xgb.DMatrix(X, missing=np.nan, nthread=threads, feature_names=bst.feature_names)
t0, c0 = time.perf_counter(), time.process_time()
contribs = bst.predict(dm, pred_contribs=True)
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({
    "seconds": t1 - t0,
    "cpuSeconds": c1 - c0,
    "head": [float(v) for v in contribs[:head].ravel()],
}))
