/**
 * The Segments and personas page's data: churn by persona × plan, by tenure cohort and by
 * lifecycle stage — predicted risk (the core segment adapters) next to observed churn where the
 * snapshot has outcomes.
 */
import { escape, op, type ColumnTable } from "arquero";
import type { Snapshot } from "engagetrack";
import { orderedSegments, segmentBins, type Bin, type SegmentBar } from "engagetrack/charts";
import { LIFECYCLE_STAGES, PERSONAS, PLAN_TIERS } from "engagetrack/data";

/** One cell of the persona × plan grid. */
export interface PersonaPlanCell {
  persona: string;
  planTier: string;
  customers: number;
  meanProbability: number;
  highRisk: number;
  /** Observed churn rate among customers with a known outcome; null when none has one. */
  churnRate: number | null;
  revenueAtRisk: number;
}

/** A segment's predicted risk (as the charts draw it) and its observed churn. */
export interface SegmentWithOutcome extends SegmentBar {
  churnRate: number | null;
}

export interface SegmentsData {
  snapshotId: string;
  personas: string[];
  plans: string[];
  personaPlan: PersonaPlanCell[];
  personas1d: SegmentWithOutcome[];
  tenure: SegmentWithOutcome[];
  lifecycle: SegmentWithOutcome[];
}

/** Tenure cohorts: months with the company. */
export const TENURE_BINS: readonly Bin[] = [
  { label: "0–5 months", from: 0 },
  { label: "6–11 months", from: 6 },
  { label: "1–2 years", from: 12 },
  { label: "2–4 years", from: 24 },
  { label: "4 years or more", from: 48 },
];

export function segmentsData(snapshot: Pick<Snapshot, "table" | "manifest" | "segments">): SegmentsData {
  const t = snapshot.table;
  const cells = t
    .groupby("persona", "planTier")
    .rollup({
      customers: op.count(),
      meanProbability: op.mean("probability"),
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
      labelled: "d => op.sum(d.Churn === 'Yes' || d.Churn === 'No' ? 1 : 0)",
      churned: "d => op.sum(d.Churn === 'Yes' ? 1 : 0)",
      revenueAtRisk: "d => op.sum(d.MonthlyCharges * d.probability)",
    })
    .objects() as (Omit<PersonaPlanCell, "churnRate"> & { labelled: number; churned: number })[];
  const byKey = new Map(cells.map((c) => [`${c.persona}\u0000${c.planTier}`, c]));
  const personaPlan: PersonaPlanCell[] = [];
  for (const persona of PERSONAS) {
    for (const planTier of PLAN_TIERS) {
      const c = byKey.get(`${persona}\u0000${planTier}`);
      personaPlan.push(
        c
          ? {
              persona,
              planTier,
              customers: c.customers,
              meanProbability: c.meanProbability,
              highRisk: c.highRisk,
              churnRate: c.labelled > 0 ? c.churned / c.labelled : null,
              revenueAtRisk: c.revenueAtRisk,
            }
          : {
              persona,
              planTier,
              customers: 0,
              meanProbability: NaN,
              highRisk: 0,
              churnRate: null,
              revenueAtRisk: 0,
            },
      );
    }
  }
  const tenureOf = binOf(TENURE_BINS);
  const withTenure = t.derive({ tenureCohort: escape((d: { tenure: number }) => tenureOf(d.tenure)) });
  return {
    snapshotId: snapshot.manifest.id,
    personas: [...PERSONAS],
    plans: [...PLAN_TIERS],
    personaPlan,
    personas1d: withOutcome(orderedSegments(snapshot.segments("persona"), PERSONAS), observed(t, "persona")),
    tenure: withOutcome(segmentBins(t, "tenure", TENURE_BINS), observed(withTenure, "tenureCohort")),
    lifecycle: withOutcome(
      orderedSegments(snapshot.segments("lifecycleStage"), LIFECYCLE_STAGES),
      observed(t, "lifecycleStage"),
    ),
  };
}

/** Bin label of a value (as `segmentBins` buckets it). */
function binOf(bins: readonly Bin[]): (v: number) => string {
  return (v) => {
    let label = "Unknown";
    for (const b of bins) if (b.from <= v) label = b.label;
    return label;
  };
}

/** Observed churn rate per value of `column`, among customers with a known outcome. */
function observed(table: ColumnTable, column: string): Map<string, number> {
  const rows = table
    .filter("d => d.Churn === 'Yes' || d.Churn === 'No'")
    .groupby(column)
    .rollup({ n: op.count(), churned: "d => op.sum(d.Churn === 'Yes' ? 1 : 0)" })
    .objects() as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r[column]), (r.churned as number) / (r.n as number)]));
}

function withOutcome(bars: SegmentBar[], rates: Map<string, number>): SegmentWithOutcome[] {
  return bars.map((b) => ({ ...b, churnRate: rates.get(b.segment) ?? null }));
}
