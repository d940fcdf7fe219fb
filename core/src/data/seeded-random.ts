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
  let a = mixHash32(0x5eed, ...seedWords);
  let b = mixHash32(0xb0b, a, ...seedWords);
  let c = mixHash32(0xc0ffee, b, ...seedWords);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32's state needs a few rounds to mix.
  for (let i = 0; i < 12; i++) next();
  return next;
}
