import * as Plot from "@observablehq/plot";
import { op, type ColumnTable } from "arquero";
import type { ExperimentReport } from "../experiments/experiment-report.ts";
import { LEGACY_EXPERIMENT_COLUMNS, type ExperimentColumns } from "../experiments/experiment-columns.ts";
import { wilsonInterval } from "../experiments/wilson-interval.ts";
import { STATUS_COLUMN } from "../snapshot/snapshot-columns.ts";
import { themedAxisX, themedAxisY, themedGridX } from "./chart-axes.ts";
import { count, percent, points } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";
import { textWidth } from "./text-width.ts";

export interface AbVariantsOptions extends ChartSize {
  /** Confidence level of the intervals (default 0.95), as the report states it. */
  confidence?: number;
  /** What the arms split: the experiment's key (or the arm column's label); the title reads "Churn by <it>". */
  experiment?: string;
}

/** Observed churn in one experiment arm. */
export interface VariantChurn {
  variant: string;
  /** Display name ("Discount nudge"); default "Variant A". */
  name?: string;
  /**
   * The arm's value in the data ("discount"). When it is not the letter itself, the arm is
   * called by its name alone; arms literally valued A/B (the demo) keep the letter: "B (treatment)".
   */
  value?: string;
  /** Customers in the arm. */
  n: number;
  churnRate: number;
  /** Confidence interval of the churn rate, at the chart's `confidence`. */
  ci: [number, number];
}

/**
 * The A/B split and churn by variant: each arm's customers (count and share) on the axis, its
 * churn rate as a dot with the confidence interval as a line.
 *
 * @example
 * const spec = abVariants([
 *   { variant: "A", n: 2510, churnRate: 0.27, ci: [0.253, 0.288] },
 *   { variant: "B", n: 2490, churnRate: 0.25, ci: [0.233, 0.267] },
 * ]);
 */
export function abVariants(arms: readonly VariantChurn[], options: AbVariantsOptions = {}): ChartSpec {
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new Error(`invalid confidence: ${confidence}`);
  const level = percent(confidence, confidence * 100 === Math.round(confidence * 100) ? 0 : 1);
  for (const a of arms) {
    const [lo, hi] = a.ci;
    if (!(a.n >= 0 && lo <= a.churnRate && a.churnRate <= hi && lo >= 0 && hi <= 1)) {
      throw new Error(
        `invalid variant ${JSON.stringify(a.variant)}: n ${a.n}, churn ${a.churnRate}, ci [${lo}, ${hi}]`,
      );
    }
  }
  const total = arms.reduce((s, a) => s + a.n, 0);
  const share = (n: number) => (total ? percent(n / total) : "–");
  const named = (a: VariantChurn) => a.name !== undefined && a.value !== undefined && a.value !== a.variant;
  // The arm in words, short (table, subtitle) and long (axis, alt text).
  const short = (a: VariantChurn) => (named(a) ? a.name! : a.variant);
  const long = (a: VariantChurn) =>
    named(a) ? a.name! : a.name ? `${a.variant} (${a.name})` : `Variant ${a.variant}`;
  const name = (a: VariantChurn) => `${long(a)} · ${count(a.n)} (${share(a.n)})`;
  const rateLabel = (a: VariantChurn) =>
    `${percent(a.churnRate, 1)}  (${percent(a.ci[0], 1)}–${percent(a.ci[1], 1)})`;
  const fs = THEME.fontSize;
  const title = `Churn by ${options.experiment ?? "arm"}`;
  const split = arms.map((a) => `${short(a)} ${count(a.n)} (${share(a.n)})`).join(" · ");
  const diff =
    arms.length === 2
      ? ` ${short(arms[1])} vs ${short(arms[0])}: ${points(arms[1].churnRate - arms[0].churnRate, 1)}.`
      : "";
  const frame = chartFrame({
    ...options,
    title,
    subtitle: arms.length
      ? `Split: ${split}. Dots are churn rates, lines their ${level} intervals.${diff}`
      : "No customers with known outcomes in the experiment.",
    marginLeft: Math.ceil(Math.max(60, ...arms.map((a) => textWidth(name(a), fs))) + 18),
    marginRight: Math.ceil(Math.max(40, ...arms.map((a) => textWidth(rateLabel(a), fs))) + 20),
  });
  const rows = arms.map((a, i) => ({
    ...a,
    name: name(a),
    lo: a.ci[0],
    hi: a.ci[1],
    color: THEME.variants[i % THEME.variants.length],
    text: rateLabel(a),
  }));
  // Interval caps 16 px tall, whatever the band height (band scale: n bands, padding p).
  const padding = 0.4;
  const bandwidth = (frame.innerHeight / Math.max(1, rows.length + padding)) * (1 - padding);
  const capInset = Math.max(0, (bandwidth - 16) / 2);
  const hi = Math.max(0.05, ...arms.map((a) => a.ci[1]));
  const plot = frame.plot(
    [
      themedGridX({ ticks: 6 }),
      Plot.ruleY(rows, { y: "name", x1: "lo", x2: "hi", stroke: "color", strokeWidth: 3 }),
      Plot.tickX(rows, {
        y: "name",
        x: "lo",
        stroke: "color",
        strokeWidth: 3,
        insetTop: capInset,
        insetBottom: capInset,
      }),
      Plot.tickX(rows, {
        y: "name",
        x: "hi",
        stroke: "color",
        strokeWidth: 3,
        insetTop: capInset,
        insetBottom: capInset,
      }),
      Plot.dot(rows, { y: "name", x: "churnRate", r: 9, fill: "color", stroke: "white", strokeWidth: 2 }),
      Plot.text(rows, { y: "name", x: "hi", text: "text", dx: 12, textAnchor: "start", fill: THEME.text }),
      themedAxisY({ tickSize: 0, label: null, tickPadding: 8 }),
      themedAxisX({ ticks: 6, tickFormat: (p: number) => percent(p), label: "Churn rate" }),
    ],
    {
      y: { domain: rows.map((r) => r.name), padding },
      x: { domain: [0, hi * 1.1], nice: true },
      color: { type: "identity" },
    },
  );
  return {
    name: "ab-variants",
    title,
    alt: arms.length
      ? `Churn rate by ${options.experiment ? `arm of ${options.experiment}` : "arm"} with ${level} intervals: ${arms
          .map(
            (a) =>
              `${long(a)}, ${count(a.n)} customers (${share(a.n)}), churn ${percent(a.churnRate, 1)} (${percent(a.ci[0], 1)} to ${percent(a.ci[1], 1)})`,
          )
          .join("; ")}.`
      : `${title}: no customers with known outcomes.`,
    table: {
      columns: ["Arm", "Customers", "Share", "Churn rate", `${level} interval`],
      align: ["left", "right", "right", "right", "right"],
      rows: arms.map((a) => [
        short(a),
        count(a.n),
        share(a.n),
        percent(a.churnRate, 1),
        `${percent(a.ci[0], 1)}–${percent(a.ci[1], 1)}`,
      ]),
    },
    plot,
  };
}

/**
 * The arms of an A/B analysis (`analyzeExperiment`) as the chart draws them, named as the verdict
 * names them (`armWords`); pass the report's `confidence` and experiment key to `abVariants` too.
 *
 * @example
 * abVariants(variantChurnFromReport(report), { confidence: report.confidence, experiment: report.experiment.key });
 */
export function variantChurnFromReport(
  report: Pick<ExperimentReport, "variants"> & Partial<Pick<ExperimentReport, "assignment">>,
): VariantChurn[] {
  return report.variants.map((v) => ({
    variant: v.variant,
    name: v.name,
    ...(report.assignment ? { value: report.assignment.arms[v.variant] } : {}),
    n: v.customers,
    churnRate: v.churnRate,
    ci: [v.churnRateInterval[0], v.churnRateInterval[1]],
  }));
}

/**
 * Observed churn per experiment arm from scored customers (a snapshot's `table`: the arm column and
 * `status`; current customers have no outcome yet and are left out, as are customers with no arm),
 * with Wilson 95% intervals; the control first. The arms come from `columns` (default: the legacy
 * `variant` A/B); a contract's arm values are the arms' names.
 *
 * @example
 * variantChurn(snapshot.table); // [{ variant: "A", n: 2510, churnRate: 0.27, ci: [0.253, 0.288] }, …]
 * variantChurn(snapshot.table, experimentColumns(snapshot.dataset)!); // [{ variant: "A", name: "control", … }, …]
 */
export function variantChurn(
  table: ColumnTable,
  columns: ExperimentColumns = LEGACY_EXPERIMENT_COLUMNS,
): VariantChurn[] {
  for (const c of [columns.arm, STATUS_COLUMN]) {
    if (!table.columnNames().includes(c)) throw new Error(`missing column: ${c}`);
  }
  const byArm = new Map(
    (
      table
        .select({ [columns.arm]: "arm", [STATUS_COLUMN]: "status" })
        // Truthiness, not `!= null`: Arquero's inequality shortcut on Arrow dictionary columns drops every row.
        .filter("d => !!d.arm && (d.status === 'churned' || d.status === 'retained')")
        .groupby("arm")
        .rollup({ n: op.count(), churned: "d => op.sum(d.status === 'churned' ? 1 : 0)" })
        .objects() as { arm: unknown; n: number; churned: number }[]
    ).map((r) => [String(r.arm), r]),
  );
  // The control first, then the declared arms in order, then any value the contract does not list.
  const order = [columns.control, ...columns.arms.filter((a) => a !== columns.control)];
  const extra = [...byArm.keys()].filter((a) => !order.includes(a)).sort();
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return [...order, ...extra]
    .filter((arm) => byArm.has(arm))
    .map((arm, i) => {
      const r = byArm.get(arm)!;
      const variant = i < letters.length ? letters[i] : arm;
      return {
        variant,
        ...(arm === variant ? {} : { name: arm }),
        value: arm,
        n: r.n,
        churnRate: r.churned / r.n,
        ci: [...wilsonInterval(r.churned, r.n)] as [number, number],
      };
    });
}
