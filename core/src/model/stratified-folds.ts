import { seededRandom } from "./seeded-random.ts";

/**
 * Assigns each row to one of `k` folds so every fold gets (to within one row) the same number
 * of churners and of non-churners: each class is shuffled with a PRNG seeded by `seed`, then
 * dealt round-robin, the churners continuing where the non-churners stopped. Same labels, k and
 * seed → same folds.
 *
 * @example
 * const fold = stratifiedFolds(labels, 5, 42); // fold[i] ∈ 0..4
 * const testRows = rowsWhere(fold, 2);
 */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`invalid fold count: ${k}`);
  const n = labels.length;
  const fold = new Int32Array(n);
  const rng = seededRandom(seed);
  let next = 0;
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if ((labels[i] >= 0.5 ? 1 : 0) === cls) idx.push(i);
    shuffle(idx, rng);
    for (const i of idx) fold[i] = next++ % k;
  }
  return fold;
}

/**
 * A seeded stratified split: about `fraction` of each class goes to `holdout`, the rest to
 * `train`; both lists ascending.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  fraction: number,
  seed: number,
): { train: Int32Array; holdout: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`invalid holdout fraction: ${fraction}`);
  const n = labels.length;
  const rng = seededRandom(seed);
  const inHoldout = new Uint8Array(n);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if ((labels[i] >= 0.5 ? 1 : 0) === cls) idx.push(i);
    shuffle(idx, rng);
    const m = Math.round(idx.length * fraction);
    for (let t = 0; t < m; t++) inHoldout[idx[t]] = 1;
  }
  return { train: rowsWhere(inHoldout, 0), holdout: rowsWhere(inHoldout, 1) };
}

/** Ascending indices i with assignment[i] === value. */
export function rowsWhere(assignment: ArrayLike<number>, value: number): Int32Array {
  let m = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === value) m++;
  const out = new Int32Array(m);
  for (let i = 0, k = 0; i < assignment.length; i++) if (assignment[i] === value) out[k++] = i;
  return out;
}

/** Ascending indices i with assignment[i] !== value (the training rows of fold `value`). */
export function rowsWhereNot(assignment: ArrayLike<number>, value: number): Int32Array {
  let m = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] !== value) m++;
  const out = new Int32Array(m);
  for (let i = 0, k = 0; i < assignment.length; i++) if (assignment[i] !== value) out[k++] = i;
  return out;
}

function shuffle(a: number[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
