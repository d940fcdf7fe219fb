import type { ColumnTable } from "arquero";
import { contractFeature, featureDisplayLabel, type DatasetContract } from "../data/dataset-contract.ts";
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
import { CHART_NAMES, type ChartName } from "./chart-names.ts";

export { CHART_NAMES, type ChartName } from "./chart-names.ts";

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
 * The column each of the demo's named segment charts reads (the simulator's and Telco's columns).
 * Any other data set charts its own columns with `segmentChartFromSnapshot`.
 */
const DEMO_CHART_COLUMNS: Partial<Record<ChartName, string>> = {
  "engagement-levels": "engagementLevel",
  "plan-segmentation": "planTier",
  "contract-segmentation": "Contract",
  "usage-frequency": "sessionsPerMonth",
  "payment-delay": "paymentDelayDays",
  "support-calls": "supportCalls90d",
};

/**
 * Why a named chart cannot be drawn from a snapshot's table, or null when it can: the demo's
 * named segment charts need their own column.
 *
 * @example
 * chartUnavailable("contract-segmentation", accounts.table); // "the contract-segmentation chart is the demo's: …"
 */
export function chartUnavailable(name: ChartName, table: Pick<ColumnTable, "columnNames">): string | null {
  const column = DEMO_CHART_COLUMNS[name];
  if (column === undefined || table.columnNames().includes(column)) return null;
  return `the ${name} chart is the demo's: it reads a ${column} column, which this data set does not have`;
}

/** The named charts a snapshot's table can draw (ab-variants still needs a declared experiment). */
export function availableCharts(table: Pick<ColumnTable, "columnNames">): ChartName[] {
  return CHART_NAMES.filter((name) => chartUnavailable(name, table) === null);
}

/** A column to chart churn risk by, with the label its contract gives it. */
export interface SegmentChoice {
  column: string;
  label: string;
}

/** The data set's segment columns (its contract's `segments`), with their labels. */
export function segmentChoices(dataset: DatasetContract): SegmentChoice[] {
  return dataset.segments.map((column) => {
    const f = contractFeature(dataset, column);
    return { column, label: f ? featureDisplayLabel(f) : column };
  });
}

/**
 * The column a user means by `nameOrLabel` (case-insensitive): one of the contract's segment
 * columns or features, by column name, label or label with unit ("International plan",
 * "Day minutes (minutes)"), or the risk band / status; undefined when none matches.
 *
 * @example
 * segmentColumnFor(accounts.dataset, accounts.segmentColumns, "international plan"); // "international_plan"
 */
export function segmentColumnFor(
  dataset: DatasetContract,
  segmentColumns: readonly string[],
  nameOrLabel: string,
): string | undefined {
  const wanted = nameOrLabel.trim().toLowerCase();
  const allowed = new Set(segmentColumns);
  const candidates = [...dataset.segments, ...dataset.features.map((f) => f.column), "band", "status"].filter(
    (c) => allowed.has(c),
  );
  const names = (column: string): string[] => {
    const f = contractFeature(dataset, column);
    if (column === "band") return [column, "risk band"];
    return f ? [column, f.label ?? column, featureDisplayLabel(f)] : [column];
  };
  return candidates.find((c) => names(c).some((n) => n.toLowerCase() === wanted));
}

/**
 * Any chart by name, from a snapshot (and, for the waterfall, a customer's explanation). The
 * demo's named segment charts throw, saying so, on a data set without their column.
 *
 * @example
 * const spec = chartFromSnapshot("contract-segmentation", { snapshot });
 */
export function chartFromSnapshot(name: ChartName, sources: ChartSources, size: ChartSize = {}): ChartSpec {
  const { snapshot } = sources;
  const unavailable = chartUnavailable(name, snapshot.table);
  if (unavailable) throw new Error(unavailable);
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
