// Quantile cuts, binning and the sparse rows on the training pool's threads: the same bytes as one thread.
import { afterAll, describe, expect, it } from "vitest";
import { binOnPool, histogramRowsOnPool } from "../../src/model/bin-tasks.ts";
import { growPoolRunner, type GrowPoolRunner } from "../../src/model/grow-pool.ts";
import { histogramRows } from "../../src/model/histogram.ts";
import { binMatrix, computeQuantileCuts } from "../../src/model/quantile-bins.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";
import { syntheticChurn } from "./synthetic-data.ts";

const runners: GrowPoolRunner[] = [];
afterAll(() => {
  for (const r of runners) r.end();
});

describe("binOnPool", () => {
  const { matrix } = syntheticChurn(5000, 11);
  const rng = seededRandom(12);
  // A column with thousands of distinct values and missing ones: quantile cuts, and bins past a byte with max_bin 400.
  const wide = Float32Array.from({ length: matrix.nRows }, () => (rng() < 0.07 ? NaN : rng() * 1e4));
  const m = { ...matrix, featureNames: [...matrix.featureNames, "wide"], columns: [...matrix.columns, wide] };
  const weights = Float64Array.from({ length: m.nRows }, () => rng() * 3);

  for (const [label, maxBin, w] of [
    ["256 bins, no weights", 256, undefined],
    ["400 bins (two-byte codes), weights", 400, weights],
  ] as const) {
    it(`gives the serial cuts, bins and sparse rows, bit for bit, with every task on a worker (${label})`, () => {
      const cuts = computeQuantileCuts(m, maxBin, w);
      const serial = binMatrix(m, cuts);
      const pool = growPoolRunner(2, { callerRuns: false });
      expect(pool).toBeDefined();
      runners.push(pool!);
      const before = pool!.tasksRunByWorkers();
      const got = binOnPool(m, maxBin, w, pool!);
      const rows = histogramRowsOnPool(got.binned, got.counts, pool!);
      pool!.end();
      expect(got.cuts).toEqual(cuts);
      expect(got.binned.nBins).toEqual(serial.nBins);
      expect(got.binned.offsets).toEqual(serial.offsets);
      expect(got.binned.columns).toEqual(serial.columns);
      expect(got.binned.columns[0].buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(got.binned.columns[7].constructor).toBe(maxBin > 255 ? Uint16Array : Uint8Array);
      expect(cuts[7].length).toBe(maxBin);
      // The sparse row-major copy, built in row ranges, bundles and all.
      const serialRows = histogramRows(serial);
      expect(serialRows.bundles.size.length).toBeGreaterThan(0);
      expect(rows.rowStart).toEqual(serialRows.rowStart);
      expect(rows.slots).toEqual(serialRows.slots);
      expect(rows.defaultBin).toEqual(serialRows.defaultBin);
      expect(rows.offsets).toEqual(serialRows.offsets);
      expect(rows.bundles).toEqual(serialRows.bundles);
      expect(rows.slots.buffer).toBeInstanceOf(SharedArrayBuffer);
      // Cuts and bins per feature, then two passes over 2 row ranges of 4096+ rows.
      expect(pool!.tasksRunByWorkers() - before).toBe(2 * m.columns.length + 2 * 2);
    });
  }
});
