import { table, type ColumnTable } from "arquero";
import type { Customer } from "../data/schema.ts";

/** The columns an experiment analysis reads. */
export const EXPERIMENT_COLUMNS = ["customerID", "variant", "Churn", "engagementScore"] as const;

/**
 * An Arquero table of the columns an experiment analysis reads, from validated customers
 * (a snapshot's `table` already has them). Churn is null where a customer has no label.
 *
 * @example
 * analyzeExperiment(experimentTable(customers), findExperiment(config));
 */
export function experimentTable(customers: readonly Customer[]): ColumnTable {
  const n = customers.length;
  const ids = new Array<string>(n);
  const variant = new Array<string>(n);
  const churn = new Array<string | null>(n);
  const engagement = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    ids[i] = c.customerID;
    variant[i] = c.variant;
    churn[i] = c.Churn ?? null;
    engagement[i] = c.engagementScore;
  }
  return table({ customerID: ids, variant, Churn: churn, engagementScore: engagement });
}
