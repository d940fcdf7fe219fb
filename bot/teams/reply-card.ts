import { percent } from "../../core/src/charts/index.ts";
import {
  chartSpec,
  type ChartRequest,
  type RankedCustomer,
  type Reply,
  type ReplyFile,
  type ReplyTable,
} from "../conversation/index.ts";
import { cardText } from "./card-text.ts";
import { offerInput, offerSubmit } from "./write-back-card.ts";

/** Where a card's links point: reply charts and summary downloads on this server (signed, expiring). */
export interface CardLinks {
  /** Absolute HTTPS URL of the chart's image, or undefined when it cannot be linked (the card shows its text). */
  chart(chart: ChartRequest): string | undefined;
  /** Download link of a customer's TXT summary. */
  summary(customerID: string): string;
  /** Signed download link of an attached file (a CSV export), or undefined when it cannot be linked. */
  file?(file: ReplyFile): string | undefined;
}

/** An Adaptive Card element or action, as JSON. */
export type CardElement = { type: string } & Record<string, unknown>;

/** An Adaptive Card 1.5 (what `CardFactory.adaptiveCard` wraps). */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: "Full" };
}

/** What a submit button sends back: the question it asks, as if typed. */
export interface SubmitData {
  question: string;
  /** The id of a card input whose text completes the question (the offer field: "offer <id> <text>"). */
  append?: string;
}

/** Largest serialized card (bytes) the bot sends: Teams refuses cards over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;
/** Teams shows at most this many buttons in a row of actions. */
const MAX_BUTTONS = 6;
/** Rows of a chart's table shown in place of an image that could not be linked. */
const MAX_FALLBACK_ROWS = 20;

const CHANNELS: Record<string, string> = {
  "in-app": "in-app message",
  email: "e-mail",
  "csm-call": "CSM call",
};

/**
 * A reply as an Adaptive Card 1.5: the title, the facts as a FactSet, sections, drivers in
 * words, the best what-if, the nudge with its engine, the ranked list (a FactSet: compact for 50
 * customers) or the reply's table, chart images by signed URL (never inlined: cards are capped at
 * about 28 KB; a chart that cannot be linked shows its text table), a menu of Action.Submit
 * buttons, and the reply's actions — Why? and Regenerate nudge as Action.Submit `{ question }`,
 * Download summary as Action.OpenUrl to the signed summary link.
 *
 * @example
 * const card = replyCard(reply, { chart: (c) => services.replyCharts.url(c), summary: (id) => services.summaries.url(id) });
 * await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
 */
export function replyCard(reply: Reply, links: CardLinks): AdaptiveCard {
  const body: CardElement[] = [];
  const failed = reply.kind === "error" || reply.kind === "not-found";
  body.push(
    text(reply.title, {
      weight: "Bolder",
      size: "Medium",
      ...(failed && { color: reply.kind === "error" ? "Attention" : "Warning" }),
    }),
  );
  for (const section of reply.sections) {
    body.push(text(section.title, { weight: "Bolder", spacing: "Medium" }));
    body.push(lines(section.lines));
  }
  if (reply.facts.length > 0)
    body.push({
      type: "FactSet",
      spacing: "Medium",
      facts: reply.facts.map((f) => ({ title: cardText(f.label), value: cardText(f.value) })),
    });
  if (reply.drivers.length > 0) {
    // The drivers reply lists every factor with its log-odds (its table's column, in driver order).
    const logOdds = reply.kind === "drivers" ? (reply.table?.columns.indexOf("Log-odds") ?? -1) : -1;
    body.push(text("What drives the risk", { weight: "Bolder", spacing: "Medium" }));
    body.push(
      lines(
        reply.drivers.map((d, i) => {
          const value = logOdds >= 0 ? reply.table?.rows[i]?.[logOdds] : undefined;
          return `${d.words}: ${d.effect} risk${value ? ` (${value})` : ""}`;
        }),
      ),
    );
  }
  if (reply.whatIf) {
    const w = reply.whatIf;
    body.push(
      text(`**Best action:** ${cardText(w.action)}: churn risk ${percent(w.before)} → ${percent(w.after)}`, {
        spacing: "Medium",
        markdown: true,
      }),
    );
  }
  if (reply.nudge) {
    const n = reply.nudge;
    body.push({
      type: "Container",
      style: "emphasis",
      spacing: "Medium",
      items: [
        text(`Nudge: ${n.title}`, { weight: "Bolder" }),
        text(`“${n.message}”`),
        text(`Via ${CHANNELS[n.channel] ?? n.channel} · decided by the ${n.engineWords}`, {
          isSubtle: true,
          size: "Small",
        }),
      ],
    });
  }
  if (reply.ranked.length > 0) body.push(rankedFacts(reply.ranked, reply.table));
  else if (reply.table && reply.kind !== "drivers") body.push(table(reply.table));
  for (const chart of reply.charts) body.push(...chartElements(chart, links));
  if (reply.kind === "summary" && reply.customerID && reply.files.length > 0)
    body.push(text(`The summary is ready to download as ${reply.files[0].name}.`, { spacing: "Medium" }));
  // CSV exports: a signed, expiring link (a bot cannot attach files to channel messages).
  const downloads = reply.files.flatMap((f) => {
    const url = f.export ? links.file?.(f) : undefined;
    return url ? [{ name: f.name, url }] : [];
  });
  for (const d of downloads)
    body.push(text(`${d.name} is ready to download (the link expires).`, { spacing: "Medium" }));
  if (reply.menu && reply.menu.length > 0)
    body.push({
      type: "ActionSet",
      spacing: "Medium",
      actions: reply.menu.slice(0, MAX_BUTTONS).map((o) => submit(o.label, o.value)),
    });
  body.push(...offerInput(reply.actions));
  if (reply.source)
    body.push(
      text(
        `Snapshot ${reply.source.snapshotId}${reply.source.modelHash ? ` · model ${reply.source.modelHash.slice(0, 12)}` : ""}`,
        { isSubtle: true, size: "Small", spacing: "Medium" },
      ),
    );

  const actions: CardElement[] = downloads.map((d) => openUrl(`Download ${d.name}`, d.url));
  if (reply.kind === "summary" && reply.customerID && reply.files.length > 0)
    actions.push(openUrl(`Download ${reply.files[0].name}`, links.summary(reply.customerID)));
  for (const a of reply.actions) {
    if (a.id === "summary" && reply.customerID)
      actions.push(openUrl(a.label, links.summary(reply.customerID)));
    else actions.push(a.id === "offer" ? offerSubmit(a) : submit(a.label, a.value));
  }
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length > 0 && { actions: actions.slice(0, MAX_BUTTONS) }),
    msteams: { width: "Full" },
  };
}

/** A TextBlock of plain text (escaped), unless `markdown` says the text is already card Markdown. */
function text(value: string, options: Record<string, unknown> & { markdown?: boolean } = {}): CardElement {
  const { markdown, ...rest } = options;
  return { type: "TextBlock", text: markdown ? value : cardText(value), wrap: true, ...rest };
}

/** One line as is; several as a bulleted list (Teams breaks list items on "\r"). */
function lines(items: readonly string[]): CardElement {
  if (items.length === 1) return text(items[0]);
  return text(items.map((l) => `- ${cardText(l)}`).join("\r"), { markdown: true });
}

function chartElements(chart: ChartRequest, links: CardLinks): CardElement[] {
  const url = links.chart(chart);
  if (url)
    return [
      {
        type: "Image",
        url,
        altText: chart.alt,
        size: "Stretch",
        spacing: "Medium",
        selectAction: { type: "Action.OpenUrl", url, title: chart.title },
      },
    ];
  // No link (its data is too large for one): the chart's own table instead, cut to a card's size.
  const t = chartSpec(chart).table;
  const cut = t.rows.length > MAX_FALLBACK_ROWS;
  return [
    text(chart.title, { weight: "Bolder", spacing: "Medium" }),
    table({ ...t, rows: t.rows.slice(0, MAX_FALLBACK_ROWS) }),
    ...(cut
      ? [
          text(`(${t.rows.length - MAX_FALLBACK_ROWS} more rows not shown)`, {
            isSubtle: true,
            size: "Small",
          }),
        ]
      : []),
  ];
}

/** The ranked list as facts: "#1 7590-VHVEG" → "71% (High) · $70.35 a month, $49.95 at risk · …". */
function rankedFacts(ranked: readonly RankedCustomer[], t: ReplyTable | null): CardElement {
  // The money cells come from the reply's own table, formatted by the conversation layer.
  const col = (name: string) => t?.columns.indexOf(name) ?? -1;
  const atRisk = col("At risk/month");
  // The monthly revenue column (headed by the contract's label) comes just before "At risk/month".
  const monthly = atRisk - 1;
  return {
    type: "FactSet",
    spacing: "Medium",
    facts: ranked.map((r, i) => {
      const row = t?.rows[i];
      const money =
        row && monthly >= 0 && atRisk >= 0 ? ` · ${row[monthly]} a month, ${row[atRisk]} at risk` : "";
      return {
        title: cardText(`#${r.rank} ${r.customerID}`),
        value: cardText(
          [
            `${percent(r.probability)} (${r.band})${money}`,
            ...r.segments.map((g) => g.value),
            ...(r.lastAction ? [r.lastAction] : []),
          ].join(" · "),
        ),
      };
    }),
  };
}

function table(t: ReplyTable): CardElement {
  const align = (i: number) => (t.align[i] === "right" ? "Right" : "Left");
  const row = (cells: readonly string[], header: boolean) => ({
    type: "TableRow",
    cells: cells.map((c, i) => ({
      type: "TableCell",
      items: [
        {
          type: "TextBlock",
          text: cardText(c),
          wrap: true,
          horizontalAlignment: align(i),
          ...(header && { weight: "Bolder" }),
        },
      ],
    })),
  });
  return {
    type: "Table",
    spacing: "Medium",
    gridStyle: "accent",
    firstRowAsHeader: true,
    columns: t.columns.map(() => ({ width: 1 })),
    rows: [row(t.columns, true), ...t.rows.map((r) => row(r, false))],
  };
}

function submit(title: string, question: string): CardElement {
  const data: SubmitData = { question };
  return { type: "Action.Submit", title, data };
}

function openUrl(title: string, url: string): CardElement {
  return { type: "Action.OpenUrl", title, url };
}
