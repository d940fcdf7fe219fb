import { sortedOrder } from "./auc.ts";

/**
 * Area under the precision–recall curve as average precision, Σ (Rₖ − Rₖ₋₁)·Pₖ over the distinct
 * score thresholds from high to low (tied scores form one threshold). Equals sklearn's
 * `average_precision_score`. NaN when there is no positive.
 *
 * @example
 * prAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333 = ½·1 + ½·⅔
 */
export function prAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`scores length ${scores.length}, labels length ${n}`);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) nPos++;
  if (nPos === 0) return NaN;
  const order = sortedOrder(scores);
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (let i = n - 1; i >= 0;) {
    let j = i - 1;
    while (j >= 0 && scores[order[j]] === scores[order[i]]) j--;
    let groupTp = 0;
    for (let k = i; k > j; k--) if (labels[order[k]] === 1) groupTp++;
    tp += groupTp;
    fp += i - j - groupTp;
    ap += (groupTp / nPos) * (tp / (tp + fp));
    i = j;
  }
  return ap;
}
