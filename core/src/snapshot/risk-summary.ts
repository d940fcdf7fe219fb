import { desc, escape, op, type ColumnTable } from "arquero";
import type { RiskBand } from "./scored-batch.ts";
import { STATUS_COLUMN } from "./snapshot-columns.ts";

/**
 * Customers someone may be asked to act on: every customer but the churned ones. A churned
 * customer is history (it trained the model); a retained one is still a customer, and a current
 * one has no outcome yet. Every at-risk list, count, band total and revenue at risk is over these.
 *
 * @example
 * actionableCustomers(snapshot.table).numRows(); // 6_789 of 7_043 (254 churned)
 */
export function actionableCustomers(table: ColumnTable): ColumnTable {
  if (!table.columnNames().includes(STATUS_COLUMN)) return table;
  // Arquero compiles the expression from its text: the column is named literally (STATUS_COLUMN).
  return table
    .params({ churned: "churned" })
    .filter((d: { status: string }, $: { churned: string }) => d.status !== $.churned);
}

/** Where revenue comes from: the monthly revenue column and its currency (both null: none). */
export interface RevenueSource {
  column: string | null;
  currency: string | null;
}

/**
 * The figures every surface shows about a set of customers, defined once:
 * - `customers`: customers to act on (not churned);
 * - `bands`: those customers per risk band;
 * - `revenueAtRisk`: Σ monthly revenue × calibrated churn probability over those customers (a
 *   missing revenue counts 0), in `currency` per month; null when the data has no revenue column;
 * - `churned`: customers left out because they already churned (history).
 */
export interface RiskSummary {
  customers: number;
  bands: Record<RiskBand, number>;
  revenueAtRisk: number | null;
  currency: string | null;
  churned: number;
}

/**
 * One customer's revenue at risk, as an Arquero `derive` value: monthly revenue (`column`) ×
 * calibrated probability, a missing revenue counting 0 — the term every revenue-at-risk sum adds.
 *
 * @example
 * table.derive({ atRisk: revenueAtRiskTerm("monthly_fee") }).rollup({ total: op.sum("atRisk") });
 */
export function revenueAtRiskTerm(column: string): ReturnType<typeof escape> {
  return escape(
    (d: Record<string, unknown>) => ((d[column] as number | null) ?? 0) * (d.probability as number),
  );
}

/** Revenue at risk of `table`'s rows: Σ `revenueAtRiskTerm(column)`. */
export function revenueAtRiskOf(table: ColumnTable, column: string): number {
  if (table.numRows() === 0) return 0;
  const { value } = table
    .derive({ atRisk: revenueAtRiskTerm(column) })
    .rollup({ value: op.sum("atRisk") })
    .object() as { value: number | undefined };
  return value ?? 0;
}

/**
 * The summary of `table` (a snapshot's table or a filtered part of it): its churned rows are
 * counted and left out of everything else.
 *
 * @example
 * riskSummary(snapshot.table, { column: "MonthlyCharges", currency: "USD" });
 * // { customers: 6789, bands: { Low: 4120, Medium: 1548, High: 1121 }, revenueAtRisk: 44364.2, currency: "USD", churned: 254 }
 */
export function riskSummary(table: ColumnTable, revenue: RevenueSource): RiskSummary {
  const actionable = actionableCustomers(table);
  const bands: Record<RiskBand, number> = { Low: 0, Medium: 0, High: 0 };
  if (actionable.numRows() > 0)
    for (const { band, n } of actionable.groupby("band").rollup({ n: op.count() }).objects() as {
      band: RiskBand;
      n: number;
    }[])
      bands[band] = n;
  return {
    customers: actionable.numRows(),
    bands,
    revenueAtRisk: revenue.column === null ? null : revenueAtRiskOf(actionable, revenue.column),
    currency: revenue.column === null ? null : revenue.currency,
    churned: table.numRows() - actionable.numRows(),
  };
}

/**
 * Who to call first, defined once for every surface: customers to act on, by monthly revenue at
 * risk (revenue × calibrated probability; a missing revenue counts 0), then probability, then id —
 * or by probability, then id, when the data has no revenue column. Returns the ids of the first
 * `limit` in that order.
 *
 * @example
 * topToAct(snapshot.table, { idColumn: "account_id", revenue: snapshot.revenue, limit: 5 });
 */
export function topToAct(
  table: ColumnTable,
  options: { idColumn: string; revenue: RevenueSource; limit: number },
): string[] {
  const actionable = actionableCustomers(table);
  if (actionable.numRows() === 0 || options.limit <= 0) return [];
  const column = options.revenue.column;
  const ranked =
    column === null
      ? actionable.orderby(desc("probability"), options.idColumn)
      : actionable
          .derive({ revenueAtRisk: revenueAtRiskTerm(column) })
          .orderby(desc("revenueAtRisk"), desc("probability"), options.idColumn);
  return Array.from(ranked.slice(0, options.limit).array(options.idColumn) as ArrayLike<string>);
}
