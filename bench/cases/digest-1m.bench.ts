/**
 * Issue 10's scale target: a digest over a 1M-customer snapshot, compared with the previous
 * 1M-customer snapshot the destination saw (the same customers, re-scored). Timed: loading both
 * snapshots (Arrow IPC → Arquero, ID index), building the DigestReport (band changes, newly
 * high-risk by revenue at risk, movers, driver shifts over 30 SHAP sources, PSI of the score and
 * 30 inputs against a training profile, calibration, experiment verdict, chart bins) and rendering
 * it (Markdown, Slack blocks, the chart PNG). Also reported: each part, and (measured once in
 * setup, untimed) the Arquero hash join used when the two snapshots' rows are not aligned (one
 * customer gone). Target: ≤ 10 s median. Snapshots and the training profile are written in setup.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { riskDistribution } from "../../core/src/charts/index.ts";
import { createChartRenderer, type ChartRenderer } from "../../core/src/charts/server.ts";
import {
  buildDigestReport,
  digestChanges,
  profileColumns,
  referenceProfile,
  type ReferenceProfile,
} from "../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../core/src/experiments/experiment-config.ts";
import { defaultEncoderSpec } from "../../core/src/features/encoder-spec.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { writeSyntheticSnapshots } from "../../core/test/digest/synthetic-snapshots.ts";
import { renderDigestBlocks, renderDigestMarkdown } from "../../bot/digest/index.ts";

const ROWS = 1_000_000;
/** Every source of the default encoder: a real model's SHAP columns. */
const SOURCES = defaultEncoderSpec().sources.map((s) => s.column);

interface State {
  dir: string;
  ids: [string, string];
  reference: ReferenceProfile;
  renderer: ChartRenderer;
  /** The changes by Arquero's hash join (rows not aligned: one customer gone), measured in setup. */
  joinMs: number;
}

export default defineCase<State>({
  name: "digest: 1M-customer snapshot vs the previous 1M (load + build + render)",
  target: "≤ 10 s median",
  runs: 3,
  warmup: 1,
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-digest-"));
    const [before, now] = await writeSyntheticSnapshots(join(dir, "snapshots"), [
      { seed: 1, at: "2026-11-02T06:00:00Z", rows: ROWS, sources: SOURCES },
      { seed: 2, at: "2026-11-09T06:00:00Z", rows: ROWS, sources: SOURCES },
    ]);
    // The "training data": 200k customers, profiled as `train` does for its training rows.
    const [t] = await writeSyntheticSnapshots(join(dir, "training"), [
      { seed: 3, at: "2026-10-01T00:00:00Z", rows: 200_000, sources: SOURCES },
    ]);
    const training = await openSnapshotStore(join(dir, "training")).open(t.id);
    const reference = referenceProfile({
      modelHash: "synthetic",
      origin: "training data (200,000 customers)",
      probability: training.table.array("probability") as number[],
      columns: profileColumns(defaultEncoderSpec()),
      values: (c) => training.table.array(c) as unknown[],
    });
    const store = openSnapshotStore(join(dir, "snapshots"));
    const [b, n] = await Promise.all([store.open(before.id), store.open(now.id)]);
    const gone = b.table.slice(1); // (Arquero's slice itself takes seconds on 1M rows: not timed)
    const t0 = performance.now();
    const joined = digestChanges(n.table, gone, 5);
    const joinMs = performance.now() - t0;
    if (
      joined.customers === null ||
      joined.customers.added + joined.customers.common !== n.summary().customers
    )
      throw new Error("unexpected join");
    return { dir, ids: [before.id, now.id], reference, renderer: createChartRenderer(), joinMs };
  },
  async run({ dir, ids, reference, renderer, joinMs }, ctx) {
    const store = openSnapshotStore(join(dir, "snapshots"));
    let t = performance.now();
    const [before, now] = await Promise.all(ids.map((id) => store.open(id)));
    const loadMs = performance.now() - t;
    t = performance.now();
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-11-09T08:00:00Z",
      current: now,
      baseline: {
        snapshotId: before.manifest.id,
        slot: "2026-11-02T08:00:00Z",
        bands: { ...before.manifest.bands },
      },
      previous: before,
      reference,
      experiment: DEFAULT_EXPERIMENT_CONFIG.experiments[0],
      topN: 5,
      notebookBaseUrl: "https://engage.example.com",
    });
    const buildMs = performance.now() - t;
    t = performance.now();
    const chart = await renderer.png(riskDistribution(report.chart.bins));
    const markdown = renderDigestMarkdown(report, { kind: "image", file: "chart.png", alt: chart.alt });
    const { blocks } = renderDigestBlocks(report);
    const renderMs = performance.now() - t;
    if (
      report.newHighRisk.count === 0 ||
      report.customers?.common !== now.summary().customers ||
      chart.kind !== "png"
    ) {
      throw new Error("unexpected digest");
    }
    ctx.report({
      rows: now.size,
      loadSeconds: +(loadMs / 1000).toFixed(2),
      buildSeconds: +(buildMs / 1000).toFixed(2),
      renderSeconds: +(renderMs / 1000).toFixed(2),
      joinChangesSeconds: +(joinMs / 1000).toFixed(2),
      newlyHighRisk: report.newHighRisk.count,
      inputsMeasured: report.health.inputs.length,
      markdownChars: markdown.length,
      slackBlocks: blocks.length,
    });
  },
  teardown({ dir }) {
    rmSync(dir, { recursive: true, force: true });
  },
});
