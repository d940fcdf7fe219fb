// The short version of bench/cases/exposure-coverage.bench.ts: seeded simulated experiments where
// nudges are served by randomised arm, recorded as exposures, and outcomes drawn with the known
// effect of the retention strategy.
import { describe, expect, it } from "vitest";
import { exposureCoverageStudy } from "../../src/experiments/exposure-coverage-study.ts";
import { DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "../../src/experiments/experiment-config.ts";

const nudge = findExperiment(DEFAULT_EXPERIMENT_CONFIG);

describe("exposureCoverageStudy", () => {
  it("the exposed customers' 95% churn interval contains the retention strategy's true effect about 95% of the time", async () => {
    const study = await exposureCoverageStudy({
      experiment: nudge,
      replications: 60,
      rows: 1500,
      seed: 4100,
    });
    // Binomial(60, 0.95): P(covered ≤ 52) ≈ 1%. Analysing every customer by assigned arm, or
    // keeping the customers served only after the outcomes, would fail the count check inside.
    expect(study.covered).toBeGreaterThanOrEqual(53);
    expect(study.srmFired).toBeLessThanOrEqual(1);
    // The retention arm lowers churn (odds × 0.75 among month-to-month customers).
    expect(study.meanTrueEffect).toBeLessThan(-0.015);
    expect(Math.abs(study.meanEstimate - study.meanTrueEffect)).toBeLessThan(0.01);
    // About half the customers are served before the outcomes, 90% of them labelled.
    expect(study.meanAnalysed / 1500).toBeGreaterThan(0.35);
    expect(study.meanAnalysed / 1500).toBeLessThan(0.6);
    expect(study.meanServed).toBeGreaterThan(study.meanAnalysed);
  });

  it("is reproducible from its seed, and goes through whatever records the exposures", async () => {
    const seen: number[] = [];
    const once = await exposureCoverageStudy({ experiment: nudge, replications: 2, rows: 300, seed: 9 });
    const again = await exposureCoverageStudy({
      experiment: nudge,
      replications: 2,
      rows: 300,
      seed: 9,
      record: async (served) => {
        seen.push(served.length);
        // Every served nudge names the arm's strategy: A engagement, B retention.
        for (const s of served)
          expect(s.nudge.strategy).toBe(s.nudge.variant === "A" ? "engagement" : "retention");
        return served.map((s) => ({
          customerId: s.customerId,
          arm: s.nudge.variant,
          firstExposedAt: s.exposedAt,
          snapshotId: s.snapshotId,
          status: s.status,
        }));
      },
    });
    expect(again).toEqual(once);
    expect(seen).toHaveLength(2);
  });
});
