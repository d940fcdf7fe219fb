import { createHash } from "node:crypto";
import {
  abVariants,
  contractSegmentation,
  engagementLevels,
  formatTable,
  paymentDelay,
  planSegmentation,
  riskDistribution,
  segmentBars,
  shapWaterfall,
  supportCalls,
  usageFrequency,
  type ChartSize,
  type ChartSpec,
  type RiskBin,
  type SegmentBar,
  type SegmentWording,
  type VariantChurn,
  type WaterfallInput,
} from "../../core/src/charts/index.ts";

/** The segment charts of the chart catalogue, drawn from segment bars alone. */
export type SegmentChartName =
  | "contract-segmentation"
  | "plan-segmentation"
  | "engagement-levels"
  | "usage-frequency"
  | "payment-delay"
  | "support-calls";

/** Which chart, from which data: plain data that JSON round-trips (NaN aside). */
export type ChartInput =
  | { chart: "shap-waterfall"; input: WaterfallInput }
  | { chart: "risk-distribution"; input: RiskBin[] }
  | { chart: SegmentChartName; input: SegmentBar[] }
  | { chart: "segment-bars"; input: { segments: SegmentBar[]; wording: SegmentWording } }
  | { chart: "ab-variants"; input: { arms: VariantChurn[]; confidence: number; experiment?: string } };

/**
 * A chart a reply asks the adapter to draw: the chart's name and input data, plus the words that
 * stand in for it. Adapters render it with `chartSpec(request)` and core's server renderer
 * (`createChartRenderer().png(spec)`), and post `text` when the image is refused.
 */
export type ChartRequest = ChartInput & {
  /** A file-safe name, unique within the reply: "shap-waterfall-7590-VHVEG". */
  id: string;
  /**
   * Changes exactly when the drawn chart would: the chart's name and a hash of its input. Adapters
   * may keep rendered PNGs (or uploaded files) by it — a segment chart is the same for every
   * question on one snapshot.
   */
  cacheKey: string;
  title: string;
  /** Alt text for the image. */
  alt: string;
  /** The chart's table as aligned plain text, headed by its title (the fallback). */
  text: string;
};

/**
 * The chart definition of a request (Observable Plot options, alt text, table), from core's chart
 * functions, so a chart in a reply is the same chart `engagetrack chart` draws.
 *
 * @example
 * const out = await createChartRenderer().png(chartSpec(reply.charts[0]));
 */
export function chartSpec(request: ChartInput, size: ChartSize = {}): ChartSpec {
  switch (request.chart) {
    case "shap-waterfall":
      return shapWaterfall(request.input, size);
    case "risk-distribution":
      return riskDistribution(request.input, size);
    case "contract-segmentation":
      return contractSegmentation(request.input, size);
    case "plan-segmentation":
      return planSegmentation(request.input, size);
    case "engagement-levels":
      return engagementLevels(request.input, size);
    case "usage-frequency":
      return usageFrequency(request.input, size);
    case "payment-delay":
      return paymentDelay(request.input, size);
    case "support-calls":
      return supportCalls(request.input, size);
    case "segment-bars":
      return segmentBars(request.input.segments, request.input.wording, size);
    case "ab-variants":
      return abVariants(request.input.arms, {
        ...size,
        confidence: request.input.confidence,
        experiment: request.input.experiment,
      });
  }
}

/** A chart request with its title, alt text and text table filled in from the chart's definition. */
export function chartRequest(input: ChartInput, id: string): ChartRequest {
  const spec = chartSpec(input);
  const digest = createHash("sha256").update(JSON.stringify(input)).digest("hex").slice(0, 20);
  return {
    ...input,
    id,
    cacheKey: `${input.chart}-${digest}`,
    title: spec.title,
    alt: spec.alt,
    text: formatTable(spec.title, spec.table),
  };
}
