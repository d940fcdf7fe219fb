import type { SegmentRisk } from "../snapshot/segment-risk.ts";
import type { SegmentBar } from "./segment-bars.ts";

/**
 * Segment statistics (a snapshot's `segments(column)`) in a category's natural order rather than
 * alphabetical, with missing categories as empty segments and unexpected values kept at the end.
 *
 * @example
 * orderedSegments(snapshot.segments("planTier"), ["Free", "Standard", "Premium"]).map((s) => s.segment);
 * // ["Free", "Standard", "Premium"]
 */
export function orderedSegments(risks: readonly SegmentRisk[], order: readonly string[]): SegmentBar[] {
  const bar = (r: SegmentRisk): SegmentBar => ({
    segment: r.segment === null ? "Unknown" : String(r.segment),
    customers: r.customers,
    meanProbability: r.meanProbability,
    highRisk: r.highRisk,
  });
  const byName = new Map(risks.map((r) => [r.segment === null ? null : String(r.segment), r]));
  const known = order.map((name) => {
    const r = byName.get(name);
    return r ? bar(r) : { segment: name, customers: 0, meanProbability: NaN, highRisk: 0 };
  });
  const rest = risks.filter((r) => r.segment === null || !order.includes(String(r.segment))).map(bar);
  return [...known, ...rest];
}
