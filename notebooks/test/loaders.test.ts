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
  type Snapshot,
} from "engagetrack";
import {
  contractSegments,
  engagementLevelSegments,
  paymentDelaySegments,
  supportCallSegments,
  usageFrequencySegments,
  waterfallInput,
  type SegmentBar,
} from "engagetrack/charts";
import { analyzeExperiment, DEFAULT_EXPERIMENT_CONFIG, findExperiment } from "engagetrack/experiments";
import { behaviourData } from "../loaders/behaviour-data.ts";
import { experimentData } from "../loaders/experiment-data.ts";
import { insightsData, pickRanks } from "../loaders/insights-data.ts";
import { modelData } from "../loaders/model-data.ts";
import { overviewData } from "../loaders/overview-data.ts";
import { segmentsData } from "../loaders/segments-data.ts";
import { modelFor, newestSnapshot, workspacePaths, type WorkspacePaths } from "../loaders/workspace.ts";
import { cubeSegments, filterCube } from "../src/components/segment-cube.ts";
import { confusionAt, costCurve, rocPoints } from "../src/components/threshold-metrics.ts";
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
  it("sums back to core's segment adapters, unfiltered and for any filter", () => {
    const data = behaviourData(snapshot);
    const cube = aq.table(data.cube);
    const view = (chart: string) => data.views.find((v) => v.chart === chart)!;
    const all = { persona: "All", planTier: "All", Contract: "All", variant: "All" };
    const unfiltered = filterCube(cube, all);
    expectSameBars(cubeSegments(unfiltered, view("usage-frequency")), usageFrequencySegments(snapshot));
    expectSameBars(cubeSegments(unfiltered, view("payment-delay")), paymentDelaySegments(snapshot));
    expectSameBars(cubeSegments(unfiltered, view("support-calls")), supportCallSegments(snapshot));
    expectSameBars(cubeSegments(unfiltered, view("contract-segmentation")), contractSegments(snapshot));
    expectSameBars(
      cubeSegments(unfiltered, view("engagement-levels")),
      engagementLevelSegments(snapshot).map((b) => ({ ...b, segment: b.segment.replace(" engagement", "") })),
    );

    const choice = { persona: "Student", planTier: "All", Contract: "Month-to-month", variant: "B" };
    const table = snapshot.table
      .params(choice)
      .filter("(d, $) => d.persona === $.persona && d.Contract === $.Contract && d.variant === $.variant");
    expect(table.numRows()).toBeGreaterThan(0);
    expectSameBars(
      cubeSegments(filterCube(cube, choice), view("usage-frequency")),
      usageFrequencySegments({ actionable: table }),
    );
    expectSameBars(
      cubeSegments(filterCube(cube, choice), view("support-calls")),
      supportCallSegments({ actionable: table }),
    );
  });

  it("ships a cube whose size does not grow with customers", () => {
    const data = behaviourData(snapshot);
    // 4 personas × 3 plans × 3 contracts × 2 variants × (7 + 6 + 6 + 3 + 3) segments at most.
    expect(data.cube.customers.length).toBeLessThanOrEqual(72 * 25);
    const perView = data.cube.customers.reduce((a, b) => Number(a) + Number(b), 0) as number;
    expect(perView).toBe(snapshot.size * data.views.length);
  });
});

describe("overviewData", () => {
  it("agrees with the snapshot's own counts", async () => {
    const history = await openSnapshotStore(paths.snapshotsDir).list();
    const data = overviewData(snapshot, history);
    const t = snapshot.table;
    const labelled = t.filter("d => d.Churn === 'Yes' || d.Churn === 'No'");
    const churned = labelled.filter("d => d.Churn === 'Yes'").numRows();
    expect(data.kpis.customers).toBe(snapshot.size);
    expect(data.kpis.highRisk).toBe(snapshot.summary().bands.High);
    expect(data.kpis.churnRate).toBeCloseTo(churned / labelled.numRows(), 12);
    const bandRevenue = snapshot.segments("band").reduce((s, b) => s + b.revenueAtRisk, 0);
    expect(data.kpis.revenueAtRisk).toBeCloseTo(bandRevenue, 6);
    expect(data.riskBins.reduce((s, b) => s + b.customers, 0)).toBe(snapshot.size);
    expect(data.variantSizes.reduce((s, v) => s + v.customers, 0)).toBe(snapshot.size);
    expect(data.trend).toHaveLength(history.length);
  });
});

describe("modelData", () => {
  it("has a histogram whose confusion matrix and curves match direct counts and core's AUC", () => {
    const data = modelData(snapshot, model);
    expect(data.histogram.n.reduce((a, b) => a + b, 0)).toBe(snapshot.size);
    const p = snapshot.table.array("probability") as ArrayLike<number>;
    const churn = snapshot.table.array("Churn") as ArrayLike<string>;
    for (const threshold of [0.1, 0.3, 0.55]) {
      let tp = 0;
      let fp = 0;
      for (let i = 0; i < p.length; i++) {
        if (p[i] < threshold) continue;
        if (churn[i] === "Yes") tp++;
        else fp++;
      }
      const c = confusionAt(data.histogram, threshold);
      expect([c.tp, c.fp]).toEqual([tp, fp]);
      expect(c.total).toBe(p.length);
    }
    const roc = rocPoints(data.histogram);
    let auc = 0;
    for (let i = 1; i < roc.length; i++) {
      auc += ((roc[i - 1].fpr - roc[i].fpr) * (roc[i - 1].tpr + roc[i].tpr)) / 2;
    }
    expect(auc).toBeCloseTo(data.snapshotMetrics!.auc, 2);
    const costs = { offerCost: 20, customerValue: 500, saveRate: 0.3 };
    const at = costCurve(data.histogram, costs).find((c) => c.threshold === 0.3)!;
    const c = confusionAt(data.histogram, 0.3);
    expect(at.saving).toBeCloseTo(c.tp * 150 - c.offered * 20, 9);
    expect(data.card.hash).toBe(snapshot.manifest.model.hash);
    expect(data.dependence.length).toBeGreaterThan(0);
    expect(data.dependence[0].label).toBe(data.importance[0].label);
  });
});

describe("segmentsData", () => {
  it("covers every customer in each breakdown", () => {
    const data = segmentsData(snapshot);
    const total = (xs: { customers: number }[]) => xs.reduce((s, x) => s + x.customers, 0);
    expect(total(data.personaPlan)).toBe(snapshot.size);
    expect(data.personaPlan).toHaveLength(data.personas.length * data.plans.length);
    expect(total(data.tenure)).toBe(snapshot.size);
    expect(total(data.lifecycle)).toBe(snapshot.size);
    for (const s of data.tenure) if (s.customers > 0) expect(s.churnRate).not.toBeNull();
  });
});

describe("experimentData", () => {
  it("is core's ExperimentReport with per-arm engagement intervals around the means", () => {
    const data = experimentData(snapshot, DEFAULT_EXPERIMENT_CONFIG);
    const [entry] = data.experiments;
    expect(entry.report).toEqual(
      analyzeExperiment(snapshot.table, findExperiment(DEFAULT_EXPERIMENT_CONFIG)),
    );
    expect(entry.verdict).toMatch(/churn/);
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
    const data = await insightsData(snapshot, { model, nudges, clock, limit: 12 });
    expect(data.customers).toHaveLength(12);
    expect(data.total).toBe(snapshot.size);
    const probabilities = snapshot.table.array("probability") as ArrayLike<number>;
    expect(data.customers[0].probability).toBe(Math.max(...Array.from(probabilities)));
    expect(data.customers[11].probability).toBe(Math.min(...Array.from(probabilities)));
    const first = data.customers[0].id;
    const d = data.details[first];
    expect(d.insight).toEqual(
      await buildCustomerInsight({ model, snapshot, customerID: first, nudges, clock }),
    );
    expect(d.text).toBe(renderInsightText(d.insight));
    expect(d.text).toContain(`EngageTrack customer summary: ${first}`);
    expect(d.waterfall).toEqual(
      waterfallInput(await explainCustomer(model, snapshot.lookup(first)!.customer)),
    );
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
