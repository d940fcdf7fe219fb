import { desc, escape, type ColumnTable } from "arquero";
import { riskSummary, type RevenueSource, type RiskSummary } from "./risk-summary.ts";
import type { RiskBand } from "./scored-batch.ts";
import { STATUS_COLUMN } from "./snapshot-columns.ts";

/** One customer in a list of changes: probabilities and bands before and now (null: absent then). */
export interface ChangedCustomer {
  customerID: string;
  previousProbability: number | null;
  previousBand: RiskBand | null;
  /** Null for a customer no longer in the data. */
  probability: number | null;
  band: RiskBand | null;
  /** Now: current, churned or retained; null when gone. */
  status: string | null;
}

/** A list of changed customers: how many, and the first `limit` of them. */
export interface ChangeList {
  count: number;
  customers: ChangedCustomer[];
}

/**
 * What changed between an earlier snapshot and a newer one of the same lineage, over customers to
 * act on (`riskSummary`'s definition: churned customers are history):
 * - `newHigh`: customers to act on now in the High band who were not High before (or not there),
 *   highest probability first;
 * - `leftHigh`: customers to act on now, not High, who were High and to act on before, lowest
 *   probability first;
 * - `movers`: customers to act on in both, by the size of their probability change (points),
 *   largest first (ties by id);
 * - `churned`: customers to act on before who have churned since (history now), by their earlier
 *   probability;
 * - `summary`: `riskSummary` of each snapshot (customers to act on, bands, revenue at risk), so
 *   the revenue-at-risk change is the difference of the one definition.
 */
export interface SnapshotChanges {
  previous: RiskSummary;
  current: RiskSummary;
  customers: { previous: number; current: number; added: number; removed: number };
  newHigh: ChangeList;
  leftHigh: ChangeList;
  movers: ChangeList;
  churned: ChangeList;
}

interface Side {
  table: ColumnTable;
  /** The id column (the contract's). */
  idColumn: string;
  revenue: RevenueSource;
  /** `riskSummary(table, revenue)` when already known (a snapshot's memoised `summary()`). */
  summary?: RiskSummary;
}

/**
 * Joins two snapshots by customer id (Arquero's lookup) and lists what changed, each list capped
 * at `limit` (default 10) with its full count.
 *
 * @example
 * snapshotChanges(
 *   { table: now.table, idColumn: now.idColumn, revenue: now.revenue, summary: now.summary() },
 *   { table: before.table, idColumn: before.idColumn, revenue: before.revenue, summary: before.summary() },
 * ).newHigh.count; // 42
 */
export function snapshotChanges(
  current: Side,
  previous: Side,
  options: { limit?: number } = {},
): SnapshotChanges {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`invalid limit: ${limit}`);
  const now = slim(current, "1");
  const before = slim(previous, "0");
  // Every current customer with its earlier values (undefined when absent before): a left join on
  // a unique key.
  const joined = now.lookup(before, "customerID", "p0", "b0", "s0");
  const common = joined.filter("d => d.b0 != null").numRows();
  const actNow = "d.s1 !== 'churned'";
  const actBefore = "d.b0 != null && d.s0 !== 'churned'";

  const list = (table: ColumnTable, order: Parameters<ColumnTable["orderby"]>): ChangeList => ({
    count: table.numRows(),
    customers: (
      table
        .orderby(...order)
        .slice(0, limit)
        .objects() as Joined[]
    ).map(changed),
  });
  const newHigh = list(joined.filter(`d => ${actNow} && d.b1 === 'High' && d.b0 !== 'High'`), [
    desc("p1"),
    "customerID",
  ]);
  const leftHigh = list(
    joined.filter(`d => ${actNow} && d.b1 !== 'High' && ${actBefore} && d.b0 === 'High'`),
    ["p1", "customerID"],
  );
  const movers = list(
    joined
      .filter(`d => ${actNow} && ${actBefore} && d.p1 !== d.p0`)
      .derive({ size: escape((d: Joined) => Math.abs(d.p1 - (d.p0 ?? 0))) }),
    [desc("size"), "customerID"],
  );
  const churned = list(joined.filter(`d => d.s1 === 'churned' && ${actBefore}`), [desc("p0"), "customerID"]);
  return {
    previous: previous.summary ?? riskSummary(previous.table, previous.revenue),
    current: current.summary ?? riskSummary(current.table, current.revenue),
    customers: {
      previous: previous.table.numRows(),
      current: current.table.numRows(),
      added: current.table.numRows() - common,
      removed: previous.table.numRows() - common,
    },
    newHigh,
    leftHigh,
    movers,
    churned,
  };
}

interface Joined {
  customerID: string;
  p1: number;
  b1: RiskBand;
  s1: string;
  p0?: number;
  b0?: RiskBand;
  s0?: string;
}

/** id, probability, band and status of a side, named with `suffix` (status "current" when absent). */
function slim(side: Side, suffix: "0" | "1"): ColumnTable {
  const hasStatus = side.table.columnNames().includes(STATUS_COLUMN);
  const picked = side.table.select({
    [side.idColumn]: "customerID",
    probability: `p${suffix}`,
    band: `b${suffix}`,
    ...(hasStatus ? { [STATUS_COLUMN]: `s${suffix}` } : {}),
  });
  return hasStatus ? picked : picked.derive({ [`s${suffix}`]: escape(() => "current") });
}

function changed(r: Joined): ChangedCustomer {
  return {
    customerID: r.customerID,
    previousProbability: r.p0 ?? null,
    previousBand: r.b0 ?? null,
    probability: r.p1,
    band: r.b1,
    status: r.s1,
  };
}
