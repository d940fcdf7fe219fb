import { describe, expect, it } from "vitest";
import { mixHash32, stableHash32 } from "../../src/data/stable-hash.ts";

describe("stableHash32", () => {
  it("keeps its values across versions (changing them reassigns every customer's behaviour and arm)", () => {
    expect([stableHash32(""), stableHash32("7590-VHVEG"), stableHash32("7590-VHVEG", 1)]).toMatchInlineSnapshot(`
      [
        2872998923,
        2834661544,
        2654566836,
      ]
    `);
  });

  it("spreads nearby IDs over the whole range", () => {
    const buckets = new Array(16).fill(0);
    for (let i = 0; i < 16_000; i++) buckets[stableHash32(`${i}-AAAAA`) >>> 28]++;
    for (const n of buckets) expect(Math.abs(n - 1000)).toBeLessThan(150); // ±4.9 standard deviations
  });

  it("changes with the seed", () => {
    expect(stableHash32("abc", 1)).not.toBe(stableHash32("abc", 2));
  });
});

describe("mixHash32", () => {
  it("is order-sensitive and returns unsigned 32-bit integers", () => {
    expect(mixHash32(1, 2)).not.toBe(mixHash32(2, 1));
    for (let i = 0; i < 1000; i++) {
      const h = mixHash32(42, i);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    }
  });
});
