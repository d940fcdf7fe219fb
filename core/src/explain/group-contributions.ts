import type { FeatureInfo } from "../features/encoder-spec.ts";

/** Per-source (column) SHAP values: one-hot dummies summed back to the column they came from. */
export interface GroupedContributions {
  /** Source columns, in first-appearance order of the features. */
  sources: string[];
  /** Human label of each source ("Contract"). */
  sourceLabels: string[];
  /** Row-major nRows × sources.length. */
  values: Float32Array;
}

/**
 * Sums SHAP values of features that share a source column, so a user reads one
 * "Contract" contribution rather than three dummy columns. Local accuracy is kept: a row's grouped
 * values sum to the same total as its feature values.
 *
 * @example
 * groupContributions(featureInfo(spec), shap.values, shap.nRows).sources; // ["SeniorCitizen", "tenure", …]
 */
export function groupContributions(
  info: readonly FeatureInfo[],
  values: ArrayLike<number>,
  nRows: number,
): GroupedContributions {
  const sources: string[] = [];
  const sourceLabels: string[] = [];
  const slot = new Int32Array(info.length);
  const index = new Map<string, number>();
  info.forEach((f, j) => {
    let k = index.get(f.source);
    if (k === undefined) {
      k = sources.length;
      index.set(f.source, k);
      sources.push(f.source);
      sourceLabels.push(f.sourceLabel);
    }
    slot[j] = k;
  });
  const nf = info.length;
  const ns = sources.length;
  const out = new Float64Array(nRows * ns);
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nf; j++) out[i * ns + slot[j]] += values[i * nf + j];
  }
  return { sources, sourceLabels, values: Float32Array.from(out) };
}
