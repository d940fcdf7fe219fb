// Mean engagement score per A/B arm with its interval (mean ± z·sd/√n at the report's confidence,
// computed by the loader with core's criticalValue): the secondary metric beside core's
// churn-by-arm chart. `arms` (the loader's, control first) names each arm as the verdict does.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { count } from "./format.js";

export function engagementArms(report, intervals, { width = 560, height = 260, arms = [] } = {}) {
  const rows = report.variants.map((v, i) => {
    const [lo, hi] = intervals[v.variant] ?? [NaN, NaN];
    const label = arms[i]?.words ?? `Variant ${v.variant} · ${v.name}`;
    return { ...v, label, lo, hi, color: THEME.variants[i] };
  });
  const level = `${Math.round(report.confidence * 100)}%`;
  return {
    name: "engagement-arms",
    heading: true,
    title: "Engagement by arm",
    alt: `Mean engagement score per arm with ${level} intervals: ${rows.map((r) => `${r.label} ${r.meanEngagement.toFixed(1)} (${r.lo.toFixed(1)}–${r.hi.toFixed(1)}, ${count(r.customers)} customers)`).join("; ")}.`,
    table: {
      columns: ["Arm", "Customers", "Mean engagement", `${level} interval`],
      align: ["left", "right", "right", "right"],
      rows: rows.map((r) => [
        r.label,
        count(r.customers),
        r.meanEngagement.toFixed(1),
        `${r.lo.toFixed(1)}–${r.hi.toFixed(1)}`,
      ]),
    },
    plot: {
      width,
      height,
      marginLeft: 170,
      marginRight: 110,
      y: { domain: rows.map((r) => r.label), label: null, padding: 0.5 },
      x: { label: "Mean engagement score (0–100)", grid: true, nice: true },
      marks: [
        Plot.ruleY(rows, { y: "label", x1: "lo", x2: "hi", stroke: "color", strokeWidth: 3 }),
        Plot.dot(rows, { y: "label", x: "meanEngagement", r: 7, fill: "color", stroke: "white" }),
        Plot.text(rows, {
          y: "label",
          x: "hi",
          text: (r) => `${r.meanEngagement.toFixed(1)} (${r.lo.toFixed(1)}–${r.hi.toFixed(1)})`,
          dx: 10,
          textAnchor: "start",
          fill: THEME.text,
        }),
      ],
    },
  };
}
