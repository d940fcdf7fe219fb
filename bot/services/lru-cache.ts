/** A bounded map that drops the least recently used entries. */
export interface LruCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
  /** Sum of the entries' weights. */
  readonly weight: number;
}

export interface LruOptions<V> {
  maxEntries: number;
  /** Largest total weight (e.g. bytes); default unbounded. */
  maxWeight?: number;
  /** Weight of one value; default 1. */
  weigh?: (value: V) => number;
}

/**
 * An LRU cache bounded by entry count and total weight. A value heavier than `maxWeight` is not
 * stored.
 *
 * @example
 * const pngs = createLruCache<Buffer>({ maxEntries: 256, maxWeight: 64 << 20, weigh: (b) => b.byteLength });
 */
export function createLruCache<V>(options: LruOptions<V>): LruCache<V> {
  const { maxEntries, maxWeight = Infinity, weigh = () => 1 } = options;
  if (!(Number.isInteger(maxEntries) && maxEntries > 0))
    throw new RangeError(`invalid cache size: ${maxEntries}`);
  const entries = new Map<string, { value: V; weight: number }>();
  let total = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    total -= e.weight;
  };
  return {
    get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      // Map keeps insertion order: re-inserting marks it most recently used.
      entries.delete(key);
      entries.set(key, e);
      return e.value;
    },
    set(key, value) {
      drop(key);
      const weight = weigh(value);
      if (weight > maxWeight) return;
      entries.set(key, { value, weight });
      total += weight;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && total <= maxWeight) break;
        drop(oldest);
      }
    },
    get size() {
      return entries.size;
    },
    get weight() {
      return total;
    },
  };
}
