// Training on worker threads gives the same model, bit for bit, as one thread.
import { afterAll, describe, expect, it } from "vitest";
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import { growPoolRunner, type GrowPoolRunner } from "../../src/model/grow-pool.ts";
import { resolveParams } from "../../src/model/params.ts";
import { binMatrix, computeQuantileCuts } from "../../src/model/quantile-bins.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";
import { trainBooster, trainingThreads } from "../../src/model/train.ts";
import { growState, histBuffersNeeded, TreeGrower } from "../../src/model/tree-grower.ts";
import type { Tree, TreeEnsemble } from "../../src/model/tree.ts";
import { syntheticChurn } from "./synthetic-data.ts";

/** Every array of every tree as bytes, and the base margin. */
function bytes(e: TreeEnsemble): Buffer {
  const parts = e.trees.flatMap((t: Tree) =>
    [t.left, t.right, t.feature, t.threshold, t.defaultLeft, t.value, t.cover].map((a) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    ),
  );
  return Buffer.concat([Buffer.from(Float64Array.of(e.baseMargin).buffer), ...parts]);
}

/** syntheticChurn plus wide columns (many bins, some missing) so histograms split into uneven blocks. */
function data(n: number, seed: number): { matrix: FeatureMatrix; labels: Uint8Array } {
  const { matrix, labels } = syntheticChurn(n, seed);
  const rng = seededRandom(seed + 1);
  const extra = Array.from({ length: 5 }, (_, k) =>
    Float32Array.from({ length: n }, (_, i) =>
      rng() < 0.05 * k ? NaN : k === 4 ? (labels[i] ? 1 : 0) * rng() + rng() : Math.round(rng() * 10 ** k),
    ),
  );
  return {
    matrix: {
      nRows: n,
      featureNames: [...matrix.featureNames, "w0", "w1", "w2", "w3", "w4"],
      columns: [...matrix.columns, ...extra],
    },
    labels,
  };
}

const runners: GrowPoolRunner[] = [];
afterAll(() => {
  for (const r of runners) r.end();
});

describe("trainBooster on worker threads", () => {
  const { matrix, labels } = data(6000, 3);
  const valid = data(1500, 4);
  const params = {
    n_rounds: 12,
    max_depth: 6,
    eta: 0.3,
    min_child_weight: 1,
    lambda: 1,
    alpha: 0.1,
    subsample: 0.8,
    colsample_bytree: 0.8,
    early_stopping_rounds: 5,
    seed: 9,
  };

  it("gives the same ensemble, bit for bit, for 1, 2 and 3 threads (sampling, missing values, early stopping)", () => {
    const one = trainBooster(matrix, labels, params, {
      validation: valid,
      threads: 1,
      minCellsForThreads: 0,
    });
    expect(one.ensemble.trees.length).toBeGreaterThan(5);
    expect(Math.max(...one.ensemble.trees.map((t) => t.left.length))).toBeGreaterThan(60);
    for (const threads of [2, 3]) {
      const many = trainBooster(matrix, labels, params, {
        validation: valid,
        threads,
        minCellsForThreads: 0,
      });
      expect(many.threads).toBe(threads);
      expect(bytes(many.ensemble).equals(bytes(one.ensemble))).toBe(true);
      expect(many.evalHistory).toEqual(one.evalHistory);
      expect(many.bestIteration).toBe(one.bestIteration);
    }
  });

  it("grows the same trees when every task runs on a worker, histograms split in feature blocks", () => {
    const p = resolveParams(params);
    const binned = binMatrix(matrix, computeQuantileCuts(matrix, p.max_bin));
    const serial = new TreeGrower(binned, p);
    const pool = growPoolRunner(3, { callerRuns: false });
    expect(pool).toBeDefined();
    runners.push(pool!);
    const state = growState(binned, p, {
      shared: true,
      blocks: 3,
      histBuffers: histBuffersNeeded(p.max_depth, binned.nRows),
    });
    expect(state.blockFeature[1]).toBeGreaterThan(0);
    expect(state.blockFeature[2]).toBeLessThan(binned.nFeatures);
    // The 0/1 and one-hot columns share histogram slots (a feature bundle), expanded per block.
    expect(state.bundleSize.length).toBeGreaterThan(0);
    const threaded = new TreeGrower(binned, p, pool, state);

    const rng = seededRandom(5);
    const gh = new Float64Array(2 * binned.nRows);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < binned.nRows; i++) {
        const pr = rng();
        gh[2 * i] = pr - labels[i];
        gh[2 * i + 1] = Math.max(pr * (1 - pr), 1e-16);
      }
      const rows = Int32Array.from({ length: binned.nRows }, (_, i) => i).filter(() => rng() < 0.9);
      const features = Int32Array.from({ length: binned.nFeatures }, (_, j) => j).filter((j) => j !== round);
      const a = serial.grow(gh, rows, features);
      const b = threaded.grow(gh, rows, features);
      expect(bytes({ trees: [b.tree], baseMargin: 0, featureNames: [] })).toEqual(
        bytes({ trees: [a.tree], baseMargin: 0, featureNames: [] }),
      );
      expect(Array.from(b.splitBin)).toEqual(Array.from(a.splitBin));
      // The nodes' gradient and hessian sums in float64, before rounding to float32 covers and leaves.
      const nodes = a.tree.left.length;
      expect(threaded.state.gradSum.slice(0, nodes)).toEqual(serial.state.gradSum.slice(0, nodes));
      expect(threaded.state.hessSum.slice(0, nodes)).toEqual(serial.state.hessSum.slice(0, nodes));
      const ma = new Float64Array(binned.nRows);
      const mb = new Float64Array(binned.nRows);
      serial.addLeafValues(ma);
      threaded.addLeafValues(mb);
      expect(mb).toEqual(ma);
    }
    expect(pool!.tasksRunByWorkers()).toBeGreaterThan(100);
  });

  it("computes gradients and adds leaf values on the workers, row for row as one thread (weights, every row)", () => {
    const p = resolveParams({ ...params, subsample: 1 });
    const binned = binMatrix(matrix, computeQuantileCuts(matrix, p.max_bin));
    const serial = new TreeGrower(binned, p);
    // A worker serves one session at a time: end the earlier tests' first.
    for (const r of runners.splice(0)) r.end();
    const pool = growPoolRunner(2, { callerRuns: false });
    expect(pool).toBeDefined();
    runners.push(pool!);
    const state = growState(binned, p, {
      shared: true,
      blocks: 2,
      histBuffers: histBuffersNeeded(p.max_depth, binned.nRows),
    });
    const threaded = new TreeGrower(binned, p, pool, state);
    const rng = seededRandom(7);
    const weights = Float32Array.from({ length: binned.nRows }, () => rng() * 2);
    const rows = Int32Array.from({ length: binned.nRows }, (_, i) => i);
    const features = Int32Array.from({ length: binned.nFeatures }, (_, j) => j);
    const before = pool!.tasksRunByWorkers();
    for (const g of [serial, threaded]) {
      g.setTargets(labels, weights);
      g.state.margin.fill(-0.4);
    }
    for (let round = 0; round < 3; round++) {
      for (const g of [serial, threaded]) {
        g.computeGradients();
        g.grow(g.state.gh, rows, features);
      }
      expect(threaded.state.gh).toEqual(serial.state.gh);
      for (const g of [serial, threaded]) g.addLeafValues(g.state.margin);
      expect(threaded.state.margin).toEqual(serial.state.margin);
    }
    expect(new Set(serial.state.margin).size).toBeGreaterThan(20);
    // Every task ran on the worker; gradient and leaf phases among them.
    expect(pool!.tasksRunByWorkers() - before).toBeGreaterThan(3 * (8 + 32));
  });

  it("never grows shared state past the histogram buffers workers were given", () => {
    const p = resolveParams({ ...params, max_depth: 3 });
    const binned = binMatrix(matrix, computeQuantileCuts(matrix, p.max_bin));
    expect(histBuffersNeeded(3, binned.nRows)).toBe(4);
    const rows = Int32Array.from({ length: binned.nRows }, (_, i) => i);
    const features = Int32Array.from({ length: binned.nFeatures }, (_, j) => j);
    const rng = seededRandom(2);
    const gh = new Float64Array(2 * binned.nRows).map((_, i) => (i % 2 ? 0.25 : rng() - labels[i >> 1]));
    const grow = (histBuffers: number) =>
      new TreeGrower(
        binned,
        p,
        undefined,
        growState(binned, p, { shared: true, blocks: 2, histBuffers }),
      ).grow(gh, rows, features);
    // Both children of the root split, so level 1 holds 2 histograms and builds 2 more.
    const { left } = grow(4).tree;
    expect(left[left[0]]).not.toBe(-1);
    expect(left[left[0] + 1]).not.toBe(-1);
    expect(() => grow(3)).toThrow("shared histogram buffers exhausted");
  });

  it("partitions large nodes in chunks on several threads and still grows the same trees", () => {
    // 70k rows: the root (and a depth-1 node) pass the 32k-row chunk size.
    const big = syntheticChurn(70_000, 21);
    const p = { n_rounds: 3, max_depth: 3, eta: 0.3, max_bin: 64, seed: 1 };
    const one = trainBooster(big.matrix, big.labels, p, { threads: 1 });
    expect(one.ensemble.trees[0].left.length).toBeGreaterThanOrEqual(7);
    for (const threads of [2, 3]) {
      const many = trainBooster(big.matrix, big.labels, p, { threads, minCellsForThreads: 0 });
      expect(many.threads).toBe(threads);
      expect(bytes(many.ensemble).equals(bytes(one.ensemble))).toBe(true);
    }
  });

  it("trains data under minCellsForThreads (rows × features) on one thread, the same model", () => {
    // 6000 × 12 = 72k cells: under the default 200k.
    expect(trainingThreads(4, 6000, 12)).toBe(1);
    expect(trainingThreads(4, 200_000, 61)).toBe(4);
    expect(trainingThreads(2, 1000, 200)).toBe(2);
    expect(trainingThreads(2, 999, 200)).toBe(1);
    const small = trainBooster(matrix, labels, { ...params, n_rounds: 3 }, { threads: 2 });
    expect(small.threads).toBe(1);
    const forced = trainBooster(
      matrix,
      labels,
      { ...params, n_rounds: 3 },
      { threads: 2, minCellsForThreads: 0 },
    );
    expect(forced.threads).toBe(2);
    expect(bytes(forced.ensemble).equals(bytes(small.ensemble))).toBe(true);
  });

  it("refuses a thread count that is not a positive integer", () => {
    expect(() => trainBooster(matrix, labels, params, { threads: 0 })).toThrow("invalid threads: 0");
    expect(() => trainBooster(matrix, labels, params, { threads: 1.5 })).toThrow("invalid threads: 1.5");
  });
});
