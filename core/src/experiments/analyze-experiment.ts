import type { ColumnTable } from "arquero";
import { assignVariant } from "../data/variant.ts";
import type { Variant } from "../data/schema.ts";
import type { DeclaredExperiment } from "./declared-experiment.ts";
import type { ExposurePopulation } from "./exposed-population.ts";
import { DEFAULT_ENGAGEMENT_COLUMN, experimentWeights, type Experiment } from "./experiment-config.ts";
import { LEGACY_EXPERIMENT_COLUMNS, treatmentArm, type ExperimentColumns } from "./experiment-columns.ts";
import { ExperimentError } from "./experiment-error.ts";
import type {
  EngagementComparison,
  EngagementStatus,
  ExperimentReport,
  VariantResult,
} from "./experiment-report.ts";
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
  /**
   * Where the arms are (`experimentColumns(snapshot.dataset)`); default: the legacy layout
   * (`customerID`, `variant` A/B), so the demo's analysis reads as it always has.
   */
  columns?: ExperimentColumns;
  /** The planned split is the experiment's configured weights (default) or assumed equal. */
  split?: "configured" | "assumed-equal";
  /** The table is the exposed population (`analyzeExposedExperiment`); carried into the report. */
  population?: ExposurePopulation;
}

/**
 * Analyses an A/B experiment on a table with an id column, an arm column and the snapshot's
 * `status` (a snapshot's table, or `experimentTable(customers)`): per-arm churn with Wilson
 * intervals; churn B − A with Newcombe's interval, the pooled z-test and the posterior
 * probability that B churns less; engagement B − A by Welch's t-test where the table has the
 * engagement column; Holm-adjusted p-values over the tested metrics; the sample-ratio-mismatch
 * check; power, minimum detectable effect and the sample size for the stated effect. The outcome
 * is the status: churned = 1, retained = 0; current customers have none yet and are left out, as
 * are customers with no arm. The arms' hash assignment is checked only where the simulator made
 * them (`columns.simulated`): a real assignment is recorded, not derived.
 *
 * Throws an `ExperimentError`: "outcomes-unknown" when an arm has no customer with a known
 * outcome yet; "missing-columns", "unknown-arm" or "arms" when the table or declaration is unusable.
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
  const columns = options.columns ?? LEGACY_EXPERIMENT_COLUMNS;
  const { alpha } = experiment;
  const confidence = 1 - alpha;
  const weights = experimentWeights(experiment);
  let treatment: string;
  try {
    treatment = treatmentArm(columns);
  } catch (cause) {
    throw new ExperimentError("arms", (cause as Error).message, { cause });
  }
  const declaresEngagement = experiment.secondaryMetrics.includes("engagement");
  const engagementColumn = experiment.engagementColumn ?? DEFAULT_ENGAGEMENT_COLUMN;
  const names = data.columnNames();
  const missing = [columns.id, columns.arm, "status"].filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new ExperimentError("missing-columns", `missing experiment columns: ${missing.join(", ")}`);
  }
  let stats;
  try {
    stats = variantStats(data, { columns, engagement: declaresEngagement ? engagementColumn : null });
  } catch (cause) {
    throw new ExperimentError("unknown-arm", (cause as Error).message, { cause });
  }
  const { A, B } = stats.arms;
  const armValue: Record<Variant, string> = { A: columns.control, B: treatment };
  const waiting = (["A", "B"] as const).filter((v) => stats.arms[v].customers === 0);
  if (waiting.length > 0) {
    const which = waiting.map((v) => `${v} (${armValue[v]})`).join(" and ");
    throw new ExperimentError(
      "outcomes-unknown",
      `outcomes not known yet: no customer in arm ${which} of experiment ${experiment.key} has churned or been retained (${stats.unlabelled.toLocaleString("en-US")} current customers in its arms)`,
    );
  }
  const a = { events: A.churned, n: A.customers };
  const b = { events: B.churned, n: B.customers };
  const rateA = a.events / a.n;
  const rateB = b.events / b.n;
  const z = twoProportionZTest(a, b);

  const engagementTest =
    declaresEngagement && stats.engagementMeasured ? engagementWelch(A, B, confidence) : null;
  // "Not measured" first: a data set without the column cannot test it, whatever is declared.
  const engagementStatus: EngagementStatus = !stats.engagementMeasured
    ? declaresEngagement || !names.includes(engagementColumn)
      ? "not-measured"
      : "not-declared"
    : !declaresEngagement
      ? "not-declared"
      : engagementTest
        ? "tested"
        : "untestable";
  const testedMetrics = engagementTest ? ["churn", "engagement"] : ["churn"];
  const adjusted = holm(engagementTest ? [z.pValue, engagementTest.pValue] : [z.pValue]);
  const engagement: EngagementComparison | null = engagementTest && {
    ...engagementTest,
    adjustedPValue: adjusted[1],
    significant: adjusted[1] < alpha,
  };

  const srm = srmCheck({ A: a.n, B: b.n }, weights);
  const assignmentMismatches = columns.simulated ? countAssignmentMismatches(data, experiment, columns) : 0;
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
    assignment: {
      column: columns.arm,
      arms: { A: armValue.A, B: armValue.B },
      unassigned: stats.unassigned,
      split: options.split ?? "configured",
    },
    simulated: columns.simulated,
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
    engagementStatus,
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
    ...(options.population ? { population: options.population } : {}),
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

/**
 * Customers whose simulated arm is not what the experiment's key and weights assign them (the
 * simulator hashes the id: A is the control value, B the treatment).
 */
function countAssignmentMismatches(
  data: ColumnTable,
  experiment: Experiment,
  columns: ExperimentColumns,
): number {
  const weights = experimentWeights(experiment);
  const value: Record<Variant, string> = { A: columns.control, B: treatmentArm(columns) };
  const ids = data.array(columns.id) as ArrayLike<unknown>;
  const arms = data.array(columns.arm) as ArrayLike<unknown>;
  let mismatches = 0;
  for (let i = 0; i < ids.length; i++) {
    if (value[assignVariant(String(ids[i]), experiment.key, weights)] !== arms[i]) mismatches++;
  }
  return mismatches;
}

/**
 * A data set's declared experiment (`declaredExperiment`) analysed on its table: the contract's
 * columns, and the split assumed equal where the experiments file gives no weights.
 *
 * @example
 * const declared = declaredExperiment(snapshot.dataset, config);
 * const report = declared && analyzeDeclaredExperiment(snapshot.table, declared);
 */
export function analyzeDeclaredExperiment(
  data: ColumnTable,
  declared: DeclaredExperiment,
  options: Pick<AnalyzeOptions, "statedEffect"> = {},
): ExperimentReport {
  return analyzeExperiment(data, declared.experiment, {
    ...options,
    columns: declared.columns,
    split: declared.configured ? "configured" : "assumed-equal",
  });
}
