import { mixHash32 } from "./stable-hash.ts";

const DIGITS = 10_000; // "0000"–"9999"
const LETTERS = 26 ** 5; // "AAAAA"–"ZZZZZ"
/** How many distinct IDs of the form `1234-ABCDE` exist: the most rows one seed can simulate. */
export const MAX_SIMULATED_ROWS = DIGITS * LETTERS;
const ROUNDS = 4;

/**
 * The customer ID of simulated row `index` under `seed`, shaped like the real ones (`7590-VHVEG`).
 * A seeded Feistel permutation of the index over all 10^4 · 26^5 IDs, so distinct indexes always
 * get distinct IDs (no collision check needed), yet consecutive rows look unrelated.
 *
 * @example
 * simulatedCustomerId(0, 42); // e.g. "3861-QZKWA", the same on every run
 */
export function simulatedCustomerId(index: number, seed: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_SIMULATED_ROWS) {
    throw new RangeError(`invalid simulated row index: ${index}`);
  }
  let digits = Math.floor(index / LETTERS);
  let letters = index % LETTERS;
  // Each round adds a keyed hash of one half to the other, modulo its range: invertible whatever
  // the hash, so the whole map is a bijection on [0, MAX_SIMULATED_ROWS).
  for (let round = 0; round < ROUNDS; round++) {
    digits = (digits + (mixHash32(seed, round, 0, letters) % DIGITS)) % DIGITS;
    letters = (letters + (mixHash32(seed, round, 1, digits) % LETTERS)) % LETTERS;
  }
  let suffix = "";
  for (let i = 0; i < 5; i++) {
    suffix = String.fromCharCode(65 + (letters % 26)) + suffix;
    letters = Math.floor(letters / 26);
  }
  return `${String(digits).padStart(4, "0")}-${suffix}`;
}
