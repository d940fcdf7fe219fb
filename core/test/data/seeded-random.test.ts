import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/seeded-random.ts";

describe("seededRandom", () => {
  it("repeats a sequence for a seed and differs between seeds", () => {
    const a = seededRandom(7, 1);
    const b = seededRandom(7, 1);
    const c = seededRandom(7, 2);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs);
  });

  it("is uniform on [0, 1)", () => {
    const random = seededRandom(123);
    const buckets = new Array(10).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random();
      if (!(u >= 0 && u < 1)) outside++;
      buckets[Math.floor(u * 10)]++;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500); // ±5.3 standard deviations
  });
});
