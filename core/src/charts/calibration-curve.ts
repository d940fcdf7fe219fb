import * as Plot from "@observablehq/plot";
import type { ColumnTable } from "arquero";
import { wilsonInterval } from "../experiments/wilson-interval.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { themedAxisX, themedAxisY, themedGridX, themedGridY } from "./chart-axes.ts";
import { count, percent } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";

/** Customers whose predicted churn probability fell in [from, to), and how many churned. */
export interface CalibrationBin {
  from: number;
  to: number;
  n: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed churn rate in the bin. */
  observed: number;
  /** 95% interval of the observed rate. */
  ci: [number, number];
}

/**
 * The calibration (reliability) curve: observed churn rate against predicted probability, per bin
 * of predictions, with 95% intervals and the diagonal a perfectly calibrated model would follow.
 *
 * @example
 * const spec = calibrationCurve(calibrationBins(probabilities, labels));
 */
export function calibrationCurve(bins: readonly CalibrationBin[], size: ChartSize = {}): ChartSpec {
  for (const b of bins) {
    if (!(b.n > 0 && b.predicted >= 0 && b.predicted <= 1 && b.observed >= 0 && b.observed <= 1)) {
      throw new Error(
        `invalid calibration bin [${b.from}, ${b.to}): n ${b.n}, predicted ${b.predicted}, observed ${b.observed}`,
      );
    }
  }
  const total = bins.reduce((s, b) => s + b.n, 0);
  const ece = total ? bins.reduce((s, b) => s + (b.n / total) * Math.abs(b.predicted - b.observed), 0) : NaN;
  const title = "Calibration: predicted vs observed churn";
  const frame = chartFrame({
    ...size,
    title,
    subtitle: total
      ? `${count(total)} customers with known outcomes; expected calibration error ${percent(ece, 1)}. Dots on the dashed diagonal mean predictions match reality.`
      : "No customers with known outcomes.",
    legend: [
      { label: "Observed churn rate (95% interval)", color: THEME.lower },
      { label: "Perfect calibration", color: THEME.axis },
    ],
    marginLeft: 60,
    marginRight: 30,
  });
  const rows = bins.map((b) => ({ ...b, lo: b.ci[0], hi: b.ci[1] }));
  const plot = frame.plot(
    [
      themedGridX({ ticks: 10 }),
      themedGridY({ ticks: 5 }),
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: THEME.axis, strokeDasharray: "6,4", strokeWidth: 1.5 },
      ),
      Plot.ruleX(rows, {
        x: "predicted",
        y1: "lo",
        y2: "hi",
        stroke: THEME.lower,
        strokeWidth: 2,
        strokeOpacity: 0.6,
      }),
      Plot.line(rows, { x: "predicted", y: "observed", stroke: THEME.lower, strokeWidth: 2 }),
      Plot.dot(rows, {
        x: "predicted",
        y: "observed",
        r: 5,
        fill: THEME.lower,
        stroke: "white",
        strokeWidth: 1.5,
      }),
      themedAxisX({ ticks: 10, tickFormat: (p: number) => percent(p), label: "Predicted churn probability" }),
      themedAxisY({ ticks: 5, tickFormat: (p: number) => percent(p), label: "Observed churn rate" }),
    ],
    { x: { domain: [0, 1] }, y: { domain: [0, 1] } },
  );
  return {
    name: "calibration-curve",
    title,
    alt: total
      ? `Calibration curve over ${count(total)} customers, expected calibration error ${percent(ece, 1)}: ${bins
          .map(
            (b) =>
              `predicted ${percent(b.predicted)}, observed ${percent(b.observed)} (${count(b.n)} customers)`,
          )
          .join("; ")}.`
      : `${title}: no customers with known outcomes.`,
    table: {
      columns: ["Predicted range", "Customers", "Mean predicted", "Observed", "95% interval"],
      align: ["left", "right", "right", "right", "right"],
      rows: bins.map((b) => [
        `${percent(b.from)}–${percent(b.to)}`,
        count(b.n),
        percent(b.predicted, 1),
        percent(b.observed, 1),
        `${percent(b.ci[0], 1)}–${percent(b.ci[1], 1)}`,
      ]),
    },
    plot,
  };
}

/**
 * Reliability bins from predicted probabilities and 0/1 outcomes: `bins` equal-width bins on
 * [0, 1] (p = 1 in the last), empty bins left out, Wilson 95% intervals.
 *
 * @example
 * calibrationBins([0.1, 0.15, 0.8], [0, 1, 1], 2);
 * // [{ from: 0, to: 0.5, n: 2, predicted: 0.125, observed: 0.5, ci: […] }, { from: 0.5, to: 1, n: 1, … }]
 */
export function calibrationBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): CalibrationBin[] {
  const n = probabilities.length;
  if (labels.length !== n) throw new Error(`probabilities length ${n}, labels length ${labels.length}`);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`invalid bins: ${bins}`);
  const k = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    const y = labels[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`invalid probability: ${p} (row ${i})`);
    if (y !== 0 && y !== 1) throw new Error(`invalid label: ${y} (row ${i})`);
    const b = Math.min(Math.floor(p * bins), bins - 1);
    k[b]++;
    sumP[b] += p;
    sumY[b] += y;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (k[b] === 0) continue;
    out.push({
      from: b / bins,
      to: (b + 1) / bins,
      n: k[b],
      predicted: sumP[b] / k[b],
      observed: sumY[b] / k[b],
      ci: [...wilsonInterval(sumY[b], k[b])],
    });
  }
  return out;
}

/**
 * Reliability bins of scored customers with a known outcome (a snapshot's `table`: `probability`
 * and `status`, churned = 1 and retained = 0; current customers have no outcome yet and are left
 * out), whatever the data set's label column is called.
 */
export function calibrationFromTable(table: ColumnTable, bins = 10): CalibrationBin[] {
  for (const c of ["probability", STATUS_COLUMN]) {
    if (!table.columnNames().includes(c)) throw new Error(`missing column: ${c}`);
  }
  const known = table
    .select({ probability: "probability", [STATUS_COLUMN]: "status" })
    .filter("d => d.status === 'churned' || d.status === 'retained'");
  const p = known.array("probability") as ArrayLike<number>;
  const status = known.array("status") as ArrayLike<string>;
  return calibrationBins(
    p,
    Float64Array.from({ length: status.length }, (_, i) => (status[i] === "churned" ? 1 : 0)),
    bins,
  );
}
