import { op, type ColumnTable } from "arquero";
import type { RiskBand } from "../snapshot/scored-batch.ts";
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
}

/**
 * What changed for customers between the snapshot a destination saw last and the newest one,
 * joined by customerID with Arquero: newly high-risk customers ranked by monthly revenue at risk
 * (monthly charges × probability), and the biggest movers. Only the top `topN` of each are kept,
 * by a partial selection rather than a sort of every row (a million rows stay cheap).
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
  const now = current
    .derive({ row: () => op.row_number() - 1 })
    .select({ customerID: "customerID", probability: "p1", band: "b1", MonthlyCharges: "m", row: "row" });
  // A left join on the unique key (Arquero's lookup): p0/b0 undefined for customers new since.
  const joined = previous
    ? now.lookup(
        previous.select({ customerID: "customerID", probability: "p0", band: "b0" }),
        "customerID",
        "p0",
        "b0",
      )
    : now;

  const high = joined.filter(previous ? "d => d.b1 === 'High' && d.b0 !== 'High'" : "d => d.b1 === 'High'");
  const ids = high.array("customerID") as ArrayLike<string>;
  const p1 = high.array("p1") as ArrayLike<number>;
  const m = high.array("m") as ArrayLike<number>;
  const revenue = Float64Array.from({ length: ids.length }, (_, i) => m[i] * p1[i]);
  let total = 0;
  for (let i = 0; i < revenue.length; i++) total += revenue[i];
  const rows = high.array("row") as ArrayLike<number>;
  const p0 = previous ? (high.array("p0") as ArrayLike<number | undefined>) : undefined;
  const b0 = previous ? (high.array("b0") as ArrayLike<RiskBand | undefined>) : undefined;
  const top = topIndices(topN, ids.length, (i) => revenue[i], ids).map((i): NewHighRiskRow => ({
    row: rows[i],
    customerID: ids[i],
    probability: p1[i],
    previousProbability: p0?.[i] ?? null,
    previousBand: b0?.[i] ?? null,
    monthlyCharges: m[i],
    revenueAtRisk: revenue[i],
  }));

  let movers: DigestMover[] = [];
  if (previous && topN > 0) {
    const moved = joined.filter("d => d.b0 != null && d.p1 !== d.p0");
    const mIds = moved.array("customerID") as ArrayLike<string>;
    const [q1, q0] = [moved.array("p1"), moved.array("p0")] as ArrayLike<number>[];
    const [c1, c0] = [moved.array("b1"), moved.array("b0")] as ArrayLike<RiskBand>[];
    movers = topIndices(topN, mIds.length, (i) => Math.abs(q1[i] - q0[i]), mIds).map((i) => ({
      customerID: mIds[i],
      previousProbability: q0[i],
      probability: q1[i],
      delta: q1[i] - q0[i],
      previousBand: c0[i],
      band: c1[i],
    }));
  }
  return { newHigh: { count: ids.length, revenueAtRisk: total, top }, movers };
}

/** Indices of the `k` largest keys (ties: smaller ID first), best first, in O(n·k) worst case, O(n) typical. */
function topIndices(k: number, n: number, key: (i: number) => number, ids: ArrayLike<string>): number[] {
  const best: number[] = [];
  const before = (i: number, j: number) => key(i) > key(j) || (key(i) === key(j) && ids[i] < ids[j]);
  for (let i = 0; i < n && k > 0; i++) {
    if (best.length === k && !before(i, best[k - 1])) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(i);
    while (at > 0 && before(i, best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = i;
  }
  return best;
}
