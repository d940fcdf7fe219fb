import * as Plot from "@observablehq/plot";
import { defaultEncoderSpec } from "../features/encoder-spec.ts";
import type { SourceImportance } from "../snapshot/source-importance.ts";
import { themedAxisX, themedAxisY, themedGridX } from "./chart-axes.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";
import { textWidth, truncateText } from "./text-width.ts";

/** How much one factor moves predictions on average: mean |SHAP| in log-odds. */
export interface ImportanceBar {
  label: string;
  value: number;
}

export interface ImportanceOptions extends ChartSize {
  /** Factors drawn, largest first (default 12). */
  top?: number;
}

/**
 * Global importance: the factors that move churn predictions most across all customers (mean
 * absolute SHAP value per source column), largest first.
 *
 * @example
 * const spec = globalImportance(importanceBars(snapshot.importance()));
 */
export function globalImportance(
  factors: readonly ImportanceBar[],
  options: ImportanceOptions = {},
): ChartSpec {
  const top = options.top ?? 12;
  for (const f of factors) {
    if (!(f.value >= 0)) throw new Error(`invalid importance: ${JSON.stringify(f.label)} = ${f.value}`);
  }
  const sorted = [...factors].sort((a, b) => b.value - a.value);
  const shown = sorted.slice(0, top);
  const fs = THEME.fontSize;
  const width = options.width ?? 800;
  const rows = shown.map((f) => ({
    ...f,
    name: truncateText(f.label, width * 0.3, fs),
    text: f.value.toFixed(2),
  }));
  const title = "What drives churn predictions";
  const frame = chartFrame({
    ...options,
    title,
    subtitle:
      factors.length === 0
        ? "No explanations in this snapshot."
        : `Average push of each factor on a customer's score (mean |SHAP|, log-odds)${sorted.length > top ? `; top ${top} of ${sorted.length} factors` : ""}.`,
    marginLeft: Math.ceil(Math.max(40, ...rows.map((r) => textWidth(r.name, fs))) + 18),
    marginRight: 52,
  });
  const plot = frame.plot(
    [
      themedGridX({ ticks: 5 }),
      Plot.barX(rows, { y: "name", x: "value", fill: THEME.neutral }),
      Plot.text(rows, { y: "name", x: "value", text: "text", dx: 6, textAnchor: "start", fill: THEME.text }),
      themedAxisY({ tickSize: 0, label: null, tickPadding: 8 }),
      themedAxisX({ ticks: 5, label: "Mean |SHAP| (log-odds)" }),
    ],
    {
      y: { domain: rows.map((r) => r.name), padding: 0.2 },
      x: { domain: [0, Math.max(0.01, ...shown.map((f) => f.value))], nice: true },
    },
  );
  return {
    name: "global-importance",
    title,
    alt:
      factors.length === 0
        ? `${title}: no explanations.`
        : `Bar chart of the factors that move churn predictions most, by mean absolute SHAP value: ${shown
            .map((f) => `${f.label} ${f.value.toFixed(2)}`)
            .join(", ")}.`,
    table: {
      columns: ["Factor", "Mean |SHAP|"],
      align: ["left", "right"],
      rows: sorted.map((f) => [f.label, f.value.toFixed(3)]),
    },
    plot,
  };
}

/**
 * A snapshot's importance (`snapshot.importance()`) with sources named in words ("Contract",
 * "Tenure (months)"); `labels` overrides the default encoder's labels.
 *
 * @example
 * importanceBars(snapshot.importance())[0]; // { label: "Contract", value: 0.54 }
 */
export function importanceBars(
  importance: readonly SourceImportance[],
  labels: Readonly<Record<string, string>> = DEFAULT_LABELS,
): ImportanceBar[] {
  return importance.map((i) => ({ label: labels[i.source] ?? i.source, value: i.meanAbsShap }));
}

const DEFAULT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  defaultEncoderSpec().sources.map((s) => [s.column, s.label]),
);
