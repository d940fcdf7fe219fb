import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";
import { segmentBins, type Bin } from "./segment-bins.ts";

/**
 * Churn risk by support calls (last 90 days): customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = supportCalls(supportCallSegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function supportCalls(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    {
      name: "support-calls",
      title: "Churn risk by support calls (last 90 days)",
      segmentHeader: "Support calls",
    },
    size,
  );
}

/** Buckets of `supportCalls90d` (support calls in the last 90 days) the chart uses. */
export const SUPPORT_CALL_BINS: readonly Bin[] = [
  { label: "No calls", from: 0 },
  { label: "1 call", from: 1 },
  { label: "2 calls", from: 2 },
  { label: "3–4 calls", from: 3 },
  { label: "5–9 calls", from: 5 },
  { label: "10 or more", from: 10 },
];

/** The segments of `supportCalls` from a snapshot: customers bucketed by support calls in the last 90 days. */
export function supportCallSegments(snapshot: Pick<Snapshot, "actionable">): SegmentBar[] {
  return segmentBins(snapshot.actionable, "supportCalls90d", SUPPORT_CALL_BINS);
}
