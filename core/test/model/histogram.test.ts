// A node's histogram, built from sparse rows with few-valued features bundled, against the plain
// definition: per feature and bin (and missing), the gradient and hessian sums of the node's rows.
import { describe, expect, it } from "vitest";
import { growScratch, PHASE_HIST, runGrowTask } from "../../src/model/grow-tasks.ts";
import { histogramRows } from "../../src/model/histogram.ts";
import { resolveParams } from "../../src/model/params.ts";
import { binMatrix, computeQuantileCuts } from "../../src/model/quantile-bins.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";
import { growState } from "../../src/model/tree-grower.ts";

/** Columns of every kind: wide, 0/1, 0/1 with missing, three-valued, constant, one-hot groups. */
function matrix(n: number, seed: number) {
  const rng = seededRandom(seed);
  const kinds = [
    "wide",
    "bit",
    "bit",
    "bitNaN",
    "three",
    "bit",
    "wide",
    "onehot",
    "onehot",
    "onehot",
    "const",
    "bit",
    "bitNaN",
  ];
  kinds.push(...Array.from({ length: 12 }, () => "bit"));
  const columns = kinds.map(() => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    const hot = Math.floor(rng() * 3);
    kinds.forEach((k, j) => {
      const u = rng();
      columns[j][i] =
        k === "wide"
          ? u < 0.05
            ? NaN
            : Math.round(u * 500)
          : k === "bit"
            ? u < 0.2
              ? 1
              : 0
            : k === "bitNaN"
              ? u < 0.1
                ? NaN
                : u < 0.5
                  ? 1
                  : 0
              : k === "three"
                ? Math.floor(u * 3)
                : k === "const"
                  ? 4
                  : hot === j - 7
                    ? 1
                    : 0;
    });
  }
  return { nRows: n, featureNames: kinds.map((k, j) => `${k}${j}`), columns };
}

describe("histogram building", () => {
  const n = 3000;
  const m = matrix(n, 3);
  const binned = binMatrix(m, computeQuantileCuts(m, 256));

  it("bundles runs of few-valued features and never puts a row's slots out of order", () => {
    const rows = histogramRows(binned);
    const { size, first } = rows.bundles;
    expect(size.length).toBeGreaterThanOrEqual(2);
    // The 0/1, missing-or-0/1 and three-valued columns between the wide ones.
    expect([first[0], size[0]]).toEqual([1, 5]);
    for (let i = 0; i < n; i++)
      for (let t = rows.rowStart[i] + 1; t < rows.rowStart[i + 1]; t++)
        expect(rows.slots[t]).toBeGreaterThan(rows.slots[t - 1]);
    expect(rows.slots.length / n).toBeLessThan(binned.nFeatures / 2);
  });

  it.each([1, 3])("gives every feature's bin sums of a node's rows (%i feature blocks)", (blocks) => {
    const p = resolveParams({ max_depth: 3 });
    const s = growState(binned, p, { shared: blocks > 1, blocks, histBuffers: 1 });
    if (blocks > 1) {
      // Block boundaries fall between bundles.
      for (let b = 1; b < blocks; b++) {
        const f = s.blockFeature[b];
        const of = histogramRows(binned).bundles.of;
        expect(f === 0 || f === binned.nFeatures || of[f - 1] < 0 || of[f - 1] !== of[f]).toBe(true);
      }
    }
    const rng = seededRandom(11);
    for (let i = 0; i < n; i++) {
      s.gh[2 * i] = rng() - 0.4;
      s.gh[2 * i + 1] = rng() * 0.25;
    }
    const node = Int32Array.from({ length: n }, (_, i) => i).filter(() => rng() < 0.6);
    s.rows.set(node);
    s.begin[0] = 0;
    s.end[0] = node.length;
    let G = 0;
    let H = 0;
    for (const r of node) {
      G += s.gh[2 * r];
      H += s.gh[2 * r + 1];
    }
    s.gradSum[0] = G;
    s.hessSum[0] = H;
    s.histOf[0] = 0;
    s.phase[0] = PHASE_HIST;
    for (let b = 0; b < blocks; b++) s.tasks.set([0, -1, b, blocks], 4 * b);
    const scratch = growScratch(n);
    for (let b = 0; b < blocks; b++) runGrowTask(s, scratch, b);

    const hist = s.hists[0];
    for (let j = 0; j < binned.nFeatures; j++) {
      const nb = binned.nBins[j];
      const g = new Float64Array(nb + 1);
      const h = new Float64Array(nb + 1);
      for (const r of node) {
        g[binned.columns[j][r]] += s.gh[2 * r];
        h[binned.columns[j][r]] += s.gh[2 * r + 1];
      }
      for (let bin = 0; bin <= nb; bin++) {
        const k = 2 * (s.offsets[j] + bin);
        expect(hist[k], `feature ${j} bin ${bin} gradient`).toBeCloseTo(g[bin], 10);
        expect(hist[k + 1], `feature ${j} bin ${bin} hessian`).toBeCloseTo(h[bin], 10);
      }
    }
  });
});
