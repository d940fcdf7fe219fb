import {
  datasetSegments,
  PAYMENT_DELAY_BINS,
  SUPPORT_CALL_BINS,
  USAGE_BINS,
  type Bin,
  type SegmentBar,
} from "../../core/src/charts/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import type { ChartInput, SegmentChartName } from "./chart-request.ts";
import type { ConversationColumn } from "./conversation-catalog.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** A segment chart's input, and each bar's monthly revenue at risk. */
export interface SegmentChart {
  input: ChartInput;
  bars: SegmentBar[];
  /** Σ revenue × probability per bar, in bar order; null when the data has no revenue column. */
  revenueAtRisk: number[] | null;
  /** The column's label, as the table's header and the chart's axis title. */
  label: string;
}

/** Presets whose columns the demo's named charts and buckets below describe. */
const DEMO_PRESETS = new Set(["simulated", "telco"]);

/** The demo's columns the chart catalogue draws by name (so replies match `engagetrack chart`). */
const CATALOGUE: Partial<Record<string, SegmentChartName>> = {
  Contract: "contract-segmentation",
  planTier: "plan-segmentation",
  engagementLevel: "engagement-levels",
  sessionsPerMonth: "usage-frequency",
  paymentDelayDays: "payment-delay",
  supportCalls90d: "support-calls",
};

/** Buckets of the demo's numeric columns: the catalogue's, and ours for the rest. */
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
 * Churn risk by one column of a snapshot, over the customers to act on, as a chart input: the
 * segment bars of `datasetSegments` — the contract's labels, category order and boolean words,
 * numbers in buckets — titled "Churn risk by <label>". On the demo's presets the columns the chart
 * catalogue draws by name (contract, plan, engagement, usage, payment delay, support calls) keep
 * their named charts and buckets. Computed once per snapshot and column.
 *
 * @example
 * segmentChart(snapshot, catalog.column("international plan")!).input.chart; // "segment-bars"
 */
export function segmentChart(snapshot: Snapshot, column: ConversationColumn): SegmentChart {
  return snapshotMemo(snapshot.table, `segment:${column.column}`, () => compute(snapshot, column));
}

function compute(snapshot: Snapshot, column: ConversationColumn): SegmentChart {
  const demo = DEMO_PRESETS.has(snapshot.dataset.name);
  const chart = demo ? CATALOGUE[column.column] : undefined;
  const segments = datasetSegments(snapshot, column.column, demo ? BINS[column.column] : undefined);
  let bars = segments.bars;
  // The catalogue's engagement chart names its bars "Low engagement", … (as engagementLevelSegments does).
  if (chart === "engagement-levels") bars = bars.map((b) => ({ ...b, segment: `${b.segment} engagement` }));
  const input: ChartInput = chart
    ? { chart, input: bars }
    : { chart: "segment-bars", input: { segments: bars, wording: segments.wording } };
  return { input, bars, revenueAtRisk: segments.revenueAtRisk, label: segments.label };
}
