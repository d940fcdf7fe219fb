// Churn by persona × plan: one cell per combination, shaded by the chosen rate, labelled with the
// rate and the number of customers.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { count, percent } from "./format.js";

export function personaPlanHeatmap(
  cells,
  { personas, plans, metric = "meanProbability", width = 640, height = 320 },
) {
  const what = metric === "churnRate" ? "observed churn rate" : "average predicted churn risk";
  const rows = cells.map((c) => ({ ...c, value: c[metric] ?? NaN }));
  return {
    name: "persona-plan",
    heading: true,
    title: `Churn by persona and plan (${what})`,
    alt: `Heat map of ${what} by persona and plan: ${rows.map((c) => `${c.persona} on ${c.planTier} ${percent(c.value)} (${count(c.customers)} customers)`).join("; ")}.`,
    table: {
      columns: ["Persona", "Plan", "Customers", "Avg churn risk", "Observed churn", "High risk"],
      align: ["left", "left", "right", "right", "right", "right"],
      rows: cells.map((c) => [
        c.persona,
        c.planTier,
        count(c.customers),
        percent(c.meanProbability),
        percent(c.churnRate),
        count(c.highRisk),
      ]),
    },
    plot: {
      width,
      height,
      marginLeft: 90,
      marginTop: 30,
      padding: 0.05,
      x: { domain: plans, label: null, axis: "top" },
      y: { domain: personas, label: null },
      color: {
        type: "linear",
        domain: [0, Math.max(0.5, ...rows.map((c) => (Number.isFinite(c.value) ? c.value : 0)))],
        range: ["#fbeff0", THEME.raise],
      },
      marks: [
        Plot.cell(rows, { x: "planTier", y: "persona", fill: "value", inset: 1 }),
        Plot.text(rows, {
          x: "planTier",
          y: "persona",
          text: (c) =>
            c.customers ? `${percent(c.value)}\n${count(c.customers)} customers` : "no customers",
          fill: (c) => (c.value > 0.35 ? "white" : THEME.text),
          fontSize: 13,
          lineHeight: 1.3,
        }),
      ],
    },
  };
}
