import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_NAMES, chartFromSnapshot, isChartName } from "../../src/charts/chart-catalog.ts";
import { createSnapshotWriter, loadSnapshot, type Snapshot } from "../../src/snapshot/index.ts";
import { syntheticRow, toBatch } from "../snapshot/synthetic-scored.ts";

let dir: string;
let snapshot: Snapshot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-chart-catalog-"));
  const writer = await createSnapshotWriter({
    dir,
    model: { name: "synthetic", hash: "s1" },
    dataHash: "d1",
    clock: () => new Date("2026-11-21T10:00:00Z"),
  });
  await writer.append(toBatch(Array.from({ length: 400 }, (_, i) => syntheticRow(i, 7))));
  const manifest = await writer.finish();
  snapshot = await loadSnapshot(join(dir, manifest.id));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEGMENT_CHARTS = [
  "engagement-levels",
  "plan-segmentation",
  "contract-segmentation",
  "usage-frequency",
  "payment-delay",
  "support-calls",
] as const;

describe("chartFromSnapshot", () => {
  it.each(SEGMENT_CHARTS)("%s counts every customer to act on once (churned ones are history)", (name) => {
    const spec = chartFromSnapshot(name, { snapshot });
    expect(spec.name).toBe(name);
    const total = spec.table.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(snapshot.summary().churned).toBeGreaterThan(0);
    expect(total).toBe(snapshot.summary().customers);
    expect(total).toBe(400 - snapshot.summary().churned);
  });

  it("draws the risk distribution, importance, trend and calibration from the same snapshot", () => {
    const bands = snapshot.summary().bands;
    expect(chartFromSnapshot("risk-distribution", { snapshot }).table.rows.map((r) => r[1])).toEqual(
      [bands.High, bands.Medium, bands.Low].map(String),
    );
    expect(chartFromSnapshot("global-importance", { snapshot }).table.rows).toHaveLength(6);
    expect(chartFromSnapshot("risk-trend", { snapshot }).table.rows).toEqual([
      [
        "2026-11-21 10:00",
        String(snapshot.summary().customers),
        ...["High", "Medium", "Low"].map((b) =>
          expect.stringMatching(new RegExp(`^${bands[b as "High"]} \\(`)),
        ),
      ],
    ]);
    const labelled = snapshot.table.filter("d => d.Churn != null").numRows();
    const calibration = chartFromSnapshot("calibration-curve", { snapshot });
    expect(calibration.table.rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(labelled);
  });

  it("counts labelled customers per variant for the A/B chart, or takes an experiment report", () => {
    const labelled = snapshot.table.filter("d => d.Churn != null").numRows();
    const own = chartFromSnapshot("ab-variants", { snapshot });
    expect(own.table.rows.reduce((s, r) => s + Number(r[1]), 0)).toBe(labelled);
    const fromReport = chartFromSnapshot("ab-variants", {
      snapshot,
      experiment: {
        confidence: 0.9,
        variants: [
          {
            variant: "A",
            role: "control",
            name: "control",
            customers: 10,
            churned: 2,
            churnRate: 0.2,
            churnRateInterval: [0.1, 0.3],
            meanEngagement: 1,
            engagementSd: 1,
          },
          {
            variant: "B",
            role: "treatment",
            name: "discount",
            customers: 10,
            churned: 1,
            churnRate: 0.1,
            churnRateInterval: [0.05, 0.2],
            meanEngagement: 1,
            engagementSd: 1,
          },
        ],
      },
    });
    expect(fromReport.table.rows.map((r) => r[4])).toEqual(["10.0%–30.0%", "5.0%–20.0%"]);
  });

  it("needs an explanation for the waterfall", () => {
    expect(() => chartFromSnapshot("shap-waterfall", { snapshot })).toThrow(
      "the shap-waterfall chart needs a customer's explanation",
    );
  });

  it("knows its twelve names", () => {
    expect(CHART_NAMES).toHaveLength(12);
    expect(isChartName("risk-trend")).toBe(true);
    expect(isChartName("pie")).toBe(false);
  });
});
