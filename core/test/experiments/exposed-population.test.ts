import { describe, expect, it } from "vitest";
import { table } from "arquero";
import {
  analyzeExposedExperiment,
  exposedPopulationTable,
  populationWords,
  type Exposure,
} from "../../src/experiments/exposed-population.ts";
import { analyzeExperiment } from "../../src/experiments/analyze-experiment.ts";
import { DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "../../src/experiments/experiment-config.ts";
import type { ExperimentColumns } from "../../src/experiments/experiment-columns.ts";
import { verdict } from "../../src/experiments/verdict.ts";
import { casesOf, STATS_SKIP_REASON, TOLERANCE } from "./stats-reference.ts";

/** A contract's experiment (a recorded assignment column, not the simulator's hash). */
const COLUMNS: ExperimentColumns = {
  id: "account_id",
  arm: "offer_arm",
  arms: ["control", "discount"],
  control: "control",
  key: "spring-offer",
  simulated: false,
};
const experiment = { ...findExperiment(DEFAULT_EXPERIMENT_CONFIG), key: "spring-offer" };
const SNAPSHOT = { id: "20261206T080000Z-bbbb", createdAt: "2026-12-06T08:00:00.000Z" };
const EARLIER = "20261101T080000Z-aaaa";
const BEFORE = Date.parse("2026-11-02T10:00:00Z");

/**
 * The scipy case A 40/120, B 25/130 built as exposures, with every kind of customer the exposed
 * population must leave out around them, and a table whose assigned arms say the opposite.
 */
function world() {
  const ids: string[] = [];
  const arm: string[] = [];
  const status: string[] = [];
  const exposures: Exposure[] = [];
  let n = 0;
  const add = (s: string, assigned: string, exposure?: Partial<Exposure> & { arm: string }) => {
    const id = `AC-${String(n++).padStart(4, "0")}`;
    ids.push(id);
    arm.push(assigned);
    status.push(s);
    if (exposure)
      exposures.push({
        customerId: id,
        firstExposedAt: BEFORE,
        snapshotId: EARLIER,
        status: "current",
        ...exposure,
      });
  };
  // Exposed while current, outcome in this later snapshot: the population (assigned arm opposite).
  for (let i = 0; i < 120; i++) add(i < 40 ? "churned" : "retained", "discount", { arm: "control" });
  for (let i = 0; i < 130; i++) add(i < 25 ? "churned" : "retained", "control", { arm: "discount" });
  // Never exposed: left out whatever their outcome.
  for (let i = 0; i < 50; i++) add("churned", "discount");
  // Exposed on this very snapshot, or after it was made: the outcome was not observed after exposure.
  for (let i = 0; i < 7; i++) add("retained", "control", { arm: "control", snapshotId: SNAPSHOT.id });
  for (let i = 0; i < 3; i++)
    add("churned", "control", { arm: "control", firstExposedAt: Date.parse("2026-12-06T09:00:00Z") });
  // Already churned when first exposed: no nudge can change that outcome.
  for (let i = 0; i < 4; i++) add("churned", "discount", { arm: "discount", status: "churned" });
  // Exposed, still current: no outcome yet (counted as unlabelled).
  for (let i = 0; i < 9; i++) add("current", "control", { arm: "discount" });
  // Exposed to both arms (the strategies were reconfigured): counted in the first arm only (ITT).
  add("retained", "control", { arm: "discount", firstExposedAt: BEFORE - 1 });
  exposures.push({
    customerId: ids.at(-1)!,
    arm: "control",
    firstExposedAt: BEFORE,
    snapshotId: EARLIER,
    status: "current",
  });
  // Exposures of customers no longer in the snapshot.
  exposures.push({
    customerId: "GONE-1",
    arm: "control",
    firstExposedAt: BEFORE,
    snapshotId: EARLIER,
    status: "current",
  });
  return { data: table({ account_id: ids, offer_arm: arm, status }), exposures };
}

describe("the exposed population: exposed customers, by arm, from first exposure", () => {
  it("keeps exactly the customers first exposed while current, before this snapshot, in their first arm", () => {
    const { data, exposures } = world();
    const { population } = exposedPopulationTable(data, exposures, COLUMNS, SNAPSHOT);
    expect(population).toEqual({
      kind: "exposed",
      exposedCustomers: 120 + 130 + 7 + 3 + 4 + 9 + 1 + 1,
      analysed: 120 + 130 + 9 + 1,
      exposedOnOrAfterSnapshot: 10,
      outcomeKnownAtExposure: 4,
      notInSnapshot: 1,
      unknownArm: 0,
      crossedArms: 1,
    });
  });

  it.skipIf(casesOf("two_proportions").length === 0)(
    `compares the exposed arms with the same statistics as any experiment (scipy reference${casesOf("two_proportions").length ? "" : `; skipped: ${STATS_SKIP_REASON}`})`,
    () => {
      const ref = casesOf("two_proportions").find((c) => c.nA === 120 && c.churnedA === 40)!;
      const { data, exposures } = world();
      // The crossed customer is retained in "discount" (its first arm): the reference has B 25/130.
      const report = analyzeExposedExperiment(data, experiment, exposures, {
        columns: COLUMNS,
        snapshot: SNAPSHOT,
      });
      expect(report.population?.kind).toBe("exposed");
      expect([report.variants[0].customers, report.variants[0].churned]).toEqual([120, 40]);
      expect([report.variants[1].customers, report.variants[1].churned]).toEqual([131, 25]);
      expect(report.unlabelled).toBe(9);
      // Against scipy with the crossed customer's row removed: the same code path as any table.
      const { data: d2, exposures: e2 } = world();
      const crossed = d2.array("account_id").at(-1) as string;
      const trimmed = analyzeExposedExperiment(
        d2,
        experiment,
        e2.filter((e) => e.customerId !== crossed),
        { columns: COLUMNS, snapshot: SNAPSHOT },
      );
      expect(Math.abs(trimmed.churn.interval[0] - ref.newcombe_diff[0])).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(trimmed.churn.interval[1] - ref.newcombe_diff[1])).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(trimmed.churn.pValue - ref.p_value)).toBeLessThanOrEqual(TOLERANCE);
      // The assigned arms (the table's column) would have said the opposite.
      const assigned = analyzeExperiment(data, experiment, { columns: COLUMNS });
      expect(Math.sign(assigned.churn.difference)).not.toBe(Math.sign(trimmed.churn.difference));
    },
  );

  it("falls back to the assigned arms where no exposure is recorded, and says which population it is", () => {
    const { data, exposures } = world();
    const none = analyzeExposedExperiment(data, experiment, [], { columns: COLUMNS, snapshot: SNAPSHOT });
    expect(none.population).toBeUndefined();
    expect(populationWords(none)).toBe("customers by assigned arm (no nudge exposures recorded)");
    const exposed = analyzeExposedExperiment(data, experiment, exposures, {
      columns: COLUMNS,
      snapshot: SNAPSHOT,
    });
    expect(populationWords(exposed)).toBe("exposed customers, by arm, from first exposure");
    expect(verdict(exposed)).toMatch(/^treatment lowers churn by/);
  });

  it("says when exposures exist but no exposed customer's outcome is known yet", () => {
    const { data, exposures } = world();
    const sameSnapshot = exposures.map((e) => ({ ...e, snapshotId: SNAPSHOT.id }));
    expect(() =>
      analyzeExposedExperiment(data, experiment, sameSnapshot, { columns: COLUMNS, snapshot: SNAPSHOT }),
    ).toThrow(/no exposed customer .* outcome .* after/);
  });
});
