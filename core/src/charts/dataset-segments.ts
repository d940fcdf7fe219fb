import type { ColumnTable } from "arquero";
import {
  contractFeature,
  featureDisplayLabel,
  isSimulatedColumn,
  type DatasetContract,
} from "../data/dataset-contract.ts";
import type { RevenueSource } from "../snapshot/risk-summary.ts";
import type { SegmentRisk } from "../snapshot/segment-risk.ts";
import { orderedSegments } from "./ordered-segments.ts";
import type { SegmentBar, SegmentWording } from "./segment-bars.ts";
import { autoBins, segmentBins, type Bin } from "./segment-bins.ts";

/** What segmenting needs of a snapshot. */
export interface SegmentSource {
  table: ColumnTable;
  actionable: ColumnTable;
  dataset: DatasetContract;
  revenue: RevenueSource;
  segments(column: string): SegmentRisk[];
}

/** Churn risk by one column of a data set, in its contract's words. */
export interface DatasetSegments {
  column: string;
  /** The column's label ("International plan", "Tenure (months)"). */
  label: string;
  wording: SegmentWording;
  bars: SegmentBar[];
  /** Σ revenue × probability per bar, in bar order; null when the data has no revenue column. */
  revenueAtRisk: number[] | null;
  /** The column's values are made by the simulator. */
  simulated: boolean;
}

const BANDS = ["Low", "Medium", "High"];
const STATUSES = ["current", "churned", "retained"];

/**
 * Churn risk by `column` over the customers to act on (by `status`: every customer, history
 * included), in the words of the snapshot's dataset contract: categories in the contract's order,
 * booleans as its words ("No", "Yes"), numbers in buckets (`autoBins`, or `bins` when given), the
 * band and the experiment arm by value; titled "Churn risk by <label>" with the label as the axis
 * title. Each bar's monthly revenue at risk comes along.
 *
 * @example
 * datasetSegments(snapshot, "international_plan").bars.map((b) => b.segment); // ["No", "Yes"]
 */
export function datasetSegments(
  source: SegmentSource,
  column: string,
  bins?: readonly Bin[],
): DatasetSegments {
  const contract = source.dataset;
  const feature = contractFeature(contract, column);
  const label =
    column === "band"
      ? "Risk band"
      : column === "status"
        ? "Status"
        : column === contract.experiment?.column
          ? "Experiment arm"
          : feature
            ? featureDisplayLabel(feature)
            : column;
  const withRevenue = source.revenue.column !== null;
  let bars: SegmentBar[];
  let revenueAtRisk: number[] | null = null;
  const numeric =
    feature && (feature.type === "number" || feature.type === "integer" || feature.type === "date");
  if (numeric) {
    const base = source.actionable;
    const columns = [column, "probability", "band", ...(withRevenue ? [source.revenue.column!] : [])];
    const date = feature.type === "date";
    const buckets =
      bins ??
      autoBins(base.array(column) as ArrayLike<unknown>, {
        integer: feature.type === "integer" || date,
        format: date ? (d) => new Date(d * 86_400_000).toISOString().slice(0, 10) : undefined,
      });
    const binned = segmentBins(base.select([...new Set(columns)]), column, buckets, {
      revenue: source.revenue.column,
    });
    bars = binned.map(({ revenueAtRisk: _, ...bar }) => bar);
    if (withRevenue) revenueAtRisk = binned.map((b) => b.revenueAtRisk ?? 0);
  } else {
    // An empty group (a dictionary value no row holds) has no statistics: orderedSegments adds it back empty.
    let risks = source.segments(column).filter((r) => r.customers > 0);
    let order: readonly string[] = [];
    if (feature?.type === "boolean") {
      const [yes, no] = [word(feature.boolean?.true, "Yes"), word(feature.boolean?.false, "No")];
      risks = risks.map((r) => ({ ...r, segment: r.segment === 1 ? yes : r.segment === 0 ? no : r.segment }));
      order = [no, yes];
    } else if (feature?.type === "category") order = feature.values ?? [];
    else if (column === "band") order = BANDS;
    else if (column === "status") order = STATUSES;
    else if (column === contract.experiment?.column) order = contract.experiment.arms;
    bars = orderedSegments(risks, order);
    if (withRevenue) {
      const byName = new Map(risks.map((r) => [r.segment === null ? "Unknown" : String(r.segment), r]));
      revenueAtRisk = bars.map((b) => byName.get(b.segment)?.revenueAtRisk ?? 0);
    }
  }
  const lower = /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
  return {
    column,
    label,
    wording: { name: `segment-${column}`, title: `Churn risk by ${lower}`, segmentHeader: label },
    bars,
    revenueAtRisk,
    simulated: isSimulatedColumn(contract, column),
  };
}

/** A boolean's word: the contract's first spelling that is a word ("yes" → "Yes"), else `fallback`. */
function word(spellings: readonly string[] | undefined, fallback: string): string {
  const w = spellings?.find((s) => /[a-z]/i.test(s));
  return w ? w[0].toUpperCase() + w.slice(1) : fallback;
}
