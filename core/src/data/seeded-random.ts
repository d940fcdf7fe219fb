import { mixHash32 } from "./stable-hash.ts";

/** A source of uniform numbers on [0, 1), like `Math.random` but reproducible. */
export type RandomSource = () => number;

/**
 * A seeded uniform random source on [0, 1): sfc32 (Chris Doty-Humphrey's small fast chaotic
 * generator, 128-bit state, passes PractRand to terabytes). The state is filled from the seed words
 * through `mixHash32`, so `seededRandom(7, 0)` and `seededRandom(7, 1)` are unrelated streams.
 * Each seed word is taken modulo 2^32; pass the high and low halves separately to use more bits.
 *
 * @example
 * const random = seededRandom(42);
 * random(); // the same number on every run and machine
 */
export function seededRandom(...seedWords: number[]): RandomSource {
  const state = new Int32Array(4);
  state[0] = mixHash32(0x5eed, ...seedWords);
  state[1] = mixHash32(0xb0b, state[0], ...seedWords);
  state[2] = mixHash32(0xc0ffee, state[1], ...seedWords);
  state[3] = 1;
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let i = 0; i < 12; i++) sfc32(state);
  // Returned unnamed: tsx's keep-names transform would wrap a named closure, one per simulated
  // row, in a costly defineProperty call.
  return () => sfc32(state);
}

/** One sfc32 step on the state [a, b, c, counter]: the next uniform on [0, 1). */
function sfc32(state: Int32Array): number {
  const a = state[0];
  const b = state[1];
  const c = state[2];
  const t = (((a + b) | 0) + state[3]) | 0;
  state[3] = (state[3] + 1) | 0;
  state[0] = b ^ (b >>> 9);
  state[1] = (c + (c << 3)) | 0;
  state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
  return (t >>> 0) / 4294967296;
}
