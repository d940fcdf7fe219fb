/**
 * The Behaviour page's data, generated from the snapshot's dataset contract: one view per feature
 * of the contract (its label, unit and format; simulated columns marked), bucketed as
 * `featureBuckets` says, over the customers to act on (`snapshot.actionable`: churned customers are
 * history). A small cube of customers, Σ probability and high-risk counts by the contract's first
 * segment columns (the page's filters) × feature × bucket: the page filters it with Arquero and sums
 * it back into `SegmentBar`s, so a million customers ship as a few thousand rows.
 */
import { escape, op, type ColumnTable } from "arquero";
import type { Snapshot } from "engagetrack";
import { contractFeature } from "engagetrack/data";
import { chartedFeatures, featureBuckets, MISSING } from "./feature-buckets.ts";

/** Segment columns used as filters (the contract's first ones, categories and booleans). */
export const MAX_FILTERS = 3;

export interface BehaviourFilter {
  /** Cube column ("f0", "f1", …). */
  key: string;
  column: string;
  label: string;
  simulated: boolean;
  values: string[];
}

/** One chart of the page: a contract feature and its buckets in order. */
export interface BehaviourView {
  /** Cube key and figure name: the feature's column. */
  chart: string;
  column: string;
  label: string;
  simulated: boolean;
  segments: string[];
}

export interface BehaviourData {
  snapshotId: string;
  /** Customers to act on (the cube's population); churned customers are left out as history. */
  customers: number;
  filters: BehaviourFilter[];
  /** Views, most important model input first (the page draws the first few and offers the rest). */
  views: BehaviourView[];
  /** Column-wise cube (`aq.table(cube)`): chart, filter keys, segment, customers, sumProbability, highRisk. */
  cube: Record<string, (string | number)[]>;
}

/**
 * @example
 * behaviourData(snapshot).views[0].label; // "Customer service calls"
 */
export function behaviourData(
  snapshot: Pick<Snapshot, "table" | "actionable" | "manifest" | "dataset" | "importance">,
): BehaviourData {
  const contract = snapshot.dataset;
  const table = snapshot.table;
  const filterFeatures = contract.segments
    .map((c) => contractFeature(contract, c))
    .filter((f) => f !== undefined && (f.type === "category" || f.type === "boolean"))
    .slice(0, MAX_FILTERS)
    .map((f) => featureBuckets(contract, f!, table));
  const filters: BehaviourFilter[] = filterFeatures.map((b, i) => ({
    key: `f${i}`,
    column: b.column,
    label: b.label,
    simulated: b.simulated,
    values: b.segments,
  }));
  const keys = filters.map((f) => f.key);
  const withFilters = snapshot.actionable.derive(
    Object.fromEntries(
      filterFeatures.map((b, i) => [
        `f${i}`,
        escape((d: Record<string, unknown>) => b.segments[b.indexOf(d[b.column])]),
      ]),
    ),
  );
  const rank = new Map(snapshot.importance().map((s, i) => [s.source, i]));
  const features = chartedFeatures(contract).sort(
    (a, b) => (rank.get(a.column) ?? Infinity) - (rank.get(b.column) ?? Infinity),
  );
  const views: BehaviourView[] = [];
  const parts: ColumnTable[] = [];
  for (const f of features) {
    const b = featureBuckets(contract, f, table);
    const part = withFilters
      .derive({ segment: escape((d: Record<string, unknown>) => b.indexOf(d[b.column])) })
      .groupby(...keys, "segment")
      .rollup({
        customers: op.count(),
        sumProbability: op.sum("probability"),
        highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
      })
      .derive({ chart: escape(() => f.column) })
      .orderby("segment", ...keys);
    // A "missing" bucket nobody to act on falls into is left off the chart.
    const used = new Set(Array.from(part.array("segment") as ArrayLike<number>));
    const segments =
      b.segments.at(-1) === MISSING && !used.has(b.segments.length - 1)
        ? b.segments.slice(0, -1)
        : b.segments;
    views.push({ chart: f.column, column: f.column, label: b.label, simulated: b.simulated, segments });
    parts.push(part);
  }
  const columns = ["chart", ...keys, "segment", "customers", "sumProbability", "highRisk"];
  const cube = parts.length ? parts.reduce((all, p) => all.concat(p)) : null;
  return {
    snapshotId: snapshot.manifest.id,
    customers: snapshot.actionable.numRows(),
    filters,
    views,
    cube: Object.fromEntries(
      columns.map((c) => [c, cube ? Array.from(cube.array(c) as ArrayLike<string | number>) : []]),
    ),
  };
}
