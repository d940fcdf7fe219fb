import { escape, op, type ColumnTable } from "arquero";
import type { SegmentBar } from "./segment-bars.ts";

/** A bucket of a numeric column: values from `from` up to the next bucket's `from`. */
export interface Bin {
  label: string;
  from: number;
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
export function segmentBins(table: ColumnTable, column: string, bins: readonly Bin[]): SegmentBar[] {
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
  const rows = table
    .derive({ bin: escape((d: Record<string, unknown>) => binOf(d[column])) })
    .groupby("bin")
    .rollup({
      customers: op.count(),
      meanProbability: op.mean("probability"),
      highRisk: "d => op.sum(d.band === 'High' ? 1 : 0)",
    })
    .objects() as { bin: number; customers: number; meanProbability: number; highRisk: number }[];
  const byBin = new Map(rows.map((r) => [r.bin, r]));
  const out: SegmentBar[] = bins.map((b, i) => {
    const r = byBin.get(i);
    return r
      ? { segment: b.label, customers: r.customers, meanProbability: r.meanProbability, highRisk: r.highRisk }
      : { segment: b.label, customers: 0, meanProbability: NaN, highRisk: 0 };
  });
  const u = byBin.get(unknown);
  if (u)
    out.push({
      segment: "Unknown",
      customers: u.customers,
      meanProbability: u.meanProbability,
      highRisk: u.highRisk,
    });
  return out;
}
