// Expected saving of a retention campaign against the offer threshold, with the chosen and the
// best threshold marked.
import * as Plot from "@observablehq/plot";
import { THEME } from "./bundled/engagetrack-charts.js";
import { money, percent } from "./format.js";

export function costCurveChart(curve, { threshold, width = 640, height = 320 }) {
  const best = curve.reduce((a, b) => (b.saving > a.saving ? b : a));
  const at = curve.reduce((a, b) =>
    Math.abs(b.threshold - threshold) < Math.abs(a.threshold - threshold) ? b : a,
  );
  return {
    name: "cost-curve",
    heading: true,
    title: "Expected saving by threshold",
    alt: `Expected saving of offers to everyone at or above the threshold: ${money(at.saving)} at ${percent(at.threshold)}; best ${money(best.saving)} at ${percent(best.threshold)}.`,
    plot: {
      width,
      height,
      marginLeft: 70,
      marginBottom: 40,
      x: { domain: [0, 1], label: "Offer threshold (churn probability)", tickFormat: "%" },
      y: { label: "Expected saving", tickFormat: (v) => money(v), grid: true },
      marks: [
        Plot.ruleY([0], { stroke: THEME.axis }),
        Plot.line(curve, { x: "threshold", y: "saving", stroke: THEME.lower, strokeWidth: 2 }),
        Plot.ruleX([best.threshold], { stroke: THEME.neutral, strokeDasharray: "4,3" }),
        Plot.dot([best], { x: "threshold", y: "saving", r: 5, fill: THEME.neutral }),
        Plot.text([best], {
          x: "threshold",
          y: "saving",
          text: () => `best ${percent(best.threshold)}`,
          dy: -12,
          fill: THEME.neutral,
        }),
        Plot.dot([at], { x: "threshold", y: "saving", r: 6, fill: THEME.raise, stroke: "white" }),
      ],
    },
  };
}
