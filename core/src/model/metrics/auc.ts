/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative, ties counting one half (Mann–Whitney U with midranks). Equals sklearn's
 * `roc_auc_score`. NaN when either class is absent.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (scores.length !== n) throw new Error(`scores length ${scores.length}, labels length ${n}`);
  const order = sortedOrder(scores);
  let nPos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    // Rows i..j-1 tie: each gets the midrank (i+1 + j) / 2.
    let j = i + 1;
    while (j < n && scores[order[j]] === scores[order[i]]) j++;
    const midrank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]] === 1) {
        nPos++;
        rankSumPos += midrank;
      }
    }
    i = j;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Row indices ordered by ascending score (ties by index, so the result is deterministic). */
export function sortedOrder(scores: ArrayLike<number>): Int32Array {
  const n = scores.length;
  const s = Float64Array.from(scores as ArrayLike<number>);
  for (let i = 0; i < n; i++) if (s[i] !== s[i]) throw new Error(`invalid score: NaN (row ${i})`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => s[a] - s[b] || a - b);
}
