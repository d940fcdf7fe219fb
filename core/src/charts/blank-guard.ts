import { decodePng } from "./decode-png.ts";

/** A rectangle in image (device) pixels. */
export interface PixelArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a chart image contains, by pixel class. */
export interface InkCounts {
  width: number;
  height: number;
  /** Pixels visibly different from the background (the top-left pixel). */
  ink: number;
  /** Saturated pixels inside the plot area: the chart's marks (the theme draws every mark in colour). */
  marks: number;
  /** Near-black grey pixels anywhere: text (the theme keeps axes and grids light grey). */
  text: number;
}

export type GuardVerdict = { ok: true; counts: InkCounts } | { ok: false; reason: string; counts: InkCounts };

export interface GuardOptions {
  /** Where the data marks are; default the whole image (then legend swatches count as marks too). */
  plotArea?: PixelArea;
}

/**
 * The blank-chart guard: decodes a chart PNG and refuses it when it is empty, has no marks in its
 * plot area, or has no text (the usual failure: a renderer without fonts drops every label
 * silently). Thresholds scale with the image, so they hold at any size or pixel ratio.
 *
 * @example
 * const verdict = blankGuard(png, { plotArea });
 * if (!verdict.ok) log.warn({ reason: verdict.reason }, "chart image refused; sending the table");
 */
export function blankGuard(png: Uint8Array, options: GuardOptions = {}): GuardVerdict {
  const counts = countInk(png, options.plotArea);
  const pixels = counts.width * counts.height;
  const area = options.plotArea ? options.plotArea.width * options.plotArea.height : pixels;
  const refuse = (reason: string): GuardVerdict => ({ ok: false, reason, counts });
  if (counts.ink < Math.max(100, pixels * 0.002))
    return refuse(`empty image: ${counts.ink} of ${pixels} pixels inked`);
  if (counts.marks < Math.max(60, area * 0.0003))
    return refuse(`no marks: ${counts.marks} coloured pixels in the plot area`);
  if (counts.text < Math.max(150, pixels * 0.0005)) return refuse(`no text: ${counts.text} text pixels`);
  return { ok: true, counts };
}

/** Counts ink, mark and text pixels of a PNG (see `InkCounts`). */
export function countInk(png: Uint8Array, plotArea?: PixelArea): InkCounts {
  const { width, height, pixels } = decodePng(png);
  // Composite over white, so transparent pixels read as the paper they will be shown on.
  const a0 = pixels[3] / 255;
  const br = pixels[0] * a0 + 255 * (1 - a0);
  const bg = pixels[1] * a0 + 255 * (1 - a0);
  const bb = pixels[2] * a0 + 255 * (1 - a0);
  const x0 = Math.max(0, Math.floor(plotArea?.x ?? 0));
  const y0 = Math.max(0, Math.floor(plotArea?.y ?? 0));
  const x1 = Math.min(width, Math.ceil(plotArea ? plotArea.x + plotArea.width : width));
  const y1 = Math.min(height, Math.ceil(plotArea ? plotArea.y + plotArea.height : height));
  let ink = 0;
  let marks = 0;
  let text = 0;
  for (let y = 0, o = 0; y < height; y++) {
    const inRows = y >= y0 && y < y1;
    for (let x = 0; x < width; x++, o += 4) {
      let r = pixels[o];
      let g = pixels[o + 1];
      let b = pixels[o + 2];
      const a = pixels[o + 3];
      if (a !== 255) {
        const paper = 255 * (255 - a);
        r = (r * a + paper) / 255;
        g = (g * a + paper) / 255;
        b = (b * a + paper) / 255;
      }
      if (r - br <= 24 && br - r <= 24 && g - bg <= 24 && bg - g <= 24 && b - bb <= 24 && bb - b <= 24)
        continue;
      ink++;
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      if (max - min >= 40) {
        if (inRows && x >= x0 && x < x1) marks++;
      } else if (0.299 * r + 0.587 * g + 0.114 * b < 110) text++;
    }
  }
  return { width, height, ink, marks, text };
}
