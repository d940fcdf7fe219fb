import type { ExperimentReport } from "../experiments/experiment-report.ts";
import type { Explanation } from "../score/explain-customer.ts";
import type { Snapshot } from "../snapshot/snapshot.ts";
import { abVariants, variantChurn, variantChurnFromReport } from "./ab-variants.ts";
import { calibrationCurve, calibrationFromTable } from "./calibration-curve.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { contractSegmentation, contractSegments } from "./contract-segmentation.ts";
import { datasetSegments, type SegmentSource } from "./dataset-segments.ts";
import { engagementLevelSegments, engagementLevels } from "./engagement-levels.ts";
import { globalImportance, importanceBars } from "./global-importance.ts";
import { paymentDelay, paymentDelaySegments } from "./payment-delay.ts";
import { planSegmentation, planSegments } from "./plan-segmentation.ts";
import { riskBins, riskDistribution } from "./risk-distribution.ts";
import { riskTrend, type TrendPoint } from "./risk-trend.ts";
import { segmentBars } from "./segment-bars.ts";
import { shapWaterfall, waterfallInput } from "./shap-waterfall.ts";
import { supportCallSegments, supportCalls } from "./support-calls.ts";
import { usageFrequency, usageFrequencySegments } from "./usage-frequency.ts";

/** Every chart, by the name `engagetrack chart <name>` and chart URLs use. */
export const CHART_NAMES = [
  "shap-waterfall",
  "risk-distribution",
  "engagement-levels",
  "plan-segmentation",
  "contract-segmentation",
  "usage-frequency",
  "payment-delay",
  "support-calls",
  "ab-variants",
  "global-importance",
  "risk-trend",
  "calibration-curve",
] as const;

export type ChartName = (typeof CHART_NAMES)[number];

/** What the charts are drawn from. */
export interface ChartSources {
  snapshot: Pick<Snapshot, "table" | "actionable" | "segments" | "importance" | "manifest">;
  /** Snapshots to draw the risk trend over (their manifests); default: this snapshot alone. */
  history?: readonly TrendPoint[];
  /** One customer's explanation: needed by the SHAP waterfall only. */
  explanation?: Explanation;
  /** The A/B analysis; without it the A/B chart counts the snapshot's labels itself (95% Wilson intervals). */
  experiment?: Pick<ExperimentReport, "variants" | "confidence"> &
    Partial<Pick<ExperimentReport, "assignment" | "experiment">>;
}

/** True for a known chart name. */
export function isChartName(name: string): name is ChartName {
  return (CHART_NAMES as readonly string[]).includes(name);
}

/**
 * Any chart by name, from a snapshot (and, for the waterfall, a customer's explanation).
 *
 * @example
 * const spec = chartFromSnapshot("contract-segmentation", { snapshot });
 */
export function chartFromSnapshot(name: ChartName, sources: ChartSources, size: ChartSize = {}): ChartSpec {
  const { snapshot } = sources;
  switch (name) {
    case "shap-waterfall":
      if (!sources.explanation) throw new Error("the shap-waterfall chart needs a customer's explanation");
      return shapWaterfall(waterfallInput(sources.explanation), size);
    case "risk-distribution":
      return riskDistribution(riskBins(snapshot.actionable), size);
    case "engagement-levels":
      return engagementLevels(engagementLevelSegments(snapshot), size);
    case "plan-segmentation":
      return planSegmentation(planSegments(snapshot), size);
    case "contract-segmentation":
      return contractSegmentation(contractSegments(snapshot), size);
    case "usage-frequency":
      return usageFrequency(usageFrequencySegments(snapshot), size);
    case "payment-delay":
      return paymentDelay(paymentDelaySegments(snapshot), size);
    case "support-calls":
      return supportCalls(supportCallSegments(snapshot), size);
    case "ab-variants":
      return sources.experiment
        ? abVariants(variantChurnFromReport(sources.experiment), {
            ...size,
            confidence: sources.experiment.confidence,
            experiment: sources.experiment.experiment?.key,
          })
        : abVariants(variantChurn(snapshot.table), size);
    case "global-importance":
      return globalImportance(importanceBars(snapshot.importance()), size);
    case "risk-trend":
      return riskTrend(sources.history ?? [snapshot.manifest], size);
    case "calibration-curve":
      return calibrationCurve(calibrationFromTable(snapshot.table), size);
  }
}

/**
 * Churn risk by any column of a snapshot's data set, drawn from its contract: the segment-bars
 * chart titled "Churn risk by <label>", the label as the axis title (see `datasetSegments`). The
 * named segment charts above (contract, plan, engagement, usage, payment delay, support calls) are
 * the demo's; this one serves every table.
 *
 * @example
 * const spec = segmentChartFromSnapshot(snapshot, "international_plan");
 */
export function segmentChartFromSnapshot(
  snapshot: SegmentSource,
  column: string,
  size: ChartSize = {},
): ChartSpec {
  const { bars, wording } = datasetSegments(snapshot, column);
  return segmentBars(bars, wording, size);
}
