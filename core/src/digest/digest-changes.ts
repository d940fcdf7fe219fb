import type { ColumnTable } from "arquero";
import type { RiskBand } from "../snapshot/scored-batch.ts";
import { columnValues } from "./column-values.ts";
import type { DigestMover } from "./digest-report.ts";

/** A newly high-risk customer before words are added: `row` is its row in the current table. */
export interface NewHighRiskRow {
  row: number;
  customerID: string;
  probability: number;
  previousProbability: number | null;
  previousBand: RiskBand | null;
  monthlyCharges: number;
  revenueAtRisk: number;
}

export interface DigestChanges {
  /** Customers High now and not High (or absent) before; every High customer without `previous`. */
  newHigh: { count: number; revenueAtRisk: number; top: NewHighRiskRow[] };
  /** Largest |probability change| first, ties by customerID; empty without `previous`. */
  movers: DigestMover[];
  /** Customers in both snapshots, only in the current one, only in the previous one; null without `previous`. */
  customers: { common: number; added: number; removed: number } | null;
}

/**
 * What changed for customers between the snapshot a destination saw last and the newest one:
 * newly high-risk customers ranked by monthly revenue at risk (monthly charges × probability), and
 * the biggest movers. The two snapshots are joined by customerID with Arquero (its `lookup` verb, a
 * left join on a unique key) unless they list the same customers in the same order, when row i
 * already matches row i; the joined columns are then read once, keeping only the top `topN` of
 * each list by partial selection — no sort or filter of a million rows.
 *
 * @example
 * const { newHigh, movers } = digestChanges(now.table, before.table, 5);
 * newHigh.top[0]; // { customerID: "7590-VHVEG", probability: 0.81, monthlyCharges: 104.8, revenueAtRisk: 84.9, … }
 */
export function digestChanges(
  current: ColumnTable,
  previous: ColumnTable | undefined,
  topN: number,
): DigestChanges {
  if (!Number.isInteger(topN) || topN < 0) throw new Error(`invalid topN: ${topN}`);
  const ids = columnValues<string>(current, "customerID");
  const p1 = columnValues<number>(current, "probability");
  const b1 = columnValues<RiskBand>(current, "band");
  const charges = columnValues<number>(current, "MonthlyCharges");
  let p0: ArrayLike<number | undefined> | undefined;
  let b0: ArrayLike<RiskBand | undefined> | undefined;
  if (previous && aligned(ids, columnValues<string>(previous, "customerID"))) {
    // Same customers in the same order (a customer base re-scored from the same file): row i is row i.
    p0 = columnValues<number>(previous, "probability");
    b0 = columnValues<RiskBand>(previous, "band");
  } else if (previous) {
    const joined = current
      .select("customerID")
      .lookup(
        previous.select({ customerID: "customerID", probability: "p0", band: "b0" }),
        "customerID",
        "p0",
        "b0",
      );
    p0 = joined.array("p0") as ArrayLike<number | undefined>;
    b0 = joined.array("b0") as ArrayLike<RiskBand | undefined>;
  }

  const byRevenue = createTop(topN, ids);
  const byMove = createTop(previous ? topN : 0, ids);
  let count = 0;
  let revenue = 0;
  let common = 0;
  for (let i = 0; i < ids.length; i++) {
    const before = b0?.[i];
    if (b1[i] === "High" && before !== "High") {
      const r = charges[i] * p1[i];
      count++;
      revenue += r;
      byRevenue.offer(i, r);
    }
    if (before == null) continue;
    common++;
    if (p1[i] !== p0![i]) byMove.offer(i, Math.abs(p1[i] - p0![i]!));
  }

  return {
    newHigh: {
      count,
      revenueAtRisk: revenue,
      top: byRevenue.rows().map((i) => ({
        row: i,
        customerID: ids[i],
        probability: p1[i],
        previousProbability: p0?.[i] ?? null,
        previousBand: b0?.[i] ?? null,
        monthlyCharges: charges[i],
        revenueAtRisk: charges[i] * p1[i],
      })),
    },
    movers: byMove.rows().map((i) => ({
      customerID: ids[i],
      previousProbability: p0![i]!,
      probability: p1[i],
      delta: p1[i] - p0![i]!,
      previousBand: b0![i]!,
      band: b1[i],
    })),
    customers: previous ? { common, added: ids.length - common, removed: previous.numRows() - common } : null,
  };
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
