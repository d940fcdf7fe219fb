import type { ColumnTable } from "arquero";
import type { RiskBand } from "./scored-batch.ts";

/**
 * Customers per risk band (every band present, zero when empty), counted by Arquero.
 *
 * @example
 * bandCounts(snapshot.table); // { Low: 4120, Medium: 1802, High: 1121 }
 */
export function bandCounts(table: ColumnTable): Record<RiskBand, number> {
  const counts: Record<RiskBand, number> = { Low: 0, Medium: 0, High: 0 };
  if (table.numRows() === 0) return counts;
  for (const { band, n } of table.groupby("band").count({ as: "n" }).objects() as {
    band: RiskBand;
    n: number;
  }[]) {
    counts[band] = n;
  }
  return counts;
}
