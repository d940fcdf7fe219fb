import { formatTable, type ChartTable } from "../../core/src/charts/index.ts";

/**
 * Widest line of a table in a reply's plain text. Sentences stay one line each (Slack's and Teams'
 * fallback text reflows them); the terminal wraps them at its own width.
 */
export const TEXT_WIDTH = 100;

/**
 * A table laid out as text within `TEXT_WIDTH`: long cells clipped with "…", then the columns past
 * the first `keep` dropped from the right until it fits (the full table stays on the reply for
 * richer clients).
 *
 * @example
 * tableText(reply.table, 4); // "#  Customer  Churn risk  Band  …"
 */
export function tableText(table: ChartTable, keep: number): string {
  for (const max of [40, 28, 20, 14]) {
    let t = clip(table, max);
    while (width(t) > TEXT_WIDTH && t.columns.length > keep) t = dropLast(t);
    if (width(t) <= TEXT_WIDTH) return format(t);
  }
  let t = clip(table, 10);
  while (width(t) > TEXT_WIDTH && t.columns.length > 1) t = dropLast(t);
  return format(t);
}

const format = (t: ChartTable) => formatTable("", t).replace(/^\n/, "");

function width(t: ChartTable): number {
  const all = [t.columns, ...t.rows];
  return (
    t.columns.reduce((sum, _, c) => sum + Math.max(...all.map((r) => [...(r[c] ?? "")].length)), 0) +
    2 * (t.columns.length - 1)
  );
}

function clip(t: ChartTable, max: number): ChartTable {
  const cut = (s: string) =>
    [...s].length > max
      ? `${[...s]
          .slice(0, max - 1)
          .join("")
          .trimEnd()}…`
      : s;
  return { ...t, columns: t.columns.map(cut), rows: t.rows.map((r) => r.map(cut)) };
}

function dropLast(t: ChartTable): ChartTable {
  return {
    columns: t.columns.slice(0, -1),
    align: t.align.slice(0, -1),
    rows: t.rows.map((r) => r.slice(0, -1)),
  };
}
