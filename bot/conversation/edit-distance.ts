let rows = [0, 1, 2].map(() => new Int32Array(64));

/**
 * Edits (insert, delete, substitute, swap two neighbours) between `a` and `b` — the optimal string
 * alignment distance — or `max + 1` as soon as it is sure to exceed `max`, so a scan over many
 * candidates stays cheap.
 *
 * @example
 * editDistance("7590-VHVGE", "7590-VHVEG", 3); // 1 (a swap)
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  // Three rows of the DP table (the swap looks two rows back), reused across calls: a scan
  // compares thousands of IDs.
  if (rows[0].length < n + 1) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 1)));
  let [prev2, prev, row] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return Math.min(prev[n], max + 1);
}
