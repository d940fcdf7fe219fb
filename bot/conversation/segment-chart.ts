import {
  orderedSegments,
  PAYMENT_DELAY_BINS,
  segmentBins,
  SUPPORT_CALL_BINS,
  USAGE_BINS,
  type Bin,
  type SegmentBar,
} from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import type { SegmentRisk } from "../../core/src/snapshot/index.ts";
import type { ChartInput, SegmentChartName } from "./chart-request.ts";
import type { ConversationColumn } from "./conversation-columns.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** A segment chart's input, and each bar's monthly revenue at risk when the column is a category. */
export interface SegmentChart {
  input: ChartInput;
  bars: SegmentBar[];
  /** Σ MonthlyCharges × probability per bar, in bar order; null for bucketed numeric columns. */
  revenueAtRisk: number[] | null;
}

/** Columns the chart catalogue already draws, by its chart names (so replies match `engagetrack chart`). */
const CATALOGUE: Partial<Record<string, SegmentChartName>> = {
  Contract: "contract-segmentation",
  planTier: "plan-segmentation",
  engagementLevel: "engagement-levels",
  sessionsPerMonth: "usage-frequency",
  paymentDelayDays: "payment-delay",
  supportCalls90d: "support-calls",
};

/** Buckets of the numeric columns: the catalogue's, and ours for the rest. */
const BINS: Record<string, readonly Bin[]> = {
  sessionsPerMonth: USAGE_BINS,
  paymentDelayDays: PAYMENT_DELAY_BINS,
  supportCalls90d: SUPPORT_CALL_BINS,
  tenure: [
    { label: "0–5", from: 0 },
    { label: "6–11", from: 6 },
    { label: "12–23", from: 12 },
    { label: "24–47", from: 24 },
    { label: "48–71", from: 48 },
    { label: "72 or more", from: 72 },
  ],
  MonthlyCharges: [
    { label: "Under $30", from: 0 },
    { label: "$30–49", from: 30 },
    { label: "$50–69", from: 50 },
    { label: "$70–89", from: 70 },
    { label: "$90–109", from: 90 },
    { label: "$110 or more", from: 110 },
  ],
  TotalCharges: [
    { label: "Under $500", from: 0 },
    { label: "$500–1,999", from: 500 },
    { label: "$2,000–3,999", from: 2000 },
    { label: "$4,000–5,999", from: 4000 },
    { label: "$6,000 or more", from: 6000 },
  ],
  engagementScore: [
    { label: "0–19", from: 0 },
    { label: "20–39", from: 20 },
    { label: "40–59", from: 40 },
    { label: "60–79", from: 60 },
    { label: "80–100", from: 80 },
  ],
};

/**
 * Churn risk by one column of a snapshot as a chart input: the catalogue's segment chart for the
 * columns it has (contract, plan, engagement, usage, payment delay, support calls), otherwise the
 * same segment bars titled "Churn risk by <column>". Categories come in their schema order; numeric
 * columns in buckets. Computed once per snapshot and column.
 *
 * @example
 * segmentChart(snapshot, resolveColumn("payment")!).input.chart; // "segment-bars"
 */
export function segmentChart(snapshot: Snapshot, column: ConversationColumn): SegmentChart {
  return snapshotMemo(snapshot.table, `segment:${column.column}`, () => compute(snapshot, column));
}

function compute(snapshot: Snapshot, column: ConversationColumn): SegmentChart {
  const chart = CATALOGUE[column.column];
  let bars: SegmentBar[];
  let revenueAtRisk: number[] | null = null;
  if (column.kind === "category") {
    let risks = snapshot.segments(column.column);
    if (column.column === "SeniorCitizen") {
      risks = risks.map((r) => ({
        ...r,
        segment: r.segment === 1 ? "Yes" : r.segment === 0 ? "No" : r.segment,
      }));
    }
    bars = orderedSegments(risks, column.values);
    revenueAtRisk = inBarOrder(risks, column.values).map((r) => r?.revenueAtRisk ?? 0);
    // The catalogue's engagement chart names its bars "Low engagement", … (as engagementLevelSegments does).
    if (column.column === "engagementLevel")
      bars = bars.map((b) => ({ ...b, segment: `${b.segment} engagement` }));
  } else {
    const bins = BINS[column.column];
    if (!bins) throw new Error(`no buckets for column ${column.column}`);
    // Only the columns the buckets need: segmentBins reads rows through an escaped function,
    // which costs per column of the table (17× faster on a snapshot's ~70 columns).
    bars = segmentBins(snapshot.table.select(column.column, "probability", "band"), column.column, bins);
  }
  const input: ChartInput = chart
    ? { chart, input: bars }
    : {
        chart: "segment-bars",
        input: {
          segments: bars,
          wording: {
            name: `segment-${column.column}`,
            title: `Churn risk by ${column.label}`,
            segmentHeader: column.label[0].toUpperCase() + column.label.slice(1),
          },
        },
      };
  return { input, bars, revenueAtRisk };
}

/** The segment statistics in `orderedSegments`' order: known values first, then the rest. */
function inBarOrder(risks: readonly SegmentRisk[], order: readonly string[]): (SegmentRisk | undefined)[] {
  const byName = new Map(risks.map((r) => [r.segment === null ? null : String(r.segment), r]));
  const rest = risks.filter((r) => r.segment === null || !order.includes(String(r.segment)));
  return [...order.map((name) => byName.get(name)), ...rest];
}
