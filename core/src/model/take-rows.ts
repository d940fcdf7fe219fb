import type { FeatureMatrix } from "../features/feature-matrix.ts";

/** The rows `rows` of a matrix (in that order), as a new matrix. */
export function takeRows(matrix: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const m = rows.length;
  const columns = matrix.columns.map((col) => {
    const out = new Float32Array(m);
    for (let k = 0; k < m; k++) out[k] = col[rows[k]];
    return out;
  });
  return { nRows: m, featureNames: matrix.featureNames, columns };
}

/** The labels (or any per-row values) of `rows`, same typed-array kind. */
export function takeLabels<T extends Uint8Array | Float32Array | Float64Array>(
  values: T,
  rows: ArrayLike<number>,
): T {
  const out = new (values.constructor as new (n: number) => T)(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}
