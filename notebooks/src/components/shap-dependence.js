// SHAP dependence: how one factor's value moves a customer's score (log-odds), from the Model
// page's sample — dots for numbers, mean and range per category.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { count } from "./format.js";

export function shapDependence(dep, { width = 640, height = 360 } = {}) {
  const title = `SHAP dependence: ${dep.label}`;
  const common = {
    width,
    height,
    marginLeft: 60,
    marginBottom: 50,
    y: { label: "SHAP value (log-odds; + raises risk)", grid: true },
  };
  if (dep.kind === "numeric") {
    const points = dep.points.filter((p) => p.value !== null);
    return {
      name: "shap-dependence",
      heading: true,
      title,
      alt: `${title}: ${count(points.length)} sampled customers, value against its push on the churn score.`,
      plot: {
        ...common,
        x: { label: dep.label },
        marks: [
          Plot.ruleY([0], { stroke: THEME.axis }),
          Plot.dot(points, {
            x: "value",
            y: "shap",
            r: 2.5,
            fill: (d) => (d.shap >= 0 ? THEME.raise : THEME.lower),
            fillOpacity: 0.5,
          }),
        ],
      },
    };
  }
  const rows = dep.categories.map((c) => ({ ...c, value: c.value ?? "Unknown" }));
  return {
    name: "shap-dependence",
    heading: true,
    title,
    alt: `${title}: ${rows.map((c) => `${c.value} ${c.meanShap >= 0 ? "+" : ""}${c.meanShap.toFixed(2)} on average (${count(c.customers)} customers)`).join("; ")}.`,
    table: {
      columns: [dep.label, "Customers", "Mean SHAP", "Min", "Max"],
      align: ["left", "right", "right", "right", "right"],
      rows: rows.map((c) => [
        String(c.value),
        count(c.customers),
        c.meanShap.toFixed(3),
        c.minShap.toFixed(3),
        c.maxShap.toFixed(3),
      ]),
    },
    plot: {
      ...common,
      x: { label: dep.label, domain: rows.map((c) => c.value), padding: 0.4 },
      marks: [
        Plot.ruleY([0], { stroke: THEME.axis }),
        Plot.ruleX(rows, { x: "value", y1: "minShap", y2: "maxShap", stroke: THEME.axis, strokeWidth: 2 }),
        Plot.barY(rows, {
          x: "value",
          y: "meanShap",
          fill: (d) => (d.meanShap >= 0 ? THEME.raise : THEME.lower),
        }),
        // Labels above bars that raise the score, below bars that lower it (dy is one number per mark).
        Plot.text(
          rows.filter((d) => d.meanShap >= 0),
          { x: "value", y: "meanShap", text: (d) => d.meanShap.toFixed(2), dy: -8, fill: THEME.text },
        ),
        Plot.text(
          rows.filter((d) => d.meanShap < 0),
          { x: "value", y: "meanShap", text: (d) => d.meanShap.toFixed(2), dy: 8, fill: THEME.text },
        ),
      ],
    },
  };
}
