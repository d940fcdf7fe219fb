import type { types } from "@slack/bolt";
import { formatTable, percent as pct } from "../../core/src/charts/index.ts";
import type { Reply, ReplyDriver } from "../conversation/index.ts";
import { escapeMrkdwn as escape } from "./escape-mrkdwn.ts";
import { clipEscaped, clipText, codeBlocks, SLACK_LIMITS } from "./slack-limits.ts";
import { shareBlock, WRITE_BACK_ACTIONS, writeBackBlocks } from "./write-back-blocks.ts";

type Block = types.KnownBlock;
type Button = types.Button;

/** A message as chat.postMessage, chat.postEphemeral and response_url take it. */
export interface SlackMessage {
  /** The notification and fallback text: the whole answer in plain words (clipped, mrkdwn-escaped). */
  text: string;
  blocks: Block[];
}

export interface ReplyBlocksOptions {
  /**
   * Who asked what, shown above the answer: a slash command's answer is posted by the app, so
   * the channel sees the answer but not the command.
   */
  asked?: { user: string; text: string };
  /** Charts as their text tables in the message (ephemeral messages cannot carry files). */
  chartsAsText?: boolean;
  /** Attached files (the TXT summary) as text in the message, for the same reason. */
  filesAsText?: boolean;
  /** Drivers listed in words on an insight card; default 5 (the Why? button lists them all). */
  maxDrivers?: number;
  /** Default Slack's 50 per message. */
  maxBlocks?: number;
  /** A "Share in channel" button asking this question again (an ephemeral answer; see replyVisibility). */
  share?: string;
}

/** How a nudge reaches the customer, in words. */
const CHANNEL_WORDS: Record<string, string> = {
  "in-app": "in-app message",
  email: "e-mail",
  "csm-call": "CSM call",
};

/** Prefix of every button's action_id: the app routes presses by it. */
export const ACTION_PREFIX = "engage:";

/**
 * A conversation reply as a Block Kit message: the title as a header (a warning line for an
 * error), facts as section fields, explanatory sections, drivers in words, the best what-if,
 * the nudge with the engine that wrote it, the ranked list or table as code blocks, menu choices
 * and the reply's actions (Why?, Download summary, Regenerate nudge, a customer of a list) as
 * buttons whose value is the question they ask, and the snapshot the answer came from. Charts are
 * uploaded beside it (or drawn as text tables with `chartsAsText`). Kept inside Slack's limits:
 * texts are clipped, long tables split, and a message over the block limit loses its last body
 * blocks (never its buttons) with a note saying so. Pure: the same reply gives the same JSON.
 *
 * @example
 * const message = replyBlocks(await services.ask("top at-risk 5", asker), { asked: { user: "U1", text: "top at-risk 5" } });
 * await slack.chat.postMessage({ channel, thread_ts, ...message });
 */
export function replyBlocks(reply: Reply, options: ReplyBlocksOptions = {}): SlackMessage {
  const L = SLACK_LIMITS;
  const maxBlocks = Math.min(options.maxBlocks ?? L.messageBlocks, L.messageBlocks);
  const body: Block[] = [];
  const mrkdwn = (text: string) => section(clipText(text, L.text));

  if (options.asked) {
    const asked = clipText(options.asked.text.replace(/\s+/g, " ").trim(), 200);
    body.push(context([`<@${escapeId(options.asked.user)}> asked: ${escape(asked)}`]));
  }
  if (reply.kind === "error") {
    body.push(mrkdwn(`:warning: ${escape(capitalised(reply.title))}`));
  } else {
    body.push({ type: "header", text: plain(clipText(capitalised(reply.title), L.header)) });
  }
  if (reply.facts.length) {
    const fields = reply.facts.map((f) => clipText(`*${escape(f.label)}*\n${escape(f.value)}`, L.fieldText));
    for (let i = 0; i < fields.length; i += L.fields) {
      body.push({
        type: "section",
        fields: fields.slice(i, i + L.fields).map((text) => ({ type: "mrkdwn", text })),
      });
    }
  }
  for (const s of reply.sections) {
    // Several lines read as a list; one line as a sentence.
    const lines = s.lines.map((l) => (s.lines.length > 1 ? `• ${escape(l)}` : escape(l)));
    body.push(mrkdwn(`*${escape(s.title)}*\n${lines.join("\n")}`));
  }
  if (reply.drivers.length) {
    // An insight card names the strongest few; the drivers answer (the Why? button) names all.
    const all = reply.kind === "drivers";
    const shown = all ? reply.drivers : reply.drivers.slice(0, options.maxDrivers ?? 5);
    const left = reply.drivers.length - shown.length;
    const lines = [
      all ? "*Every driver, strongest first*" : "*Main drivers*",
      ...shown.map(driverLine),
      ...(left > 0 ? [`_…and ${left} more: press *Why?*_`] : []),
    ];
    body.push(mrkdwn(lines.join("\n")));
  }
  if (reply.whatIf) {
    const w = reply.whatIf;
    body.push(mrkdwn(`*Best action:* ${escape(w.action)} (churn risk ${pct(w.before)} → ${pct(w.after)})`));
  } else if (reply.kind === "insight" && reply.nudge) {
    // A churned customer's card (history, no nudge) proposes nothing at all.
    body.push(mrkdwn("*Best action:* none of the usual changes would lower the risk"));
  }
  if (reply.nudge) {
    const n = reply.nudge;
    body.push(
      mrkdwn(
        `*Nudge* (${escape(n.engineWords)}): *${escape(n.title)}* by ${CHANNEL_WORDS[n.channel] ?? escape(n.channel)}\n${quote(escape(n.message))}`,
      ),
    );
  }
  // The drivers answer's table repeats its drivers in numbers; other tables are the answer itself.
  if (reply.table && reply.kind !== "drivers") {
    const lines = formatTable("", reply.table).replace(/^\n/, "").split("\n").map(escape);
    for (const text of codeBlocks(lines, L.text, 4)) body.push(section(text));
  }
  if (options.chartsAsText) {
    for (const chart of reply.charts) {
      for (const text of codeBlocks(chart.text.split("\n").map(escape), L.text, 2)) body.push(section(text));
    }
  }
  if (options.filesAsText) {
    for (const file of reply.files) {
      body.push(mrkdwn(`*${escape(file.name)}*`));
      for (const text of codeBlocks(file.content.split("\n").map(escape), L.text, 4))
        body.push(section(text));
    }
  }

  const buttons: Block[] = [];
  if (reply.menu?.length) {
    const menu = reply.menu.map((o, i) => button(`menu-${i}`, o.label, o.value));
    for (let i = 0; i < menu.length; i += L.actionsElements) {
      buttons.push({ type: "actions", elements: menu.slice(i, i + L.actionsElements) });
    }
  }
  // Write-back buttons in a row of their own, the offer as a text field (writeBackBlocks).
  const asks = reply.actions.filter((a) => !WRITE_BACK_ACTIONS.has(a.id));
  if (asks.length) {
    const actions = asks
      .slice(0, L.actionsElements)
      .map((a, i) => button(`${a.id}-${i}`, a.label, a.value, a.id === "why" ? "primary" : undefined));
    buttons.push({ type: "actions", elements: actions });
  }
  buttons.push(
    ...writeBackBlocks(
      reply.actions.filter((a) => WRITE_BACK_ACTIONS.has(a.id)),
      asks.length,
    ),
  );
  if (options.share) buttons.push(shareBlock(options.share));

  const notes: string[] = [];
  if (reply.charts.length && !options.chartsAsText) {
    const what = reply.charts.length === 1 ? "Chart" : "Charts";
    notes.push(`:bar_chart: ${what} in the thread: ${reply.charts.map((c) => escape(c.title)).join(", ")}`);
  }
  if (reply.files.length && !options.filesAsText) {
    notes.push(`:page_facing_up: In the thread: ${reply.files.map((f) => escape(f.name)).join(", ")}`);
  }
  if (reply.source) {
    const model = reply.source.modelHash ? ` · model ${reply.source.modelHash.slice(0, 12)}` : "";
    notes.push(`Snapshot ${escape(reply.source.snapshotId)}${model}`);
  }
  const footer: Block[] = notes.length ? [context(notes)] : [];

  // Over the limit: drop body blocks from the end (never the buttons), and say so.
  const room = maxBlocks - buttons.length - footer.length;
  let blocks: Block[];
  if (body.length <= room) {
    blocks = [...body, ...buttons, ...footer];
  } else {
    const kept = body.slice(0, Math.max(1, room - 1));
    const note = context([
      `_Shortened to fit a Slack message (${body.length - kept.length} more parts): ask in a direct message or download the summary for everything._`,
    ]);
    blocks = [...kept, note, ...buttons, ...footer].slice(0, maxBlocks);
  }
  // Escaped like the blocks: Slack acts on <!channel>, <@U…> and links in the fallback text too.
  return { text: clipEscaped(reply.text, L.fallbackText), blocks };
}

function driverLine(d: ReplyDriver): string {
  return `${d.effect === "raises" ? ":arrow_up_small:" : ":arrow_down_small:"} ${escape(d.words)} _(${d.effect} risk)_`;
}

function button(id: string, label: string, value: string, style?: "primary"): Button {
  return {
    type: "button",
    action_id: `${ACTION_PREFIX}${id}`,
    text: plain(clipText(label, SLACK_LIMITS.buttonText)),
    // A value Slack would refuse is better cut than the whole message lost; the question it asks
    // is then shortened too.
    value: clipText(value, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

function section(text: string): Block {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function context(texts: string[]): Block {
  return {
    type: "context",
    elements: texts
      .slice(0, SLACK_LIMITS.contextElements)
      .map((t) => ({ type: "mrkdwn", text: clipText(t, SLACK_LIMITS.fieldText) })),
  };
}

function plain(text: string): types.PlainTextElement {
  // An empty plain_text is refused.
  return { type: "plain_text", text: text || " ", emoji: true };
}

function escapeId(id: string): string {
  return id.replace(/[^A-Z0-9]/gi, "");
}

function quote(text: string): string {
  return text
    .split("\n")
    .map((l) => `>${l}`)
    .join("\n");
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
