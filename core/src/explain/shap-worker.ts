/**
 * The TreeSHAP pool's worker thread (started through shap-worker-entry.mjs): keeps the most
 * recent ensemble it was sent and explains chunks of rows with the same `treeShap` the main
 * thread uses, so results are identical to a single-thread run.
 */
import { parentPort } from "node:worker_threads";
import type { TreeEnsemble } from "../model/tree.ts";
import { treeShap } from "./tree-shap.ts";

/** Main thread → worker. */
export type ShapWorkerRequest =
  | { readonly type: "model"; readonly modelId: number; readonly ensemble: TreeEnsemble }
  | {
      readonly type: "run";
      readonly task: number;
      readonly modelId: number;
      readonly nRows: number;
      /** One column per ensemble feature, in the ensemble's order. */
      readonly columns: Float32Array[];
      readonly leafTables: boolean;
    };

/** Worker → main thread. */
export type ShapWorkerResponse =
  | {
      readonly type: "done";
      readonly task: number;
      readonly values: Float64Array;
      readonly margin: Float64Array;
    }
  | { readonly type: "failed"; readonly task: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error("shap-worker.ts must run in a worker thread");

let model: { id: number; ensemble: TreeEnsemble } | undefined;

port.on("message", (msg: ShapWorkerRequest) => {
  if (msg.type === "model") {
    model = { id: msg.modelId, ensemble: msg.ensemble };
    return;
  }
  try {
    if (model?.id !== msg.modelId) throw new Error(`unknown model: ${msg.modelId}`);
    const { ensemble } = model;
    const matrix = { nRows: msg.nRows, featureNames: ensemble.featureNames, columns: msg.columns };
    const { values, margin } = treeShap(ensemble, matrix, { leafTables: msg.leafTables });
    const done: ShapWorkerResponse = { type: "done", task: msg.task, values, margin };
    port.postMessage(done, [values.buffer as ArrayBuffer, margin.buffer as ArrayBuffer]);
  } catch (err) {
    const failed: ShapWorkerResponse = { type: "failed", task: msg.task, message: (err as Error).message };
    port.postMessage(failed);
  }
});
