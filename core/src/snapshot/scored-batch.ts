import type { CustomerStatus } from "../data/read-contract-rows.ts";

/** Risk band of a calibrated churn probability (thresholds live in the model card). */
export type RiskBand = "Low" | "Medium" | "High";

/** One explained driver, grouped to its source column ("Contract = Month-to-month: +0.84"). */
export interface Driver {
  /** Source column, e.g. "Contract". */
  source: string;
  /** Human label with the customer's value, e.g. "Contract = Month-to-month". */
  label: string;
  /** SHAP value in margin (log-odds) space, summed over the column's one-hot features. */
  value: number;
}

/**
 * One customer's cells keyed by column name: a `Customer` (the legacy layout) or a contract's
 * validated row (`ContractRow`). A missing value is null (or an absent key).
 */
export type CustomerRecord = Readonly<Record<string, string | number | null | undefined>>;

/**
 * What scoring hands to the snapshot writer: a batch of customers with their scores, columnar.
 * `inputRow` is each customer's 0-based position in the input file: it orders a snapshot, so
 * shards merge to exactly what one process writes. `C` is what the customers are: writers take
 * any records; `scoreCustomers` gives `Customer`s; a reader of a file says what it holds.
 */
export interface ScoredBatch<C extends CustomerRecord = CustomerRecord> {
  customers: readonly C[];
  /**
   * Each customer's status: current (the customers to act on) or history (churned, retained).
   * Churned customers are kept (they explain the model), but are never listed as ones to act on.
   */
  status: readonly CustomerStatus[];
  inputRow: Int32Array;
  /** Calibrated churn probability (what users see). */
  probability: Float64Array;
  /** Raw model margin (log-odds) before calibration. */
  margin: Float64Array;
  band: readonly RiskBand[];
  /** Source columns of `contributions`, in order (same for every batch of a snapshot). */
  sources: readonly string[];
  /** Grouped SHAP values, row-major: customers.length × sources.length. */
  contributions: Float32Array;
  /** Top drivers per customer, sorted by |value| descending (at most 5). */
  drivers: readonly (readonly Driver[])[];
}
