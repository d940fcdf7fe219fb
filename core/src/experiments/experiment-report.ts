import type { Variant } from "../data/schema.ts";
import type { Experiment } from "./experiment-config.ts";
import type { Interval } from "./interval.ts";
import type { SampleSize } from "./required-sample-size.ts";
import type { SrmCheck } from "./srm-check.ts";

/** One arm of the experiment: its customers, churn and engagement. */
export interface VariantResult {
  variant: Variant;
  role: "control" | "treatment";
  /** Display name from the config. */
  name: string;
  /** Customers with a churn label. */
  customers: number;
  churned: number;
  churnRate: number;
  /** Wilson interval of the churn rate. */
  churnRateInterval: Interval;
  meanEngagement: number;
  /** Sample standard deviation of the engagement score (NaN below two customers). */
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
  /** Customers left out because they have no churn label yet. */
  unlabelled: number;
  /** Customers whose recorded variant differs from the configured hash assignment. */
  assignmentMismatches: number;
  /** Arm A (control), then arm B (treatment). */
  variants: [VariantResult, VariantResult];
  churn: ChurnComparison;
  /** Null when engagement is not a declared metric, or cannot be tested (no spread). */
  engagement: EngagementComparison | null;
  /** Metrics in the Holm family, in order ("churn", then secondary ones that were tested). */
  testedMetrics: string[];
  srm: SrmCheck;
  power: PowerSummary;
  /** False when a check failed: the comparison should not be acted on. */
  trustworthy: boolean;
  /** Why the result is not trustworthy, in words (empty when it is). */
  problems: string[];
}
