// Distribution of engagement scores per A/B arm (share of the arm in each 5-point bucket). Rows
// carry the arm's value in the data; `words` names an arm as the verdict does (default: the value,
// "Variant A" for a bare letter).
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";

export function engagementHistogram(rows, { width = 560, height = 260, words = {} } = {}) {
  const name = (v) => words[v] ?? (/^[A-Z]$/.test(v) ? `Variant ${v}` : v);
  const totals = new Map();
  for (const r of rows) totals.set(r.variant, (totals.get(r.variant) ?? 0) + r.customers);
  const data = rows.map((r) => ({
    ...r,
    share: r.customers / totals.get(r.variant),
    label: name(r.variant),
  }));
  const variants = [...totals.keys()];
  return {
    name: "engagement-histogram",
    heading: true,
    title: "Engagement score distribution by arm",
    alt: `Engagement score distribution by arm (${variants.map((v) => `${name(v)}: ${totals.get(v)} customers`).join(", ")}).`,
    plot: {
      width,
      height,
      marginLeft: 50,
      x: { domain: [0, 100], label: "Engagement score" },
      y: { label: "Share of the arm", tickFormat: "%", grid: true },
      color: { domain: variants.map(name), range: THEME.variants, legend: false },
      marks: [
        Plot.ruleY([0]),
        Plot.line(data, {
          x: (d) => d.from + 2.5,
          y: "share",
          stroke: "label",
          strokeWidth: 2,
          curve: "monotone-x",
        }),
        Plot.dot(data, { x: (d) => d.from + 2.5, y: "share", fill: "label", r: 3 }),
        ...variants.map((v, i) =>
          Plot.text([name(v)], {
            frameAnchor: "top-right",
            dy: 6 + i * 16,
            dx: -6,
            fill: THEME.variants[i],
            fontWeight: "bold",
          }),
        ),
      ],
    },
  };
}
