// Churn by the contract's first two segment columns: one cell per combination, shaded by the chosen
// rate, labelled with the rate and the number of customers (notebooks/loaders/segments-data.ts grid).
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { count, percent } from "./format.js";

export function segmentHeatmap(grid, { metric = "meanProbability", width = 640, height = 320 }) {
  const what =
    metric === "churnRate"
      ? "observed churn rate (history)"
      : "average predicted churn risk (customers to act on)";
  const rowLabel = grid.row.label;
  const colLabel = grid.col.label;
  const rows = grid.cells.map((c) => ({ ...c, value: c[metric] ?? NaN }));
  const shown = (c) => (metric === "churnRate" ? c.churnRate !== null : c.customers > 0);
  return {
    name: "segment-grid",
    heading: true,
    title: `Churn by ${rowLabel} and ${colLabel} (${what})`,
    alt: `Heat map of ${what} by ${rowLabel} and ${colLabel}: ${rows.map((c) => `${c.row}, ${c.col}: ${percent(c.value)} (${count(c.customers)} customers to act on)`).join("; ")}.`,
    table: {
      columns: [rowLabel, colLabel, "Customers to act on", "Avg churn risk", "Observed churn", "High risk"],
      align: ["left", "left", "right", "right", "right", "right"],
      rows: grid.cells.map((c) => [
        c.row,
        c.col,
        count(c.customers),
        percent(c.meanProbability),
        percent(c.churnRate),
        count(c.highRisk),
      ]),
    },
    plot: {
      width,
      height,
      marginLeft: 110,
      marginTop: 30,
      padding: 0.05,
      x: { domain: grid.col.segments.map((s) => s.segment), label: null, axis: "top" },
      y: { domain: grid.row.segments.map((s) => s.segment), label: null },
      color: {
        type: "linear",
        domain: [0, Math.max(0.5, ...rows.map((c) => (Number.isFinite(c.value) ? c.value : 0)))],
        range: ["#fbeff0", THEME.raise],
      },
      marks: [
        Plot.cell(rows, { x: "col", y: "row", fill: "value", inset: 1 }),
        Plot.text(rows, {
          x: "col",
          y: "row",
          text: (c) => (shown(c) ? `${percent(c.value)}\n${count(c.customers)}` : "–"),
          fill: (c) => (c.value > 0.35 ? "white" : THEME.text),
          fontSize: 12,
          lineHeight: 1.3,
        }),
      ],
    },
  };
}
