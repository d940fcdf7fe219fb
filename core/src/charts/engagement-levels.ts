import { ENGAGEMENT_LEVELS } from "../data/schema.ts";
import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { orderedSegments } from "./ordered-segments.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";

/**
 * Churn risk by engagement level: customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = engagementLevels(engagementLevelSegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function engagementLevels(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    { name: "engagement-levels", title: "Churn risk by engagement level", segmentHeader: "Engagement" },
    size,
  );
}

/** The segments of `engagementLevels` from a snapshot, in engagement level (Low, Medium, High) order. */
export function engagementLevelSegments(snapshot: Pick<Snapshot, "segments">): SegmentBar[] {
  return orderedSegments(snapshot.segments("engagementLevel"), ENGAGEMENT_LEVELS).map((s) => ({
    ...s,
    segment: `${s.segment} engagement`,
  }));
}
