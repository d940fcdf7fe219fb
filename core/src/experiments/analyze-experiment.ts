import type { ColumnTable } from "arquero";
import { assignVariant } from "../data/variant.ts";
import type { Variant } from "../data/schema.ts";
import { experimentWeights, type Experiment } from "./experiment-config.ts";
import type { EngagementComparison, ExperimentReport, VariantResult } from "./experiment-report.ts";
import { holm } from "./holm.ts";
import { minimumDetectableEffect } from "./minimum-detectable-effect.ts";
import { newcombeInterval } from "./newcombe-interval.ts";
import { twoProportionPower } from "./power.ts";
import { probBBeatsA } from "./prob-b-beats-a.ts";
import { requiredSampleSize } from "./required-sample-size.ts";
import { srmCheck } from "./srm-check.ts";
import { twoProportionZTest } from "./two-proportion-z-test.ts";
import { variantStats, type ArmStats } from "./variant-stats.ts";
import { welchTTest } from "./welch-t-test.ts";
import { wilsonInterval } from "./wilson-interval.ts";

export interface AnalyzeOptions {
  /** Overrides the experiment's stated effect (a fall in churn, absolute) for the power analysis. */
  statedEffect?: number;
}

/**
 * Analyses an A/B experiment on a table with `customerID`, `variant`, `Churn` and
 * `engagementScore` (a snapshot's table, or `experimentTable(customers)`): per-arm churn with
 * Wilson intervals; churn B − A with Newcombe's interval, the pooled z-test and the posterior
 * probability that B churns less; engagement B − A by Welch's t-test; Holm-adjusted p-values over
 * the tested metrics; the sample-ratio-mismatch check; power, minimum detectable effect and the
 * sample size for the stated effect. Customers without a churn label are left out.
 *
 * Throws when an arm has no labelled customers.
 *
 * @example
 * const report = analyzeExperiment(snapshot.table, findExperiment(config, "nudge-strategy-2026"));
 * report.churn.difference; // -0.0258
 * verdict(report); // "B lowers churn by 2.6 points (95% CI 0.6–4.6), p = 0.013; sample ratio healthy"
 */
export function analyzeExperiment(
  data: ColumnTable,
  experiment: Experiment,
  options: AnalyzeOptions = {},
): ExperimentReport {
  const { alpha } = experiment;
  const confidence = 1 - alpha;
  const weights = experimentWeights(experiment);
  const stats = variantStats(data);
  const { A, B } = stats.arms;
  for (const v of ["A", "B"] as const) {
    if (stats.arms[v].customers === 0) {
      throw new RangeError(`no labelled customers in variant ${v} of experiment ${experiment.key}`);
    }
  }
  const a = { events: A.churned, n: A.customers };
  const b = { events: B.churned, n: B.customers };
  const rateA = a.events / a.n;
  const rateB = b.events / b.n;
  const z = twoProportionZTest(a, b);

  const engagementTest = experiment.secondaryMetrics.includes("engagement")
    ? engagementWelch(A, B, confidence)
    : null;
  const testedMetrics = engagementTest ? ["churn", "engagement"] : ["churn"];
  const adjusted = holm(engagementTest ? [z.pValue, engagementTest.pValue] : [z.pValue]);
  const engagement: EngagementComparison | null = engagementTest && {
    ...engagementTest,
    adjustedPValue: adjusted[1],
    significant: adjusted[1] < alpha,
  };

  const srm = srmCheck({ A: a.n, B: b.n }, weights);
  const assignmentMismatches = countAssignmentMismatches(data, experiment);
  const problems: string[] = [];
  if (srm.mismatch) problems.push(`sample ratio mismatch (p = ${srm.pValue.toPrecision(2)})`);
  if (assignmentMismatches > 0) {
    problems.push(
      `${assignmentMismatches} customers' recorded variant differs from the configured assignment`,
    );
  }

  const statedEffect = options.statedEffect ?? experiment.minimumEffect;
  if (!(statedEffect > 0 && statedEffect < 1)) throw new RangeError(`invalid stated effect: ${statedEffect}`);
  const planned = { alpha, power: experiment.power };
  const reachable = rateA - statedEffect >= 0;
  return {
    experiment,
    confidence,
    alpha,
    customers: a.n + b.n,
    unlabelled: stats.unlabelled,
    assignmentMismatches,
    variants: [arm("A", A, experiment, confidence), arm("B", B, experiment, confidence)],
    churn: {
      difference: rateB - rateA,
      relativeDifference: rateA > 0 ? (rateB - rateA) / rateA : null,
      interval: newcombeInterval(a, b, confidence),
      z: z.z,
      pValue: z.pValue,
      adjustedPValue: adjusted[0],
      significant: adjusted[0] < alpha,
      probabilityBLower: probBBeatsA(a, b),
    },
    engagement,
    testedMetrics,
    srm,
    power: {
      baseline: rateA,
      targetPower: experiment.power,
      minimumDetectableEffect: minimumDetectableEffect({ baseline: rateA, nA: a.n, nB: b.n, ...planned }),
      statedEffect,
      // A fall larger than the baseline itself cannot happen: no power, no sample size.
      powerForStatedEffect: reachable
        ? twoProportionPower({ rateA, rateB: rateA - statedEffect, nA: a.n, nB: b.n, alpha })
        : 0,
      sampleSizeForStatedEffect: reachable
        ? requiredSampleSize({ baseline: rateA, effect: -statedEffect, weights, ...planned })
        : null,
    },
    trustworthy: problems.length === 0,
    problems,
  };
}

function arm(variant: Variant, s: ArmStats, experiment: Experiment, confidence: number): VariantResult {
  return {
    variant,
    role: variant === "A" ? "control" : "treatment",
    name: experiment.variants[variant].name,
    customers: s.customers,
    churned: s.churned,
    churnRate: s.churned / s.customers,
    churnRateInterval: wilsonInterval(s.churned, s.customers, confidence),
    meanEngagement: s.engagement.mean,
    engagementSd: Math.sqrt(s.engagement.variance),
  };
}

/** Welch's test of engagement, or null when it is undefined (an arm below two, or no spread at all). */
function engagementWelch(A: ArmStats, B: ArmStats, confidence: number) {
  const { engagement: ea } = A;
  const { engagement: eb } = B;
  if (ea.n < 2 || eb.n < 2 || ea.variance + eb.variance === 0) return null;
  return welchTTest(ea, eb, confidence);
}

/** Customers whose `variant` is not what the experiment's key and weights assign them. */
function countAssignmentMismatches(data: ColumnTable, experiment: Experiment): number {
  const weights = experimentWeights(experiment);
  const ids = data.array("customerID") as ArrayLike<string>;
  const variants = data.array("variant") as ArrayLike<string>;
  let mismatches = 0;
  for (let i = 0; i < ids.length; i++) {
    if (assignVariant(ids[i], experiment.key, weights) !== variants[i]) mismatches++;
  }
  return mismatches;
}
