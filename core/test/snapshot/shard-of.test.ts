import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shardOf } from "../../src/snapshot/index.ts";

describe("shardOf", () => {
  it("matches an independent implementation, so assignments never drift between releases", () => {
    // Values from a separate Python implementation of FNV-1a 32 + fmix32 + (h × n) >> 32.
    const ids = ["7590-VHVEG", "5575-GNVDE", "3668-QPYBK", "7795-CFOCW", "9237-HQITU"];
    expect(ids.map((id) => shardOf(id, 7))).toEqual([1, 5, 3, 2, 5]);
    expect(ids.map((id) => shardOf(id, 1000))).toEqual([166, 805, 457, 354, 837]);
  });

  it("returns an integer in [0, n) and is the same on every call", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 1000 }), (id, n) => {
        const shard = shardOf(id, n);
        expect(Number.isInteger(shard) && shard >= 0 && shard < n).toBe(true);
        expect(shardOf(id, n)).toBe(shard);
      }),
      { seed: 7 },
    );
  });

  it("spreads Telco-style IDs evenly over the shards", () => {
    const counts = new Array(7).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[shardOf(`${String(i).padStart(4, "0")}-ABCDE`, 7)]++;
    // Binomial sd ≈ √(n·p·(1−p)) ≈ 93; allow 5 sd.
    for (const c of counts) expect(Math.abs(c - n / 7)).toBeLessThan(5 * 93);
  });

  it("refuses an invalid shard count", () => {
    expect(() => shardOf("x", 0)).toThrow("invalid shard count: 0");
    expect(() => shardOf("x", 1.5)).toThrow("invalid shard count: 1.5");
  });
});
