/**
 * Column-major numeric encoding of a set of customers. `columns[j][i]` is feature j of row i;
 * NaN means missing. One encoder produces it for training, scoring and explanation.
 */
export interface FeatureMatrix {
  readonly nRows: number;
  /** Feature names in order (the model's input order). */
  readonly featureNames: readonly string[];
  /** One Float32Array per feature, each of length nRows. */
  readonly columns: readonly Float32Array[];
}

/** Row-major copy (row i occupies [i*nFeatures, (i+1)*nFeatures)), the layout ONNX wants. */
export function toRowMajor(m: FeatureMatrix, out?: Float32Array): Float32Array {
  const nf = m.featureNames.length;
  const dst = out ?? new Float32Array(m.nRows * nf);
  for (let j = 0; j < nf; j++) {
    const col = m.columns[j];
    for (let i = 0, k = j; i < m.nRows; i++, k += nf) dst[k] = col[i];
  }
  return dst;
}
