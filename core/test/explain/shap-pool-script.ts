// Run as a separate process by shap-pool.test.ts (under `tsx`, or with tsx registered in-process as
// bin/engagetrack.js does): explains a batch through the worker pool and on the main thread, and
// prints whether they agree, to prove workers start outside vitest too.
import { createShapPool } from "../../src/explain/shap-pool.ts";
import { treeShap } from "../../src/explain/tree-shap.ts";
import { randomEnsemble, randomFeatureMatrix } from "../model/random-trees.ts";

const ensemble = randomEnsemble({ seed: 21, nFeatures: 6, nTrees: 10, maxDepth: 5 });
const matrix = randomFeatureMatrix(ensemble, { seed: 22, nRows: 400 });
const pool = createShapPool({ size: 2, minChunkRows: 50 });
const pooled = await pool.treeShap(ensemble, matrix);
await pool.close();
const single = treeShap(ensemble, matrix);
const same =
  pooled.values.every((v, k) => v === single.values[k]) &&
  pooled.margin.every((v, i) => v === single.margin[i]);
process.stdout.write(`${JSON.stringify({ rows: pooled.nRows, same })}\n`);
