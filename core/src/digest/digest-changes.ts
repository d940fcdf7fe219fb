import type { ColumnTable } from "arquero";
import type { RiskBand } from "../snapshot/scored-batch.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { columnValues } from "./column-values.ts";
import type { DigestMover } from "./digest-report.ts";

/** A newly high-risk customer before words are added: `row` is its row in the current table. */
export interface NewHighRiskRow {
  row: number;
  id: string;
  probability: number;
  previousProbability: number | null;
  previousBand: RiskBand | null;
  /** The customer's monthly revenue; null when the data has no revenue column or the cell is blank. */
  monthlyRevenue: number | null;
  /** monthlyRevenue × probability; null without a revenue column. */
  revenueAtRisk: number | null;
}

export interface DigestChanges {
  /**
   * Customers to act on who are High now and were not High (or absent) before; every High customer
   * to act on without `previous`. `revenueAtRisk` is null when there is no revenue column.
   */
  newHigh: { count: number; revenueAtRisk: number | null; top: NewHighRiskRow[] };
  /** Largest |probability change| among customers to act on, ties by id; empty without `previous`. */
  movers: DigestMover[];
  /**
   * Customers to act on now who were in the previous snapshot, who were not, and customers to act
   * on before who are in neither list now (gone from the data); null without `previous`.
   */
  customers: { common: number; added: number; removed: number } | null;
  /** Customers churned now who were in the previous snapshot and had not churned: history, never at risk. */
  churnedSince: number | null;
}

/** Where a table's id and monthly revenue are (the contract's columns). */
export interface ChangeColumns {
  /** Default `customerID` (the legacy layout). */
  idColumn?: string;
  /** Default `MonthlyCharges` (the legacy layout); null: the data has no revenue. */
  revenueColumn?: string | null;
}

/**
 * What changed for customers between the snapshot a destination saw last and the newest one:
 * newly high-risk customers ranked by monthly revenue at risk (revenue × probability; by
 * probability without a revenue column), the biggest movers, and how many customers churned in
 * between. Churned customers are history: never newly high-risk, never movers, never counted among
 * the customers to act on. The two snapshots are joined by id with Arquero (its `lookup` verb, a
 * left join on a unique key) unless they list the same customers in the same order, when row i
 * already matches row i; the joined columns are then read once, keeping only the top `topN` of
 * each list by partial selection — no sort or filter of a million rows.
 *
 * @example
 * const { newHigh, movers } = digestChanges(now.table, before.table, 5, { idColumn: "account_id", revenueColumn: "monthly_fee" });
 * newHigh.top[0]; // { id: "AC-00042", probability: 0.81, monthlyRevenue: 104.8, revenueAtRisk: 84.9, … }
 */
export function digestChanges(
  current: ColumnTable,
  previous: ColumnTable | undefined,
  topN: number,
  columns: ChangeColumns = {},
): DigestChanges {
  if (!Number.isInteger(topN) || topN < 0) throw new Error(`invalid topN: ${topN}`);
  const idColumn = columns.idColumn ?? "customerID";
  const revenueColumn = columns.revenueColumn === undefined ? "MonthlyCharges" : columns.revenueColumn;
  const ids = columnValues<string>(current, idColumn);
  const p1 = columnValues<number>(current, "probability");
  const b1 = columnValues<RiskBand>(current, "band");
  const s1 = statusValues(current);
  const revenue = revenueColumn === null ? undefined : columnValues<number | null>(current, revenueColumn);
  let p0: ArrayLike<number | undefined> | undefined;
  let b0: ArrayLike<RiskBand | undefined> | undefined;
  let s0: ArrayLike<string | undefined> | undefined;
  if (previous && aligned(ids, columnValues<string>(previous, idColumn))) {
    // Same customers in the same order (a customer base re-scored from the same file): row i is row i.
    p0 = columnValues<number>(previous, "probability");
    b0 = columnValues<RiskBand>(previous, "band");
    s0 = statusValues(previous);
  } else if (previous) {
    const hasStatus = previous.columnNames().includes(STATUS_COLUMN);
    const joined = current.select(idColumn).lookup(
      previous.select({
        [idColumn]: idColumn,
        probability: "p0",
        band: "b0",
        ...(hasStatus && { [STATUS_COLUMN]: "s0" }),
      }),
      idColumn,
      ...(hasStatus ? ["p0", "b0", "s0"] : ["p0", "b0"]),
    );
    p0 = joined.array("p0") as ArrayLike<number | undefined>;
    b0 = joined.array("b0") as ArrayLike<RiskBand | undefined>;
    s0 = hasStatus ? (joined.array("s0") as ArrayLike<string | undefined>) : undefined;
  }

  const ranked = (i: number) => (revenue ? (revenue[i] ?? 0) * p1[i] : p1[i]);
  const byRisk = createTop(topN, ids);
  const byMove = createTop(previous ? topN : 0, ids);
  let count = 0;
  let atRisk = 0;
  let common = 0;
  let matchedBefore = 0;
  let churnedSince = 0;
  for (let i = 0; i < ids.length; i++) {
    const before = b0?.[i];
    const wasActionable = before != null && s0?.[i] !== "churned";
    if (s1?.[i] === "churned") {
      // History: it trained the model; counted once as churned since, never as at risk.
      if (wasActionable) {
        churnedSince++;
        matchedBefore++;
      }
      continue;
    }
    if (b1[i] === "High" && before !== "High") {
      count++;
      atRisk += revenue ? (revenue[i] ?? 0) * p1[i] : 0;
      byRisk.offer(i, ranked(i));
    }
    if (before == null) continue;
    common++;
    if (wasActionable) matchedBefore++;
    if (p1[i] !== p0![i]) byMove.offer(i, Math.abs(p1[i] - p0![i]!));
  }
  const actionableBefore = previous ? previous.numRows() - countChurned(statusValues(previous)) : 0;
  const actionableNow = ids.length - countChurned(s1);

  return {
    newHigh: {
      count,
      revenueAtRisk: revenue ? atRisk : null,
      top: byRisk.rows().map((i) => {
        const monthly = revenue ? (revenue[i] ?? null) : null;
        return {
          row: i,
          id: ids[i],
          probability: p1[i],
          previousProbability: p0?.[i] ?? null,
          previousBand: b0?.[i] ?? null,
          monthlyRevenue: monthly,
          revenueAtRisk: revenue ? (monthly ?? 0) * p1[i] : null,
        };
      }),
    },
    movers: byMove.rows().map((i) => ({
      id: ids[i],
      previousProbability: p0![i]!,
      probability: p1[i],
      delta: p1[i] - p0![i]!,
      previousBand: b0![i]!,
      band: b1[i],
    })),
    customers: previous
      ? { common, added: actionableNow - common, removed: actionableBefore - matchedBefore }
      : null,
    churnedSince: previous ? churnedSince : null,
  };
}

/** The status column's values, or undefined for a table without one (every customer to act on). */
function statusValues(table: ColumnTable): ArrayLike<string> | undefined {
  return table.columnNames().includes(STATUS_COLUMN) ? columnValues<string>(table, STATUS_COLUMN) : undefined;
}

function countChurned(status: ArrayLike<string> | undefined): number {
  let n = 0;
  if (status) for (let i = 0; i < status.length; i++) if (status[i] === "churned") n++;
  return n;
}

/** Whether two ID columns list the same customers in the same order. */
function aligned(a: ArrayLike<string>, b: ArrayLike<string>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The `k` rows with the largest keys (ties: smaller ID first), best first, kept while rows stream by. */
function createTop(k: number, ids: ArrayLike<string>) {
  const rows: number[] = [];
  const keys: number[] = [];
  const before = (key: number, row: number, at: number) =>
    key > keys[at] || (key === keys[at] && ids[row] < ids[rows[at]]);
  return {
    offer(row: number, key: number) {
      if (k === 0 || (rows.length === k && !before(key, row, k - 1))) return;
      if (rows.length < k) {
        rows.push(row);
        keys.push(key);
      }
      let at = rows.length - 1;
      while (at > 0 && before(key, row, at - 1)) {
        rows[at] = rows[at - 1];
        keys[at] = keys[at - 1];
        at--;
      }
      rows[at] = row;
      keys[at] = key;
    },
    rows: () => [...rows],
  };
}
