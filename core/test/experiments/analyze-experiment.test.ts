import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { analyzeExperiment } from "../../src/experiments/analyze-experiment.ts";
import { ExperimentError, isOutcomesUnknown } from "../../src/experiments/experiment-error.ts";
import {
  DEFAULT_EXPERIMENT_CONFIG,
  findExperiment,
  type Experiment,
} from "../../src/experiments/experiment-config.ts";
import { holm } from "../../src/experiments/holm.ts";
import { twoProportionPower } from "../../src/experiments/power.ts";
import { requiredSampleSize } from "../../src/experiments/required-sample-size.ts";
import { sampleSummary } from "../../src/experiments/sample-summary.ts";
import { welchTTest } from "../../src/experiments/welch-t-test.ts";
import { verdict } from "../../src/experiments/verdict.ts";
import { armTable } from "./arm-table.ts";
import { casesOf, REFERENCE_CASES, STATS_SKIP_REASON, TOLERANCE } from "./stats-reference.ts";

const nudge = findExperiment(DEFAULT_EXPERIMENT_CONFIG);
const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);

describe.skipIf(REFERENCE_CASES.length === 0)(
  `analyzeExperiment on the scipy cases (skipped if ${STATS_SKIP_REASON})`,
  () => {
    it("reproduces every churn statistic of the first case from a table of customers", () => {
      const c = casesOf("two_proportions")[0];
      const report = analyzeExperiment(
        armTable({ A: { n: c.nA, churned: c.churnedA }, B: { n: c.nB, churned: c.churnedB } }),
        nudge,
      );
      const [A, B] = report.variants;
      expect([A.variant, A.role, A.customers, A.churned]).toEqual(["A", "control", c.nA, c.churnedA]);
      expect([B.variant, B.role, B.customers, B.churned]).toEqual(["B", "treatment", c.nB, c.churnedB]);
      close(A.churnRateInterval[0], c.wilsonA[0]);
      close(B.churnRateInterval[1], c.wilsonB[1]);
      close(report.churn.difference, c.diff);
      close(report.churn.interval[0], c.newcombe_diff[0]);
      close(report.churn.interval[1], c.newcombe_diff[1]);
      close(report.churn.z, c.z);
      close(report.churn.pValue, c.p_value);
      close(report.churn.probabilityBLower, c.prob_B_lower_churn);
      close(report.srm.chiSquare, c.srm_chi2);
      close(report.srm.pValue, c.srm_p_value);
      expect(report.churn.relativeDifference).toBeCloseTo(c.diff / (c.churnedA / c.nA), 12);
      expect(report.customers).toBe(c.nA + c.nB);
      expect(report.trustworthy).toBe(true);
      expect(verdict(report)).toBe(
        "B (treatment) lowers churn by 2.6 points vs A (control), 95% CI 0.6–4.6, p = 0.013; sample ratio healthy",
      );
    });

    it("runs Welch's test of engagement on Arquero's per-arm moments", () => {
      for (const w of casesOf("welch")) {
        const report = analyzeExperiment(
          armTable({
            A: { n: w.a.length, churned: 10, engagement: w.a },
            B: { n: w.b.length, churned: 12, engagement: w.b },
          }),
          nudge,
        );
        const g = report.engagement!;
        close(g.t, w.t);
        close(g.df, w.df);
        close(g.pValue, w.p_value);
        close(g.difference, w.diff);
        close(g.interval[0], w.ci95[0]);
        close(g.interval[1], w.ci95[1]);
        close(report.variants[0].meanEngagement, sampleSummary(w.a).mean);
        close(report.variants[1].engagementSd, Math.sqrt(sampleSummary(w.b).variance));
      }
    });
  },
);

describe("analyzeExperiment", () => {
  const base = () => armTable({ A: { n: 600, churned: 180 }, B: { n: 610, churned: 150 } });

  it("Holm-adjusts churn and engagement together", () => {
    const report = analyzeExperiment(base(), nudge);
    expect(report.testedMetrics).toEqual(["churn", "engagement"]);
    const adjusted = holm([report.churn.pValue, report.engagement!.pValue]);
    expect(report.churn.adjustedPValue).toBe(adjusted[0]);
    expect(report.engagement!.adjustedPValue).toBe(adjusted[1]);
    expect(report.churn.significant).toBe(adjusted[0] < 0.05);
  });

  it("tests churn alone when engagement is not declared", () => {
    const churnOnly: Experiment = { ...nudge, secondaryMetrics: [] };
    const report = analyzeExperiment(base(), churnOnly);
    expect(report.engagement).toBeNull();
    expect(report.engagementStatus).toBe("not-declared");
    expect(report.testedMetrics).toEqual(["churn"]);
    expect(report.churn.adjustedPValue).toBe(report.churn.pValue);
  });

  it("leaves out current customers (no outcome yet)", () => {
    const t = base();
    const status = t.array("status") as string[];
    const labels = status.map((v, i) => (i % 10 === 9 ? "current" : v));
    const report = analyzeExperiment(t.assign({ status: labels }), nudge);
    expect(report.unlabelled).toBe(labels.filter((v) => v === "current").length);
    expect(report.customers).toBe(1210 - report.unlabelled);
    expect(report.variants[0].customers + report.variants[1].customers).toBe(report.customers);
  });

  it("counts customers whose recorded variant is not their configured assignment, and distrusts the result", () => {
    const t = base();
    const variants = (t.array("variant") as string[]).map((v, i) => (i < 3 ? (v === "A" ? "B" : "A") : v));
    const report = analyzeExperiment(t.assign({ variant: variants }), nudge);
    expect(report.assignmentMismatches).toBe(3);
    expect(report.trustworthy).toBe(false);
    expect(report.problems).toEqual(["3 customers' recorded variant differs from the configured assignment"]);
  });

  it("flags a sample ratio mismatch against the configured weights", () => {
    const skewed = armTable({ A: { n: 5300, churned: 1400 }, B: { n: 4700, churned: 1200 } });
    const report = analyzeExperiment(skewed, nudge);
    expect(report.srm.mismatch).toBe(true);
    expect(report.trustworthy).toBe(false);
    expect(report.problems[0]).toMatch(/^sample ratio mismatch \(p = /);
    // The same split is what a 53/47 experiment should give.
    const planned: Experiment = {
      ...nudge,
      variants: { A: { name: "control", weight: 0.53 }, B: { name: "treatment", weight: 0.47 } },
    };
    const t = armTable({ A: { n: 5300, churned: 1400 }, B: { n: 4700, churned: 1200 } }, nudge.key, {
      A: 0.53,
      B: 0.47,
    });
    expect(analyzeExperiment(t, planned).trustworthy).toBe(true);
  });

  it("sizes the power analysis from the control rate and the stated effect", () => {
    const report = analyzeExperiment(base(), nudge, { statedEffect: 0.05 });
    expect(report.power.baseline).toBe(0.3);
    expect(report.power.statedEffect).toBe(0.05);
    expect(report.power.sampleSizeForStatedEffect).toEqual(
      requiredSampleSize({ baseline: 0.3, effect: -0.05, weights: { A: 0.5, B: 0.5 } }),
    );
    const power = twoProportionPower({ rateA: 0.3, rateB: 0.25, nA: 600, nB: 610 });
    expect(report.power.powerForStatedEffect).toBe(power);
    // Under 80% power for a 5-point fall, so the detectable fall is larger than 5 points.
    expect(power).toBeLessThan(0.8);
    expect(report.power.minimumDetectableEffect).toBeGreaterThan(0.05);
    expect(analyzeExperiment(base(), nudge).power.statedEffect).toBe(nudge.minimumEffect);
  });

  it("matches Welch's test on the raw engagement values", () => {
    const t = base();
    const variant = t.array("variant") as string[];
    const score = t.array("engagementScore") as Float64Array;
    const pick = (v: string) => Array.from(score).filter((_, i) => variant[i] === v);
    const expected = welchTTest(sampleSummary(pick("A")), sampleSummary(pick("B")));
    const g = analyzeExperiment(t, nudge).engagement!;
    expect(g.t).toBeCloseTo(expected.t, 9);
    expect(g.df).toBeCloseTo(expected.df, 6);
  });

  it("says outcomes are not known yet when an arm has no churned or retained customer", () => {
    const t = armTable({ A: { n: 20, churned: 5 }, B: { n: 0, churned: 0 } });
    const error = (() => {
      try {
        analyzeExperiment(t, nudge);
      } catch (e) {
        return e;
      }
    })();
    expect(isOutcomesUnknown(error)).toBe(true);
    expect((error as Error).message).toBe(
      "outcomes not known yet: no customer in arm B (B) of experiment nudge-strategy-2026 has churned or been retained (0 current customers in its arms)",
    );
  });

  it("refuses tables without the id, arm or status column", () => {
    const error = (() => {
      try {
        analyzeExperiment(table({ customerID: ["x"], variant: ["A"] }), nudge);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ExperimentError);
    expect([(error as ExperimentError).code, (error as Error).message]).toEqual([
      "missing-columns",
      "missing experiment columns: status",
    ]);
  });

  it("is the demo's analysis unchanged: engagement tested, hash assignment checked, simulated", () => {
    const report = analyzeExperiment(base(), nudge);
    expect(report.engagementStatus).toBe("tested");
    expect(report.simulated).toBe(true);
    expect(report.assignment).toEqual({
      column: "variant",
      arms: { A: "A", B: "B" },
      unassigned: 0,
      split: "configured",
    });
  });

  it("says engagement was not measured where the table has no engagement column", () => {
    const report = analyzeExperiment(base().select("customerID", "variant", "status"), nudge);
    expect(report.engagement).toBeNull();
    expect(report.engagementStatus).toBe("not-measured");
    expect(report.testedMetrics).toEqual(["churn"]);
    expect(Number.isNaN(report.variants[0].meanEngagement)).toBe(true);
    expect(report.churn.pValue).toBe(analyzeExperiment(base(), nudge).churn.pValue);
  });
});
