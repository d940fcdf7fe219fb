import type { DigestReport } from "../../core/src/digest/index.ts";
import { digestText, type TextTable } from "./digest-text.ts";

/** How the chart appears in Markdown: an image file beside it, or the chart's text table. */
export type MarkdownChart =
  { kind: "image"; file: string; alt: string } | { kind: "text"; text: string; alt: string };

/** `|`, `\` and line breaks would break a table row; `<` and `>` could open HTML. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\r\n]+/g, " ");
}

function table(t: TextTable): string[] {
  return [
    `| ${t.columns.map(cell).join(" | ")} |`,
    `|${t.align.map((a) => (a === "right" ? " ---: " : " --- ")).join("|")}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

/**
 * A digest as Markdown (GitHub-flavoured tables): what the outbox writes and what
 * `engagetrack digest --dry-run` prints. The chart is an image link to a file beside the Markdown,
 * or, when the image was refused (blank-chart guard) or not rendered, its table as text.
 *
 * @example
 * renderDigestMarkdown(report, { kind: "image", file: "2026-07-06T07-00-00Z-risk-distribution.png", alt });
 * // "# EngageTrack churn digest — weekly\n\nSlot 2026-07-06 07:00 UTC · snapshot …"
 */
export function renderDigestMarkdown(report: DigestReport, chart?: MarkdownChart): string {
  const text = digestText(report);
  const out: string[] = [`# ${text.title}`, "", ...text.context.map((l) => `${l}  `), ""];
  for (const section of text.sections) {
    out.push(`## ${section.title}`, "");
    if (section.lines.length > 0) out.push(...section.lines.map((l) => `${l}  `), "");
    if (section.table) out.push(...table(section.table), "");
  }
  if (chart) {
    out.push("## Risk distribution", "");
    if (chart.kind === "image") {
      out.push(`![${cell(chart.alt)}](${encodeURI(chart.file)})`, "");
    } else {
      out.push(chart.alt, "", "```text", chart.text, "```", "");
    }
  }
  if (text.links.length > 0) {
    out.push("## Notebooks", "", ...text.links.map((l) => `- [${cell(l.label)}](${l.url})`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
