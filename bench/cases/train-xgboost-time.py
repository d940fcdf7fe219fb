"""Times XGBoost's own training on a matrix written by train-vs-xgboost.ts (bench helper).

    /usr/bin/python3 train-xgboost-time.py <x.f32> <y.u8> <rows> <cols> <params.json> <threads>

x.f32: row-major float32 (NaN = missing); y.u8: labels. Prints {"seconds": …, "cpuSeconds": …,
"version": …}: the wall and CPU time (all threads) of xgb.train only (the DMatrix is built before the clock starts; the quantile sketch runs
inside train, as our binning runs inside trainBooster).
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

x_path, y_path, rows, cols, params_json, threads = sys.argv[1:7]
X = np.fromfile(x_path, dtype=np.float32).reshape(int(rows), int(cols))
y = np.fromfile(y_path, dtype=np.uint8).astype(np.float32)
p = json.loads(params_json)
rounds = p.pop("n_rounds")
d = xgb.DMatrix(X, label=y, missing=np.nan, nthread=int(threads))
params = dict(objective="binary:logistic", tree_method="hist", nthread=int(threads), **p)
t0 = time.perf_counter()
c0 = time.process_time()
xgb.train(params, d, rounds)
cpu = time.process_time() - c0
print(json.dumps({"seconds": time.perf_counter() - t0, "cpuSeconds": cpu, "version": xgb.__version__}))
