/**
 * The Behaviour page's data: a small cube of churn statistics by persona × plan × contract × variant
 * × the bucket of each behaviour chart. The page filters it with Arquero and sums it back into the
 * same `SegmentBar`s the core chart adapters compute, so a million customers ship as a few thousand
 * rows and every filter combination still reads exact numbers.
 */
import { escape, op, type ColumnTable } from "arquero";
import type { Snapshot } from "engagetrack";
import { PAYMENT_DELAY_BINS, SUPPORT_CALL_BINS, USAGE_BINS, type Bin } from "engagetrack/charts";
import { CONTRACTS, ENGAGEMENT_LEVELS, PERSONAS, PLAN_TIERS, VARIANTS } from "engagetrack/data";

/** The filters, in display order. */
export const FILTER_COLUMNS = ["persona", "planTier", "Contract", "variant"] as const;
export type FilterColumn = (typeof FILTER_COLUMNS)[number];

/** One chart of the page: the column it buckets and its segments in order. */
export interface BehaviourView {
  /** The core chart it feeds ("usage-frequency", …). */
  chart: string;
  column: string;
  /** Segment labels in chart order (numeric views end with "Unknown" when some value is missing). */
  segments: string[];
}

export interface BehaviourData {
  snapshotId: string;
  customers: number;
  /** Allowed values of each filter, in the schema's order. */
  filters: Record<FilterColumn, string[]>;
  views: BehaviourView[];
  /**
   * The cube, column-wise (`aq.table(cube)` in the page): filter columns, `chart`, `segment` (index
   * into the view's segments), customers, sumProbability, highRisk.
   */
  cube: Record<string, (string | number)[]>;
}

/** Numeric views bucket like the core adapters (`segmentBins`): a value goes to the last bin whose `from` ≤ it. */
const NUMERIC_VIEWS: readonly { chart: string; column: string; bins: readonly Bin[] }[] = [
  { chart: "usage-frequency", column: "sessionsPerMonth", bins: USAGE_BINS },
  { chart: "payment-delay", column: "paymentDelayDays", bins: PAYMENT_DELAY_BINS },
  { chart: "support-calls", column: "supportCalls90d", bins: SUPPORT_CALL_BINS },
];
const CATEGORY_VIEWS: readonly { chart: string; column: string; values: readonly string[] }[] = [
  { chart: "contract-segmentation", column: "Contract", values: CONTRACTS },
  { chart: "engagement-levels", column: "engagementLevel", values: ENGAGEMENT_LEVELS },
];

/**
 * @example
 * behaviourData(snapshot).cube.customers.reduce((a, b) => a + b) / behaviourData(snapshot).views.length; // snapshot.size
 */
export function behaviourData(snapshot: Pick<Snapshot, "table" | "manifest" | "size">): BehaviourData {
  const table = snapshot.table;
  const views: BehaviourView[] = [];
  const parts: ColumnTable[] = [];
  for (const v of NUMERIC_VIEWS) {
    const froms = v.bins.map((b) => b.from);
    const unknown = v.bins.length;
    const binOf = (x: unknown): number => {
      if (typeof x !== "number" || Number.isNaN(x)) return unknown;
      let k = -1;
      for (let i = 0; i < froms.length && froms[i] <= x; i++) k = i;
      return k < 0 ? unknown : k;
    };
    const part = cubeOf(
      table.derive({ segment: escape((d: Record<string, unknown>) => binOf(d[v.column])) }),
      v.chart,
    );
    const hasUnknown = (part.array("segment") as ArrayLike<number>).length
      ? Array.from(part.array("segment") as ArrayLike<number>).includes(unknown)
      : false;
    views.push({
      chart: v.chart,
      column: v.column,
      segments: [...v.bins.map((b) => b.label), ...(hasUnknown ? ["Unknown"] : [])],
    });
    parts.push(part);
  }
  for (const v of CATEGORY_VIEWS) {
    const values = [...v.values];
    const seen = (table.groupby(v.column).count().array(v.column) as ArrayLike<string | null>) ?? [];
    for (const s of Array.from(seen)) {
      const name = s === null ? "Unknown" : String(s);
      if (!values.includes(name)) values.push(name);
    }
    const index = new Map(values.map((name, i) => [name, i]));
    const part = cubeOf(
      table.derive({
        segment: escape((d: Record<string, unknown>) =>
          index.get(d[v.column] === null ? "Unknown" : String(d[v.column])),
        ),
      }),
      v.chart,
    );
    views.push({ chart: v.chart, column: v.column, segments: values });
    parts.push(part);
  }
  const cube = parts.reduce((all, p) => all.concat(p));
  const columns = ["chart", ...FILTER_COLUMNS, "segment", "customers", "sumProbability", "highRisk"];
  return {
    snapshotId: snapshot.manifest.id,
    customers: snapshot.size,
    filters: {
      persona: [...PERSONAS],
      planTier: [...PLAN_TIERS],
      Contract: [...CONTRACTS],
      variant: [...VARIANTS],
    },
    views,
    cube: Object.fromEntries(
      columns.map((c) => [c, Array.from(cube.array(c) as ArrayLike<string | number>)]),
    ),
  };
}

function cubeOf(table: ColumnTable, chart: string): ColumnTable {
  return table
    .groupby(...FILTER_COLUMNS, "segment")
    .rollup({
      customers: op.count(),
      sumProbability: op.sum("probability"),
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
    })
    .derive({ chart: escape(() => chart) })
    .orderby("segment", ...FILTER_COLUMNS);
}
