import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/seeded-random.ts";
import { probBBeatsA } from "../../src/experiments/prob-b-beats-a.ts";

const arm = fc
  .integer({ min: 1, max: 400 })
  .chain((n) => fc.record({ n: fc.constant(n), events: fc.integer({ min: 0, max: n }) }));

/** A Beta(a, b) draw with whole a, b: the a-th smallest of a + b − 1 uniforms (an order statistic). */
function drawBeta(random: () => number, a: number, b: number): number {
  const u = Array.from({ length: a + b - 1 }, random).sort((x, y) => x - y);
  return u[a - 1];
}

describe("probBBeatsA", () => {
  it("is 1/2 for identical arms and complements itself when the arms swap", () => {
    expect(probBBeatsA({ events: 7, n: 30 }, { events: 7, n: 30 })).toBeCloseTo(0.5, 12);
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        expect(probBBeatsA(a, b) + probBBeatsA(b, a)).toBeCloseTo(1, 10);
      }),
    );
  });

  it("agrees with seeded Monte Carlo draws of the two posteriors", () => {
    const random = seededRandom(2026);
    const a = { events: 9, n: 20 };
    const b = { events: 4, n: 18 };
    const draws = 40_000;
    let lower = 0;
    for (let i = 0; i < draws; i++) {
      const pA = drawBeta(random, 1 + a.events, 1 + a.n - a.events);
      const pB = drawBeta(random, 1 + b.events, 1 + b.n - b.events);
      if (pB < pA) lower++;
    }
    // Binomial standard error ≈ sqrt(0.95 · 0.05 / 40000) ≈ 0.0011: allow four of them.
    expect(Math.abs(probBBeatsA(a, b) - lower / draws)).toBeLessThan(0.0045);
  });

  it("rises as B's churn falls", () => {
    const a = { events: 50, n: 200 };
    const ps = [60, 50, 40, 30].map((events) => probBBeatsA(a, { events, n: 200 }));
    expect(ps[1]).toBeCloseTo(0.5, 12);
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThan(ps[i - 1]);
  });
});
