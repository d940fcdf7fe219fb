// The Behaviour page's cube (notebooks/loaders/behaviour-data.ts) summed back into core's SegmentBar
// shape for one chart: customers, mean churn probability and high-risk count per segment — what the
// core adapter computes over the same (filtered) customers. Takes the page's Arquero tables, so it
// imports no Arquero itself (Framework serves this file as segment-cube.js).
import type { ColumnTable } from "arquero";

export interface CubeView {
  chart: string;
  segments: string[];
}

export interface CubeChoice {
  persona: string;
  planTier: string;
  Contract: string;
  variant: string;
}

export interface SegmentBar {
  segment: string;
  customers: number;
  meanProbability: number;
  highRisk: number;
}

/** Rows of `cube` (already filtered) for `view` → SegmentBar[] in the view's segment order. */
export function cubeSegments(cube: ColumnTable, view: CubeView): SegmentBar[] {
  const rows = cube
    .params({ chart: view.chart })
    .filter("(d, $) => d.chart === $.chart")
    .groupby("segment")
    .rollup({
      customers: "d => op.sum(d.customers)",
      sumProbability: "d => op.sum(d.sumProbability)",
      highRisk: "d => op.sum(d.highRisk)",
    })
    .objects() as { segment: number; customers: number; sumProbability: number; highRisk: number }[];
  const bySegment = new Map(rows.map((r) => [r.segment, r]));
  return view.segments.map((label, i) => {
    const r = bySegment.get(i);
    return r && r.customers > 0
      ? {
          segment: label,
          customers: r.customers,
          meanProbability: r.sumProbability / r.customers,
          highRisk: r.highRisk,
        }
      : { segment: label, customers: 0, meanProbability: NaN, highRisk: 0 };
  });
}

/** The cube filtered to the chosen values ("All" keeps every value of that column). */
export function filterCube(cube: ColumnTable, choice: CubeChoice): ColumnTable {
  return cube.params({ choice }).filter(
    `(d, $) => ($.choice.persona === "All" || d.persona === $.choice.persona) &&
        ($.choice.planTier === "All" || d.planTier === $.choice.planTier) &&
        ($.choice.Contract === "All" || d.Contract === $.choice.Contract) &&
        ($.choice.variant === "All" || d.variant === $.choice.variant)`,
  );
}
