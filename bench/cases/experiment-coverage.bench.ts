/**
 * The A/B analysis against the simulator's known truth: 1,000 seeded simulated experiments of the
 * Telco file's size (7,043 customers, 50/50). The 95% Newcombe interval for the churn difference
 * should contain the true effect (the population-average causal effect on the churn rate of each
 * replication's customers, `trueVariantEffect`) in 93–97% of them, and the sample-ratio check
 * should fire in at most 0.5%. The run throws when either target is missed.
 */
import { defineCase } from "../harness.ts";
import {
  coverageStudy,
  DEFAULT_EXPERIMENT_CONFIG,
  findExperiment,
} from "../../core/src/experiments/index.ts";

const REPLICATIONS = 1000;
const ROWS = 7043;

export default defineCase({
  name: "experiment coverage: 1,000 simulated A/B tests",
  target: "churn 95% CI covers the truth in 93–97%; SRM fires in ≤ 0.5%",
  runs: 1,
  warmup: 0,
  run: (_state, ctx) => {
    const study = coverageStudy({
      experiment: findExperiment(DEFAULT_EXPERIMENT_CONFIG),
      replications: REPLICATIONS,
      rows: ROWS,
      seed: 1_000_000,
    });
    ctx.report({
      replications: study.replications,
      rows: study.rows,
      coveragePct: +(study.coverage * 100).toFixed(1),
      srmPct: +(study.srmRate * 100).toFixed(2),
      engagementCoveragePct: +(study.engagementCoverage * 100).toFixed(1),
      meanTrueEffect: +study.meanTrueEffect.toFixed(5),
      meanEstimate: +study.meanEstimate.toFixed(5),
    });
    if (!(study.coverage >= 0.93 && study.coverage <= 0.97)) {
      throw new Error(`churn interval coverage ${(study.coverage * 100).toFixed(1)}% is outside 93–97%`);
    }
    if (study.srmRate > 0.005) {
      throw new Error(
        `sample ratio check fired in ${(study.srmRate * 100).toFixed(2)}% of balanced replications`,
      );
    }
  },
});
