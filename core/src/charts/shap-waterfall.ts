import * as Plot from "@observablehq/plot";
import type { Explanation } from "../score/explain-customer.ts";
import { themedAxisX, themedAxisY, themedGridX } from "./chart-axes.ts";
import { logit, percent, points, sigmoid } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";
import { textWidth, truncateText } from "./text-width.ts";

/** One customer's explanation as the waterfall draws it (margin = log-odds). */
export interface WaterfallInput {
  customerID?: string;
  /** Expected margin over the training data (the average customer's score). */
  baseValue: number;
  /** This customer's margin: baseValue + the sum of all contributions. */
  margin: number;
  /** Contributions in margin units, labelled in words ("Contract = Month-to-month"). Any order. */
  drivers: readonly { label: string; value: number }[];
  /**
   * The calibrated churn probability the other surfaces show. When given, the chart ends at it
   * (the card's number); the bars stay in the model's uncalibrated log-odds, and the axis says so.
   */
  probability?: number;
}

export interface WaterfallOptions extends ChartSize {
  /** Drivers drawn one by one (largest |value| first); the rest share an "Other features" bar. Default 6. */
  top?: number;
}

interface Step {
  label: string;
  kind: "start" | "raise" | "lower" | "end";
  from: number;
  to: number;
  /** Change in probability over this step. */
  delta: number;
}

const RAISES = "Raises churn risk";
const LOWERS = "Lowers churn risk";
const START = "Average customer";
const END = "This customer";
/** Probabilities the axis may mark; it keeps those in range and far enough apart. */
const TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/**
 * "Why this prediction?": a SHAP waterfall from the average customer's score through each driver
 * to this customer's, bars in log-odds (where contributions add up exactly) and the axis in
 * probability, drivers labelled in words; red raises the risk, blue lowers it.
 *
 * @example
 * const spec = shapWaterfall(waterfallInput(await explainCustomer(model, customer)));
 * spec.alt; // "Waterfall chart for customer 7590-VHVEG: from the average customer's 27% churn risk, …"
 */
export function shapWaterfall(input: WaterfallInput, options: WaterfallOptions = {}): ChartSpec {
  const top = options.top ?? 6;
  if (!Number.isInteger(top) || top < 1) throw new Error(`invalid top: ${top}`);
  if (!Number.isFinite(input.baseValue)) throw new Error(`invalid base value: ${input.baseValue}`);
  if (!Number.isFinite(input.margin)) throw new Error(`invalid margin: ${input.margin}`);
  for (const d of input.drivers) {
    if (!Number.isFinite(d.value))
      throw new Error(`invalid contribution: ${JSON.stringify(d.label)} = ${d.value}`);
  }
  const steps = waterfallSteps(input, top);
  const start = sigmoid(input.baseValue);
  const end = sigmoid(input.margin);
  // One number per customer on every surface: the end point is the calibrated probability.
  const shownEnd = input.probability ?? end;
  const who = input.customerID ? `Customer ${input.customerID}` : "This customer";
  const differs = percent(shownEnd) !== percent(end);
  const calibrated = differs ? ` (calibrated; the model's raw score reads ${percent(end)})` : "";

  const fs = THEME.fontSize;
  const width = options.width ?? 800;
  const labels = steps.map((s) => truncateText(s.label, width * 0.36, fs));
  const valueLabel = (s: Step) =>
    s.kind === "end" ? percent(shownEnd) : s.kind === "start" ? percent(sigmoid(s.to)) : points(s.delta);
  const marginLeft = Math.ceil(Math.max(...labels.map((l) => textWidth(l, fs))) + 18);
  const marginRight = Math.ceil(Math.max(...steps.map((s) => textWidth(valueLabel(s), fs, true))) + 16);
  const frame = chartFrame({
    ...options,
    title: "Why this prediction?",
    subtitle: `${who}: churn risk ${percent(start)} for the average customer → ${percent(shownEnd)} for this one${differs ? " (calibrated)" : ""}. Each bar is one factor's push on the model's uncalibrated scale.`,
    legend: [
      { label: RAISES, color: THEME.raise },
      { label: LOWERS, color: THEME.lower },
    ],
    marginLeft,
    marginRight,
  });

  const all = steps.flatMap((s) => [s.from, s.to]);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 0.5) [lo, hi] = [(lo + hi) / 2 - 0.25, (lo + hi) / 2 + 0.25];
  const pad = (hi - lo) * 0.04;
  const domain: [number, number] = [lo - pad, hi + pad];
  const rows = steps.map((s, i) => ({
    ...s,
    name: labels[i],
    effect: s.kind === "raise" ? RAISES : LOWERS,
    right: Math.max(s.from, s.to),
    text: valueLabel(s),
  }));
  const bars = rows.filter((r) => r.kind === "raise" || r.kind === "lower");
  const ends = rows.filter((r) => r.kind === "start" || r.kind === "end");
  const plot = frame.plot(
    [
      themedGridX({ ticks: probabilityTicks(domain, frame.innerWidth) }),
      Plot.ruleX([input.baseValue], { stroke: THEME.axis, strokeDasharray: "4,3" }),
      Plot.barX(bars, { y: "name", x1: "from", x2: "to", fill: "effect", insetTop: 2, insetBottom: 2 }),
      Plot.dot(ends, { y: "name", x: "to", r: 7, fill: THEME.neutral, stroke: "white", strokeWidth: 1.5 }),
      Plot.text(bars, { y: "name", x: "right", text: "text", dx: 8, textAnchor: "start", fill: THEME.text }),
      Plot.text(ends, {
        y: "name",
        x: "right",
        text: "text",
        dx: 12,
        textAnchor: "start",
        fill: THEME.text,
        fontWeight: "bold",
      }),
      themedAxisY({ tickSize: 0, label: null, tickPadding: 8 }),
      themedAxisX({
        ticks: probabilityTicks(domain, frame.innerWidth),
        tickFormat: (m: number) => percent(sigmoid(m)),
        label: "Model score (log-odds), marked in uncalibrated probability",
      }),
    ],
    {
      y: { domain: labels, padding: 0.25 },
      x: { domain },
      color: { domain: [RAISES, LOWERS], range: [THEME.raise, THEME.lower] },
    },
  );
  const moves = steps.filter((s) => s.kind === "raise" || s.kind === "lower");
  return {
    name: "shap-waterfall",
    title: "Why this prediction?",
    alt: `Waterfall chart for ${input.customerID ? `customer ${input.customerID}` : "one customer"}: from the average customer's ${percent(start)} churn risk, ${moves
      .map((s) => `${s.label} ${points(s.delta)}`)
      .join(", ")}, to ${percent(shownEnd)}${calibrated}.`,
    table: {
      columns: ["Step", "Change", "Log-odds", "Churn risk"],
      align: ["left", "right", "right", "right"],
      rows: steps.map((s) => [
        s.label,
        s.kind === "start" || s.kind === "end" ? "" : points(s.delta),
        s.kind === "start" || s.kind === "end" ? s.to.toFixed(2) : signed(s.to - s.from),
        s.kind === "end" ? percent(shownEnd) : percent(sigmoid(s.to)),
      ]),
    },
    plot,
  };
}

/** The explanation of `explainCustomer` as waterfall input: every grouped source, and the calibrated probability. */
export function waterfallInput(explanation: Explanation): WaterfallInput {
  return {
    customerID: explanation.customerID,
    baseValue: explanation.baseValue,
    margin: explanation.margin,
    drivers: explanation.grouped.map((d) => ({ label: d.label, value: d.value })),
    probability: explanation.probability,
  };
}

function waterfallSteps(input: WaterfallInput, top: number): Step[] {
  const order = input.drivers.map((_, i) => i);
  order.sort((a, b) => Math.abs(input.drivers[b].value) - Math.abs(input.drivers[a].value) || a - b);
  const shown = order.slice(0, top).map((i) => input.drivers[i]);
  const rest = input.drivers.length - shown.length;
  const other = input.margin - input.baseValue - shown.reduce((s, d) => s + d.value, 0);
  const moves = [...shown];
  // The remainder keeps local accuracy: the bars always end at the customer's margin.
  if (Math.abs(other) > 1e-9 * Math.max(1, Math.abs(input.margin))) {
    moves.push({ label: rest > 0 ? `Other features (${rest})` : "Other features", value: other });
  }
  const steps: Step[] = [
    { label: START, kind: "start", from: input.baseValue, to: input.baseValue, delta: 0 },
  ];
  let at = input.baseValue;
  for (const m of moves) {
    const next = at + m.value;
    steps.push({
      label: m.label,
      kind: m.value >= 0 ? "raise" : "lower",
      from: at,
      to: next,
      delta: sigmoid(next) - sigmoid(at),
    });
    at = next;
  }
  steps.push({ label: END, kind: "end", from: input.margin, to: input.margin, delta: 0 });
  return steps;
}

/** Log-odds positions of round probabilities inside `domain`, at least ~70 px apart. */
function probabilityTicks(domain: [number, number], innerWidth: number): number[] {
  const px = (m: number) => ((m - domain[0]) / (domain[1] - domain[0])) * innerWidth;
  const out: number[] = [];
  for (const p of TICKS) {
    const m = logit(p);
    if (m < domain[0] || m > domain[1]) continue;
    if (out.length && px(m) - px(out[out.length - 1]) < 70) continue;
    out.push(m);
  }
  return out;
}

const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(2)}`;
