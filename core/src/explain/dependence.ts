import * as aq from "arquero";
import type { ColumnTable } from "arquero";

/** Feature value against its SHAP value, for a dependence plot of one source column. */
export type Dependence =
  | {
      source: string;
      kind: "numeric";
      /** At most `maxPoints` customers, evenly spaced through the table (deterministic). */
      points: { value: number | null; shap: number }[];
    }
  | {
      source: string;
      kind: "category";
      /** One row per category: how many customers and their mean / min / max SHAP value. */
      categories: {
        value: string | null;
        customers: number;
        meanShap: number;
        minShap: number;
        maxShap: number;
      }[];
    };

/**
 * Dependence data for the notebooks: how a column's value moves the prediction. Numbers get a
 * deterministic, evenly spaced sample of points; categories get per-category summaries (by Arquero),
 * so a million-row snapshot becomes a few thousand numbers.
 *
 * @example
 * dependence(snapshot.table, "tenure").points[0]; // { value: 1, shap: 0.62 }
 */
export function dependence(
  table: ColumnTable,
  source: string,
  options: { maxPoints?: number } = {},
): Dependence {
  const shap = `shap_${source}`;
  if (!table.columnNames().includes(source) || !table.columnNames().includes(shap)) {
    throw new Error(`no SHAP values for column ${JSON.stringify(source)} in this snapshot`);
  }
  const values = table.array(source) as ArrayLike<unknown>;
  const numeric = Array.from({ length: Math.min(values.length, 1000) }, (_, i) => values[i]).every(
    (v) => v === null || typeof v === "number",
  );
  if (numeric) {
    const n = table.numRows();
    const max = options.maxPoints ?? 2000;
    const step = Math.max(1, Math.ceil(n / max));
    const s = table.array(shap) as ArrayLike<number>;
    const points: { value: number | null; shap: number }[] = [];
    for (let i = 0; i < n; i += step) points.push({ value: values[i] as number | null, shap: s[i] });
    return { source, kind: "numeric", points };
  }
  const rows = table
    .select(source, shap)
    .rename({ [source]: "value", [shap]: "shap" })
    .groupby("value")
    .rollup({
      customers: aq.op.count(),
      meanShap: aq.op.mean("shap"),
      minShap: aq.op.min("shap"),
      maxShap: aq.op.max("shap"),
    })
    .orderby("value")
    .objects() as {
    value: string | null;
    customers: number;
    meanShap: number;
    minShap: number;
    maxShap: number;
  }[];
  return { source, kind: "category", categories: rows };
}
