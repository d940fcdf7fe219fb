// Test-only: small seeded synthetic churn-like data with a known logistic truth.
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import { seededRandom } from "../../src/model/seeded-random.ts";

/**
 * n rows, 6 features: two continuous (one with 10% missing), one 0/1, a 3-way one-hot, and a
 * noise column. P(y = 1) = σ(logit), returned as `truth`.
 */
export function syntheticChurn(
  n: number,
  seed: number,
): { matrix: FeatureMatrix; labels: Uint8Array; truth: Float64Array } {
  const rng = seededRandom(seed);
  const names = ["tenure", "charges", "senior", "contract_m2m", "contract_1y", "contract_2y", "noise"];
  const cols = names.map(() => new Float32Array(n));
  const labels = new Uint8Array(n);
  const truth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(rng() * 72);
    const charges = 20 + rng() * 100;
    const senior = rng() < 0.16 ? 1 : 0;
    const c = rng();
    const contract = c < 0.55 ? 0 : c < 0.8 ? 1 : 2;
    cols[0][i] = tenure;
    cols[1][i] = rng() < 0.1 ? NaN : charges;
    cols[2][i] = senior;
    cols[3][i] = contract === 0 ? 1 : 0;
    cols[4][i] = contract === 1 ? 1 : 0;
    cols[5][i] = contract === 2 ? 1 : 0;
    cols[6][i] = rng();
    const logit =
      -0.5 -
      0.04 * tenure +
      0.015 * (charges - 60) +
      0.4 * senior +
      (contract === 0 ? 1.2 : contract === 1 ? -0.3 : -1.5);
    truth[i] = 1 / (1 + Math.exp(-logit));
    labels[i] = rng() < truth[i] ? 1 : 0;
  }
  return { matrix: { nRows: n, featureNames: names, columns: cols }, labels, truth };
}

export function matrixOf(columns: number[][], names?: string[]): FeatureMatrix {
  return {
    nRows: columns[0].length,
    featureNames: names ?? columns.map((_, j) => `f${j}`),
    columns: columns.map((c) => Float32Array.from(c)),
  };
}
