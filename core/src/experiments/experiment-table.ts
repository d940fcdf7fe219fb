import { table, type ColumnTable } from "arquero";
import type { Customer } from "../data/schema.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { statusFromChurn } from "../snapshot/status-from-churn.ts";

/** The columns an experiment analysis reads in the legacy layout (the outcome is `status`). */
export const EXPERIMENT_COLUMNS = ["customerID", "variant", STATUS_COLUMN, "engagementScore"] as const;

/**
 * An Arquero table of the columns an experiment analysis reads, from validated legacy customers
 * (a snapshot's `table` already has them): the outcome as a snapshot's `status` — churned,
 * retained, or current where a customer has no churn label.
 *
 * @example
 * analyzeExperiment(experimentTable(customers), findExperiment(config));
 */
export function experimentTable(customers: readonly Customer[]): ColumnTable {
  const n = customers.length;
  const ids = new Array<string>(n);
  const variant = new Array<string>(n);
  const status = new Array<string>(n);
  const engagement = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    ids[i] = c.customerID;
    variant[i] = c.variant;
    status[i] = statusFromChurn(c.Churn);
    engagement[i] = c.engagementScore;
  }
  return table({ customerID: ids, variant, [STATUS_COLUMN]: status, engagementScore: engagement });
}
