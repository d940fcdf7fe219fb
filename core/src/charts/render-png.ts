import { createRequire } from "node:module";
import { renderAsync } from "@resvg/resvg-js";
import { blankGuard, type GuardVerdict, type PixelArea } from "./blank-guard.ts";
import type { ChartSpec } from "./chart-spec.ts";
import { encodePngAsync } from "./encode-png.ts";
import { createSvgRenderer } from "./render-svg.ts";
import { formatTable } from "./text-table.ts";

/** The shipped font (the `dejavu-fonts-ttf` package): charts look the same on every machine. */
export const CHART_FONT_FAMILY = "DejaVu Sans";

const require = createRequire(import.meta.url);
/** Regular and bold DejaVu Sans, resolved from node_modules. */
export const CHART_FONT_FILES: readonly string[] = [
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
];

/** A chart ready to post: the PNG, or the text table when the image was refused. */
export type RenderedChart =
  | { kind: "png"; png: Buffer; width: number; height: number; alt: string; text: string }
  | { kind: "text"; text: string; alt: string; reason: string };

export interface ChartRendererOptions {
  /** Device pixels per CSS pixel (default 2: sharp on high-density screens and when chat clients zoom). */
  scale?: number;
  fontFiles?: readonly string[];
  /** Told when the blank-chart guard refuses an image (the caller's logger). */
  warn?: (message: string, details: { chart: string; reason: string }) => void;
}

/** Server-side chart rendering (Node only): one jsdom document and one font setup, reused. */
export interface ChartRenderer {
  svg(spec: ChartSpec): string;
  /**
   * Renders to PNG, then runs the blank-chart guard; a refused image falls back to the text table.
   * Rasterising and compression run on libuv's thread pool, so a server stays responsive.
   */
  png(spec: ChartSpec): Promise<RenderedChart>;
  /** The PNG and the guard's verdict, whatever it is (for tests and diagnostics). */
  rasterize(spec: ChartSpec): Promise<{ png: Buffer; width: number; height: number; verdict: GuardVerdict }>;
}

/**
 * Creates a warm chart renderer: Plot on a jsdom document → SVG (with `xmlns`) → resvg with the
 * shipped DejaVu fonts only (`loadSystemFonts: false`, so no machine renders differently and text
 * never silently disappears) → PNG at `scale`× → blank-chart guard.
 *
 * @example
 * const renderer = createChartRenderer({ warn: (msg, details) => log.warn(details, msg) });
 * const out = await renderer.png(riskDistribution(riskBins(snapshot.table)));
 * if (out.kind === "png") await upload(out.png, out.alt); else await say(out.text);
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new Error(`invalid scale: ${scale}`);
  const svgRenderer = createSvgRenderer({ fontFamily: CHART_FONT_FAMILY });
  const font = {
    fontFiles: [...(options.fontFiles ?? CHART_FONT_FILES)],
    loadSystemFonts: false,
    defaultFontFamily: CHART_FONT_FAMILY,
    sansSerifFamily: CHART_FONT_FAMILY,
  };
  const rasterize: ChartRenderer["rasterize"] = async (spec) => {
    const svg = svgRenderer.render(spec);
    const image = await renderAsync(svg, {
      fitTo: { mode: "zoom", value: scale },
      background: "white",
      font,
      logLevel: "off",
    });
    const { width, height } = image;
    const png = await encodePngAsync({ width, height, pixels: image.pixels });
    return { png, width, height, verdict: blankGuard(png, { plotArea: plotArea(spec, scale) }) };
  };
  return {
    svg: (spec) => svgRenderer.render(spec),
    rasterize,
    async png(spec) {
      const text = formatTable(spec.title, spec.table);
      let result;
      try {
        result = await rasterize(spec);
      } catch (err) {
        const reason = `render failed: ${(err as Error).message}`;
        options.warn?.("chart image not rendered; sending the table instead", { chart: spec.name, reason });
        return { kind: "text", text, alt: spec.alt, reason };
      }
      if (!result.verdict.ok) {
        options.warn?.("chart image refused by the blank-chart guard; sending the table instead", {
          chart: spec.name,
          reason: result.verdict.reason,
        });
        return { kind: "text", text, alt: spec.alt, reason: result.verdict.reason };
      }
      return {
        kind: "png",
        png: result.png,
        width: result.width,
        height: result.height,
        alt: spec.alt,
        text,
      };
    },
  };
}

/** The plot area (inside the margins) of a spec, in device pixels. */
function plotArea(spec: ChartSpec, scale: number): PixelArea {
  const p = spec.plot;
  const width = p.width ?? 640;
  const height = p.height ?? 400;
  const [top, right, bottom, left] = [
    p.marginTop ?? 0,
    p.marginRight ?? 0,
    p.marginBottom ?? 0,
    p.marginLeft ?? 0,
  ];
  return {
    x: left * scale,
    y: top * scale,
    width: (width - left - right) * scale,
    height: (height - top - bottom) * scale,
  };
}
