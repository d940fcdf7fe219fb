import { table } from "arquero";
import { drawBernoulli } from "../data/random-draws.ts";
import type { Customer } from "../data/schema.ts";
import { seededRandom } from "../data/seeded-random.ts";
import { simulateCustomers } from "../data/simulator.ts";
import { trueChurnProbability, trueVariantEffect } from "../data/simulator-truth.ts";
import { riskBand } from "../model/risk-bands.ts";
import { chooseRuleNudge } from "../nudges/rule-nudge-engine.ts";
import { nudgeFacts } from "../nudges/nudge-facts.ts";
import type { Nudge } from "../nudges/nudge.ts";
import { experimentWeights, type Experiment } from "./experiment-config.ts";
import { LEGACY_EXPERIMENT_COLUMNS } from "./experiment-columns.ts";
import { analyzeExposedExperiment, type Exposure } from "./exposed-population.ts";

/** A nudge served in a simulated replication, as a surface would record it. */
export interface ServedNudge {
  customerId: string;
  nudge: Nudge;
  exposedAt: number;
  snapshotId: string;
  status: "current";
}

export interface ExposureCoverageOptions {
  /** The experiment analysed; the simulator assigns arms with its key and weights. */
  experiment: Experiment;
  replications: number;
  /** Simulated customers per replication. */
  rows: number;
  /** Replication r simulates with seed `seed + r`. */
  seed: number;
  /**
   * Where served nudges go and how they come back as exposures (the shared store in the bench);
   * default: in memory, the first exposure of each customer.
   */
  record?: (served: readonly ServedNudge[]) => Promise<Exposure[]>;
  onReplication?: (done: number) => void;
}

export interface ExposureCoverageStudy {
  replications: number;
  rows: number;
  /** Replications whose churn interval (exposed customers, by arm) contained the true effect. */
  covered: number;
  coverage: number;
  /** Mean exposed customers analysed per replication, and the mean of all served. */
  meanAnalysed: number;
  meanServed: number;
  /** Mean over replications of the true effect on the analysed customers, and of the estimate. */
  meanTrueEffect: number;
  meanEstimate: number;
  /** Replications whose sample-ratio check fired. */
  srmFired: number;
}

const SNAPSHOT_BEFORE = { id: "simulated-before", createdAt: "2026-11-01T08:00:00.000Z" };
const SNAPSHOT_AFTER = { id: "simulated-after", createdAt: "2026-12-01T08:00:00.000Z" };

/**
 * Nudges that measure themselves, on simulated experiments whose effect is known. Each replication:
 * simulates `rows` current customers (seed `seed + r`, arms by the experiment's hash); serves a
 * nudge (the rule engine, the strategy of the customer's arm) to a random share of them chosen by
 * their risk without the treatment (as a team works its riskiest customers first: about 30–80%,
 * never by arm) and records each as an exposure; serves a few more only after the outcomes are in
 * (these must be left out); then draws every outcome from the true churn probability, which holds
 * the retention strategy's true effect (`VARIANT_B_EFFECT`); a tenth of the customers stay current.
 * The analysis (`analyzeExposedExperiment`) compares the exposed customers by arm; its 95% interval
 * is checked against the true effect on exactly the customers it analysed (`trueVariantEffect`).
 *
 * @example
 * (await exposureCoverageStudy({ experiment, replications: 200, rows: 3000, seed: 1 })).coverage; // ≈ 0.95
 */
export async function exposureCoverageStudy(
  options: ExposureCoverageOptions,
): Promise<ExposureCoverageStudy> {
  const { experiment, replications, rows, seed } = options;
  if (!(Number.isSafeInteger(replications) && replications > 0))
    throw new RangeError(`invalid replications: ${replications}`);
  const weights = experimentWeights(experiment);
  const record = options.record ?? firstExposures;
  const before = Date.parse(SNAPSHOT_BEFORE.createdAt);
  const after = Date.parse(SNAPSHOT_AFTER.createdAt);
  let covered = 0;
  let srmFired = 0;
  let sumAnalysed = 0;
  let sumServed = 0;
  let sumTruth = 0;
  let sumEstimate = 0;
  for (let r = 0; r < replications; r++) {
    const customers = [
      ...simulateCustomers({ rows, seed: seed + r, experimentKey: experiment.key, weights }),
    ];
    const random = seededRandom(seed + r, 0x5e7);
    const served: ServedNudge[] = [];
    const late: ServedNudge[] = [];
    for (const c of customers) {
      // Who gets a nudge depends on risk before treatment only (arm A's probability), never on the arm.
      const untreated = trueChurnProbability({ ...c, variant: "A" });
      const serve = drawBernoulli(random, 0.3 + 0.5 * untreated);
      const serveLate = !serve && drawBernoulli(random, 0.05);
      if (!serve && !serveLate) continue;
      const nudge = chooseRuleNudge(
        nudgeFacts(
          c,
          { probability: untreated, band: riskBand(untreated), drivers: [], whatIf: [] },
          c.variant,
        ),
        { experimentKey: experiment.key, trigger: "on-demand" },
      );
      const at = serve ? before + 3_600_000 + served.length : after + 3_600_000;
      const entry = { customerId: c.customerID, nudge, exposedAt: at, status: "current" as const };
      if (serve) served.push({ ...entry, snapshotId: SNAPSHOT_BEFORE.id });
      else late.push({ ...entry, snapshotId: SNAPSHOT_AFTER.id });
    }
    // Outcomes after the nudges: churn with the true probability of the customer's arm.
    const status = customers.map((c) =>
      drawBernoulli(random, 0.1)
        ? "current"
        : drawBernoulli(random, trueChurnProbability(c))
          ? "churned"
          : "retained",
    );
    const exposures = await record([...served, ...late]);
    const report = analyzeExposedExperiment(outcomeTable(customers, status), experiment, exposures, {
      columns: LEGACY_EXPERIMENT_COLUMNS,
      snapshot: SNAPSHOT_AFTER,
    });
    const exposedBefore = new Set(served.map((s) => s.customerId));
    const analysed = customers.filter((c, i) => exposedBefore.has(c.customerID) && status[i] !== "current");
    if (analysed.length !== report.customers)
      throw new Error(`analysed ${report.customers} customers, expected ${analysed.length}`);
    const truth = trueVariantEffect(analysed).difference;
    const [lower, upper] = report.churn.interval;
    if (lower <= truth && truth <= upper) covered++;
    if (report.srm.mismatch) srmFired++;
    sumAnalysed += report.customers;
    sumServed += served.length + late.length;
    sumTruth += truth;
    sumEstimate += report.churn.difference;
    options.onReplication?.(r + 1);
  }
  return {
    replications,
    rows,
    covered,
    coverage: covered / replications,
    meanAnalysed: sumAnalysed / replications,
    meanServed: sumServed / replications,
    meanTrueEffect: sumTruth / replications,
    meanEstimate: sumEstimate / replications,
    srmFired,
  };
}

/** The snapshot after the outcomes: id, the simulator's arm, the status and engagement. */
function outcomeTable(customers: readonly Customer[], status: readonly string[]) {
  return table({
    customerID: customers.map((c) => c.customerID),
    variant: customers.map((c) => c.variant),
    status,
    engagementScore: customers.map((c) => c.engagementScore),
  });
}

/** In memory: each customer's earliest served nudge as its exposure. */
async function firstExposures(served: readonly ServedNudge[]): Promise<Exposure[]> {
  const first = new Map<string, ServedNudge>();
  for (const s of served) {
    const seen = first.get(s.customerId);
    if (!seen || s.exposedAt < seen.exposedAt) first.set(s.customerId, s);
  }
  return [...first.values()].map((s) => ({
    customerId: s.customerId,
    arm: s.nudge.variant,
    firstExposedAt: s.exposedAt,
    snapshotId: s.snapshotId,
    status: s.status,
  }));
}
