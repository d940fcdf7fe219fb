// Precision–recall curve: how many of the customers flagged really churn, against how many churners
// are flagged, with the base rate (a model that guesses) and the chosen threshold marked.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { percent } from "./format.js";

export function precisionRecall(points, { prAuc, baseRate, at, width = 640, height = 360 }) {
  return {
    name: "precision-recall",
    heading: true,
    title: "Precision–recall curve",
    alt: `Precision–recall curve, area ${prAuc.toFixed(3)} against a base rate of ${percent(baseRate)}; at threshold ${percent(at.threshold)} precision is ${percent(at.precision)} and recall ${percent(at.recall)}.`,
    plot: {
      width,
      height,
      marginLeft: 50,
      marginBottom: 40,
      x: { domain: [0, 1], label: "Recall (churners flagged)", tickFormat: "%" },
      y: { domain: [0, 1], label: "Precision (flagged who churn)", tickFormat: "%" },
      marks: [
        Plot.gridX({ stroke: THEME.grid, strokeOpacity: 1 }),
        Plot.gridY({ stroke: THEME.grid, strokeOpacity: 1 }),
        Plot.ruleY([baseRate], { stroke: THEME.axis, strokeDasharray: "6,4" }),
        Plot.line(points, { x: "recall", y: "precision", stroke: THEME.neutral, strokeWidth: 2 }),
        Plot.dot([at], { x: "recall", y: "precision", r: 6, fill: THEME.raise, stroke: "white" }),
        Plot.text([`PR AUC ${prAuc.toFixed(3)}`], {
          frameAnchor: "top-right",
          dx: -10,
          dy: 10,
          fontSize: 14,
          fill: THEME.text,
        }),
      ],
    },
  };
}
