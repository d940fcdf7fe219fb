import type { SourceImportance } from "../snapshot/source-importance.ts";
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
