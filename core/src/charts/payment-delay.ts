import type { Snapshot } from "../snapshot/snapshot.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { segmentBars, type SegmentBar } from "./segment-bars.ts";
import { segmentBins, type Bin } from "./segment-bins.ts";

/**
 * Churn risk by payment delay: customers per segment, the high-risk part in red, each labelled with its average
 * churn risk.
 *
 * @example
 * const spec = paymentDelay(paymentDelaySegments(snapshot));
 * Plot.plot(spec.plot); // in a page; or createChartRenderer().png(spec) on the server
 */
export function paymentDelay(segments: readonly SegmentBar[], size: ChartSize = {}): ChartSpec {
  return segmentBars(
    segments,
    { name: "payment-delay", title: "Churn risk by payment delay", segmentHeader: "Payment delay" },
    size,
  );
}

/** Buckets of `paymentDelayDays` (days of payment delay) the chart uses. */
export const PAYMENT_DELAY_BINS: readonly Bin[] = [
  { label: "On time", from: 0 },
  { label: "1–7 days late", from: 1 },
  { label: "8–14 days late", from: 8 },
  { label: "15–30 days late", from: 15 },
  { label: "31–60 days late", from: 31 },
  { label: "Over 60 days late", from: 61 },
];

/** The segments of `paymentDelay` from a snapshot: customers bucketed by days of payment delay. */
export function paymentDelaySegments(snapshot: Pick<Snapshot, "actionable">): SegmentBar[] {
  return segmentBins(snapshot.actionable, "paymentDelayDays", PAYMENT_DELAY_BINS);
}
