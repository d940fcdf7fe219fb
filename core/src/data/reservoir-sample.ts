import type { RandomSource } from "./seeded-random.ts";

/** A fixed-size uniform sample of a stream, kept in stream order. */
export interface Reservoir<T> {
  /** Offers the next item of the stream. */
  offer(item: T): void;
  /** Items seen so far. */
  readonly seen: number;
  /** The sample (all items while fewer than `size` were seen), in the order the stream gave them. */
  items(): T[];
}

/**
 * Uniform sampling without replacement from a stream of unknown length (Vitter's Algorithm R),
 * driven by a seeded random source so the same stream and seed give the same sample. Memory is
 * `size` items whatever the stream's length: training on a 200k sample of a 1M-customer file never
 * holds the million.
 *
 * @example
 * const r = createReservoir<Customer>(200_000, seededRandom(42));
 * for await (const c of customers) r.offer(c);
 * r.items(); // 200 000 customers, in file order
 */
export function createReservoir<T>(size: number, random: RandomSource): Reservoir<T> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`invalid sample size: ${size}`);
  const kept: { at: number; item: T }[] = [];
  let seen = 0;
  return {
    offer(item) {
      if (kept.length < size) kept.push({ at: seen, item });
      else {
        const j = Math.floor(random() * (seen + 1));
        if (j < size) kept[j] = { at: seen, item };
      }
      seen++;
    },
    get seen() {
      return seen;
    },
    items: () => kept.toSorted((a, b) => a.at - b.at).map((k) => k.item),
  };
}
