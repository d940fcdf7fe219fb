import { op, type ColumnTable } from "arquero";
import { actionableCustomers } from "./risk-summary.ts";

/** The churn rate the model expects: the mean calibrated churn probability of customers to act on. */
export interface PredictedChurnRate {
  /** Customers to act on (not churned) it averages over. */
  customers: number;
  /** Their mean calibrated probability; null when there are none. */
  rate: number | null;
}

/**
 * The predicted churn rate of `table`'s customers (a snapshot's table or a filtered part of it):
 * the mean calibrated churn probability over customers to act on (`actionableCustomers`: churned
 * customers are history and left out) — the share of them the model expects to churn.
 *
 * @example
 * predictedChurnRate(snapshot.table); // { customers: 6789, rate: 0.183 }
 */
export function predictedChurnRate(table: ColumnTable): PredictedChurnRate {
  const actionable = actionableCustomers(table);
  const customers = actionable.numRows();
  if (customers === 0) return { customers, rate: null };
  const { rate } = actionable.rollup({ rate: op.mean("probability") }).object() as { rate: number };
  return { customers, rate };
}
