import type { ChatPostMessageArguments } from "@slack/web-api";
import type { DigestReport } from "../../core/src/digest/index.ts";
import { escapeMrkdwn as escape } from "../slack/escape-mrkdwn.ts";
import { digestText, type TextTable } from "./digest-text.ts";

type Blocks = Extract<ChatPostMessageArguments, { blocks: unknown[] }>["blocks"];

/** A table as aligned monospace text (Slack messages have no tables). */
function monospace(t: TextTable): string {
  const all = [t.columns, ...t.rows];
  const widths = t.columns.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? "")].length)));
  const line = (r: string[]) =>
    r
      .map((text, c) => {
        const pad = " ".repeat(widths[c] - [...text].length);
        return t.align[c] === "right" ? pad + text : text + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(t.columns), line(widths.map((w) => "-".repeat(w))), ...t.rows.map(line)].join("\n");
}

/** Section text is capped at 3,000 characters by Slack. */
const clip = (s: string, max = 2900) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * A digest as a Slack message: `text` (the notification and fallback line) and Block Kit blocks —
 * a header, the context, one section per part with its table as monospace text, and the notebook
 * links. The chart is uploaded as a file beside the message; when its image was refused, pass its
 * text table as `chartText` and it goes in the message instead.
 *
 * @example
 * const { text, blocks } = renderDigestBlocks(report);
 * await slack.chat.postMessage({ channel, text, blocks });
 */
export function renderDigestBlocks(
  report: DigestReport,
  options: { chartText?: string } = {},
): { text: string; blocks: Blocks } {
  const text = digestText(report);
  const blocks: Blocks = [
    { type: "header", text: { type: "plain_text", text: clip(text.title, 150), emoji: false } },
    { type: "context", elements: text.context.map((l) => ({ type: "mrkdwn" as const, text: escape(l) })) },
  ];
  for (const section of text.sections) {
    const body = [
      `*${escape(section.title)}*`,
      ...section.lines.map(escape),
      ...(section.table ? ["```" + escape(monospace(section.table)) + "```"] : []),
    ].join("\n");
    blocks.push({ type: "divider" }, { type: "section", text: { type: "mrkdwn", text: clip(body) } });
  }
  if (options.chartText) {
    blocks.push(
      { type: "divider" },
      {
        type: "section",
        text: { type: "mrkdwn", text: clip(`*Risk distribution*\n\`\`\`${escape(options.chartText)}\`\`\``) },
      },
    );
  }
  if (text.links.length > 0) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: text.links.map((l) => `<${l.url}|${escape(l.label)}>`).join(" · "),
        },
      ],
    });
  }
  return { text: escape(text.summary), blocks };
}
