// The charts area's public face for browsers and servers alike: chart definitions (plain data →
// Observable Plot options + alt text + text table) and their data adapters. Nothing here imports a
// Node-only module, so notebook pages use these same functions; server rendering (jsdom, resvg,
// PNG) is in ./server.ts.
export type { ChartSpec, ChartTable, ChartSize } from "./chart-spec.ts";
export { DEFAULT_WIDTH, DEFAULT_HEIGHT } from "./chart-spec.ts";
export { THEME } from "./chart-theme.ts";
export { formatTable } from "./text-table.ts";
export { percent, points, count, money } from "./chart-format.ts";
export {
  CHART_NAMES,
  isChartName,
  chartFromSnapshot,
  segmentChartFromSnapshot,
  chartUnavailable,
  availableCharts,
  segmentChoices,
  segmentColumnFor,
  type ChartName,
  type ChartSources,
  type SegmentChoice,
} from "./chart-catalog.ts";
export {
  shapWaterfall,
  waterfallInput,
  type WaterfallInput,
  type WaterfallOptions,
} from "./shap-waterfall.ts";
export { riskDistribution, riskBins, type RiskBin } from "./risk-distribution.ts";
export { segmentBars, type SegmentBar, type SegmentWording } from "./segment-bars.ts";
export {
  segmentBins,
  autoBins,
  type Bin,
  type AutoBinOptions,
  type SegmentBinsOptions,
} from "./segment-bins.ts";
export { datasetSegments, type DatasetSegments, type SegmentSource } from "./dataset-segments.ts";
export { orderedSegments } from "./ordered-segments.ts";
export { engagementLevels, engagementLevelSegments } from "./engagement-levels.ts";
export { planSegmentation, planSegments } from "./plan-segmentation.ts";
export { contractSegmentation, contractSegments } from "./contract-segmentation.ts";
export { usageFrequency, usageFrequencySegments, USAGE_BINS } from "./usage-frequency.ts";
export { paymentDelay, paymentDelaySegments, PAYMENT_DELAY_BINS } from "./payment-delay.ts";
export { supportCalls, supportCallSegments, SUPPORT_CALL_BINS } from "./support-calls.ts";
export {
  abVariants,
  variantChurn,
  variantChurnFromReport,
  type VariantChurn,
  type AbVariantsOptions,
} from "./ab-variants.ts";
export {
  globalImportance,
  importanceBars,
  type ImportanceBar,
  type ImportanceOptions,
} from "./global-importance.ts";
export { riskTrend, type TrendPoint } from "./risk-trend.ts";
export {
  calibrationCurve,
  calibrationBins,
  calibrationFromTable,
  type CalibrationBin,
} from "./calibration-curve.ts";
