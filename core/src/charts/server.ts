// The charts area's server face (Node only): everything in ./index.ts plus rendering to SVG and
// PNG with jsdom and resvg, the blank-chart guard and the PNG codec it uses.
export * from "./index.ts";
export { createSvgRenderer, type SvgRenderer, type SvgRendererOptions } from "./render-svg.ts";
export {
  createChartRenderer,
  CHART_FONT_FAMILY,
  CHART_FONT_FILES,
  type ChartRenderer,
  type ChartRendererOptions,
  type RenderedChart,
} from "./render-png.ts";
export {
  blankGuard,
  countInk,
  type GuardVerdict,
  type GuardOptions,
  type InkCounts,
  type PixelArea,
} from "./blank-guard.ts";
export { encodePng, encodePngAsync, type RgbaImage } from "./encode-png.ts";
export { decodePng } from "./decode-png.ts";
