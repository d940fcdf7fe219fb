import * as Plot from "@observablehq/plot";
import type { Markish, PlotOptions } from "@observablehq/plot";
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, type ChartSize } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";
import { textWidth, wrapText } from "./text-width.ts";

/** A legend entry: a colour swatch and its words. */
export interface LegendItem {
  label: string;
  color: string;
}

export interface FrameOptions extends ChartSize {
  title: string;
  subtitle?: string;
  legend?: LegendItem[];
  /** Space for the y-axis labels (left) and value labels (right), in px. */
  marginLeft?: number;
  marginRight?: number;
  marginBottom?: number;
  /** Extra space between the header and the plot area. */
  gap?: number;
}

export interface Frame {
  width: number;
  height: number;
  /** Size of the plotting area (inside the margins). */
  innerWidth: number;
  innerHeight: number;
  /** Builds the Plot options: header (title, subtitle, legend) drawn inside the SVG, then `marks`. */
  plot(marks: Markish[], scales?: Omit<PlotOptions, "marks">): PlotOptions;
}

/**
 * The common frame of every chart: fixed size, a title and wrapped subtitle drawn inside the SVG
 * (so the PNG carries them; Plot's own figure title is HTML), a swatch legend, theme colours.
 */
export function chartFrame(options: FrameOptions): Frame {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  if (!(width >= 200 && height >= 150)) throw new Error(`chart too small: ${width}×${height}`);
  const pad = THEME.padding;
  const marginLeft = options.marginLeft ?? 50;
  const marginRight = options.marginRight ?? 24;
  const marginBottom = options.marginBottom ?? 44;
  const textArea = width - 2 * pad;

  const header: Markish[] = [];
  const lines: { text: string; y: number; fontSize: number; bold: boolean; fill: string }[] = [];
  let y = pad;
  for (const text of wrapText(options.title, textArea, THEME.titleSize, true)) {
    lines.push({ text, y, fontSize: THEME.titleSize, bold: true, fill: THEME.text });
    y += THEME.titleSize * THEME.lineHeight;
  }
  if (options.subtitle) y += 2;
  for (const text of options.subtitle ? wrapText(options.subtitle, textArea, THEME.subtitleSize) : []) {
    lines.push({ text, y, fontSize: THEME.subtitleSize, bold: false, fill: THEME.mutedText });
    y += THEME.subtitleSize * THEME.lineHeight;
  }
  // The legend flows left to right and wraps; swatches are squares as tall as the text.
  const legendItems: { x: number; y: number; item: LegendItem }[] = [];
  if (options.legend?.length) {
    y += 6;
    let x = pad;
    const swatch = THEME.fontSize;
    for (const item of options.legend) {
      const w = swatch + 6 + textWidth(item.label, THEME.fontSize) + 18;
      if (x > pad && x + w > width - pad) {
        x = pad;
        y += THEME.fontSize * THEME.lineHeight + 4;
      }
      legendItems.push({ x, y, item });
      x += w;
    }
    y += THEME.fontSize * THEME.lineHeight;
  }
  const marginTop = Math.ceil(y + (options.gap ?? 20));
  const innerWidth = width - marginLeft - marginRight;
  if (innerWidth < 60 || height - marginTop - marginBottom < 40) {
    throw new Error(`chart too small for its labels: ${width}×${height}`);
  }
  // Header marks sit in the top margin: anchored at the frame's top-left, shifted back by the margins.
  const at = (x: number, top: number) => ({
    frameAnchor: "top-left" as const,
    dx: x - marginLeft,
    dy: top - marginTop,
  });
  for (const l of lines) {
    header.push(
      Plot.text([l.text], {
        text: (d: string) => d,
        ...at(pad, l.y),
        textAnchor: "start",
        lineAnchor: "top",
        fontSize: l.fontSize,
        fontWeight: l.bold ? "bold" : "normal",
        fill: l.fill,
      }),
    );
  }
  for (const { x, y: top, item } of legendItems) {
    const s = THEME.fontSize;
    header.push(
      Plot.dot([item], {
        ...at(x + s / 2, top + s / 2),
        symbol: "square",
        r: s / 2,
        fill: item.color,
        stroke: null,
      }),
    );
    header.push(
      Plot.text([item.label], {
        text: (d: string) => d,
        ...at(x + s + 6, top + s / 2),
        textAnchor: "start",
        lineAnchor: "middle",
        fill: THEME.text,
      }),
    );
  }

  return {
    width,
    height,
    innerWidth,
    innerHeight: height - marginTop - marginBottom,
    plot(marks, scales = {}) {
      return {
        width,
        height,
        marginTop,
        marginRight,
        marginBottom,
        marginLeft,
        style: {
          fontSize: `${THEME.fontSize}px`,
          color: THEME.text,
          background: THEME.background,
          overflow: "visible",
        },
        ...scales,
        marks: [...header, ...marks],
      };
    },
  };
}
