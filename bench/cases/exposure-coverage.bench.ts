/**
 * Nudges that measure themselves, against the simulator's known truth: 400 seeded replications of
 * 5,000 simulated customers. In each, nudges are served by randomised arm (the rule engine, the
 * arm's strategy) to a risk-chosen share of the customers and recorded as exposures in the shared
 * store (nudgeExposureLog → nudge_exposures → readExposures: the embedded PGlite, or PostgreSQL
 * when ENGAGETRACK_BENCH_DATABASE_URL names one); then outcomes are drawn with the retention
 * strategy's true effect, and the experiment over the exposed customers (by arm, from first
 * exposure) is analysed. Target: its 95% interval contains the true effect on the analysed
 * customers in at least 93% of replications. The run throws when the target is missed.
 */
import { defineCase } from "../harness.ts";
import {
  DEFAULT_EXPERIMENT_CONFIG,
  exposureCoverageStudy,
  findExperiment,
} from "../../core/src/experiments/index.ts";
import { nudgeExposureLog, openStore, readExposures, type Store } from "../../core/src/store/index.ts";

const REPLICATIONS = 400;
const ROWS = 5000;

export default defineCase<Store>({
  name: `exposure coverage: ${REPLICATIONS} simulated experiments analysed over exposed customers`,
  target: "churn 95% CI over exposed customers covers the true effect in ≥ 93% of replications",
  runs: 1,
  warmup: 0,
  setup: () =>
    openStore({
      ...(process.env.ENGAGETRACK_BENCH_DATABASE_URL
        ? {
            databaseUrl: process.env.ENGAGETRACK_BENCH_DATABASE_URL,
            schema: `bench_exposures_${process.pid}`,
          }
        : { dir: "memory" }),
      sweepMs: 0,
    }),
  teardown: (store) => store.close(),
  run: async (store, ctx) => {
    const experiment = findExperiment(DEFAULT_EXPERIMENT_CONFIG);
    let stored = 0;
    const study = await exposureCoverageStudy({
      experiment,
      replications: REPLICATIONS,
      rows: ROWS,
      seed: 2_000_000,
      // Each replication's served nudges go through the store and come back as its exposures.
      record: async (served) => {
        await store.sql.query("delete from nudge_exposures");
        const log = nudgeExposureLog(store.sql, store.replica, { flushMs: 60_000 });
        for (const s of served)
          log.record({
            experimentKey: experiment.key,
            customerId: s.customerId,
            arm: s.nudge.variant,
            strategy: s.nudge.strategy,
            surface: "api",
            exposedAt: s.exposedAt,
            snapshotId: s.snapshotId,
            status: s.status,
          });
        await log.close();
        const exposures = await readExposures(store.sql, experiment.key);
        stored += exposures.length;
        return exposures;
      },
    });
    ctx.report({
      replications: study.replications,
      rows: study.rows,
      engine: store.engine,
      coveragePct: +(study.coverage * 100).toFixed(1),
      covered: study.covered,
      srmFired: study.srmFired,
      meanServed: Math.round(study.meanServed),
      meanAnalysed: Math.round(study.meanAnalysed),
      exposuresStored: stored,
      meanTrueEffect: +study.meanTrueEffect.toFixed(5),
      meanEstimate: +study.meanEstimate.toFixed(5),
    });
    if (!(study.coverage >= 0.93)) {
      throw new Error(
        `exposed-population churn interval coverage ${(study.coverage * 100).toFixed(1)}% is below 93%`,
      );
    }
  },
});
