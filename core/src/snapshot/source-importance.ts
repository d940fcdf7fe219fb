import type { ColumnTable } from "arquero";
import { shapColumn } from "./snapshot-columns.ts";

/** How much one source column moves predictions overall. */
export interface SourceImportance {
  source: string;
  /** Mean |grouped SHAP| over all customers, in margin (log-odds) units; 0 for an empty snapshot. */
  meanAbsShap: number;
}

/**
 * Global importance: mean |SHAP| per source, largest first (ties in source order), by Arquero.
 *
 * @example
 * sourceImportance(snapshot.table, snapshot.manifest.sources);
 * // [{ source: "Contract", meanAbsShap: 0.61 }, { source: "tenure", meanAbsShap: 0.44 }, …]
 */
export function sourceImportance(table: ColumnTable, sources: readonly string[]): SourceImportance[] {
  if (sources.length === 0) return [];
  const means =
    table.numRows() === 0
      ? {}
      : (table
          .rollup(
            Object.fromEntries(
              sources.map((s, i) => [`s${i}`, `d => op.mean(op.abs(d[${JSON.stringify(shapColumn(s))}]))`]),
            ),
          )
          .object() as Record<string, number>);
  return sources
    .map((source, i) => ({ source, meanAbsShap: (means as Record<string, number>)[`s${i}`] ?? 0, i }))
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap || a.i - b.i)
    .map(({ source, meanAbsShap }) => ({ source, meanAbsShap }));
}
