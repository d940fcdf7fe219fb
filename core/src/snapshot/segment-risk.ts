import { op, type ColumnTable } from "arquero";
import { CUSTOMER_COLUMN_NAMES } from "./snapshot-columns.ts";

/** Churn risk of one segment (all customers sharing a value of the segment column). */
export interface SegmentRisk {
  /** The segment's value ("Month-to-month", 12, …); null for customers without one. */
  segment: string | number | null;
  customers: number;
  meanProbability: number;
  /** Σ MonthlyCharges × probability: the monthly revenue expected to churn. */
  revenueAtRisk: number;
  /** Customers in the High band. */
  highRisk: number;
}

/** Columns a snapshot can be segmented by: every customer column but the ID, and the band. */
export const SEGMENT_COLUMNS: readonly string[] = [
  ...CUSTOMER_COLUMN_NAMES.filter((c) => c !== "customerID"),
  "band",
];

/**
 * Churn-risk statistics per value of `column`, in ascending segment order, computed by Arquero.
 *
 * @example
 * segmentRisk(snapshot.table, "Contract");
 * // [{ segment: "Month-to-month", customers: 3875, meanProbability: 0.43, revenueAtRisk: 79012.5, highRisk: 1410 }, …]
 */
export function segmentRisk(table: ColumnTable, column: string): SegmentRisk[] {
  if (!SEGMENT_COLUMNS.includes(column)) {
    throw new Error(
      `unknown segment column: ${JSON.stringify(column)} (one of ${SEGMENT_COLUMNS.join(", ")})`,
    );
  }
  if (table.numRows() === 0) return [];
  const rows = table
    .groupby(column)
    .rollup({
      customers: op.count(),
      meanProbability: op.mean("probability"),
      revenueAtRisk: "d => op.sum(d.MonthlyCharges * d.probability)",
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
    })
    .orderby(column)
    .objects() as Record<string, unknown>[];
  return rows.map((r) => ({
    segment: (r[column] ?? null) as string | number | null,
    customers: r.customers as number,
    meanProbability: r.meanProbability as number,
    revenueAtRisk: r.revenueAtRisk as number,
    highRisk: r.highRisk as number,
  }));
}
