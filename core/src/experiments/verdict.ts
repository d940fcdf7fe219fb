import type { ExperimentReport, VariantResult } from "./experiment-report.ts";

/**
 * The experiment's result in one line of words, the arms by their names: the treatment's churn
 * effect against the control with its interval and p-value, then whether the checks passed. A
 * pure function of the report, so every surface says the same thing. "Lowers"/"raises" only when
 * the Holm-adjusted p-value is below alpha. Arms whose values in the data are literally A and B
 * (the demo) keep their letters beside their names (see `armWords`).
 *
 * @example
 * verdict(report); // "discount lowers churn by 14.1 points vs control, 95% CI 4.1–23.6, p = 0.011; sample ratio healthy"
 * verdict(demoReport); // "B (treatment) lowers churn by 2.6 points vs A (control), 95% CI 0.6–4.6, p = 0.013; sample ratio healthy"
 */
export function verdict(report: ExperimentReport): string {
  const { churn, alpha, srm } = report;
  const ci = `${Math.round(report.confidence * 100)}% CI`;
  const [lower, upper] = churn.interval;
  const [control, treatment] = report.variants.map((v) => armWords(report, v));
  let head: string;
  if (churn.significant) {
    const lowers = churn.difference < 0;
    const [from, to] = lowers ? [-upper, -lower] : [lower, upper];
    head = `${treatment} ${lowers ? "lowers" : "raises"} churn by ${points(Math.abs(churn.difference))} points vs ${control}, ${ci} ${points(from)}–${points(to)}, ${pText(churn.pValue)}`;
  } else {
    head = `No clear churn difference: ${treatment} − ${control} = ${signedPoints(churn.difference)} points, ${ci} ${signedPoints(lower)} to ${signedPoints(upper)}, ${pText(churn.pValue)}`;
    if (churn.pValue < alpha) {
      head += ` (${formatP(churn.adjustedPValue)} after Holm correction for ${report.testedMetrics.length} metrics)`;
    }
  }
  const checks: string[] = [];
  if (srm.mismatch) checks.push(`sample ratio mismatch (${pText(srm.pValue)}): result untrustworthy`);
  else checks.push("sample ratio healthy");
  if (report.assignmentMismatches > 0) {
    checks.push(
      `${count(report.assignmentMismatches)} customers' variant differs from the configured assignment: result untrustworthy`,
    );
  }
  return `${head}; ${checks.join("; ")}`;
}

/**
 * An arm in words: its name (the experiments file's display name, else its value in the data);
 * where the values in the data are literally the letters A and B (the demo), the letter first and
 * the name beside it — "B (treatment)" — so the letters the demo's charts use still read.
 *
 * @example
 * armWords(report, report.variants[1]); // "discount" · demo: "B (treatment)"
 */
export function armWords(
  report: Pick<ExperimentReport, "assignment">,
  arm: Pick<VariantResult, "variant" | "name">,
): string {
  const value = report.assignment.arms[arm.variant];
  if (value !== arm.variant) return arm.name;
  return arm.name === value ? value : `${value} (${arm.name})`;
}

const count = (n: number): string => n.toLocaleString("en-US");

/** A rate difference in percentage points, one decimal (0.0258 → "2.6"). */
function points(x: number): string {
  const s = (x * 100).toFixed(1);
  return s === "-0.0" ? "0.0" : s;
}

function signedPoints(x: number): string {
  const s = points(x);
  return s === "0.0" || s.startsWith("-") ? s : `+${s}`;
}

/** "p = 0.013", or "p < 0.001" for small ones. */
function pText(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatP(p)}`;
}

/** Two significant digits, never in exponent form. */
function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : String(Number(p.toPrecision(2)));
}
