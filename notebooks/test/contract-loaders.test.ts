// The notebook loaders on a table that is NOT Telco (the accounts table and its hand-written
// contract): everything comes from the snapshot's contract — no Telco or simulator column name in
// any page's JSON; the headline figures are `snapshot.summary()`; no churned customer in any call
// list (history only where labelled so); the risk trend joins only snapshots of the same data set
// and model; and on a label-free snapshot (every customer current) the Model and Experiments data
// carry no measured metric and say why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as aq from "arquero";
import { openSnapshotStore, readReferenceProfile, type ContractInsight, type Snapshot } from "engagetrack";
import { createRuleNudgeEngine } from "engagetrack";
import { DEFAULT_EXPERIMENT_CONFIG } from "engagetrack/experiments";
import { createContractRuleNudgeEngine } from "engagetrack/nudges";
import { bannerData } from "../loaders/dataset-banner.ts";
import { behaviourData } from "../loaders/behaviour-data.ts";
import { experimentData } from "../loaders/experiment-data.ts";
import { insightsData } from "../loaders/insights-data.ts";
import { modelData } from "../loaders/model-data.ts";
import { overviewData } from "../loaders/overview-data.ts";
import { segmentsData } from "../loaders/segments-data.ts";
import { modelFor, newestSnapshot, workspacePaths } from "../loaders/workspace.ts";
import { cubeSegments, filterCube } from "../src/components/segment-cube.ts";
import {
  accountsNotebookWorkspace,
  LABEL_FREE_SNAPSHOT_ID,
  OTHER_MODEL_SNAPSHOT_ID,
  type AccountsNotebookWorkspace,
} from "./fixtures/accounts-notebook-workspace.ts";

/**
 * Telco's and the simulator's column names: none may appear as a key or value in a page's data
 * (customerID aside: it is the field name of core's insight objects, whatever the id column).
 */
const FOREIGN_COLUMNS = [
  "Churn",
  "Contract",
  "MonthlyCharges",
  "TotalCharges",
  "tenure",
  "InternetService",
  "PaymentMethod",
  "TechSupport",
  "persona",
  "planTier",
  "sessionsPerMonth",
  "paymentDelayDays",
  "supportCalls90d",
  "engagementScore",
  "engagementLevel",
  "lifecycleStage",
  "variant",
];

function foreignNames(value: unknown): string[] {
  const text = JSON.stringify(value);
  return FOREIGN_COLUMNS.filter((name) => text.includes(JSON.stringify(name)));
}

const clock = () => new Date("2026-11-21T12:00:00Z");
let ws: AccountsNotebookWorkspace;
let snapshot: Snapshot;
let labelFree: Snapshot;

beforeAll(async () => {
  ws = await accountsNotebookWorkspace({ labelFree: true });
  snapshot = ws.snapshot as unknown as Snapshot;
  labelFree = ws.labelFree as unknown as Snapshot;
}, 120_000);

afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
});

describe("loaders on the accounts table", () => {
  it("name no Telco or simulator column anywhere", async () => {
    const history = await openSnapshotStore(ws.snapshotsDir).list();
    const reference = await readReferenceProfile(ws.modelDir);
    for (const s of [snapshot, labelFree]) {
      const all = {
        banner: bannerData(s),
        overview: overviewData(s, history),
        behaviour: behaviourData(s),
        segments: segmentsData(s),
        model: modelData(s, ws.model, { reference }),
        experiment: experimentData(s, DEFAULT_EXPERIMENT_CONFIG),
        insights: await insightsData(s, {
          model: ws.model,
          nudges: createRuleNudgeEngine(),
          contractNudges: createContractRuleNudgeEngine(),
          clock,
          limit: 8,
        }),
      };
      for (const [name, data] of Object.entries(all)) expect(foreignNames(data), name).toEqual([]);
    }
  });

  it("say which data set, contract, simulated columns, outcomes, snapshot and model they show", () => {
    const statuses = snapshot.table.groupby("status").count().objects() as {
      status: string;
      count: number;
    }[];
    const n = (s: string) => statuses.find((r) => r.status === s)?.count ?? 0;
    expect(bannerData(snapshot)).toEqual({
      dataset: {
        name: "accounts",
        description: "Mobile accounts (test table)",
        idColumn: "account_id",
        labelColumn: "churn",
      },
      simulated: { all: false, columns: [] },
      outcomes: {
        labelled: n("churned") + n("retained"),
        churned: n("churned"),
        retained: n("retained"),
        current: n("current"),
      },
      snapshot: { id: snapshot.manifest.id, createdAt: "2026-11-21T09:00:00.000Z", customers: 1500 },
      model: { name: "accounts", hash: ws.model.hash },
    });
    expect(n("churned")).toBeGreaterThan(0);
    expect(bannerData(labelFree).outcomes).toEqual({ labelled: 0, churned: 0, retained: 0, current: 1500 });
  });

  it("show snapshot.summary() as the headline figures, and no churned customer in a call list", async () => {
    const data = overviewData(snapshot, await openSnapshotStore(ws.snapshotsDir).list());
    const summary = snapshot.summary();
    expect(data.summary).toEqual(summary);
    expect(summary.currency).toBe("EUR");
    expect(summary.churned).toBeGreaterThan(0);
    expect(data.riskBins.reduce((s, b) => s + b.customers, 0)).toBe(summary.customers);
    for (const v of data.segments)
      expect(v.bars.reduce((s, b) => s + b.customers, 0)).toBe(summary.customers);
    for (const v of segmentsData(snapshot).views) {
      expect(v.segments.reduce((s, b) => s + b.customers, 0)).toBe(summary.customers);
      expect(v.segments.reduce((s, b) => s + (b.revenueAtRisk ?? 0), 0)).toBeCloseTo(
        summary.revenueAtRisk!,
        6,
      );
    }
    const status = (id: string) => snapshot.lookup(id)!.status;
    expect(data.callList).toHaveLength(10);
    expect(data.callList.map((c) => status(c.id)).filter((s) => s === "churned")).toEqual([]);
    // Who to call first, in order: core's one definition (most revenue at risk), as every surface lists it.
    expect(data.callList.map((c) => c.id)).toEqual(snapshot.topToAct(10));
    const atRisk = data.callList.map((c) => (c.revenue ?? 0) * c.probability);
    expect(atRisk).toEqual([...atRisk].sort((a, b) => b - a));
    expect(data.history.length).toBeGreaterThan(0);
    expect(data.history.every((c) => status(c.id) === "churned")).toBe(true);
    expect(data.experiment).toBeNull();

    const insights = await insightsData(snapshot, {
      model: ws.model,
      nudges: createRuleNudgeEngine(),
      contractNudges: createContractRuleNudgeEngine(),
      clock,
      limit: 40,
    });
    expect(insights.total).toBe(summary.customers);
    expect(insights.customers.filter((c) => status(c.id) === "churned")).toEqual([]);
    expect(insights.history.every((c) => c.status === "churned" && c.rank === null)).toBe(true);
    expect(insights.facets.map((f) => f.label)).toEqual(["State", "International plan", "Voice mail plan"]);
    const first = insights.details[insights.customers[0].id].insight as ContractInsight;
    expect(first.kind).toBe("contract-insight");
    expect(first.facts.map((f) => f.label)).toContain("Customer service calls");
    expect(insights.details[insights.history[0].id].text).toContain("churned");
  });

  it("build the behaviour page from the contract's features and segments, over customers to act on", () => {
    const data = behaviourData(snapshot);
    expect(data.customers).toBe(snapshot.summary().customers);
    expect(data.filters.map((f) => [f.column, f.label, f.values])).toEqual([
      ["state", "State", ["CA", "FL", "MN", "NJ", "NY", "OH", "TX", "WA"]],
      ["international_plan", "International plan", ["yes", "no"]],
      ["voice_mail_plan", "Voice mail plan", ["yes", "no"]],
    ]);
    expect(data.views.map((v) => v.column).sort()).toEqual(ws.contract.features.map((f) => f.column).sort());
    const calls = data.views.find((v) => v.column === "number_customer_service_calls")!;
    expect(calls.label).toBe("Customer service calls");
    const cube = aq.table(data.cube);
    const bars = cubeSegments(filterCube(cube, { f0: "All", f1: "yes", f2: "All" }), calls);
    // Direct counts over the customers to act on with an international plan (stored 1/0).
    const direct = snapshot.actionable
      .filter("d => d.international_plan === 1")
      .groupby("number_customer_service_calls")
      .count()
      .objects() as { number_customer_service_calls: number; count: number }[];
    for (const r of direct) {
      const bar = bars.find((b) => b.segment === String(r.number_customer_service_calls))!;
      expect(bar.customers, String(r.number_customer_service_calls)).toBe(r.count);
    }
    expect(bars.reduce((s, b) => s + b.customers, 0)).toBe(direct.reduce((s, r) => s + r.count, 0));
    const fee = data.views.find((v) => v.column === "monthly_fee")!;
    expect(fee.segments[0]).toMatch(/^€/);
  });

  it("measure model quality only on customers with a known outcome, and say it includes training history", async () => {
    const data = modelData(snapshot, ws.model, { reference: await readReferenceProfile(ws.modelDir) });
    const labelled = bannerData(snapshot).outcomes.labelled;
    expect(data.measured!.metrics.rows).toBe(labelled);
    expect(data.measured!.labelled.reduce((a, b) => a + b, 0)).toBe(labelled);
    expect(data.measured!.includesTraining).toBe(true);
    expect(data.histogram.n.reduce((a, b) => a + b, 0)).toBe(snapshot.size);
    expect(data.reason).toBeNull();
    expect(data.drift.reference?.rows).toBe(labelled);
    expect(data.drift.inputs.map((d) => d.label)).toContain("Customer service calls");
    expect(data.costs.currency).toBe("EUR");
  });

  it("on a label-free snapshot, carry no measured metric and say why; no experiment is declared", async () => {
    const paths = workspacePaths({
      ENGAGETRACK_SNAPSHOTS_DIR: ws.snapshotsDir,
      ENGAGETRACK_MODEL_DIR: ws.modelDir,
    });
    const newest = await newestSnapshot(paths);
    expect(newest.manifest.id).toBe(LABEL_FREE_SNAPSHOT_ID);
    const model = await modelFor(paths, newest);
    try {
      const data = modelData(newest, model, { reference: await readReferenceProfile(ws.modelDir) });
      expect(data.measured).toBeNull();
      expect(data.outcomes).toEqual({ labelled: 0, churned: 0, current: 1500 });
      expect(data.reason).toMatch(/no customer .* has a known outcome .*churn column is blank/);
      const text = JSON.stringify(data);
      const metricKeys = [
        "auc",
        "pr_auc",
        "precision",
        "recall",
        "logloss",
        "brier",
        "ece",
        "holdout",
        "churned",
      ];
      expect(metricKeys.filter((key) => text.includes(`"${key}":`) && !text.includes(`"${key}":0`))).toEqual(
        [],
      );
      expect(text).not.toMatch(/"(auc|pr_auc|precision|recall|logloss|brier|ece|holdout|calibration)":[[{]/);
      expect(data.expectedChurners).toBeCloseTo(
        Array.from(newest.table.array("probability") as ArrayLike<number>).reduce((a, b) => a + b, 0),
        6,
      );
      // Drift is label-free: the same customers as training's history, so stable.
      expect(data.drift.score!.psi).toBeLessThan(0.2);
      expect(data.drift.inputs.length).toBeGreaterThan(5);
    } finally {
      await model.release();
    }
    const experiment = experimentData(newest, DEFAULT_EXPERIMENT_CONFIG);
    expect(experiment.declared).toBeNull();
    expect(experiment.experiments).toEqual([]);
    expect(experiment.engagement).toEqual([]);
    expect(experiment.reason).toMatch(/accounts data set declares no experiment/);
  });

  it("join only snapshots of the same data set and model in the risk trend, and list the others", async () => {
    const history = await openSnapshotStore(ws.snapshotsDir).list();
    expect(history.map((m) => m.id)).toContain(OTHER_MODEL_SNAPSHOT_ID);
    const data = overviewData(labelFree, history);
    expect(data.trend.map((t) => t.createdAt)).toEqual([
      snapshot.manifest.createdAt,
      labelFree.manifest.createdAt,
    ]);
    expect(data.trend[1].bands).toEqual(labelFree.summary().bands);
    expect(data.trendExcluded).toEqual([
      { id: OTHER_MODEL_SNAPSHOT_ID, dataset: "accounts", model: "accounts-v0" },
    ]);
  });
});
