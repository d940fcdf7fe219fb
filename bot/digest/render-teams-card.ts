import type { DigestReport } from "../../core/src/digest/index.ts";
import { digestText, type TextTable } from "./digest-text.ts";

/** An Adaptive Card (schema 1.4) as plain JSON. */
export type AdaptiveCard = Record<string, unknown> & { type: "AdaptiveCard" };

function columns(t: TextTable): Record<string, unknown> {
  // A ColumnSet per table: one column per field, rows stacked, header bold.
  return {
    type: "ColumnSet",
    spacing: "Small",
    columns: t.columns.map((name, c) => ({
      type: "Column",
      width: c === 0 ? "stretch" : "auto",
      items: [
        { type: "TextBlock", text: name, weight: "Bolder", size: "Small", wrap: true },
        ...t.rows.map((r) => ({
          type: "TextBlock",
          text: r[c] ?? "",
          size: "Small",
          spacing: "None",
          horizontalAlignment: t.align[c] === "right" ? "Right" : "Left",
          wrap: c === t.columns.length - 1,
        })),
      ],
    })),
  };
}

/** Bytes of card body allowed before tables are left out (Teams' cap is about 28 KB; links and chart follow). */
const CARD_BUDGET = 24_000;

function cardBody(
  text: ReturnType<typeof digestText>,
  tables: readonly boolean[],
): Record<string, unknown>[] {
  const body: Record<string, unknown>[] = [
    { type: "TextBlock", text: text.title, size: "Large", weight: "Bolder", wrap: true },
    ...text.context.map((l) => ({ type: "TextBlock", text: l, isSubtle: true, size: "Small", wrap: true })),
  ];
  text.sections.forEach((section, i) => {
    body.push({ type: "TextBlock", text: section.title, weight: "Bolder", separator: true, wrap: true });
    for (const l of section.lines) body.push({ type: "TextBlock", text: l, wrap: true, spacing: "Small" });
    if (section.table && tables[i]) body.push(columns(section.table));
    else if (section.table)
      body.push({
        type: "TextBlock",
        text: "(table left out to keep the card within Teams' size limit: see the Markdown digest or the notebooks)",
        isSubtle: true,
        size: "Small",
        wrap: true,
        spacing: "Small",
      });
  });
  return body;
}

/**
 * A digest as a simple Adaptive Card for Teams: title, context, each part's sentences and table, the
 * chart by URL (cards have a size cap of a few tens of KB, so images are linked, never inlined) or
 * its text table, and the notebook links as actions.
 *
 * @example
 * const card = renderDigestCard(report, { chartUrl: links.url({ chart: "risk-distribution" }) });
 * await teams.send(conversationId, { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] });
 */
export function renderDigestCard(
  report: DigestReport,
  chart: { url?: string; alt?: string; text?: string } = {},
): AdaptiveCard {
  const text = digestText(report);
  // Teams refuses cards over about 28 KB: tables are left out from the last section up (the
  // bands and the call-first list always stay), each saying where the full table is.
  const tables = text.sections.map((s) => s.table !== null);
  let body = cardBody(text, tables);
  for (let i = text.sections.length - 1; i >= 2 && JSON.stringify(body).length > CARD_BUDGET; i--) {
    if (!tables[i]) continue;
    tables[i] = false;
    body = cardBody(text, tables);
  }
  if (chart.url) {
    body.push({
      type: "Image",
      url: chart.url,
      altText: chart.alt ?? "Churn risk distribution",
      size: "Stretch",
    });
  } else if (chart.text) {
    body.push({ type: "TextBlock", text: chart.text, fontType: "Monospace", wrap: true, separator: true });
  }
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body,
    actions: text.links.map((l) => ({ type: "Action.OpenUrl", title: l.label, url: l.url })),
  };
}
