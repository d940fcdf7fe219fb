// The notebook data loaders' shaping functions over a real snapshot (made by `engagetrack run` in a
// temporary directory, as a fresh clone's build does): the aggregates the pages ship must give the
// same numbers as core's own adapters, whatever filter the page applies.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as aq from "arquero";
import {
  buildCustomerInsight,
  createRuleNudgeEngine,
  explainCustomer,
  openSnapshotStore,
  renderInsightText,
  type ChurnModel,
  type CustomerInsight,
  type Snapshot,
} from "engagetrack";
import { createContractRuleNudgeEngine } from "engagetrack/nudges";
import { contractSegments, planSegments, waterfallInput, type SegmentBar } from "engagetrack/charts";
import { segmentRisk } from "engagetrack/snapshot";
import { analyzeExperiment, DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "engagetrack/experiments";
import { behaviourData } from "../loaders/behaviour-data.ts";
import { experimentData } from "../loaders/experiment-data.ts";
import { insightsData, pickRanks } from "../loaders/insights-data.ts";
import { modelData } from "../loaders/model-data.ts";
import { overviewData } from "../loaders/overview-data.ts";
import { segmentsData } from "../loaders/segments-data.ts";
import { modelFor, newestSnapshot, workspacePaths, type WorkspacePaths } from "../loaders/workspace.ts";
import { cubeSegments, filterCube } from "../src/components/segment-cube.ts";
import { confusionAt, costCurve, expectedAt, rocPoints } from "../src/components/threshold-metrics.ts";
import { ensureData } from "../tools/ensure-data.ts";

let tmp: string;
let paths: WorkspacePaths;
let snapshot: Snapshot;
let model: ChurnModel;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "et-notebooks-"));
  paths = workspacePaths({
    ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots"),
    ENGAGETRACK_MODEL_DIR: join(tmp, "model"),
  });
  const log: string[] = [];
  const had = await ensureData(paths, {
    env: { ...process.env, ENGAGETRACK_SIMULATE_ROWS: "3000" },
    log: (l) => log.push(l),
  });
  expect(had).toBe(false);
  expect(log.join("\n")).toContain("running `engagetrack run`");
  snapshot = await newestSnapshot(paths);
  model = await modelFor(paths, snapshot);
}, 120_000);

afterAll(async () => {
  await model?.release();
  await rm(tmp, { recursive: true, force: true });
});

/** Same segments, counts exactly, means to float precision. */
function expectSameBars(actual: SegmentBar[], expected: SegmentBar[]) {
  expect(actual.map((b) => [b.segment, b.customers, b.highRisk])).toEqual(
    expected.map((b) => [b.segment, b.customers, b.highRisk]),
  );
  actual.forEach((b, i) => {
    if (Number.isNaN(expected[i].meanProbability)) expect(b.meanProbability).toBeNaN();
    else expect(b.meanProbability).toBeCloseTo(expected[i].meanProbability, 12);
  });
}

describe("workspace", () => {
  it("ensureData leaves existing data alone, and an empty directory is named in the error", async () => {
    expect(await ensureData(paths, { env: process.env, log: () => {} })).toBe(true);
    await expect(newestSnapshot({ ...paths, snapshotsDir: join(tmp, "none") })).rejects.toThrow(
      /no snapshot in .*none/,
    );
  });
});

describe("behaviourData", () => {
  it("sums back to core's segment adapters (customers to act on), unfiltered and for any filter", () => {
    const data = behaviourData(snapshot);
    const cube = aq.table(data.cube);
    const view = (column: string) => data.views.find((v) => v.column === column)!;
    // The demo's preset contract: its first segment columns filter, its labels name the charts.
    expect(data.filters.map((f) => f.label)).toEqual(["Contract", "Plan tier", "Persona"]);
    expect(data.filters.every((f) => f.simulated)).toBe(true);
    expect(view("supportCalls90d").label).toBe("Support calls (90 days)");
    expect(data.customers).toBe(snapshot.summary().customers);
    const unfiltered = filterCube(cube, {});
    expectSameBars(cubeSegments(unfiltered, view("Contract")), contractSegments(snapshot));
    expectSameBars(cubeSegments(unfiltered, view("planTier")), planSegments(snapshot));

    const choice = { f0: "Month-to-month", f1: "All", f2: "Student" };
    const table = snapshot.actionable.filter(
      "d => d.persona === 'Student' && d.Contract === 'Month-to-month'",
    );
    expect(table.numRows()).toBeGreaterThan(0);
    expectSameBars(
      cubeSegments(filterCube(cube, choice), view("planTier")),
      planSegments({ segments: (c) => segmentRisk(table, c, { columns: snapshot.segmentColumns }) }),
    );
  });

  it("ships a cube whose size does not grow with customers", () => {
    const data = behaviourData(snapshot);
    const perView = data.cube.customers.reduce((a, b) => Number(a) + Number(b), 0) as number;
    expect(perView).toBe(snapshot.summary().customers * data.views.length);
    // 3 × 3 × 4 filter values × at most 13 buckets per view.
    expect(data.cube.customers.length).toBeLessThanOrEqual(36 * 13 * data.views.length);
  });
});

describe("overviewData", () => {
  it("shows snapshot.summary(), lists only customers to act on, and keeps history apart", async () => {
    const history = await openSnapshotStore(paths.snapshotsDir).list();
    const data = overviewData(snapshot, history);
    const summary = snapshot.summary();
    expect(data.summary).toEqual(summary);
    expect(summary.churned).toBeGreaterThan(0);
    const labelled = snapshot.table.filter("d => d.status !== 'current'");
    const churned = labelled.filter("d => d.status === 'churned'").numRows();
    expect(data.outcomes.churnRate).toBeCloseTo(churned / labelled.numRows(), 12);
    expect(data.riskBins.reduce((s, b) => s + b.customers, 0)).toBe(summary.customers);
    expect(data.callList.every((c) => snapshot.lookup(c.id)!.status !== "churned")).toBe(true);
    expect(data.history.every((c) => snapshot.lookup(c.id)!.status === "churned")).toBe(true);
    expect(data.experiment?.simulated).toBe(true);
    expect(data.experiment!.sizes.reduce((s, v) => s + v.customers, 0)).toBe(summary.customers);
    expect(data.segments.map((v) => v.label)).toEqual(["Contract", "Plan tier"]);
    expect(data.trend).toHaveLength(history.length);
    expect(data.trendExcluded).toEqual([]);
  });
});

describe("modelData", () => {
  it("measures on labelled customers: its confusion matrix and curves match direct counts and core's AUC", () => {
    const data = modelData(snapshot, model);
    const measured = data.measured!;
    const hist = { ...data.histogram, labelled: measured.labelled, churned: measured.churned };
    expect(data.histogram.n.reduce((a, b) => a + b, 0)).toBe(snapshot.size);
    const p = snapshot.table.array("probability") as ArrayLike<number>;
    const status = snapshot.table.array("status") as ArrayLike<string>;
    for (const threshold of [0.1, 0.3, 0.55]) {
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < p.length; i++) {
        if (p[i] < threshold || status[i] === "current") continue;
        if (status[i] === "churned") tp++;
        else fp++;
      }
      const c = confusionAt(hist, threshold);
      expect([c.tp, c.fp]).toEqual([tp, fp]);
      expect(c.total).toBe(measured.metrics.rows);
      const e = expectedAt(data.histogram, threshold);
      expect(e.flagged).toBe(Array.from(p).filter((x) => x >= threshold).length);
    }
    const roc = rocPoints(hist);
    let auc = 0;
    for (let i = 1; i < roc.length; i++) {
      auc += ((roc[i - 1].fpr - roc[i].fpr) * (roc[i - 1].tpr + roc[i].tpr)) / 2;
    }
    expect(auc).toBeCloseTo(measured.metrics.auc, 2);
    const costs = { offerCost: 20, customerValue: 500, saveRate: 0.3 };
    const at = costCurve(hist, costs).find((c) => c.threshold === 0.3)!;
    const c = confusionAt(hist, 0.3);
    expect(at.saving).toBeCloseTo(c.tp * 150 - c.offered * 20, 9);
    expect(data.card.hash).toBe(snapshot.manifest.model.hash);
    expect(data.dependence.length).toBeGreaterThan(0);
    expect(data.dependence[0].label).toBe(data.importance[0].label);
  });
});

describe("segmentsData", () => {
  it("covers every customer to act on in each of the contract's segment columns", () => {
    const data = segmentsData(snapshot);
    const total = (xs: { customers: number }[]) => xs.reduce((s, x) => s + x.customers, 0);
    expect(data.views.map((v) => v.column)).toEqual([...snapshot.dataset.segments]);
    for (const v of data.views) expect(total(v.segments), v.column).toBe(snapshot.summary().customers);
    expect(data.grid!.cells).toHaveLength(data.views[0].segments.length * data.views[1].segments.length);
    for (const s of data.views[0].segments) if (s.labelled > 0) expect(s.churnRate).not.toBeNull();
  });
});

describe("experimentData", () => {
  it("is core's ExperimentReport of the contract's declared (simulated) experiment", () => {
    const data = experimentData(snapshot, DEFAULT_EXPERIMENT_CONFIG);
    expect(data.declared).toMatchObject({ key: "nudge-strategy-2026", simulated: true });
    const [entry] = data.experiments;
    expect(entry.report).toEqual(
      analyzeExperiment(snapshot.table, findExperiment(DEFAULT_EXPERIMENT_CONFIG)),
    );
    expect(data.state).toBe("analysed");
    expect(entry.verdict).toMatch(
      /^(B \(treatment\) (lowers|raises) churn by [\d.]+ points vs A \(control\)|No clear churn difference: B \(treatment\) − A \(control\) = )/,
    );
    // The demo's arms are literally A and B: their letters stay beside the experiments file's names.
    expect(entry.arms.map((a) => a.words)).toEqual(["A (control)", "B (treatment)"]);
    expect(entry.difference).toBe("B (treatment) − A (control)");
    expect(entry.engagementStatus).toBe("tested");
    expect(entry.engagementNote).toBeNull();
    expect(new Set(data.engagement.map((r) => r.variant))).toEqual(new Set(["A", "B"]));
    for (const v of entry.report!.variants) {
      const [lo, hi] = entry.engagementIntervals[v.variant];
      expect(lo).toBeLessThan(v.meanEngagement);
      expect(hi).toBeGreaterThan(v.meanEngagement);
    }
  });
});

describe("insightsData", () => {
  it("picks the riskiest customers, then a spread to the least risky", () => {
    expect(pickRanks(5, 10)).toEqual([0, 1, 2, 3, 4]);
    const ranks = pickRanks(1000, 8);
    expect(ranks).toEqual([0, 1, 2, 3, 4, 5, 502, 999]);
    expect(new Set(pickRanks(3000, 500)).size).toBe(500);
  });

  it("bundles each customer's insight, the bot's waterfall and the TXT summary", async () => {
    const clock = () => new Date("2026-11-21T12:00:00Z");
    const nudges = createRuleNudgeEngine();
    const data = await insightsData(snapshot, {
      model,
      nudges,
      contractNudges: createContractRuleNudgeEngine(),
      clock,
      limit: 12,
    });
    expect(data.customers).toHaveLength(12);
    expect(data.total).toBe(snapshot.summary().customers);
    expect(data.customers.every((c) => c.status !== "churned")).toBe(true);
    expect(data.history.every((c) => c.status === "churned")).toBe(true);
    const probabilities = snapshot.actionable.array("probability") as ArrayLike<number>;
    expect(data.customers[0].probability).toBe(Math.max(...Array.from(probabilities)));
    expect(data.customers[11].probability).toBe(Math.min(...Array.from(probabilities)));
    const first = data.customers[0].id;
    const d = data.details[first];
    expect(d.insight).toEqual(
      await buildCustomerInsight({ model, snapshot, customerID: first, nudges, clock }),
    );
    expect(d.text).toBe(renderInsightText(d.insight as CustomerInsight));
    expect(d.text).toContain(`EngageTrack customer summary: ${first}`);
    expect(d.waterfall).toEqual(
      waterfallInput(await explainCustomer(model, snapshot.lookup(first)!.customer)),
    );
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
