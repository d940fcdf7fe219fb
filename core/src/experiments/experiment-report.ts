import type { Variant } from "../data/schema.ts";
import type { Experiment } from "./experiment-config.ts";
import type { ExposurePopulation } from "./exposed-population.ts";
import type { Interval } from "./interval.ts";
import type { SampleSize } from "./required-sample-size.ts";
import type { SrmCheck } from "./srm-check.ts";

/** One arm of the experiment: its customers, churn and engagement. */
export interface VariantResult {
  variant: Variant;
  role: "control" | "treatment";
  /** Display name: from the experiments file, else the arm's value in the data. */
  name: string;
  /** Customers with a known outcome (churned or retained). */
  customers: number;
  churned: number;
  churnRate: number;
  /** Wilson interval of the churn rate. */
  churnRateInterval: Interval;
  /** Mean engagement score (NaN when the data set does not measure engagement). */
  meanEngagement: number;
  /** Sample standard deviation of the engagement score (NaN below two customers, or not measured). */
  engagementSd: number;
}

/** The primary metric: churn, B − A. */
export interface ChurnComparison {
  /** `churnRate(B) − churnRate(A)`: negative when B churns less. */
  difference: number;
  /** `difference / churnRate(A)`; null when A has no churn. */
  relativeDifference: number | null;
  /** Newcombe hybrid-score interval of `difference`. */
  interval: Interval;
  /** Pooled two-proportion z statistic and two-sided p-value. */
  z: number;
  pValue: number;
  /** Holm-adjusted p-value over the tested metrics. */
  adjustedPValue: number;
  /** `adjustedPValue < alpha`. */
  significant: boolean;
  /** Posterior probability that B churns less than A, Beta(1, 1) priors. */
  probabilityBLower: number;
}

/** A secondary metric: engagement score, B − A, Welch's t-test. */
export interface EngagementComparison {
  difference: number;
  interval: Interval;
  t: number;
  df: number;
  pValue: number;
  adjustedPValue: number;
  significant: boolean;
}

/**
 * What happened to the engagement metric: tested; not measured (the table has no engagement
 * column: this data set does not record it); not declared (the experiment's metrics leave it
 * out); untestable (an arm below two customers, or no spread at all).
 */
export type EngagementStatus = "tested" | "not-measured" | "not-declared" | "untestable";

/** Where the arms came from, as the analysis read them. */
export interface ExperimentAssignment {
  /** The column holding each customer's arm. */
  column: string;
  /** The arm values of A (control) and B (treatment) in that column. */
  arms: { A: string; B: string };
  /** Customers whose arm is empty: not in the experiment, left out. */
  unassigned: number;
  /** Planned split: from the experiments file, or assumed equal (no weights configured). */
  split: "configured" | "assumed-equal";
}

/** Power of the churn comparison at the current sample size, and the size a stated effect needs. */
export interface PowerSummary {
  /** Control churn rate the calculations start from. */
  baseline: number;
  /** The power the experiment is planned for (e.g. 0.8). */
  targetPower: number;
  /** Smallest fall in churn detectable with `targetPower` at the current arm sizes; null if none. */
  minimumDetectableEffect: number | null;
  /** The stated effect of interest: a fall in churn of this much (absolute). */
  statedEffect: number;
  /** Power to detect `statedEffect` with the current arm sizes. */
  powerForStatedEffect: number;
  /** Customers needed to detect `statedEffect` with `targetPower`; null if it cannot be reached. */
  sampleSizeForStatedEffect: SampleSize | null;
}

/**
 * Everything an A/B analysis found, as plain data: the CLI, the bot, digests and notebooks all
 * render this object (and `verdict(report)` for the one-line summary).
 */
export interface ExperimentReport {
  experiment: Experiment;
  /** Confidence level of every interval (1 − alpha). */
  confidence: number;
  alpha: number;
  /** Customers analysed (those with a churn label). */
  customers: number;
  /** Customers in an arm left out because their outcome is not known yet (current customers). */
  unlabelled: number;
  assignment: ExperimentAssignment;
  /**
   * The arms (and so the outcomes by arm) were made by the simulator, not recorded by a real
   * assignment: every surface should say so.
   */
  simulated: boolean;
  /** Customers whose recorded variant differs from the configured hash assignment. */
  assignmentMismatches: number;
  /** Arm A (control), then arm B (treatment). */
  variants: [VariantResult, VariantResult];
  churn: ChurnComparison;
  /** Null unless `engagementStatus` is "tested". */
  engagement: EngagementComparison | null;
  engagementStatus: EngagementStatus;
  /** Metrics in the Holm family, in order ("churn", then secondary ones that were tested). */
  testedMetrics: string[];
  srm: SrmCheck;
  power: PowerSummary;
  /** False when a check failed: the comparison should not be acted on. */
  trustworthy: boolean;
  /** Why the result is not trustworthy, in words (empty when it is). */
  problems: string[];
  /**
   * Present when the analysis population is the exposed customers (by the arm of their first
   * nudge exposure, outcomes observed after it); absent: every customer by assigned arm.
   */
  population?: ExposurePopulation;
}
