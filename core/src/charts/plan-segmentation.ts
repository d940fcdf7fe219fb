import { PLAN_TIERS } from "../data/schema.ts";
import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { orderedSegments } from "./ordered-segments.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";

/**
 * Churn risk by plan: customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = planSegmentation(planSegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function planSegmentation(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    { name: "plan-segmentation", title: "Churn risk by plan", segmentHeader: "Plan" },
    size,
  );
}

/** The segments of `planSegmentation` from a snapshot, in plan tier (Free, Standard, Premium) order. */
export function planSegments(snapshot: Pick<Snapshot, "segments">): SegmentBar[] {
  return orderedSegments(snapshot.segments("planTier"), PLAN_TIERS);
}
