import type { PlotOptions } from "@observablehq/plot";

/** A plain-text table: what chat clients without images and screen readers get instead of the chart. */
export interface ChartTable {
  columns: string[];
  /** Per column; numbers read best right-aligned. Default "left". */
  align: ("left" | "right")[];
  /** Cells already formatted as text, one array per row. */
  rows: string[][];
}

/**
 * One chart, defined once: Observable Plot options for the browser and the server, plus the words
 * that stand in for it (alt text and a text table).
 */
export interface ChartSpec {
  /** The chart's name, as in `engagetrack chart <name>`. */
  name: string;
  title: string;
  /** One or two sentences for screen readers and image alt attributes; says what the chart shows. */
  alt: string;
  table: ChartTable;
  /**
   * Complete Plot options (width, height, margins, scales, marks, title drawn inside the SVG):
   * `Plot.plot(spec.plot)` in a page, `renderSvg`/`createChartRenderer` on the server.
   */
  plot: PlotOptions;
}

/** Size of a chart in CSS pixels. The default suits a chat preview: 800×450. */
export interface ChartSize {
  width?: number;
  height?: number;
}

export const DEFAULT_WIDTH = 800;
export const DEFAULT_HEIGHT = 450;
