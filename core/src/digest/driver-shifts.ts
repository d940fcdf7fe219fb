import type { ColumnTable } from "arquero";
import { shapColumn } from "../snapshot/snapshot-columns.ts";
import type { SourceImportance } from "../snapshot/source-importance.ts";
import { columnValues } from "./column-values.ts";
import type { DriverShift } from "./digest-report.ts";

/**
 * The top drivers of this period (mean |SHAP| per source, strongest first) with their strength and
 * rank in the previous period, so a digest can say "Contract ↑ from #2".
 *
 * @example
 * driverShifts(now.importance(), before.importance(), { Contract: "Contract" }, 5)[0];
 * // { source: "Contract", label: "Contract", meanAbsShap: 0.61, rank: 1, previousMeanAbsShap: 0.58, previousRank: 1, change: 0.03 }
 */
export function driverShifts(
  current: readonly SourceImportance[],
  previous: readonly SourceImportance[] | undefined,
  labels: Readonly<Record<string, string>>,
  top = 5,
): DriverShift[] {
  const before = new Map(previous?.map((p, i) => [p.source, { value: p.meanAbsShap, rank: i + 1 }]));
  return current.slice(0, top).map((c, i) => {
    const p = before.get(c.source);
    return {
      source: c.source,
      label: labels[c.source] ?? c.source,
      meanAbsShap: c.meanAbsShap,
      rank: i + 1,
      previousMeanAbsShap: p?.value ?? null,
      previousRank: p?.rank ?? null,
      change: p ? c.meanAbsShap - p.value : null,
    };
  });
}

/**
 * Mean |SHAP| per source, largest first (ties in source order): what `sourceImportance` computes,
 * read from each column's typed array in one loop. `sourceImportance` evaluates an Arquero
 * expression per row, about 0.5 s per 200,000 customers for thirty sources; a digest reads two
 * snapshots of up to a million.
 *
 * @example
 * periodImportance(snapshot.table, snapshot.manifest.sources)[0]; // { source: "Contract", meanAbsShap: 0.61 }
 */
export function periodImportance(table: ColumnTable, sources: readonly string[]): SourceImportance[] {
  const n = table.numRows();
  return sources
    .map((source, i) => {
      const values = columnValues<number>(table, shapColumn(source));
      let sum = 0;
      for (let r = 0; r < values.length; r++) sum += Math.abs(values[r]);
      return { source, meanAbsShap: n > 0 ? sum / n : 0, i };
    })
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap || a.i - b.i)
    .map(({ source, meanAbsShap }) => ({ source, meanAbsShap }));
}
