import { simulateCustomers } from "../data/simulator.ts";
import { trueVariantEffect } from "../data/simulator-truth.ts";
import { analyzeExperiment } from "./analyze-experiment.ts";
import { experimentWeights, type Experiment } from "./experiment-config.ts";
import { experimentTable } from "./experiment-table.ts";

export interface CoverageStudyOptions {
  /** The experiment analysed in every replication; the simulator assigns with its key and weights. */
  experiment: Experiment;
  replications: number;
  /** Simulated customers per replication. */
  rows: number;
  /** Replication r simulates with seed `seed + r`. */
  seed: number;
  /** Told after each replication (for a progress bar). */
  onReplication?: (done: number) => void;
}

export interface CoverageStudy {
  replications: number;
  rows: number;
  /** Replications whose churn interval contained the true effect, and their share. */
  covered: number;
  coverage: number;
  /** Replications whose sample-ratio check fired, and their share. */
  srmFired: number;
  srmRate: number;
  /** Share of engagement intervals containing 0: the simulator's variant has no effect on engagement. */
  engagementCoverage: number;
  /** Mean over replications of the true effect and of the estimate (B − A churn). */
  meanTrueEffect: number;
  meanEstimate: number;
}

/**
 * How often the experiment analysis tells the truth, on simulated experiments whose effect is
 * known. Each replication simulates `rows` customers (seed `seed + r`), analyses them, and checks
 * the churn interval against the true effect for that replication's population: the mean over its
 * customers of P(churn | B) − P(churn | A), everything else held fixed (`trueVariantEffect`, the
 * population-average causal effect on the churn rate). A 95% interval should contain it in about
 * 95% of replications; with the configured split the sample-ratio check should fire in about 0.1%.
 *
 * @example
 * coverageStudy({ experiment, replications: 100, rows: 2000, seed: 1 }).coverage; // ≈ 0.95
 */
export function coverageStudy(options: CoverageStudyOptions): CoverageStudy {
  const { experiment, replications, rows, seed } = options;
  if (!(Number.isSafeInteger(replications) && replications > 0)) {
    throw new RangeError(`invalid replications: ${replications}`);
  }
  const weights = experimentWeights(experiment);
  let covered = 0;
  let srmFired = 0;
  let engagementCovered = 0;
  let sumTruth = 0;
  let sumEstimate = 0;
  for (let r = 0; r < replications; r++) {
    const customers = [
      ...simulateCustomers({ rows, seed: seed + r, experimentKey: experiment.key, weights }),
    ];
    const truth = trueVariantEffect(customers).difference;
    const report = analyzeExperiment(experimentTable(customers), experiment);
    const [lower, upper] = report.churn.interval;
    if (lower <= truth && truth <= upper) covered++;
    if (report.srm.mismatch) srmFired++;
    const engagement = report.engagement?.interval;
    if (engagement && engagement[0] <= 0 && 0 <= engagement[1]) engagementCovered++;
    sumTruth += truth;
    sumEstimate += report.churn.difference;
    options.onReplication?.(r + 1);
  }
  return {
    replications,
    rows,
    covered,
    coverage: covered / replications,
    srmFired,
    srmRate: srmFired / replications,
    engagementCoverage: engagementCovered / replications,
    meanTrueEffect: sumTruth / replications,
    meanEstimate: sumEstimate / replications,
  };
}
