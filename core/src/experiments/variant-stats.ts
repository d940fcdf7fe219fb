import { op, type ColumnTable } from "arquero";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import type { Variant } from "../data/schema.ts";
import { DEFAULT_ENGAGEMENT_COLUMN } from "./experiment-config.ts";
import { LEGACY_EXPERIMENT_COLUMNS, treatmentArm, type ExperimentColumns } from "./experiment-columns.ts";
import type { SampleSummary } from "./sample-summary.ts";

/** What one arm holds among customers with a known outcome. */
export interface ArmStats {
  customers: number;
  churned: number;
  /** Engagement score of the arm's labelled customers (n 0, NaN moments when not measured). */
  engagement: SampleSummary;
}

export interface VariantStats {
  /** A: the control arm, B: the treatment. */
  arms: Record<Variant, ArmStats>;
  /** Customers in an arm without a known outcome yet (current customers; left out of `arms`). */
  unlabelled: number;
  /** Customers whose arm is empty (not in the experiment; left out). */
  unassigned: number;
  /** Whether the table has the engagement column (so `engagement` moments were computed). */
  engagementMeasured: boolean;
}

export interface VariantStatsOptions {
  /** Where the arms are (default: the legacy `variant` A/B). */
  columns?: ExperimentColumns;
  /** The engagement column (default `engagementScore`); null: do not read engagement. */
  engagement?: string | null;
}

/**
 * Per-arm counts, churn and engagement moments of a table with an arm column and the snapshot's
 * `status` (churned = 1, retained = 0, current left out), computed by Arquero (one filter, one
 * grouped rollup). Arms nobody is in come back with zero customers.
 *
 * @example
 * variantStats(snapshot.table).arms.B.churned; // 850
 * variantStats(snapshot.table, { columns: experimentColumns(snapshot.dataset)! }).arms.A.customers;
 */
export function variantStats(data: ColumnTable, options: VariantStatsOptions = {}): VariantStats {
  const columns = options.columns ?? LEGACY_EXPERIMENT_COLUMNS;
  const names = data.columnNames();
  const missing = [columns.arm, STATUS_COLUMN].filter((c) => !names.includes(c));
  if (missing.length > 0) throw new Error(`missing experiment columns: ${missing.join(", ")}`);
  const armValue: Record<Variant, string> = { A: columns.control, B: treatmentArm(columns) };
  const engagementColumn = options.engagement === undefined ? DEFAULT_ENGAGEMENT_COLUMN : options.engagement;
  const engagementMeasured = engagementColumn !== null && names.includes(engagementColumn);
  // Renamed to fixed names so the expressions below read any contract's columns.
  const t = data.select({
    [columns.arm]: "arm",
    [STATUS_COLUMN]: "status",
    ...(engagementMeasured ? { [engagementColumn]: "engagement" } : {}),
  });
  // No arm (null or empty): not in the experiment. Truthiness, not `!= null`: on an Arrow
  // dictionary column Arquero's inequality shortcut drops every row.
  const assigned = t.filter("d => !!d.arm");
  const labelled = assigned.filter("d => d.status === 'churned' || d.status === 'retained'");
  const rows = labelled
    .groupby("arm")
    .rollup({
      customers: op.count(),
      churned: "d => op.sum(d.status === 'churned' ? 1 : 0)",
      ...(engagementMeasured ? { mean: op.mean("engagement"), variance: op.variance("engagement") } : {}),
    })
    .objects() as {
    arm: unknown;
    customers: number;
    churned: number;
    mean?: number;
    variance?: number | null;
  }[];
  const empty = (): ArmStats => ({
    customers: 0,
    churned: 0,
    engagement: { n: 0, mean: NaN, variance: NaN },
  });
  const arms: Record<Variant, ArmStats> = { A: empty(), B: empty() };
  for (const r of rows) {
    const v = (Object.keys(armValue) as Variant[]).find((k) => armValue[k] === String(r.arm));
    if (!v) {
      const kind = columns === LEGACY_EXPERIMENT_COLUMNS ? "variant" : `arm in ${columns.arm}`;
      throw new Error(`unknown ${kind}: ${JSON.stringify(r.arm)} (${r.customers} customers)`);
    }
    arms[v] = {
      customers: r.customers,
      churned: r.churned,
      engagement: engagementMeasured
        ? { n: r.customers, mean: r.mean!, variance: r.variance ?? NaN }
        : { n: 0, mean: NaN, variance: NaN },
    };
  }
  return {
    arms,
    unlabelled: assigned.numRows() - labelled.numRows(),
    unassigned: t.numRows() - assigned.numRows(),
    engagementMeasured,
  };
}
