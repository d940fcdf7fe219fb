import type { ColumnTable } from "arquero";
import { calibrationBins } from "../charts/calibration-curve.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { columnValues } from "./column-values.ts";
import type { Drift, ModelHealth } from "./digest-report.ts";
import { PSI_FLAG, populationStability } from "./population-stability.ts";
import { binCounts, referenceCounts, type ColumnBins, type ReferenceProfile } from "./reference-profile.ts";

/**
 * Model health on the newest snapshot: population stability index of the score and of each model
 * input of `table` (every scored customer) against the reference data (the training data's
 * profile), flagged above 0.2; and, when customers of `all` (default `table`) have a known outcome
 * (status churned or retained), calibration (expected calibration error over ten equal-width bins,
 * with the reliability bins for a chart). Without known outcomes, calibration is null and
 * `calibrationNote` says "outcomes not known yet".
 *
 * @example
 * const health = modelHealth(snapshot.table, await readReferenceProfile("models/demo"));
 * health.score; // { column: "probability", label: "Churn score", psi: 0.031, flagged: false }
 */
export function modelHealth(
  table: ColumnTable,
  reference: ReferenceProfile | undefined,
  note: string | null = null,
  all: ColumnTable = table,
): ModelHealth {
  const names = new Set(table.columnNames());
  const drift = (bins: ColumnBins): Drift => {
    const psi = populationStability(referenceCounts(bins), binCounts(bins, columnValues(table, bins.column)));
    return { column: bins.column, label: bins.label, psi, flagged: psi > PSI_FLAG };
  };
  const usable = reference && table.numRows() > 0;
  const score = usable ? drift(reference.score) : null;
  const inputs = usable
    ? reference.inputs
        .filter((b) => names.has(b.column))
        .map(drift)
        .sort((a, b) => b.psi - a.psi || (a.column < b.column ? -1 : 1))
    : [];
  const flagged = [score, ...inputs].filter((d): d is Drift => d !== null && d.flagged).map((d) => d.label);

  let calibration: ModelHealth["calibration"] = null;
  if (all.numRows() > 0) {
    const bins = labelledBins(all);
    const customers = bins.reduce((s, b) => s + b.n, 0);
    if (customers > 0) {
      const ece = bins.reduce((s, b) => s + (b.n / customers) * Math.abs(b.predicted - b.observed), 0);
      calibration = { customers, ece, bins };
    }
  }
  return {
    threshold: PSI_FLAG,
    reference: reference ? { origin: reference.origin, rows: reference.rows } : null,
    note: reference
      ? table.numRows() === 0
        ? "the snapshot has no customers"
        : note
      : (note ?? "no reference profile for this model"),
    score,
    inputs,
    flagged,
    calibration,
    calibrationNote: calibration ? null : "outcomes not known yet",
  };
}

/**
 * Reliability bins of the customers whose outcome is known (status churned or retained; a table
 * without a status column: its Churn label), from typed arrays.
 */
function labelledBins(table: ColumnTable) {
  const names = table.columnNames();
  const status = names.includes(STATUS_COLUMN);
  if (!status && !names.includes("Churn")) return calibrationBins([], []);
  const outcome = columnValues(table, status ? STATUS_COLUMN : "Churn");
  const [churned, retained] = status ? ["churned", "retained"] : ["Yes", "No"];
  const probability = columnValues(table, "probability") as ArrayLike<number>;
  const p: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < outcome.length; i++) {
    const c = outcome[i];
    if (c === churned || c === retained) {
      p.push(probability[i]);
      y.push(c === churned ? 1 : 0);
    }
  }
  return calibrationBins(p, y);
}
