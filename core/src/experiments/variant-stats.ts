import { op, type ColumnTable } from "arquero";
import { VARIANTS, type Variant } from "../data/schema.ts";
import type { SampleSummary } from "./sample-summary.ts";
import { EXPERIMENT_COLUMNS } from "./experiment-table.ts";

/** What one arm holds among customers with a churn label. */
export interface ArmStats {
  customers: number;
  churned: number;
  /** Engagement score of the arm's labelled customers. */
  engagement: SampleSummary;
}

export interface VariantStats {
  arms: Record<Variant, ArmStats>;
  /** Customers without a churn label (left out of `arms`). */
  unlabelled: number;
}

/**
 * Per-arm counts, churn and engagement moments of a table with the experiment columns, computed
 * by Arquero (one filter, one grouped rollup). Arms nobody is in come back with zero customers.
 *
 * @example
 * variantStats(snapshot.table).arms.B.churned; // 850
 */
export function variantStats(data: ColumnTable): VariantStats {
  const names = data.columnNames();
  const missing = EXPERIMENT_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new Error(`missing experiment columns: ${missing.join(", ")}`);
  const labelled = data.filter("d => d.Churn === 'Yes' || d.Churn === 'No'");
  const rows = labelled
    .groupby("variant")
    .rollup({
      customers: op.count(),
      churned: "d => op.sum(d.Churn === 'Yes' ? 1 : 0)",
      mean: op.mean("engagementScore"),
      variance: op.variance("engagementScore"),
    })
    .objects() as {
    variant: string;
    customers: number;
    churned: number;
    mean: number;
    variance: number | null;
  }[];
  const empty = (): ArmStats => ({
    customers: 0,
    churned: 0,
    engagement: { n: 0, mean: NaN, variance: NaN },
  });
  const arms = Object.fromEntries(VARIANTS.map((v) => [v, empty()])) as Record<Variant, ArmStats>;
  for (const r of rows) {
    if (!(VARIANTS as readonly string[]).includes(r.variant)) {
      throw new Error(`unknown variant: ${JSON.stringify(r.variant)} (${r.customers} customers)`);
    }
    arms[r.variant as Variant] = {
      customers: r.customers,
      churned: r.churned,
      engagement: { n: r.customers, mean: r.mean, variance: r.variance ?? NaN },
    };
  }
  return { arms, unlabelled: data.numRows() - labelled.numRows() };
}
