import { desc, op, type ColumnTable } from "arquero";
import type { RiskBand } from "./scored-batch.ts";
import { RISK_BANDS } from "./snapshot-columns.ts";

/** A customer whose churn probability moved between two snapshots. */
export interface Mover {
  customerID: string;
  previousProbability: number;
  probability: number;
  /** probability − previousProbability */
  delta: number;
  previousBand: RiskBand;
  band: RiskBand;
}

/** A customer now in the High band who was not before (or was not scored before). */
export interface NewHighRisk {
  customerID: string;
  probability: number;
  /** Null for a customer absent from the previous snapshot. */
  previousProbability: number | null;
  previousBand: RiskBand | null;
}

/** What changed between a previous snapshot and the current one, joined by customerID. */
export interface SnapshotComparison {
  previousId: string;
  currentId: string;
  customers: { previous: number; current: number; common: number; added: number; removed: number };
  /** Band moves of customers in both snapshots: all nine from → to pairs, zero counts included. */
  transitions: { from: RiskBand; to: RiskBand; customers: number }[];
  /** Probability changes of customers in both snapshots. */
  probability: { meanDelta: number; increased: number; decreased: number; unchanged: number };
  /** How many customers are newly High (the list below is the first `limit` of them). */
  newHighRiskCount: number;
  /** Highest probability first (ties by customerID). */
  newHighRisk: NewHighRisk[];
  /** Largest |delta| first (ties by customerID). */
  biggestMovers: Mover[];
}

export interface CompareOptions {
  /** How many new high-risk customers and movers to list (default 20). */
  limit?: number;
}

interface Side {
  id: string;
  table: ColumnTable;
  /** The table's id column (default "customerID"); results name it customerID whatever it is. */
  idColumn?: string;
}

/**
 * Joins two snapshots by customer id with Arquero: band transitions, probability deltas, new
 * high-risk customers and the biggest movers.
 *
 * @example
 * compareSnapshots({ id: now.manifest.id, table: now.table }, { id: before.manifest.id, table: before.table });
 * // { customers: { common: 7001, added: 42, removed: 0, … }, transitions: [{ from: "Low", to: "High", customers: 3 }, …], … }
 */
export function compareSnapshots(
  current: Side,
  previous: Side,
  options: CompareOptions = {},
): SnapshotComparison {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`invalid limit: ${limit}`);
  const now = current.table.select({
    [current.idColumn ?? "customerID"]: "customerID",
    probability: "p1",
    band: "b1",
  });
  const before = previous.table.select({
    [previous.idColumn ?? "customerID"]: "customerID",
    probability: "p0",
    band: "b0",
  });
  // A left join on a unique key (Arquero's lookup verb): every current customer, with p0/b0
  // undefined when absent before. Faster than join_left, which also builds index arrays.
  const joined = now.lookup(before, "customerID", "p0", "b0");
  const common = joined.filter("d => d.b0 != null").derive({ delta: "d => d.p1 - d.p0" });
  const nCommon = common.numRows();

  const transitions: SnapshotComparison["transitions"] = [];
  const counted = new Map<string, number>();
  if (nCommon > 0) {
    for (const r of common.groupby("b0", "b1").count({ as: "n" }).objects() as {
      b0: RiskBand;
      b1: RiskBand;
      n: number;
    }[]) {
      counted.set(`${r.b0}>${r.b1}`, r.n);
    }
  }
  for (const from of RISK_BANDS) {
    for (const to of RISK_BANDS) transitions.push({ from, to, customers: counted.get(`${from}>${to}`) ?? 0 });
  }

  const stats =
    nCommon === 0
      ? { meanDelta: 0, increased: 0, decreased: 0 }
      : (common
          .rollup({
            meanDelta: op.mean("delta"),
            increased: "d => op.sum(d.delta > 0 ? 1 : 0)",
            decreased: "d => op.sum(d.delta < 0 ? 1 : 0)",
          })
          .object() as { meanDelta: number; increased: number; decreased: number });

  const newHigh = joined.filter("d => d.b1 === 'High' && d.b0 !== 'High'");
  const newHighRisk = (
    newHigh.orderby(desc("p1"), "customerID").slice(0, limit).objects() as JoinedRow[]
  ).map((r): NewHighRisk => ({
    customerID: r.customerID,
    probability: r.p1,
    previousProbability: r.p0 ?? null,
    previousBand: r.b0 ?? null,
  }));

  const biggestMovers =
    nCommon === 0 || limit === 0
      ? []
      : (
          common
            .derive({ size: "d => op.abs(d.delta)" })
            .orderby(desc("size"), "customerID")
            .slice(0, limit)
            .objects() as (JoinedRow & { delta: number })[]
        ).map((r): Mover => ({
          customerID: r.customerID,
          previousProbability: r.p0!,
          probability: r.p1,
          delta: r.delta,
          previousBand: r.b0!,
          band: r.b1,
        }));

  return {
    previousId: previous.id,
    currentId: current.id,
    customers: {
      previous: previous.table.numRows(),
      current: current.table.numRows(),
      common: nCommon,
      added: current.table.numRows() - nCommon,
      removed: previous.table.numRows() - nCommon,
    },
    transitions,
    probability: { ...stats, unchanged: nCommon - stats.increased - stats.decreased },
    newHighRiskCount: newHigh.numRows(),
    newHighRisk,
    biggestMovers,
  };
}

interface JoinedRow {
  customerID: string;
  p1: number;
  b1: RiskBand;
  p0?: number;
  b0?: RiskBand;
}
