import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escape } from "arquero";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { readDatasetContract } from "../../src/data/read-dataset-contract.ts";
import { analyzeDeclaredExperiment, analyzeExperiment } from "../../src/experiments/analyze-experiment.ts";
import { declaredExperiment } from "../../src/experiments/declared-experiment.ts";
import {
  DEFAULT_EXPERIMENT_CONFIG,
  findExperiment,
  parseExperimentConfig,
} from "../../src/experiments/experiment-config.ts";
import { experimentColumns, LEGACY_EXPERIMENT_COLUMNS } from "../../src/experiments/experiment-columns.ts";
import { isOutcomesUnknown } from "../../src/experiments/experiment-error.ts";
import { verdict } from "../../src/experiments/verdict.ts";
import { ACCOUNTS_CONTRACT, type AccountsWorkspace } from "../fixtures/accounts-workspace.ts";
import { accountsOfferWorkspace, OFFER_COUNTS, OFFER_CURRENT, OFFER_KEY } from "./accounts-offer.ts";
import { armTable } from "./arm-table.ts";
import { casesOf, REFERENCE_CASES, STATS_SKIP_REASON, TOLERANCE } from "./stats-reference.ts";

let ws: AccountsWorkspace;
beforeAll(async () => {
  ws = await accountsOfferWorkspace();
}, 60_000);
afterAll(() => ws?.close());

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);

describe("an experiment the accounts contract declares on its own columns", () => {
  it("takes its columns from the contract: id, arm column, arms, control, key", () => {
    expect(experimentColumns(ws.snapshot.dataset)).toEqual({
      id: "account_id",
      arm: "offer_arm",
      arms: ["control", "discount"],
      control: "control",
      key: OFFER_KEY,
      simulated: false,
    });
    // The table has no Telco `Churn`, `customerID` or `variant`: the outcome is the status.
    const names = ws.snapshot.table.columnNames();
    for (const c of ["Churn", "customerID", "variant", "engagementScore"]) expect(names).not.toContain(c);
  });

  it("is the experiment without any experiments-file entry: the arms named by their values, equal split assumed", () => {
    const declared = declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG)!;
    expect(declared.configured).toBe(false);
    expect(declared.experiment.key).toBe(OFFER_KEY);
    expect(declared.experiment.startDate).toBeUndefined();
    expect(declared.experiment.variants).toEqual({
      A: { name: "control", weight: 0.5 },
      B: { name: "discount", weight: 0.5 },
    });
    // Any case of the declared key names it; another key is no experiment of this data set.
    expect(
      declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG, "OFFER-2026")?.experiment.key,
    ).toBe(OFFER_KEY);
    expect(() =>
      declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG, "nudge-strategy-2026"),
    ).toThrow('unknown experiment: "nudge-strategy-2026" (the accounts data set declares "offer-2026")');
  });

  it("counts arms from status: labelled customers in each arm, current ones and the unassigned left out", () => {
    const report = analyzeDeclaredExperiment(
      ws.snapshot.table,
      declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG)!,
    );
    const [A, B] = report.variants;
    expect([A.variant, A.name, A.role, A.customers, A.churned]).toEqual(["A", "control", "control", 120, 40]);
    expect([B.variant, B.name, B.role, B.customers, B.churned]).toEqual([
      "B",
      "discount",
      "treatment",
      130,
      25,
    ]);
    expect(A.churnRate).toBe(40 / 120);
    expect(B.churnRate).toBe(25 / 130);
    expect(report.customers).toBe(250);
    expect(report.unlabelled).toBe(OFFER_CURRENT);
    expect(report.assignment).toEqual({
      column: "offer_arm",
      arms: { A: "control", B: "discount" },
      unassigned: ws.snapshot.size - 250 - OFFER_CURRENT,
      split: "assumed-equal",
    });
    // A recorded assignment is not the simulator's hash: nothing to check it against.
    expect(report.assignmentMismatches).toBe(0);
    expect(report.simulated).toBe(false);
    // The accounts table does not measure engagement: said so, not "not a tested metric".
    expect(report.engagementStatus).toBe("not-measured");
    expect(report.engagement).toBeNull();
    expect(report.testedMetrics).toEqual(["churn"]);
    expect(report.churn.adjustedPValue).toBe(report.churn.pValue);
    expect(report.trustworthy).toBe(true);
  });

  it.skipIf(REFERENCE_CASES.length === 0)(
    `matches scipy on the same counts (skipped if ${STATS_SKIP_REASON})`,
    () => {
      const c = casesOf("two_proportions").find(
        (k) => k.nA === OFFER_COUNTS.nA && k.churnedA === OFFER_COUNTS.churnedA && k.nB === OFFER_COUNTS.nB,
      )!;
      expect(c.churnedB).toBe(OFFER_COUNTS.churnedB);
      const report = analyzeDeclaredExperiment(
        ws.snapshot.table,
        declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG)!,
      );
      close(report.variants[0].churnRateInterval[0], c.wilsonA[0]);
      close(report.variants[0].churnRateInterval[1], c.wilsonA[1]);
      close(report.variants[1].churnRateInterval[0], c.wilsonB[0]);
      close(report.variants[1].churnRateInterval[1], c.wilsonB[1]);
      close(report.churn.difference, c.diff);
      close(report.churn.interval[0], c.newcombe_diff[0]);
      close(report.churn.interval[1], c.newcombe_diff[1]);
      close(report.churn.z, c.z);
      close(report.churn.pValue, c.p_value);
      expect(Math.abs(report.churn.probabilityBLower - c.prob_B_lower_churn)).toBeLessThan(1e-4);
      close(report.srm.chiSquare, c.srm_chi2);
      close(report.srm.pValue, c.srm_p_value);
      // 40/120 − 25/130 = −0.14103: a 14.1-point fall, p = 0.011 (scipy), one metric so Holm changes nothing.
      expect(verdict(report)).toMatch(
        /^discount lowers churn by 14\.1 points vs control, 95% CI \d+\.\d–\d+\.\d, p = 0\.011; sample ratio healthy$/,
      );
    },
  );

  it("takes the start date, arm names, weights and metrics from the experiments file entry of the same key", () => {
    const config = parseExperimentConfig({
      experiments: [
        {
          key: OFFER_KEY,
          startDate: "2026-09-01",
          variants: { A: { name: "no offer", weight: 0.4 }, B: { name: "10% discount", weight: 0.6 } },
          secondaryMetrics: [],
          minimumEffect: 0.1,
        },
      ],
    });
    const declared = declaredExperiment(ws.snapshot.dataset, config)!;
    expect(declared.configured).toBe(true);
    const report = analyzeDeclaredExperiment(ws.snapshot.table, declared);
    expect(report.variants.map((v) => v.name)).toEqual(["no offer", "10% discount"]);
    expect(report.assignment.split).toBe("configured");
    // 250 customers planned 40/60: 100 and 150 expected.
    expect(report.srm.expected).toEqual({ A: 100, B: 150 });
    expect(report.power.statedEffect).toBe(0.1);
    expect(report.engagementStatus).toBe("not-measured");
    expect(report.experiment.startDate).toBe("2026-09-01");
  });

  it("says outcomes are not known yet when an arm has only current customers, instead of failing", () => {
    // The discount arm keeps only its current customers.
    const t = ws.snapshot.table.derive({
      offer_arm: escape((d: { offer_arm: string | null; status: string }) =>
        d.offer_arm === "discount" && d.status !== "current" ? null : d.offer_arm,
      ),
    });
    let error: unknown;
    try {
      analyzeDeclaredExperiment(t, declaredExperiment(ws.snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG)!);
    } catch (e) {
      error = e;
    }
    expect(isOutcomesUnknown(error)).toBe(true);
    expect((error as Error).message).toBe(
      `outcomes not known yet: no customer in arm B (discount) of experiment ${OFFER_KEY} has churned or been retained (${OFFER_CURRENT} current customers in its arms)`,
    );
  });

  it("marks the report simulated when the contract says the arm column is simulated", async () => {
    const simulatedArm = { ...ws.snapshot.dataset, simulate: { columns: ["offer_arm"] } };
    const columns = experimentColumns(simulatedArm)!;
    expect(columns.simulated).toBe(true);
    expect(experimentColumns({ ...ws.snapshot.dataset, simulated: true })!.simulated).toBe(true);
    const report = analyzeExperiment(
      ws.snapshot.table,
      declaredExperiment(simulatedArm, DEFAULT_EXPERIMENT_CONFIG)!.experiment,
      {
        columns,
      },
    );
    expect(report.simulated).toBe(true);
  });
});

describe("a data set whose contract declares no experiment", () => {
  it("has no experiment, whatever the experiments file holds", async () => {
    const plain = await readDatasetContract(ACCOUNTS_CONTRACT);
    expect(experimentColumns(plain)).toBeNull();
    expect(declaredExperiment(plain, DEFAULT_EXPERIMENT_CONFIG)).toBeNull();
    expect(declaredExperiment(plain, DEFAULT_EXPERIMENT_CONFIG, "nudge-strategy-2026")).toBeNull();
  });
});

describe("the demo (simulated preset, and legacy snapshots that read as it)", () => {
  it("declares the legacy layout: variant A/B on customerID under nudge-strategy-2026, simulated", () => {
    expect(experimentColumns(presetContract("simulated"))).toEqual({ ...LEGACY_EXPERIMENT_COLUMNS });
    expect(experimentColumns(presetContract("telco"))).toBeNull();
  });

  it("analyses exactly as before: the configured entry applies, the report equals the legacy call", () => {
    const declared = declaredExperiment(presetContract("simulated"), DEFAULT_EXPERIMENT_CONFIG)!;
    expect(declared.configured).toBe(true);
    expect(declared.experiment).toBe(findExperiment(DEFAULT_EXPERIMENT_CONFIG));
    const t = armTable({ A: { n: 600, churned: 180 }, B: { n: 610, churned: 150 } });
    const report = analyzeDeclaredExperiment(t, declared);
    expect(report).toEqual(analyzeExperiment(t, findExperiment(DEFAULT_EXPERIMENT_CONFIG)));
    expect(report.engagementStatus).toBe("tested");
    expect(report.simulated).toBe(true);
  });
});
