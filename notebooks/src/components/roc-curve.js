// ROC curve: true positive rate against false positive rate over every threshold, with the chance
// diagonal and the chosen threshold marked.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { percent } from "./format.js";

export function rocCurve(points, { auc, at, width = 640, height = 360 }) {
  return {
    name: "roc-curve",
    heading: true,
    title: "ROC curve",
    alt: `ROC curve, area under the curve ${auc.toFixed(3)}; at threshold ${percent(at.threshold)} the model finds ${percent(at.recall)} of churners with ${percent(at.falsePositiveRate)} false alarms.`,
    plot: {
      width,
      height,
      marginLeft: 50,
      marginBottom: 40,
      x: { domain: [0, 1], label: "False positive rate", tickFormat: "%" },
      y: { domain: [0, 1], label: "True positive rate (recall)", tickFormat: "%" },
      marks: [
        Plot.gridX({ stroke: THEME.grid, strokeOpacity: 1 }),
        Plot.gridY({ stroke: THEME.grid, strokeOpacity: 1 }),
        Plot.line(
          [
            [0, 0],
            [1, 1],
          ],
          { stroke: THEME.axis, strokeDasharray: "6,4" },
        ),
        Plot.areaY(points, {
          x: "fpr",
          y: "tpr",
          fill: THEME.lower,
          fillOpacity: 0.08,
          curve: "step-before",
        }),
        Plot.line(points, { x: "fpr", y: "tpr", stroke: THEME.lower, strokeWidth: 2 }),
        Plot.dot([at], { x: "falsePositiveRate", y: "recall", r: 6, fill: THEME.raise, stroke: "white" }),
        Plot.text([`AUC ${auc.toFixed(3)}`], {
          frameAnchor: "bottom-right",
          dx: -10,
          dy: -10,
          fontSize: 14,
          fill: THEME.text,
        }),
      ],
    },
  };
}
