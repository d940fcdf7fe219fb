import * as Plot from "@observablehq/plot";
import { THEME } from "./chart-theme.ts";

/** An x axis in the theme: light grey ticks, near-black labels (the blank guard counts on this). */
export function themedAxisX(options: Plot.AxisXOptions = {}): Plot.CompoundMark {
  return Plot.axisX({
    stroke: THEME.axis,
    fill: THEME.text,
    labelArrow: "none",
    labelAnchor: "center",
    ...options,
  });
}

/** A y axis in the theme (see `themedAxisX`). */
export function themedAxisY(options: Plot.AxisYOptions = {}): Plot.CompoundMark {
  return Plot.axisY({
    stroke: THEME.axis,
    fill: THEME.text,
    labelArrow: "none",
    labelAnchor: "center",
    ...options,
  });
}

/** Light vertical grid lines at the x ticks. */
export function themedGridX(options: Plot.GridXOptions = {}): Plot.RuleX {
  return Plot.gridX({ stroke: THEME.grid, strokeOpacity: 1, ...options });
}

/** Light horizontal grid lines at the y ticks. */
export function themedGridY(options: Plot.GridYOptions = {}): Plot.RuleY {
  return Plot.gridY({ stroke: THEME.grid, strokeOpacity: 1, ...options });
}
