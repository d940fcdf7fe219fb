// The confusion matrix at one threshold: a 2×2 grid of counts, shaded by share of customers.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { count, percent } from "./format.js";

export function confusionMatrix(c, { width = 420, height = 300 } = {}) {
  const cells = [
    { actual: "Churned", predicted: "Churn", n: c.tp, kind: "True positives" },
    { actual: "Churned", predicted: "Stay", n: c.fn, kind: "Missed churners" },
    { actual: "Stayed", predicted: "Churn", n: c.fp, kind: "False alarms" },
    { actual: "Stayed", predicted: "Stay", n: c.tn, kind: "True negatives" },
  ];
  const what = c.observed ? "customers" : "expected customers";
  return {
    name: "confusion-matrix",
    heading: true,
    title: "Confusion matrix",
    alt: `Confusion matrix at threshold ${percent(c.threshold)}: ${cells.map((d) => `${d.kind} ${count(d.n)}`).join(", ")} (${what}).`,
    table: {
      columns: ["Actual", "Predicted", "Customers"],
      align: ["left", "left", "right"],
      rows: cells.map((d) => [d.actual, d.predicted, count(d.n)]),
    },
    plot: {
      width,
      height,
      marginLeft: 90,
      marginTop: 40,
      padding: 0.04,
      x: { domain: ["Churn", "Stay"], label: "Predicted", axis: "top" },
      y: { domain: ["Churned", "Stayed"], label: "Actual" },
      color: { type: "linear", domain: [0, c.total || 1], range: ["#f4f7fb", THEME.lower] },
      marks: [
        Plot.cell(cells, { x: "predicted", y: "actual", fill: "n", inset: 1 }),
        Plot.text(cells, {
          x: "predicted",
          y: "actual",
          text: (d) => `${count(d.n)}\n${d.kind}`,
          fill: (d) => (d.n > c.total * 0.45 ? "white" : THEME.text),
          fontSize: 14,
          lineHeight: 1.3,
        }),
      ],
    },
  };
}
