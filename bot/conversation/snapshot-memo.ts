const memos = new WeakMap<object, Map<string, unknown>>();

/**
 * `compute()` once per snapshot table and key, then the same value: a snapshot is immutable, so a
 * segment table, a rank order or an experiment analysis never changes while it is served. Keyed
 * weakly by the table: a replaced snapshot takes its memos with it.
 *
 * @example
 * const order = snapshotMemo(snapshot.table, "order:revenue", () => rankOrder(snapshot.table));
 */
export function snapshotMemo<T>(table: object, key: string, compute: () => T): T {
  let memo = memos.get(table);
  if (!memo) memos.set(table, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}
