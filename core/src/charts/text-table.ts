import type { ChartTable } from "./chart-spec.ts";

/**
 * A chart's table as aligned plain text (monospace), headed by the title: the fallback when an
 * image cannot be shown. Wrap it in a code block for chat clients.
 *
 * @example
 * formatTable("Churn risk by band", { columns: ["Band", "Customers"], align: ["left", "right"], rows: [["High", "661"]] });
 * // "Churn risk by band\nBand  Customers\n----  ---------\nHigh        661"
 */
export function formatTable(title: string, table: ChartTable): string {
  const all = [table.columns, ...table.rows];
  const widths = table.columns.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? "")].length)));
  const cell = (text: string, c: number) => {
    const pad = " ".repeat(widths[c] - [...text].length);
    return table.align[c] === "right" ? pad + text : text + pad;
  };
  const line = (r: string[]) =>
    r
      .map((t, c) => cell(t ?? "", c))
      .join("  ")
      .trimEnd();
  return [title, line(table.columns), line(widths.map((w) => "-".repeat(w))), ...table.rows.map(line)].join(
    "\n",
  );
}
