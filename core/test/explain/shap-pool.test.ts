import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { createShapPool, spawnShapWorker } from "../../src/explain/shap-pool.ts";
import { treeShap } from "../../src/explain/tree-shap.ts";
import { randomEnsemble, randomFeatureMatrix } from "../model/random-trees.ts";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "../../..");

describe("createShapPool", () => {
  let spawned = 0;
  const pool = createShapPool({
    size: 2,
    minChunkRows: 100,
    spawn: () => (spawned++, spawnShapWorker()),
  });
  afterAll(() => pool.close());

  it.each([true, false])(
    "gives bit-identical results to a single-thread run (leafTables %s)",
    async (leafTables) => {
      // Depth up to 8 on 12 features: a mix of tabled trees and Algorithm 2 trees.
      const ensemble = randomEnsemble({
        seed: 31,
        nFeatures: 12,
        nTrees: 8,
        maxDepth: 8,
        zeroCoverRate: 0.05,
      });
      const matrix = randomFeatureMatrix(ensemble, { seed: 32, nRows: 1001 });
      const progress: number[] = [];
      const pooled = await pool.treeShap(ensemble, matrix, {
        leafTables,
        onProgress: (done) => progress.push(done),
      });
      const single = treeShap(ensemble, matrix, { leafTables });
      expect(pooled.base).toBe(single.base);
      expect(pooled.values).toEqual(single.values);
      expect(pooled.margin).toEqual(single.margin);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(1001);
      expect(spawned).toBe(2);
    },
  );

  it("switches between ensembles and runs batches concurrently", async () => {
    const a = randomEnsemble({ seed: 41, nFeatures: 5, nTrees: 10, maxDepth: 4 });
    const b = randomEnsemble({ seed: 42, nFeatures: 5, nTrees: 12, maxDepth: 6 });
    const m = randomFeatureMatrix(a, { seed: 43, nRows: 1500 });
    const [ra, rb, ra2] = await Promise.all([pool.treeShap(a, m), pool.treeShap(b, m), pool.treeShap(a, m)]);
    expect(ra.values).toEqual(treeShap(a, m).values);
    expect(rb.values).toEqual(treeShap(b, m).values);
    expect(ra2.values).toEqual(ra.values);
  });

  it("explains small batches on the calling thread", async () => {
    const before = spawned;
    const small = createShapPool({ size: 2, spawn: () => (spawned++, spawnShapWorker()) });
    const e = randomEnsemble({ seed: 51, nFeatures: 3, nTrees: 4, maxDepth: 3 });
    const m = randomFeatureMatrix(e, { seed: 52, nRows: 50 });
    expect((await small.treeShap(e, m)).values).toEqual(treeShap(e, m).values);
    await small.close();
    expect(spawned).toBe(before);
  });

  it("rejects a batch whose worker dies, and keeps working afterwards", async () => {
    let first = true;
    const flaky = createShapPool({
      size: 1,
      minChunkRows: 10,
      spawn: () => {
        if (!first) return spawnShapWorker();
        first = false;
        return new Worker("throw new Error('boom')", { eval: true });
      },
    });
    const e = randomEnsemble({ seed: 61, nFeatures: 3, nTrees: 4, maxDepth: 3 });
    const m = randomFeatureMatrix(e, { seed: 62, nRows: 100 });
    await expect(flaky.treeShap(e, m)).rejects.toThrow("shap worker failed: boom");
    expect((await flaky.treeShap(e, m)).values).toEqual(treeShap(e, m).values);
    await flaky.close();
    await expect(flaky.treeShap(e, m)).rejects.toThrow("shap pool is closed");
  });

  it("shares a batch's columns and outputs with its workers instead of copying them per chunk", async () => {
    const messages: unknown[] = [];
    const transfers: unknown[] = [];
    const watched = createShapPool({
      size: 2,
      minChunkRows: 100,
      spawn: () => {
        const w = spawnShapWorker();
        const post = w.postMessage.bind(w);
        w.postMessage = (msg: unknown, list?: readonly unknown[]) => {
          messages.push(msg);
          if (list?.length) transfers.push(list);
          post(msg, list as never);
        };
        return w;
      },
    });
    const e = randomEnsemble({ seed: 81, nFeatures: 4, nTrees: 6, maxDepth: 4 });
    const m = randomFeatureMatrix(e, { seed: 82, nRows: 1000 });
    const pooled = await watched.treeShap(e, m, { onnxruntimeThreads: 2 });
    await watched.close();
    const runs = messages.filter((msg) => (msg as { type: string }).type === "run") as {
      batch: Record<string, unknown>;
      start: number;
      count: number;
    }[];
    expect(runs.length).toBeGreaterThan(1);
    expect(transfers).toEqual([]);
    const batch = runs[0].batch;
    for (const r of runs) expect(r.batch).toBe(batch);
    for (const key of ["input", "values", "margin", "sequential", "byParts"])
      expect(batch[key]).toBeInstanceOf(SharedArrayBuffer);
    expect(runs.reduce((s, r) => s + r.count, 0)).toBe(1000);
    const single = treeShap(e, m, { onnxruntimeThreads: 2 });
    expect(pooled.values).toEqual(single.values);
    expect(pooled.margin).toEqual(single.margin);
    expect(pooled.onnxruntime).toEqual(single.onnxruntime);
  });

  it("names a missing feature column before starting workers", async () => {
    const e = randomEnsemble({ seed: 71, nFeatures: 3, nTrees: 2, maxDepth: 3 });
    const m = {
      nRows: 500,
      featureNames: ["f0", "f1"],
      columns: [new Float32Array(500), new Float32Array(500)],
    };
    await expect(pool.treeShap(e, m)).rejects.toThrow('missing feature column: "f2"');
  });

  it.each([
    ["the tsx CLI", ["--import", "tsx"]],
    // bin/engagetrack.js registers tsx in-process instead of through node's flags.
    [
      "tsx registered in-process (bin/engagetrack.js)",
      [
        "--input-type=module",
        "-e",
        `(await import("tsx/esm/api")).register(); await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, "shap-pool-script.ts")).href)});`,
      ],
    ],
  ])("starts its workers from a process run with %s", async (_how, args) => {
    const script = join(import.meta.dirname, "shap-pool-script.ts");
    const argv = args[0] === "--import" ? [...args, script] : args;
    const { stdout } = await run(process.execPath, argv, { cwd: repo, timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ rows: 400, same: true });
  });
});
