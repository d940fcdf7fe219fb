import type { FeatureMatrix } from "../features/feature-matrix.ts";
import type { TreeEnsemble } from "../model/tree.ts";

/**
 * The matrix column for each of the ensemble's features, matched by name, so a matrix may hold
 * extra columns or another order. Throws naming the first feature the matrix lacks.
 */
export function ensembleColumns(ensemble: TreeEnsemble, matrix: FeatureMatrix): Float32Array[] {
  const names = ensemble.featureNames;
  const same =
    matrix.featureNames.length === names.length && names.every((name, j) => matrix.featureNames[j] === name);
  if (same) return [...matrix.columns];
  const index = new Map(matrix.featureNames.map((name, j) => [name, j]));
  return names.map((name) => {
    const j = index.get(name);
    if (j === undefined) throw new Error(`missing feature column: ${JSON.stringify(name)}`);
    return matrix.columns[j];
  });
}
