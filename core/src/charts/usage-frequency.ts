import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";
import { segmentBins, type Bin } from "./segment-bins.ts";

/**
 * Churn risk by usage frequency (sessions per month): customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = usageFrequency(usageFrequencySegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function usageFrequency(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    {
      name: "usage-frequency",
      title: "Churn risk by usage frequency (sessions per month)",
      segmentHeader: "Sessions a month",
    },
    size,
  );
}

/** Buckets of `sessionsPerMonth` (sessions per month) the chart uses. */
export const USAGE_BINS: readonly Bin[] = [
  { label: "None", from: 0 },
  { label: "1–4", from: 1 },
  { label: "5–9", from: 5 },
  { label: "10–19", from: 10 },
  { label: "20–39", from: 20 },
  { label: "40–79", from: 40 },
  { label: "80 or more", from: 80 },
];

/** The segments of `usageFrequency` from a snapshot: customers bucketed by sessions per month. */
export function usageFrequencySegments(snapshot: Pick<Snapshot, "actionable">): SegmentBar[] {
  return segmentBins(snapshot.actionable, "sessionsPerMonth", USAGE_BINS);
}
