// The short version of bench/cases/experiment-coverage.bench.ts (1,000 replications): 100 seeded
// simulated experiments whose variant-B effect is known.
import { describe, expect, it } from "vitest";
import { coverageStudy } from "../../src/experiments/coverage-study.ts";
import { DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "../../src/experiments/experiment-config.ts";

const nudge = findExperiment(DEFAULT_EXPERIMENT_CONFIG);

describe("coverageStudy", () => {
  it("95% churn intervals contain the true effect about 95% of the time; the SRM check stays quiet", () => {
    const study = coverageStudy({ experiment: nudge, replications: 100, rows: 2000, seed: 7000 });
    // Binomial(100, 0.95): P(covered ≤ 89) ≈ 1.1%, P(covered = 100) ≈ 0.6%. A 90% interval, a
    // wrong estimand (e.g. the odds-ratio effect among month-to-month customers only) or a much too
    // wide interval would land outside.
    expect(study.covered).toBeGreaterThanOrEqual(90);
    expect(study.covered).toBeLessThanOrEqual(99);
    // Balanced assignment: the check's false-positive rate is 0.1%, so 2 of 100 is already rare.
    expect(study.srmFired).toBeLessThanOrEqual(2);
    expect(study.engagementCoverage).toBeGreaterThanOrEqual(0.9);
    // B lowers churn in the simulator (odds × 0.75 on month-to-month): by about 3 points overall.
    expect(study.meanTrueEffect).toBeLessThan(-0.02);
    expect(study.meanTrueEffect).toBeGreaterThan(-0.04);
    expect(Math.abs(study.meanEstimate - study.meanTrueEffect)).toBeLessThan(0.005);
  });

  it("is reproducible from its seed", () => {
    const once = coverageStudy({ experiment: nudge, replications: 3, rows: 300, seed: 11 });
    expect(coverageStudy({ experiment: nudge, replications: 3, rows: 300, seed: 11 })).toEqual(once);
  });
});
