"""XGBoost's side of batch-score.bench.ts (run with Debian's python3-xgboost 1.7.4).

  xgboost-batch.py train <dir> <rows> <features>   # data (row-major float32, 5% NaN) + a 100-tree depth-4 model
  xgboost-batch.py predict <dir> <threads>         # times predict(output_margin) on the whole matrix
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

mode, d = sys.argv[1], sys.argv[2]
if mode == "train":
    rows, nf = int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(7)
    X = rng.normal(size=(rows, nf)).astype(np.float32)
    X[rng.random(size=X.shape) < 0.05] = np.nan
    Z = np.nan_to_num(X)
    logit = Z @ rng.normal(size=nf) * 0.3 + np.sin(2 * Z[:, 0]) + Z[:, 1] * Z[:, 2]
    y = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(np.float32)
    n = min(rows, 200_000)
    dtrain = xgb.DMatrix(X[:n], label=y[:n], missing=np.nan, nthread=2)
    params = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.3, "tree_method": "hist", "nthread": 2, "seed": 1}
    bst = xgb.train(params, dtrain, 100)
    bst.save_model(f"{d}/model.json")
    X.tofile(f"{d}/x.f32")
    json.dump({"rows": rows, "features": nf}, open(f"{d}/shape.json", "w"))
elif mode == "predict":
    threads = int(sys.argv[3])
    shape = json.load(open(f"{d}/shape.json"))
    X = np.fromfile(f"{d}/x.f32", dtype=np.float32).reshape(shape["rows"], shape["features"])
    bst = xgb.Booster(model_file=f"{d}/model.json")
    bst.set_param({"nthread": threads})
    t0 = time.perf_counter()
    dm = xgb.DMatrix(X, missing=np.nan, nthread=threads)
    t1 = time.perf_counter()
    c1 = time.process_time()
    margin = bst.predict(dm, output_margin=True)
    t2 = time.perf_counter()
    c2 = time.process_time()
    inplace = bst.inplace_predict(X, predict_type="margin", missing=np.nan)
    t3 = time.perf_counter()
    print(json.dumps({
        "dmatrixSeconds": t1 - t0,
        "predictSeconds": t2 - t1,
        "predictCpuSeconds": c2 - c1,
        "inplaceSeconds": t3 - t2,
        "head": [float(v) for v in margin[:2000]],
        "inplaceSame": bool(np.array_equal(margin, inplace)),
    }))
