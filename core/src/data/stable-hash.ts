/**
 * Stable 32-bit hashes: the same input gives the same number on every machine, in every run and in
 * any row order. FNV-1a over the string's UTF-16 code units (identical to bytes for ASCII IDs),
 * followed by MurmurHash3's fmix32 finaliser so that nearby strings ("0001-AAAAA", "0001-AAAAB")
 * land far apart and the low bits are as good as the high ones.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** MurmurHash3's 32-bit finaliser: full avalanche on a 32-bit word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A stable unsigned 32-bit hash of a string, optionally salted with a 32-bit seed.
 *
 * @example
 * stableHash32("7590-VHVEG") === stableHash32("7590-VHVEG"); // true, always
 * stableHash32("7590-VHVEG", 1) !== stableHash32("7590-VHVEG", 2); // different salts, different hashes
 */
export function stableHash32(text: string, seed = 0): number {
  let h = (FNV_OFFSET ^ fmix32(seed >>> 0)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h ^ text.length);
}

/**
 * A stable unsigned 32-bit hash of a few integers (each taken modulo 2^32), in order.
 * Use it to derive independent seeds, e.g. one per simulated row: `mixHash32(seed, rowIndex)`.
 *
 * @example
 * mixHash32(42, 0) !== mixHash32(42, 1); // true
 */
export function mixHash32(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    // MurmurHash3's block step, one 32-bit word at a time.
    let k = Math.imul(word >>> 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ words.length);
}
