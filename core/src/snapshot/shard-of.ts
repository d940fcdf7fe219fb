/**
 * The shard (0 … n−1) a customer belongs to, from a stable hash of its ID: the same on every
 * machine and in every release, so a scoring shard and the commit step agree on who goes where.
 * FNV-1a over UTF-16 code units, MurmurHash3's fmix32 finaliser, then a multiply-shift onto [0, n).
 * Changing it would send customers to other shards: the commit step checks every row's shard.
 *
 * @example
 * shardOf("7590-VHVEG", 7); // always the same number in 0…6
 */
export function shardOf(customerID: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 65_536) throw new Error(`invalid shard count: ${n}`);
  let h = 0x811c9dc5;
  for (let i = 0; i < customerID.length; i++) {
    h ^= customerID.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.floor(((h >>> 0) * n) / 4294967296);
}
