/**
 * The Segments page's data, generated from the snapshot's dataset contract: for each of its segment
 * columns, the predicted risk of the customers to act on (`snapshot.actionable`) next to the churn
 * observed among customers with a known outcome (history: churned or retained), and a grid of the
 * first two segment columns. Buckets come from `featureBuckets` (the contract's labels and formats).
 */
import { escape, op, type ColumnTable } from "arquero";
import type { Snapshot } from "engagetrack";
import { contractFeature } from "engagetrack/data";
import { revenueAtRiskTerm } from "engagetrack/snapshot";
import { featureBuckets, type FeatureBuckets } from "./feature-buckets.ts";

/** A segment's predicted risk (customers to act on) and its observed churn (history). */
export interface SegmentRow {
  segment: string;
  /** Customers to act on in the segment. */
  customers: number;
  /** Mean calibrated probability (NaN, shipped as null, when the segment has nobody to act on). */
  meanProbability: number | null;
  highRisk: number;
  /** Σ revenue × probability of those customers (null without a revenue column). */
  revenueAtRisk: number | null;
  /** Customers with a known outcome in the segment, and the share of them who churned (null: none). */
  labelled: number;
  churnRate: number | null;
}

export interface SegmentView {
  column: string;
  label: string;
  simulated: boolean;
  segments: SegmentRow[];
}

/** One cell of the grid of the first two segment columns. */
export interface SegmentCell {
  row: string;
  col: string;
  customers: number;
  meanProbability: number | null;
  highRisk: number;
  churnRate: number | null;
  revenueAtRisk: number | null;
}

export interface SegmentsData {
  snapshotId: string;
  currency: string | null;
  views: SegmentView[];
  /** Null when the contract has fewer than two segment columns. */
  grid: { row: SegmentView; col: SegmentView; cells: SegmentCell[] } | null;
}

/**
 * @example
 * segmentsData(snapshot).views.map((v) => v.label); // ["State", "International plan", …]
 */
export function segmentsData(
  snapshot: Pick<Snapshot, "table" | "actionable" | "manifest" | "dataset" | "revenue">,
): SegmentsData {
  const contract = snapshot.dataset;
  const buckets = contract.segments
    .map((c) => contractFeature(contract, c))
    .filter((f) => f !== undefined)
    .map((f) => featureBuckets(contract, f!, snapshot.table));
  const revenue = snapshot.revenue.column;
  const stats = (b: FeatureBuckets[]) => {
    const keys = b.map((_, i) => `s${i}`);
    const derive = (t: ColumnTable) =>
      t.derive(
        Object.fromEntries(
          b.map((x, i) => [
            keys[i],
            escape((d: Record<string, unknown>) => x.segments[x.indexOf(d[x.column])]),
          ]),
        ),
      );
    const riskRows = derive(snapshot.actionable)
      .derive({ atRisk: revenue === null ? escape(() => 0) : revenueAtRiskTerm(revenue) })
      .groupby(...keys)
      .rollup({
        customers: op.count(),
        meanProbability: op.mean("probability"),
        highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
        revenueAtRisk: op.sum("atRisk"),
      })
      .objects() as Record<string, unknown>[];
    const outcomeRows = derive(
      snapshot.table.filter("d => d.status === 'churned' || d.status === 'retained'"),
    )
      .groupby(...keys)
      .rollup({ labelled: op.count(), churned: "d => op.sum(d.status === 'churned' ? 1 : 0)" })
      .objects() as Record<string, unknown>[];
    const key = (r: Record<string, unknown>) => keys.map((k) => String(r[k])).join("\u0000");
    return {
      risk: new Map(riskRows.map((r) => [key(r), r])),
      outcomes: new Map(outcomeRows.map((r) => [key(r), r])),
    };
  };
  const stat = (s: ReturnType<typeof stats>, k: string) => {
    const r = s.risk.get(k);
    const o = s.outcomes.get(k);
    const labelled = (o?.labelled as number | undefined) ?? 0;
    return {
      customers: (r?.customers as number | undefined) ?? 0,
      meanProbability: (r?.meanProbability as number | undefined) ?? null,
      highRisk: (r?.highRisk as number | undefined) ?? 0,
      revenueAtRisk: revenue === null ? null : ((r?.revenueAtRisk as number | undefined) ?? 0),
      labelled,
      churnRate: labelled > 0 ? (o!.churned as number) / labelled : null,
    };
  };
  const views: SegmentView[] = buckets.map((b) => {
    const s = stats([b]);
    return {
      column: b.column,
      label: b.label,
      simulated: b.simulated,
      segments: b.segments
        .map((segment) => ({ segment, ...stat(s, segment) }))
        // A bucket with nobody in it at all (a "missing" nobody has) is left out.
        .filter((r) => r.customers > 0 || r.labelled > 0 || !r.segment.startsWith("missing")),
    };
  });
  let grid: SegmentsData["grid"] = null;
  if (buckets.length >= 2) {
    const s = stats([buckets[0], buckets[1]]);
    const cells: SegmentCell[] = [];
    for (const row of views[0].segments)
      for (const col of views[1].segments) {
        const { labelled: _, ...rest } = stat(s, `${row.segment}\u0000${col.segment}`);
        cells.push({ row: row.segment, col: col.segment, ...rest });
      }
    grid = { row: views[0], col: views[1], cells };
  }
  return { snapshotId: snapshot.manifest.id, currency: snapshot.revenue.currency, views, grid };
}
