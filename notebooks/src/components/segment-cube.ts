// The Behaviour page's cube (notebooks/loaders/behaviour-data.ts) summed back into core's SegmentBar
// shape for one chart: customers, mean churn probability and high-risk count per segment, exactly
// what the core adapter computes over the same (filtered) customers.
import * as aq from "./bundled/arquero.js";

/** Rows of `cube` (an Arquero table, already filtered) for `view` → SegmentBar[] in the view's order. */
export function cubeSegments(cube, view) {
  const rows = cube
    .params({chart: view.chart})
    .filter((d, $) => d.chart === $.chart)
    .groupby("segment")
    .rollup({
      customers: aq.op.sum("customers"),
      sumProbability: aq.op.sum("sumProbability"),
      highRisk: aq.op.sum("highRisk")
    })
    .objects();
  const bySegment = new Map(rows.map((r) => [r.segment, r]));
  return view.segments.map((label, i) => {
    const r = bySegment.get(i);
    return r && r.customers > 0
      ? {segment: label, customers: r.customers, meanProbability: r.sumProbability / r.customers, highRisk: r.highRisk}
      : {segment: label, customers: 0, meanProbability: NaN, highRisk: 0};
  });
}

/** The cube filtered to the chosen values ("All" keeps every value of that column). */
export function filterCube(cube, choice) {
  return cube
    .params({choice})
    .filter(
      (d, $) =>
        ($.choice.persona === "All" || d.persona === $.choice.persona) &&
        ($.choice.planTier === "All" || d.planTier === $.choice.planTier) &&
        ($.choice.Contract === "All" || d.Contract === $.choice.Contract) &&
        ($.choice.variant === "All" || d.variant === $.choice.variant)
    );
}
