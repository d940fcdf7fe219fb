// Treatment − control (`difference`, in the arms' words: "discount − control"; default "B − A") for each tested metric with its interval and adjusted p-value: a small forest plot, one row
// per metric, each on its own scale (churn in points, engagement in score units).
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { pValue } from "./format.js";

export function effectIntervals(report, { width = 560, difference = "B − A" } = {}) {
  const rows = [
    {
      metric: "Churn rate (points)",
      diff: report.churn.difference * 100,
      lo: report.churn.interval[0] * 100,
      hi: report.churn.interval[1] * 100,
      p: report.churn.adjustedPValue,
      significant: report.churn.significant,
    },
  ];
  if (report.engagement) {
    const e = report.engagement;
    rows.push({
      metric: "Engagement (score)",
      diff: e.difference,
      lo: e.interval[0],
      hi: e.interval[1],
      p: e.adjustedPValue,
      significant: e.significant,
    });
  }
  const level = `${Math.round(report.confidence * 100)}%`;
  const label = (r) =>
    `${r.diff >= 0 ? "+" : "−"}${Math.abs(r.diff).toFixed(2)} [${r.lo.toFixed(2)}, ${r.hi.toFixed(2)}], Holm p ${pValue(r.p)}`;
  return {
    name: "effect-intervals",
    heading: true,
    title: `Difference ${difference}`,
    alt: `Differences ${difference} with ${level} intervals: ${rows.map((r) => `${r.metric} ${label(r)}`).join("; ")}.`,
    table: {
      columns: ["Metric", difference, `${level} interval`, "Holm-adjusted p"],
      align: ["left", "right", "right", "right"],
      rows: rows.map((r) => [
        r.metric,
        r.diff.toFixed(2),
        `${r.lo.toFixed(2)} to ${r.hi.toFixed(2)}`,
        pValue(r.p),
      ]),
    },
    plot: {
      width,
      height: 80 + rows.length * 70,
      marginLeft: 150,
      marginRight: 20,
      marginTop: 20,
      fy: { domain: rows.map((r) => r.metric), label: null },
      x: { label: `${difference} with ${level} interval (0 = no difference)`, grid: true },
      y: { axis: null },
      facet: { data: rows, y: "metric", marginLeft: 150 },
      marks: [
        Plot.ruleX([0], { stroke: THEME.axis, strokeDasharray: "4,3" }),
        Plot.ruleY(rows, {
          fy: "metric",
          x1: "lo",
          x2: "hi",
          y: 0,
          stroke: (r) => (r.significant ? THEME.raise : THEME.lower),
          strokeWidth: 3,
        }),
        Plot.dot(rows, {
          fy: "metric",
          x: "diff",
          y: 0,
          r: 6,
          fill: (r) => (r.significant ? THEME.raise : THEME.lower),
          stroke: "white",
        }),
        Plot.text(rows, { fy: "metric", x: "diff", y: 0, text: label, dy: -16, fill: THEME.text }),
      ],
    },
  };
}
