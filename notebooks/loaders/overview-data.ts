/**
 * The Overview page's numbers, from one snapshot and the contract it records. Every figure about
 * customers to act on is `snapshot.summary()` (THE definition of customer count, band counts and
 * revenue at risk) or is computed over `snapshot.actionable`; customers who already churned are
 * history, shown apart and labelled so. A few kilobytes whatever the number of customers.
 */
import { desc, escape, op, type ColumnTable } from "arquero";
import { isSimulatedColumn, type Manifest, type RiskSummary, type Snapshot } from "engagetrack";
import { lineageKey } from "engagetrack/snapshot";
import {
  riskBins,
  type RiskBin,
  type SegmentBar,
  type TrendPoint,
  type VariantChurn,
} from "engagetrack/charts";
import { statusCounts } from "./dataset-banner.ts";
import { segmentsData } from "./segments-data.ts";

/** Rows of the call list (riskiest customers to act on) and of the history table. */
export const LIST_ROWS = 10;

/** One customer of a list: no other column, so any table's rows fit. */
export interface ListedCustomer {
  id: string;
  probability: number;
  band: string;
  /** Monthly revenue (the contract's revenue column), null without one or when missing. */
  revenue: number | null;
}

export interface OverviewData {
  /** `snapshot.summary()`, as is. */
  summary: RiskSummary;
  /** Mean calibrated probability and Σ monthly revenue of the customers to act on. */
  meanProbability: number;
  monthlyRevenue: number | null;
  /** Customers by status; the observed churn rate among labelled customers (null: none). */
  outcomes: {
    labelled: number;
    churned: number;
    retained: number;
    current: number;
    churnRate: number | null;
  };
  riskBins: RiskBin[];
  /** Risk by the contract's first two segment columns (customers to act on). */
  segments: { name: string; label: string; simulated: boolean; bars: SegmentBar[] }[];
  /** The declared experiment's arms (observed churn with 95% Wilson intervals); null when none is declared. */
  experiment: {
    key: string;
    column: string;
    simulated: boolean;
    sizes: { variant: string; customers: number }[];
    arms: VariantChurn[];
  } | null;
  /** The riskiest customers to act on. */
  callList: ListedCustomer[];
  /** History, on purpose: the churned customers the model scored highest (never to act on). */
  history: ListedCustomer[];
  /** Band counts of the snapshots of the same data set and model, oldest first. */
  trend: TrendPoint[];
  /** Older snapshots left out of the trend, and why. */
  trendExcluded: { id: string; dataset: string; model: string }[];
}

/** The data set a manifest's customers come from (snapshots without a contract: `legacy`). */
export function manifestDataset(m: Manifest): string {
  return m.dataset?.name ?? m.contract?.name ?? "legacy";
}

/**
 * @example
 * overviewData(snapshot, await openSnapshotStore(dir).list()).summary.bands.High; // 661
 */
export function overviewData(snapshot: Snapshot, history: readonly Manifest[]): OverviewData {
  const m = snapshot.manifest;
  const summary = snapshot.summary();
  const revenue = snapshot.revenue.column;
  const act = snapshot.actionable;
  const totals =
    act.numRows() === 0
      ? { meanProbability: NaN, monthlyRevenue: 0 }
      : (act
          .derive({
            rev: escape((d: Record<string, unknown>) => (revenue ? ((d[revenue] as number | null) ?? 0) : 0)),
          })
          .rollup({ meanProbability: op.mean("probability"), monthlyRevenue: op.sum("rev") })
          .object() as { meanProbability: number; monthlyRevenue: number });
  const outcomes = statusCounts(snapshot);
  const contract = snapshot.dataset;
  const segments = segmentsData(snapshot)
    .views.slice(0, 2)
    .map((v) => ({
      name: `segment-${v.column}`,
      label: v.label,
      simulated: v.simulated,
      bars: v.segments.map((s) => ({
        segment: s.segment,
        customers: s.customers,
        meanProbability: s.meanProbability ?? NaN,
        highRisk: s.highRisk,
      })),
    }));
  // One lineage per trend (core's definition: data set, model name, band definition).
  const sameLine = (h: Manifest) => lineageKey(h) === lineageKey(m);
  const sorted = [...history].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return {
    summary,
    meanProbability: totals.meanProbability,
    monthlyRevenue: revenue === null ? null : totals.monthlyRevenue,
    outcomes: { ...outcomes, churnRate: outcomes.labelled > 0 ? outcomes.churned / outcomes.labelled : null },
    riskBins: riskBins(act),
    segments,
    experiment: contract.experiment
      ? {
          key: contract.experiment.key ?? contract.experiment.column,
          column: contract.experiment.column,
          simulated: isSimulatedColumn(contract, contract.experiment.column),
          sizes: armSizes(act, contract.experiment.column),
          arms: armChurn(snapshot.table, contract.experiment.column),
        }
      : null,
    // Who to call first: core's one definition (`topToAct`), as the bot, Home tab and digest list it.
    callList: snapshot.topToAct(LIST_ROWS).map((id) => {
      const c = snapshot.lookup(id)!;
      const customer = c.customer as unknown as Record<string, unknown>;
      return {
        id,
        probability: c.probability,
        band: c.band,
        revenue: revenue === null ? null : ((customer[revenue] as number | null) ?? null),
      };
    }),
    history: listed(snapshot.table.filter("d => d.status === 'churned'"), snapshot.idColumn, revenue),
    trend: sorted.filter(sameLine).map((h) => ({ createdAt: h.createdAt, bands: { ...h.bands } })),
    trendExcluded: sorted
      .filter((h) => !sameLine(h))
      .map((h) => ({ id: h.id, dataset: manifestDataset(h), model: h.model.name })),
  };
}

function listed(table: ColumnTable, idColumn: string, revenue: string | null): ListedCustomer[] {
  return (
    table.orderby(desc("probability"), idColumn).slice(0, LIST_ROWS).objects() as Record<string, unknown>[]
  ).map((r) => ({
    id: String(r[idColumn]),
    probability: r.probability as number,
    band: String(r.band),
    revenue: revenue === null ? null : ((r[revenue] as number | null) ?? null),
  }));
}

function armSizes(table: ColumnTable, column: string): { variant: string; customers: number }[] {
  return (
    table.groupby(column).rollup({ customers: op.count() }).orderby(column).objects() as Record<
      string,
      unknown
    >[]
  ).map((r) => ({ variant: String(r[column]), customers: r.customers as number }));
}

/** Observed churn per arm among customers with a known outcome, with a 95% Wilson interval. */
function armChurn(table: ColumnTable, column: string): VariantChurn[] {
  const rows = table
    .filter("d => d.status === 'churned' || d.status === 'retained'")
    .groupby(column)
    .rollup({ n: op.count(), churned: "d => op.sum(d.status === 'churned' ? 1 : 0)" })
    .orderby(column)
    .objects() as Record<string, unknown>[];
  const z = 1.959963984540054;
  return rows
    .filter((r) => r[column] !== null)
    .map((r) => {
      const n = r.n as number;
      const p = (r.churned as number) / n;
      const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
      const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
      return {
        variant: String(r[column]),
        n,
        churnRate: p,
        ci: [centre - half, centre + half] as [number, number],
      };
    });
}
