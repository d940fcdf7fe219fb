// The Behaviour page's cube (notebooks/loaders/behaviour-data.ts) summed back into core's SegmentBar
// shape for one chart: customers, mean churn probability and high-risk count per segment — what the
// core adapter computes over the same (filtered) customers. Takes the page's Arquero tables, so it
// imports no Arquero itself (Framework serves this file as segment-cube.js).
import type { ColumnTable } from "arquero";

export interface CubeView {
  chart: string;
  segments: string[];
}

/** The chosen value per filter key ("f0", "f1", …); "All" keeps every value. */
export type CubeChoice = Record<string, string>;

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

/** The cube filtered to the chosen values ("All", or a key not chosen, keeps every value). */
export function filterCube(cube: ColumnTable, choice: CubeChoice): ColumnTable {
  const keys = Object.keys(choice).filter((k) => /^f\d+$/.test(k) && choice[k] !== "All");
  if (keys.length === 0) return cube;
  // Keys are f0, f1, … (checked above), so the expression text is safe to build.
  return cube
    .params({ choice })
    .filter(`(d, $) => ${keys.map((k) => `d.${k} === $.choice.${k}`).join(" && ")}`);
}
