import { describe, expect, it } from "vitest";
import { analyzeExperiment } from "../../src/experiments/analyze-experiment.ts";
import { DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "../../src/experiments/experiment-config.ts";
import type { ExperimentReport } from "../../src/experiments/experiment-report.ts";
import { armWords, verdict } from "../../src/experiments/verdict.ts";
import { parseExperimentConfig } from "../../src/experiments/experiment-config.ts";
import type { ExperimentColumns } from "../../src/experiments/experiment-columns.ts";
import { armTable } from "./arm-table.ts";

const nudge = findExperiment(DEFAULT_EXPERIMENT_CONFIG);
const report = (A: [number, number], B: [number, number]): ExperimentReport =>
  analyzeExperiment(armTable({ A: { n: A[0], churned: A[1] }, B: { n: B[0], churned: B[1] } }), nudge);

describe("verdict", () => {
  it("says the demo's B (treatment) lowers churn vs A (control), with the interval as a fall", () => {
    expect(verdict(report([3500, 930], [3543, 850]))).toBe(
      "B (treatment) lowers churn by 2.6 points vs A (control), 95% CI 0.6–4.6, p = 0.013; sample ratio healthy",
    );
  });

  it("says B raises churn when it does", () => {
    // 25% vs 30% of 2000 each: diff +5.0 points, z = 3.56.
    expect(verdict(report([2000, 500], [2000, 600]))).toBe(
      "B (treatment) raises churn by 5.0 points vs A (control), 95% CI 2.2–7.8, p < 0.001; sample ratio healthy",
    );
  });

  it("says there is no clear difference when the interval spans zero", () => {
    expect(verdict(report([1000, 265], [1000, 265]))).toBe(
      "No clear churn difference: B (treatment) − A (control) = 0.0 points, 95% CI -3.9 to +3.9, p = 1; sample ratio healthy",
    );
  });

  it("says when only the Holm correction takes significance away", () => {
    const r = report([3500, 930], [3543, 850]);
    // Pretend a second metric made the family: adjusted 0.026 < 0.05 keeps it; 0.06 would not.
    const held: ExperimentReport = { ...r, churn: { ...r.churn, adjustedPValue: 0.06, significant: false } };
    expect(verdict(held)).toBe(
      "No clear churn difference: B (treatment) − A (control) = -2.6 points, 95% CI -4.6 to -0.6, p = 0.013 (0.06 after Holm correction for 2 metrics); sample ratio healthy",
    );
  });

  it("calls a sample ratio mismatch and broken assignment untrustworthy", () => {
    const r = report([5300, 1400], [4700, 1200]);
    expect(verdict(r)).toMatch(/; sample ratio mismatch \(p < 0\.001\): result untrustworthy$/);
    const moved: ExperimentReport = { ...report([500, 100], [500, 90]), assignmentMismatches: 1234 };
    expect(verdict(moved)).toMatch(
      /; sample ratio healthy; 1,234 customers' variant differs from the configured assignment: result untrustworthy$/,
    );
  });

  it("names a contract's arms by their values: the treatment against the control, no letters", () => {
    // The same counts as the first case, with the arms recorded as control/discount in offer_arm.
    const t = armTable({ A: { n: 3500, churned: 930 }, B: { n: 3543, churned: 850 } }).derive({
      offer_arm: "d => d.variant === 'A' ? 'control' : 'discount'",
    });
    const columns: ExperimentColumns = {
      id: "customerID",
      arm: "offer_arm",
      arms: ["control", "discount"],
      control: "control",
      key: "offer-2026",
      simulated: false,
    };
    const offer = {
      ...nudge,
      key: "offer-2026",
      secondaryMetrics: [],
      variants: { A: { name: "control", weight: 0.5 }, B: { name: "discount", weight: 0.5 } },
    };
    const r = analyzeExperiment(t, offer, { columns });
    expect(verdict(r)).toBe(
      "discount lowers churn by 2.6 points vs control, 95% CI 0.6–4.6, p = 0.013; sample ratio healthy",
    );
    const even = analyzeExperiment(
      armTable({ A: { n: 1000, churned: 265 }, B: { n: 1000, churned: 265 } }).derive({
        offer_arm: "d => d.variant === 'A' ? 'control' : 'discount'",
      }),
      offer,
      { columns },
    );
    expect(verdict(even)).toBe(
      "No clear churn difference: discount − control = 0.0 points, 95% CI -3.9 to +3.9, p = 1; sample ratio healthy",
    );
    // Display names from the experiments file win over the values in the data.
    const named = parseExperimentConfig({
      experiments: [
        {
          key: "offer-2026",
          variants: { A: { name: "no offer", weight: 0.5 }, B: { name: "10% discount", weight: 0.5 } },
        },
      ],
    }).experiments[0];
    expect(verdict(analyzeExperiment(t, named, { columns }))).toMatch(
      /^10% discount lowers churn by 2\.6 points vs no offer, /,
    );
  });

  it("keeps the letters only where the arms' values are literally A and B", () => {
    const assignment = { arms: { A: "A", B: "B" } } as ExperimentReport["assignment"];
    expect(armWords({ assignment }, { variant: "B", name: "treatment" })).toBe("B (treatment)");
    expect(armWords({ assignment }, { variant: "A", name: "A" })).toBe("A");
    const recorded = { arms: { A: "control", B: "discount" } } as ExperimentReport["assignment"];
    expect(armWords({ assignment: recorded }, { variant: "B", name: "discount" })).toBe("discount");
  });
});
