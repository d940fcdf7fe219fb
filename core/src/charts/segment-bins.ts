import { escape, op, type ColumnTable } from "arquero";
import { revenueAtRiskTerm } from "../snapshot/risk-summary.ts";
import type { SegmentBar } from "./segment-bars.ts";

/** A bucket of a numeric column: values from `from` up to the next bucket's `from`. */
export interface Bin {
  label: string;
  from: number;
}

export interface SegmentBinsOptions {
  /**
   * A monthly revenue column: each bucket then also has `revenueAtRisk`, Σ revenue × probability
   * (a blank revenue counts 0), as `segmentRisk` sums it.
   */
  revenue?: string | null;
}

/**
 * Churn risk per bucket of a numeric column of scored customers (a snapshot's `table`: the column,
 * `probability` and `band`), computed by Arquero. Every bucket is returned, empty ones too, in
 * order; customers without a value form a last "Unknown" bucket when there are any.
 *
 * @example
 * segmentBins(snapshot.table, "supportCalls90d", [{ label: "None", from: 0 }, { label: "1–2", from: 1 }, { label: "3+", from: 3 }]);
 * // [{ segment: "None", customers: 2540, meanProbability: 0.21, highRisk: 240 }, …]
 */
export function segmentBins(
  table: ColumnTable,
  column: string,
  bins: readonly Bin[],
  options: SegmentBinsOptions = {},
): Array<SegmentBar & { revenueAtRisk?: number }> {
  if (bins.length === 0) throw new Error(`no bins for column ${column}`);
  for (let i = 1; i < bins.length; i++) {
    if (!(bins[i].from > bins[i - 1].from))
      throw new Error(`bins of ${column} not ascending at ${JSON.stringify(bins[i].label)}`);
  }
  if (!table.columnNames().includes(column)) throw new Error(`unknown column: ${JSON.stringify(column)}`);
  const froms = bins.map((b) => b.from);
  const unknown = bins.length;
  const binOf = (v: unknown): number => {
    if (typeof v !== "number" || Number.isNaN(v)) return unknown;
    let k = -1;
    for (let i = 0; i < froms.length && froms[i] <= v; i++) k = i;
    return k < 0 ? unknown : k;
  };
  const revenue = options.revenue ?? null;
  if (revenue !== null && !table.columnNames().includes(revenue))
    throw new Error(`unknown column: ${JSON.stringify(revenue)}`);
  const rows = table
    .derive({
      bin: escape((d: Record<string, unknown>) => binOf(d[column])),
      ...(revenue !== null && { atRisk: revenueAtRiskTerm(revenue) }),
    })
    .groupby("bin")
    .rollup({
      customers: op.count(),
      meanProbability: op.mean("probability"),
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
      ...(revenue !== null && { revenueAtRisk: op.sum("atRisk") }),
    })
    .objects() as {
    bin: number;
    customers: number;
    meanProbability: number;
    highRisk: number;
    revenueAtRisk?: number;
  }[];
  const byBin = new Map(rows.map((r) => [r.bin, r]));
  const bar = (segment: string, r: (typeof rows)[number] | undefined) => ({
    segment,
    customers: r?.customers ?? 0,
    meanProbability: r?.meanProbability ?? NaN,
    highRisk: r?.highRisk ?? 0,
    ...(revenue !== null && { revenueAtRisk: r?.revenueAtRisk ?? 0 }),
  });
  const out = bins.map((b, i) => bar(b.label, byBin.get(i)));
  const u = byBin.get(unknown);
  if (u) out.push(bar("Unknown", u));
  return out;
}

export interface AutoBinOptions {
  /** Whole numbers: buckets read "5–9", and a column with at most `distinct` values gets one per value. */
  integer?: boolean;
  /** Most buckets (default 6). */
  maxBins?: number;
  /** At most this many distinct whole values get a bucket each (default 8). */
  distinct?: number;
  /** How a bucket's bound reads (default: the number, thousands separated). */
  format?: (n: number) => string;
}

/**
 * Buckets for a numeric column no chart knows: one per value for a whole-number column with a
 * handful of values ("0", "1", … "7"), else up to six equal buckets on a round step (1, 2 or 5 ×
 * 10ⁿ) from the lowest value to the highest, the last open-ended ("150 or more").
 *
 * @example
 * autoBins([0, 1, 3, 4, 9], { integer: true }); // one bucket per value: "0", "1", "3", "4", "9"
 * autoBins([12.5, 80, 143], {}); // "0–50", "50–100", "100 or more"
 */
export function autoBins(values: ArrayLike<unknown>, options: AutoBinOptions = {}): Bin[] {
  const format = options.format ?? ((n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 }));
  const maxBins = options.maxBins ?? 6;
  let min = Infinity;
  let max = -Infinity;
  const distinct = new Set<number>();
  const limit = options.distinct ?? 8;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (distinct.size <= limit) distinct.add(v);
  }
  if (min === Infinity) return [{ label: "All", from: 0 }];
  const whole = options.integer === true && [...distinct].every(Number.isInteger);
  if (whole && distinct.size <= limit)
    return [...distinct].sort((a, b) => a - b).map((v) => ({ label: format(v), from: v }));
  if (min === max) return [{ label: format(min), from: min }];
  let step = niceStep((max - min) / maxBins);
  if (whole) step = Math.max(1, Math.ceil(step));
  let start = Math.floor(min / step) * step;
  while (Math.floor((max - start) / step) + 1 > maxBins) {
    step = niceStep(step * 1.01);
    if (whole) step = Math.max(1, Math.ceil(step));
    start = Math.floor(min / step) * step;
  }
  const bins: Bin[] = [];
  for (let from = start; from <= max; from = round(from + step)) {
    const to = round(from + step);
    const last = to > max;
    const label = last
      ? `${format(from)} or more`
      : whole
        ? step === 1
          ? format(from)
          : `${format(from)}–${format(to - 1)}`
        : `${format(from)}–${format(to)}`;
    bins.push({ label, from });
  }
  return bins;
}

/** The round step (1, 2 or 5 × 10ⁿ) at or above `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return round(m * power);
  return round(10 * power);
}

const round = (n: number): number => Math.round(n * 1e9) / 1e9;
