/**
 * A pool of worker threads for TreeSHAP on large batches. The batch's columns are copied once
 * into a SharedArrayBuffer, rows are split into ranges, and each idle worker explains a range
 * straight from the shared input into shared outputs (nothing is copied per chunk, nothing comes
 * back but "done"). Every row is computed by the same `treeShap` code as on the main thread, so
 * the values are identical to a single-thread run, bit for bit. Workers run precompiled
 * JavaScript (shap-worker-script.ts), so they start without tsx.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { FeatureMatrix } from "../features/feature-matrix.ts";
import type { TreeEnsemble } from "../model/tree.ts";
import { ensembleColumns } from "./ensemble-columns.ts";
import { compileShapEnsemble } from "./shap-ensemble.ts";
import type { SharedShapBatch, ShapWorkerRequest, ShapWorkerResponse } from "./shap-worker.ts";
import { shapWorkerScript } from "./shap-worker-script.ts";
import { treeShap, type TreeShapResult } from "./tree-shap.ts";

export interface ShapPoolOptions {
  /** Number of worker threads (default: the number of available cores). */
  readonly size?: number;
  /**
   * Smallest chunk of rows sent to a worker (default 1000). Batches shorter than two chunks are
   * explained on the calling thread, where starting a worker would cost more than it saves.
   */
  readonly minChunkRows?: number;
  /** Starts one worker thread; defaults to the precompiled worker (`spawnShapWorker`). */
  readonly spawn?: () => Worker;
}

export interface ShapPoolRunOptions {
  /** As in `TreeShapOptions`. */
  readonly leafTables?: boolean;
  /** As in `TreeShapOptions`: onnxruntime's float32 sums of the leaf values, in the same walk. */
  readonly onnxruntimeThreads?: number;
  /** Called after each chunk with the rows done so far. */
  readonly onProgress?: (doneRows: number, totalRows: number) => void;
}

export interface ShapPool {
  readonly size: number;
  /** `treeShap` over the pool; resolves to the same result a single-thread call gives. */
  treeShap(
    ensemble: TreeEnsemble,
    matrix: FeatureMatrix,
    options?: ShapPoolRunOptions,
  ): Promise<TreeShapResult>;
  /** Stops the workers; pending batches are rejected. */
  close(): Promise<void>;
}

/**
 * Spawns the pool's worker from its precompiled JavaScript (or, without esbuild, through tsx: see
 * shap-worker-entry.mjs). Node flags are not inherited: flags such as `--input-type` or `-e`
 * would break the worker.
 */
export function spawnShapWorker(): Worker {
  return new Worker(shapWorkerScript(), { execArgv: [] });
}

interface Job {
  readonly batch: SharedShapBatch;
  readonly total: number;
  done: number;
  remaining: number;
  settled: boolean;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly onProgress?: (doneRows: number, totalRows: number) => void;
}

interface Task {
  readonly id: number;
  readonly job: Job;
  readonly modelId: number;
  readonly model: TreeEnsemble;
  readonly start: number;
  readonly nRows: number;
  readonly leafTables: boolean;
  readonly onnxruntimeThreads: number | undefined;
}

interface Slot {
  readonly worker: Worker;
  modelId: number;
  task: Task | undefined;
}

/**
 * Creates a TreeSHAP worker pool. Workers start on first use; call `close()` when done (idle
 * workers do not keep the process alive).
 *
 * @example
 * const pool = createShapPool();
 * const { base, values, margin } = await pool.treeShap(ensemble, matrix);
 * await pool.close();
 */
export function createShapPool(options: ShapPoolOptions = {}): ShapPool {
  const size = options.size ?? availableParallelism();
  if (!(Number.isInteger(size) && size >= 1)) throw new Error(`invalid pool size: ${size}`);
  const minChunkRows = options.minChunkRows ?? 1000;
  if (!(Number.isInteger(minChunkRows) && minChunkRows >= 1))
    throw new Error(`invalid minChunkRows: ${minChunkRows}`);
  const spawn = options.spawn ?? spawnShapWorker;

  const slots: Slot[] = [];
  const queue: Task[] = [];
  const modelIds = new WeakMap<TreeEnsemble, number>();
  let nextModelId = 1;
  let nextTaskId = 1;
  let closed = false;

  const fail = (job: Job, err: Error): void => {
    if (job.settled) return;
    job.settled = true;
    // Drop the job's queued chunks; chunks already running finish and are ignored.
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].job === job) queue.splice(i, 1);
    job.reject(err);
  };

  const finish = (slot: Slot, msg: ShapWorkerResponse): void => {
    const task = slot.task;
    if (task === undefined || task.id !== msg.task) return;
    slot.task = undefined;
    slot.worker.unref();
    const job = task.job;
    if (msg.type === "failed") fail(job, new Error(msg.message));
    else if (!job.settled) {
      job.done += task.nRows;
      job.onProgress?.(job.done, job.total);
      if (--job.remaining === 0) {
        job.settled = true;
        job.resolve();
      }
    }
    dispatch();
  };

  const lose = (slot: Slot, err: Error): void => {
    const i = slots.indexOf(slot);
    if (i === -1) return;
    slots.splice(i, 1);
    if (slot.task) fail(slot.task.job, new Error(`shap worker failed: ${err.message}`, { cause: err }));
    void slot.worker.terminate();
    dispatch();
  };

  const addSlot = (): Slot => {
    const slot: Slot = { worker: spawn(), modelId: 0, task: undefined };
    slot.worker.on("message", (msg: ShapWorkerResponse) => finish(slot, msg));
    slot.worker.on("error", (err) => lose(slot, err));
    slot.worker.on("exit", (code) => {
      if (!closed && slots.includes(slot)) lose(slot, new Error(`exited with code ${code}`));
    });
    slot.worker.unref();
    slots.push(slot);
    return slot;
  };

  function dispatch(): void {
    while (queue.length > 0 && !closed) {
      const slot = slots.find((s) => s.task === undefined) ?? (slots.length < size ? addSlot() : undefined);
      if (slot === undefined) return;
      const task = queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      if (slot.modelId !== task.modelId) {
        const model: ShapWorkerRequest = {
          type: "model",
          modelId: task.modelId,
          ensemble: plainEnsemble(task.model),
        };
        slot.worker.postMessage(model);
        slot.modelId = task.modelId;
      }
      const run: ShapWorkerRequest = {
        type: "run",
        task: task.id,
        modelId: task.modelId,
        batch: task.job.batch,
        start: task.start,
        count: task.nRows,
        leafTables: task.leafTables,
        onnxruntimeThreads: task.onnxruntimeThreads,
      };
      slot.worker.postMessage(run);
    }
  }

  return {
    size,
    async treeShap(ensemble, matrix, runOptions = {}) {
      if (closed) throw new Error("shap pool is closed");
      const leafTables = runOptions.leafTables ?? true;
      const onnxruntimeThreads = runOptions.onnxruntimeThreads;
      const n = matrix.nRows;
      if (n < 2 * minChunkRows) {
        const r = treeShap(ensemble, matrix, { leafTables, onnxruntimeThreads });
        runOptions.onProgress?.(n, n);
        return r;
      }
      // Compile here too: checks the ensemble before any worker sees it, and gives the base.
      const c = compileShapEnsemble(ensemble);
      const columns = ensembleColumns(ensemble, matrix);
      const nf = c.nFeatures;
      // A few chunks per worker, so a worker slowed by other load does not hold up the batch.
      const nChunks = Math.max(1, Math.min(size * 4, Math.floor(n / minChunkRows)));
      const chunk = Math.ceil(n / nChunks);
      let modelId = modelIds.get(ensemble);
      if (modelId === undefined) modelIds.set(ensemble, (modelId = nextModelId++));
      // One copy of the columns into shared memory; workers read their rows from it in place.
      const input = new SharedArrayBuffer(n * nf * 4);
      columns.forEach((col, j) => new Float32Array(input, j * n * 4, n).set(col.subarray(0, n)));
      const ort = onnxruntimeThreads !== undefined;
      const batch: SharedShapBatch = {
        input,
        nRows: n,
        values: new SharedArrayBuffer(n * nf * 8),
        margin: new SharedArrayBuffer(n * 8),
        sequential: ort ? new SharedArrayBuffer(n * 4) : undefined,
        byParts: ort ? new SharedArrayBuffer(n * 4) : undefined,
      };
      await new Promise<void>((resolve, reject) => {
        const job: Job = {
          batch,
          total: n,
          done: 0,
          remaining: 0,
          settled: false,
          resolve,
          reject,
          onProgress: runOptions.onProgress,
        };
        for (let start = 0; start < n; start += chunk) {
          const end = Math.min(n, start + chunk);
          job.remaining++;
          queue.push({
            id: nextTaskId++,
            job,
            modelId: modelId!,
            model: ensemble,
            start,
            nRows: end - start,
            leafTables,
            onnxruntimeThreads,
          });
        }
        dispatch();
      });
      return {
        base: c.base,
        nRows: n,
        featureNames: ensemble.featureNames,
        values: new Float64Array(batch.values),
        margin: new Float64Array(batch.margin),
        ...(ort && {
          onnxruntime: {
            sequential: new Float32Array(batch.sequential!),
            byParts: new Float32Array(batch.byParts!),
          },
        }),
      };
    },
    async close() {
      closed = true;
      const pending = new Set(queue.map((t) => t.job));
      for (const s of slots) if (s.task) pending.add(s.task.job);
      queue.length = 0;
      for (const job of pending) fail(job, new Error("shap pool closed"));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

/**
 * A structured-clone-safe copy of the ensemble (only the fields TreeSHAP reads). The arrays are
 * sliced because cloning a view would copy its whole underlying buffer.
 */
function plainEnsemble(e: TreeEnsemble): TreeEnsemble {
  return {
    baseMargin: e.baseMargin,
    featureNames: [...e.featureNames],
    trees: e.trees.map((t) => ({
      left: t.left.slice(),
      right: t.right.slice(),
      feature: t.feature.slice(),
      threshold: t.threshold.slice(),
      defaultLeft: t.defaultLeft.slice(),
      value: t.value.slice(),
      cover: t.cover.slice(),
    })),
  };
}
