import { CONTRACTS } from "../data/schema.ts";
import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { orderedSegments } from "./ordered-segments.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";

/**
 * Churn risk by contract: customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = contractSegmentation(contractSegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function contractSegmentation(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    { name: "contract-segmentation", title: "Churn risk by contract", segmentHeader: "Contract" },
    size,
  );
}

/** The segments of `contractSegmentation` from a snapshot, in contract type order. */
export function contractSegments(snapshot: Pick<Snapshot, "segments">): SegmentBar[] {
  return orderedSegments(snapshot.segments("Contract"), CONTRACTS);
}
