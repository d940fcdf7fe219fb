import { desc } from "arquero";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  binCounts,
  buildDigestReport,
  digestChanges,
  populationStability,
  profileColumns,
  referenceCounts,
  referenceProfile,
  type DigestSnapshot,
  type ReferenceProfile,
} from "../../src/digest/index.ts";
import { contractFeature, featureDisplayLabel } from "../../src/data/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../src/experiments/experiment-config.ts";
import { analyzeExperiment, verdict } from "../../src/experiments/index.ts";
import { defaultEncoderSpec } from "../../src/features/encoder-spec.ts";
import { expectedCalibrationError } from "../../src/model/index.ts";
import {
  openSnapshotStore,
  riskSummary,
  topToAct,
  segmentRisk,
  sourceImportance,
  type Snapshot,
} from "../../src/snapshot/index.ts";
import { writeSyntheticSnapshots } from "./synthetic-snapshots.ts";

const ROWS = 3000;
const dir = mkdtempSync(join(tmpdir(), "et-digest-"));
let before: Snapshot;
let now: Snapshot;
let partial: Snapshot;
let reference: ReferenceProfile;

beforeAll(async () => {
  const [a, b, c] = await writeSyntheticSnapshots(dir, [
    { seed: 1, at: "2026-06-28T20:00:00Z", rows: ROWS },
    { seed: 2, at: "2026-07-05T20:00:00Z", rows: ROWS },
    // Some customers gone (every 7th) and the rest in reverse order: the join path, not row i = row i.
    { seed: 3, at: "2026-07-05T21:00:00Z", rows: ROWS, reverse: true, keep: (r) => r % 7 !== 0 },
  ]);
  const store = openSnapshotStore(dir);
  [before, now, partial] = await Promise.all([store.open(a.id), store.open(b.id), store.open(c.id)]);
  // The "training data": the older snapshot's customers with short tenure only, so tenure drifts.
  const training = before.table.filter("d => d.tenure < 24").reify();
  reference = referenceProfile({
    modelHash: "synthetic",
    origin: "training data (test)",
    probability: training.array("probability") as number[],
    columns: profileColumns(defaultEncoderSpec()),
    values: (c) => training.array(c) as unknown[],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baselineOf = (s: Snapshot) => ({
  snapshotId: s.manifest.id,
  slot: "2026-06-29T07:00:00Z",
  bands: { ...s.summary().bands },
});

/** The same comparison by plain loops over `lookup`, for checking: churned customers are history. */
function expected(current: Snapshot, previous: Snapshot, topN: number) {
  const ids = current.table.array("customerID") as string[];
  const high: { id: string; revenue: number }[] = [];
  const moves: { id: string; size: number }[] = [];
  let common = 0;
  let churnedSince = 0;
  let matched = 0;
  for (const id of ids) {
    const c = current.lookup(id)!;
    const p = previous.lookup(id);
    if (c.status === "churned") {
      if (p && p.status !== "churned") {
        churnedSince++;
        matched++;
      }
      continue;
    }
    if (c.band === "High" && p?.band !== "High")
      high.push({ id, revenue: c.customer.MonthlyCharges * c.probability });
    if (p) {
      common++;
      if (p.status !== "churned") matched++;
      if (p.probability !== c.probability) moves.push({ id, size: Math.abs(c.probability - p.probability) });
    }
  }
  const order = <T extends { id: string }>(xs: T[], key: (x: T) => number) =>
    xs
      .sort((a, b) => key(b) - key(a) || (a.id < b.id ? -1 : 1))
      .slice(0, topN)
      .map((x) => x.id);
  return {
    count: high.length,
    revenue: high.reduce((s, h) => s + h.revenue, 0),
    top: order(high, (h) => h.revenue),
    movers: order(moves, (m) => m.size),
    common,
    added: current.summary().customers - common,
    removed: previous.summary().customers - matched,
    churnedSince,
  };
}

/** A snapshot's digest view as a plain object (so a test can swap one part). */
const snapshotView = (s: Snapshot): DigestSnapshot => ({
  manifest: s.manifest,
  table: s.table,
  actionable: s.actionable,
  idColumn: s.idColumn,
  dataset: s.dataset,
  revenue: s.revenue,
  summary: () => s.summary(),
  segments: (c) => s.segments(c),
  topToAct: (limit) => s.topToAct(limit),
});

describe("buildDigestReport", () => {
  it("reports band counts and their change since the destination's last digest", () => {
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      baseline: baselineOf(before),
      previous: before,
    });
    expect(report.bands.map((b) => b.band)).toEqual(["High", "Medium", "Low"]);
    // One definition: the bands, customers and revenue at risk are the snapshot's summary().
    const summary = now.summary();
    expect(summary.churned).toBeGreaterThan(0);
    for (const b of report.bands) {
      expect(b.customers).toBe(summary.bands[b.band]);
      expect(b.previous).toBe(before.summary().bands[b.band]);
      expect(b.change).toBe(summary.bands[b.band] - before.summary().bands[b.band]);
      expect(b.share).toBeCloseTo(summary.bands[b.band] / summary.customers, 12);
    }
    expect(report.revenueAtRisk.total).toBe(summary.revenueAtRisk);
    expect(report.revenueAtRisk.currency).toBe("USD");
    let highBand = 0;
    for (const id of now.table.array("customerID") as string[]) {
      const c = now.lookup(id)!;
      if (c.status !== "churned" && c.band === "High") highBand += c.customer.MonthlyCharges * c.probability;
    }
    expect(report.revenueAtRisk.highBand).toBeCloseTo(highBand, 6);
    expect(report.history.churned).toBe(summary.churned);
    expect(report.previous).toEqual({
      snapshotId: before.manifest.id,
      slot: "2026-06-29T07:00:00Z",
      available: true,
    });
    expect(report.snapshot).toEqual({
      id: now.manifest.id,
      createdAt: now.manifest.createdAt,
      customers: summary.customers,
      churned: summary.churned,
    });
    const want = expected(now, before, 5);
    expect(report.customers).toEqual({ common: want.common, added: want.added, removed: want.removed });
    expect(report.history.churnedSincePrevious).toBe(want.churnedSince);
    expect(want.churnedSince).toBeGreaterThan(0);
  });

  it("ranks newly high-risk customers by revenue at risk and the biggest movers, as plain loops do", () => {
    for (const [current, previous] of [
      [now, before],
      [partial, before],
    ] as const) {
      const report = buildDigestReport({
        schedule: "weekly",
        slot: "2026-07-06T07:00:00Z",
        current,
        baseline: baselineOf(previous),
        previous,
        topN: 7,
      });
      const want = expected(current, previous, 7);
      expect(report.newHighRisk.basis).toBe("since-previous");
      expect(report.newHighRisk.count).toBe(want.count);
      expect(report.newHighRisk.revenueAtRisk).toBeCloseTo(want.revenue, 6);
      expect(report.newHighRisk.customers.map((c) => c.id)).toEqual(want.top);
      expect(report.movers.map((m) => m.id)).toEqual(want.movers);
      expect(report.customers).toEqual({ common: want.common, added: want.added, removed: want.removed });
      expect(report.history.churnedSincePrevious).toBe(want.churnedSince);
      for (const c of [...report.newHighRisk.customers, ...report.movers]) {
        expect(current.lookup(c.id)!.status).not.toBe("churned");
      }
      for (const c of report.newHighRisk.customers) {
        const row = current.lookup(c.id)!;
        expect(c.revenueAtRisk).toBeCloseTo(row.customer.MonthlyCharges * row.probability, 9);
        expect(c.previousProbability).toBe(previous.lookup(c.id)?.probability ?? null);
        // The main driver is the customer's first driver that raises risk, in words.
        const raising = row.drivers.find((d) => d.value > 0);
        expect(c.mainDriver?.source ?? null).toBe(raising?.source ?? null);
        if (c.mainDriver) expect(c.mainDriver.phrase).not.toMatch(/= missing/);
      }
      for (const m of report.movers) {
        expect(m.delta).toBeCloseTo(m.probability - m.previousProbability, 12);
        expect(m.band).toBe(current.lookup(m.id)!.band);
      }
    }
  });

  it("joins by customerID when rows are not aligned, with the same result as row-by-row", () => {
    const aligned = digestChanges(now.table, before.table, 10);
    const reordered = before.table.orderby(desc("customerID"));
    expect(digestChanges(now.table, reordered, 10)).toEqual(aligned);
    expect(digestChanges(now.table, reordered.reify(), 10)).toEqual(aligned);
  });

  it("lists every High-risk customer on a first digest, and nothing new on the same snapshot", () => {
    const first = buildDigestReport({ schedule: "weekly", slot: "2026-07-06T07:00:00Z", current: now });
    expect(first.previous).toBeNull();
    expect(first.newHighRisk).toMatchObject({ basis: "first-digest", count: now.summary().bands.High });
    expect(first.history.churnedSincePrevious).toBeNull();
    expect(first.movers).toEqual([]);
    expect(first.bands.every((b) => b.change === null)).toBe(true);
    expect(first.drivers.every((d) => d.previousRank === null)).toBe(true);

    const same = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-13T07:00:00Z",
      current: now,
      baseline: baselineOf(now),
      previous: now,
    });
    expect(same.newHighRisk).toEqual({ basis: "same-snapshot", count: 0, revenueAtRisk: 0, customers: [] });
    expect(same.history.churnedSincePrevious).toBe(0);
    expect(same.bands.every((b) => b.change === 0)).toBe(true);

    const gone = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-13T07:00:00Z",
      current: now,
      baseline: baselineOf(before),
    });
    expect(gone.previous?.available).toBe(false);
    expect(gone.newHighRisk.basis).toBe("previous-missing");
    expect(gone.bands[0].change).toBe(now.summary().bands.High - before.summary().bands.High);
  });

  it("shows the top drivers over customers to act on, with their strength and rank before", () => {
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      baseline: baselineOf(before),
      previous: before,
      labels: { Contract: "Contract type" },
    });
    const importance = sourceImportance(now.actionable, now.manifest.sources);
    const previous = sourceImportance(before.actionable, before.manifest.sources);
    expect(report.drivers.map((d) => d.source)).toEqual(importance.slice(0, 5).map((i) => i.source));
    report.drivers.forEach((d, i) => {
      expect(d.rank).toBe(i + 1);
      expect(d.meanAbsShap).toBeCloseTo(importance[i].meanAbsShap, 9);
      const p = previous.findIndex((x) => x.source === d.source);
      expect(d.previousRank).toBe(p + 1);
      expect(d.change).toBeCloseTo(importance[i].meanAbsShap - previous[p].meanAbsShap, 9);
    });
    // Labels: the given ones first, then the contract's (a legacy snapshot reads as the simulated preset).
    for (const d of report.drivers) {
      const f = contractFeature(now.dataset, d.source)!;
      expect(d.label).toBe(d.source === "Contract" ? "Contract type" : featureDisplayLabel(f));
    }
  });

  it("measures drift against the reference with PSI and flags the shifted inputs", () => {
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      reference,
    });
    const { health } = report;
    expect(health.reference).toEqual({ origin: "training data (test)", rows: reference.rows });
    expect(health.threshold).toBe(0.2);
    const score = populationStability(
      referenceCounts(reference.score),
      binCounts(reference.score, now.table.array("probability") as number[]),
    );
    expect(health.score?.psi).toBeCloseTo(score, 12);
    // Training kept tenure < 24 only: the snapshot's tenure (0–72) has drifted far; charges barely.
    const tenure = health.inputs.find((d) => d.column === "tenure")!;
    expect(tenure.psi).toBeGreaterThan(1);
    expect(tenure.flagged).toBe(true);
    expect(health.flagged).toContain("Tenure (months)");
    expect(health.inputs.find((d) => d.column === "gender")!.flagged).toBe(false);
    expect(health.inputs.map((d) => d.psi)).toEqual(
      [...health.inputs.map((d) => d.psi)].sort((a, b) => b - a),
    );
    expect(health.inputs).toHaveLength(reference.inputs.length);
  });

  it("measures calibration on the customers with known outcomes (history included)", () => {
    const report = buildDigestReport({ schedule: "w", slot: "2026-07-06T07:00:00Z", current: now });
    const { calibration } = report.health;
    const status = now.table.array("status") as string[];
    const p = now.table.array("probability") as number[];
    const labelled = status.flatMap((c, i) => (c === "churned" || c === "retained" ? [i] : []));
    expect(report.outcomesKnown).toBe(labelled.length);
    expect(calibration?.customers).toBe(labelled.length);
    expect(report.health.calibrationNote).toBeNull();
    expect(calibration?.ece).toBeCloseTo(
      expectedCalibrationError(
        labelled.map((i) => (status[i] === "churned" ? 1 : 0)),
        labelled.map((i) => p[i]),
      ),
      12,
    );
  });

  it("presents no outcome-based figure when no outcome is known yet", () => {
    // The same customers with every outcome unknown: all current, all to act on.
    const table = now.table.derive({ status: () => "current" });
    const unknown: DigestSnapshot = {
      manifest: now.manifest,
      table,
      actionable: table,
      idColumn: now.idColumn,
      dataset: now.dataset,
      revenue: now.revenue,
      summary: () => riskSummary(table, now.revenue),
      segments: (c) => segmentRisk(table, c, { columns: now.segmentColumns, revenue: now.revenue.column }),
      topToAct: (limit) => topToAct(table, { idColumn: now.idColumn, revenue: now.revenue, limit }),
    };
    const report = buildDigestReport({
      schedule: "w",
      slot: "2026-07-06T07:00:00Z",
      current: unknown,
      experiment: DEFAULT_EXPERIMENT_CONFIG.experiments[0],
    });
    expect(report.outcomesKnown).toBe(0);
    expect(report.health.calibration).toBeNull();
    expect(report.health.calibrationNote).toBe("outcomes not known yet");
    expect(report.experiment).toEqual({
      key: "nudge-strategy-2026",
      line: "outcomes not known yet: no arm's churn can be measured",
      ok: false,
    });
    expect(report.snapshot.customers).toBe(ROWS);
  });

  it("reports an experiment only when the data set's contract declares one", () => {
    const { experiment: _declared, ...undeclared } = now.dataset;
    const report = buildDigestReport({
      schedule: "w",
      slot: "2026-07-06T07:00:00Z",
      current: { ...snapshotView(now), dataset: undeclared },
      experiment: DEFAULT_EXPERIMENT_CONFIG.experiments[0],
    });
    expect(report.experiment).toBeNull();
  });

  it("names the simulated columns it reports on when only some of the data is simulated", () => {
    const dataset = {
      ...now.dataset,
      simulated: false,
      features: now.dataset.features.map((f) => (f.column === "tenure" ? { ...f, simulated: true } : f)),
    };
    const report = buildDigestReport({
      schedule: "w",
      slot: "2026-07-06T07:00:00Z",
      current: { ...snapshotView(now), dataset },
      reference,
    });
    expect(report.dataset.simulated).toBe(false);
    expect(report.dataset.simulatedColumns).toEqual(["Tenure (months)"]);
    const whole = buildDigestReport({ schedule: "w", slot: "2026-07-06T07:00:00Z", current: now });
    expect(whole.dataset).toMatchObject({ name: "simulated", simulated: true, simulatedColumns: [] });
  });

  it("breaks risk down by the contract's segment columns, over customers to act on", () => {
    const report = buildDigestReport({ schedule: "w", slot: "2026-07-06T07:00:00Z", current: now, topN: 3 });
    const held = now.dataset.segments.filter((c) => now.table.columnNames().includes(c));
    expect(report.segments.map((s) => s.column)).toEqual(held.slice(0, 6));
    for (const s of report.segments) {
      const all = now.segments(s.column);
      expect(s.rows.length + s.more).toBe(all.length);
      expect(s.rows.reduce((n, r) => n + r.customers, 0) + 0).toBeLessThanOrEqual(now.summary().customers);
      const top = [...all].sort((a, b) => b.revenueAtRisk - a.revenueAtRisk)[0];
      expect(s.rows[0].revenueAtRisk).toBeCloseTo(top.revenueAtRisk, 9);
      expect(s.label).toBe(featureDisplayLabel(contractFeature(now.dataset, s.column)!));
    }
    // Every segment's customers add up to the customers to act on.
    const first = now.segments(report.segments[0].column);
    expect(first.reduce((n, r) => n + r.customers, 0)).toBe(now.summary().customers);
  });

  it("says why drift is not measured: no reference, or a reference of another model", () => {
    const none = buildDigestReport({ schedule: "w", slot: "2026-07-06T07:00:00Z", current: now });
    expect(none.health).toMatchObject({
      reference: null,
      score: null,
      inputs: [],
      note: "no reference profile for this model",
    });
    const other = buildDigestReport({
      schedule: "w",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      reference: { ...reference, modelHash: "another-model-hash" },
    });
    expect(other.health.score).toBeNull();
    expect(other.health.note).toBe(
      "the reference profile belongs to model another-mode…, not this snapshot's synthetic…",
    );
  });

  it("carries the experiment's verdict, the chart's data and the notebook links", () => {
    const experiment = DEFAULT_EXPERIMENT_CONFIG.experiments[0];
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      experiment,
      notebookBaseUrl: "https://engage.example.com/",
    });
    expect(report.experiment).toEqual({
      key: experiment.key,
      line: verdict(analyzeExperiment(now.table, experiment)),
      ok: true,
    });
    expect(report.chart.name).toBe("risk-distribution");
    expect(report.chart.bins.reduce((s, b) => s + b.customers, 0)).toBe(now.summary().customers);
    expect(report.links.map((l) => l.url)).toEqual([
      "https://engage.example.com/notebooks/",
      "https://engage.example.com/notebooks/customers",
      "https://engage.example.com/notebooks/segments",
      "https://engage.example.com/notebooks/model",
      "https://engage.example.com/notebooks/experiments",
    ]);
    // Plain data: it survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
