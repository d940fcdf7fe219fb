import { op, type ColumnTable } from "arquero";
import { STATUS_COLUMN } from "./snapshot-columns.ts";

/** The churn rate seen in the data: of the labelled customers, the share who churned. */
export interface HistoricalChurnRate {
  /** Customers whose outcome is churned. */
  churned: number;
  /** Customers with an outcome: churned or retained (current customers have none yet). */
  labelled: number;
  /** churned / labelled; null when no customer has an outcome. */
  rate: number | null;
}

/**
 * The historical churn rate of `table`'s customers (a snapshot's table or a filtered part of it):
 * churned ÷ (churned + retained), by the status column. Current customers have no outcome and are
 * left out; a table without statuses has no labelled customer (rate null). History, not a
 * prediction — the predicted one is `predictedChurnRate`.
 *
 * @example
 * historicalChurnRate(snapshot.table); // { churned: 254, labelled: 1050, rate: 0.2419 }
 */
export function historicalChurnRate(table: ColumnTable): HistoricalChurnRate {
  if (!table.columnNames().includes(STATUS_COLUMN) || table.numRows() === 0)
    return { churned: 0, labelled: 0, rate: null };
  // Arquero compiles the expression from its text: the column is named literally (STATUS_COLUMN).
  const { churned, labelled } = table
    .rollup({
      churned: (d: { status: string }) => op.sum(d.status === "churned" ? 1 : 0),
      labelled: (d: { status: string }) => op.sum(d.status === "churned" || d.status === "retained" ? 1 : 0),
    })
    .object() as { churned: number; labelled: number };
  return { churned, labelled, rate: labelled > 0 ? churned / labelled : null };
}
