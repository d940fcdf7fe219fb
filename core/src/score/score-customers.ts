import type { CustomerStatus } from "../data/read-contract-rows.ts";
import type { Customer } from "../data/schema.ts";
import { groupContributions } from "../explain/group-contributions.ts";
import { topDrivers } from "../explain/top-drivers.ts";
import { treeShap } from "../explain/tree-shap.ts";
import { encodeCustomers } from "../features/encode-customers.ts";
import type { ScoredBatch } from "../snapshot/scored-batch.ts";
import { statusFromChurn } from "../snapshot/status-from-churn.ts";
import type { ChurnModel } from "./churn-model.ts";

export interface ScoreCustomersOptions {
  /** 0-based input position of the first customer (orders snapshots; default 0). */
  firstRow?: number;
  /** Explicit input positions, one per customer (shards: their rows are not contiguous). */
  inputRows?: Int32Array;
  /** Drivers kept per customer (default 5). */
  topK?: number;
  /**
   * Each customer's status, one per customer (as the contract reader gave it), passed through to the
   * batch. Default: from Churn ("Yes" → churned, "No" → retained, absent → current).
   */
  status?: readonly CustomerStatus[];
}

/**
 * Scores and explains a batch of customers: ONNX probabilities (calibrated), the exact margin and
 * grouped TreeSHAP values from the same trees, bands and top drivers, and each customer's status —
 * ready for a snapshot.
 *
 * @example
 * const batch = await scoreCustomers(model, customers);
 * batch.probability[0]; // calibrated P(churn) of the first customer
 */
export async function scoreCustomers(
  model: ChurnModel,
  customers: readonly Customer[],
  options: ScoreCustomersOptions = {},
): Promise<ScoredBatch<Customer>> {
  if (model.encoder.kind !== "customer")
    throw new Error(`model ${model.card.name} reads named columns, not customers`);
  const n = customers.length;
  const status = options.status ?? customers.map((c) => statusFromChurn(c.Churn));
  if (status.length !== n) throw new Error(`status has ${status.length} entries for ${n} customers`);
  const matrix = encodeCustomers(model.encoder, customers, n);
  const { probability } = await model.score(matrix);
  const shap = treeShap(model.ensemble, matrix);
  const grouped = groupContributions(model.features, shap.values, n);
  const ns = grouped.sources.length;
  const inputRow = options.inputRows ?? Int32Array.from({ length: n }, (_, i) => (options.firstRow ?? 0) + i);
  if (inputRow.length !== n) throw new Error(`inputRows has ${inputRow.length} entries for ${n} customers`);
  return {
    customers,
    status,
    inputRow,
    probability,
    margin: shap.margin,
    band: Array.from(probability, (p) => model.band(p)),
    sources: grouped.sources,
    contributions: grouped.values,
    drivers: customers.map((c, i) =>
      topDrivers(c, grouped.sources, grouped.sourceLabels, grouped.values, i * ns, options.topK ?? 5),
    ),
  };
}
