/**
 * The TreeSHAP pool's worker thread (bundled to JavaScript by shap-worker-script.ts, or started
 * through shap-worker-entry.mjs): keeps the most recent ensemble it was sent and explains ranges
 * of rows with the same `treeShap` the main thread uses, so results are identical to a
 * single-thread run. Input columns and outputs live in SharedArrayBuffers: a task is a row range,
 * nothing is copied either way.
 */
import { parentPort } from "node:worker_threads";
import type { TreeEnsemble } from "../model/tree.ts";
import { treeShap } from "./tree-shap.ts";

/** Buffers shared by the main thread and its workers for one batch. */
export interface SharedShapBatch {
  /** Column-major float32 input: feature j of row i at index j·nRows + i. */
  readonly input: SharedArrayBuffer;
  readonly nRows: number;
  /** Float64 nRows × nFeatures, row-major. */
  readonly values: SharedArrayBuffer;
  /** Float64 nRows. */
  readonly margin: SharedArrayBuffer;
  /** Float32 nRows each, when onnxruntime's sums are asked for. */
  readonly sequential?: SharedArrayBuffer;
  readonly byParts?: SharedArrayBuffer;
}

/** Main thread → worker. */
export type ShapWorkerRequest =
  | { readonly type: "model"; readonly modelId: number; readonly ensemble: TreeEnsemble }
  | {
      readonly type: "run";
      readonly task: number;
      readonly modelId: number;
      readonly batch: SharedShapBatch;
      /** Rows [start, start + count) of the batch. */
      readonly start: number;
      readonly count: number;
      readonly leafTables: boolean;
      readonly onnxruntimeThreads?: number;
    };

/** Worker → main thread. */
export type ShapWorkerResponse =
  | { readonly type: "done"; readonly task: number }
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
    const { batch, start, count } = msg;
    const nf = ensemble.featureNames.length;
    const columns = ensemble.featureNames.map(
      (_, j) => new Float32Array(batch.input, (j * batch.nRows + start) * 4, count),
    );
    const matrix = { nRows: count, featureNames: ensemble.featureNames, columns };
    const f32 = (b: SharedArrayBuffer | undefined) =>
      b === undefined ? undefined : new Float32Array(b, start * 4, count);
    const sequential = f32(batch.sequential);
    const byParts = f32(batch.byParts);
    treeShap(ensemble, matrix, {
      leafTables: msg.leafTables,
      values: new Float64Array(batch.values, start * nf * 8, count * nf),
      margin: new Float64Array(batch.margin, start * 8, count),
      onnxruntimeThreads: msg.onnxruntimeThreads,
      onnxruntimeOut: sequential && byParts ? { sequential, byParts } : undefined,
    });
    const done: ShapWorkerResponse = { type: "done", task: msg.task };
    port.postMessage(done);
  } catch (err) {
    const failed: ShapWorkerResponse = { type: "failed", task: msg.task, message: (err as Error).message };
    port.postMessage(failed);
  }
});
