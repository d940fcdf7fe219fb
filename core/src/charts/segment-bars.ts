import * as Plot from "@observablehq/plot";
import { themedAxisX, themedAxisY, themedGridX } from "./chart-axes.ts";
import { count, percent } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";
import { textWidth, truncateText } from "./text-width.ts";

/** Churn risk of one segment of customers, as the segment charts draw it. */
export interface SegmentBar {
  /** Words for the segment: "Month-to-month", "1–4 sessions". */
  segment: string;
  customers: number;
  /** Mean churn probability of the segment (NaN when it is empty). */
  meanProbability: number;
  /** Customers in the High band. */
  highRisk: number;
}

/** What a segment chart is about, in words. */
export interface SegmentWording {
  name: string;
  title: string;
  subtitle?: string;
  /** Column header for the segment in the text table ("Contract"). */
  segmentHeader: string;
}

const HIGH = "High churn risk";
const REST = "Other customers";

/**
 * The chart behind every segment view (contract, plan, engagement, usage, payment delay, support
 * calls): one horizontal bar per segment, as long as its customer count, the high-risk part in red,
 * labelled with the count and the segment's average churn risk.
 */
export function segmentBars(
  segments: readonly SegmentBar[],
  wording: SegmentWording,
  size: ChartSize = {},
): ChartSpec {
  for (const s of segments) {
    if (!(s.customers >= 0 && s.highRisk >= 0 && s.highRisk <= s.customers)) {
      throw new Error(
        `invalid segment counts: ${JSON.stringify(s.segment)} (${s.customers} customers, ${s.highRisk} high risk)`,
      );
    }
  }
  const total = segments.reduce((sum, s) => sum + s.customers, 0);
  const label = (s: SegmentBar) =>
    s.customers === 0 ? "no customers" : `${count(s.customers)} · ${percent(s.meanProbability)} avg risk`;
  const fs = THEME.fontSize;
  const width = size.width ?? 800;
  const names = segments.map((s) => truncateText(s.segment, width * 0.3, fs));
  const marginLeft = Math.ceil(Math.max(40, ...names.map((n) => textWidth(n, fs))) + 16);
  const marginRight = Math.ceil(Math.max(...segments.map((s) => textWidth(label(s), fs)), 40) + 18);
  const frame = chartFrame({
    ...size,
    title: wording.title,
    subtitle: wording.subtitle ?? riskiest(segments, total),
    legend: [
      { label: HIGH, color: THEME.raise },
      { label: REST, color: THEME.rest },
    ],
    marginLeft,
    marginRight,
  });
  const rows = segments.map((s, i) => ({ ...s, name: names[i] }));
  const parts = rows.flatMap((s) => [
    { name: s.name, part: HIGH, value: s.highRisk },
    { name: s.name, part: REST, value: s.customers - s.highRisk },
  ]);
  const plot = frame.plot(
    [
      themedGridX({ ticks: 5 }),
      Plot.barX(parts, { y: "name", x: "value", fill: "part", order: null, insetTop: 0, insetBottom: 0 }),
      Plot.text(rows, {
        y: "name",
        x: "customers",
        text: label,
        dx: 6,
        textAnchor: "start",
        fill: THEME.text,
      }),
      themedAxisY({ tickSize: 0, label: null, tickPadding: 8 }),
      themedAxisX({ ticks: 5, label: "Customers", tickFormat: (n: number) => count(n) }),
    ],
    {
      y: { domain: names, padding: 0.3 },
      x: { domain: [0, Math.max(1, ...segments.map((s) => s.customers))], nice: true },
      color: { domain: [HIGH, REST], range: [THEME.raise, THEME.rest] },
    },
  );
  return {
    name: wording.name,
    title: wording.title,
    alt:
      total === 0
        ? `${wording.title}: no customers.`
        : `Bar chart, ${wording.title.toLowerCase()}: ${segments
            .map(
              (s) =>
                `${s.segment}: ${count(s.customers)} customers (${percent(s.customers / total)}), average churn risk ${percent(s.meanProbability)}, ${count(s.highRisk)} at high risk`,
            )
            .join("; ")}.`,
    table: {
      columns: [wording.segmentHeader, "Customers", "Share", "Avg churn risk", "High risk"],
      align: ["left", "right", "right", "right", "right"],
      rows: segments.map((s) => [
        s.segment,
        count(s.customers),
        total ? percent(s.customers / total) : "–",
        percent(s.meanProbability),
        count(s.highRisk),
      ]),
    },
    plot,
  };
}

/** "Highest average churn risk: Month-to-month (45%; 582 of 2,750 customers at high risk)." */
function riskiest(segments: readonly SegmentBar[], total: number): string {
  const filled = segments.filter((s) => s.customers > 0);
  if (filled.length === 0) return "No customers in this snapshot.";
  // A handful of customers is not a finding: name the riskiest segment with at least 5% of them.
  const sizeable = filled.filter((s) => s.customers >= total * 0.05);
  const top = (sizeable.length ? sizeable : filled).reduce((a, b) =>
    b.meanProbability > a.meanProbability ? b : a,
  );
  return `Highest average churn risk: ${top.segment} (${percent(top.meanProbability)}; ${count(top.highRisk)} of ${count(top.customers)} customers at high risk). ${count(total)} customers in all.`;
}
