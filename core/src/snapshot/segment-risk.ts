import { op, type ColumnTable } from "arquero";
import { CUSTOMER_COLUMN_NAMES, STATUS_COLUMN } from "./snapshot-columns.ts";

/** Churn risk of one segment (all customers sharing a value of the segment column). */
export interface SegmentRisk {
  /** The segment's value ("Month-to-month", 12, …); null for customers without one. */
  segment: string | number | null;
  customers: number;
  meanProbability: number;
  /** Σ revenue × probability: the monthly revenue expected to churn (0 without a revenue column). */
  revenueAtRisk: number;
  /** Customers in the High band. */
  highRisk: number;
}

/**
 * Columns a legacy snapshot can be segmented by: every customer column but the ID, the status and
 * the band (a contract snapshot's are `snapshot.segmentColumns`).
 */
export const SEGMENT_COLUMNS: readonly string[] = [
  ...CUSTOMER_COLUMN_NAMES.filter((c) => c !== "customerID"),
  STATUS_COLUMN,
  "band",
];

export interface SegmentOptions {
  /** The columns allowed (default: the legacy `SEGMENT_COLUMNS`). */
  columns?: readonly string[];
  /** The monthly revenue column summed into revenueAtRisk (default MonthlyCharges; null: none, 0). */
  revenue?: string | null;
}

/**
 * Churn-risk statistics per value of `column`, in ascending segment order, computed by Arquero.
 *
 * @example
 * segmentRisk(snapshot.table, "Contract");
 * // [{ segment: "Month-to-month", customers: 3875, meanProbability: 0.43, revenueAtRisk: 79012.5, highRisk: 1410 }, …]
 */
export function segmentRisk(table: ColumnTable, column: string, options: SegmentOptions = {}): SegmentRisk[] {
  const columns = options.columns ?? SEGMENT_COLUMNS;
  const revenue = options.revenue === undefined ? "MonthlyCharges" : options.revenue;
  if (!columns.includes(column)) {
    throw new Error(`unknown segment column: ${JSON.stringify(column)} (one of ${columns.join(", ")})`);
  }
  if (table.numRows() === 0) return [];
  const rows = table
    .groupby(column)
    .rollup({
      customers: op.count(),
      meanProbability: op.mean("probability"),
      ...(revenue !== null && {
        revenueAtRisk: `d => op.sum(d[${JSON.stringify(revenue)}] * d.probability)`,
      }),
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
    })
    .orderby(column)
    .objects() as Record<string, unknown>[];
  return rows.map((r) => ({
    segment: (r[column] ?? null) as string | number | null,
    customers: r.customers as number,
    meanProbability: r.meanProbability as number,
    revenueAtRisk: (r.revenueAtRisk ?? 0) as number,
    highRisk: r.highRisk as number,
  }));
}
