import type { types } from "@slack/bolt";
import { count, percent } from "../../core/src/charts/index.ts";
import type { Manifest } from "../../core/src/snapshot/index.ts";
import { HELP_LINES, type Reply } from "../conversation/index.ts";
import { ACTION_PREFIX } from "./reply-blocks.ts";
import { escapeMrkdwn as escape } from "./escape-mrkdwn.ts";
import { clipText, SLACK_LIMITS } from "./slack-limits.ts";

/** A Home tab view as views.publish takes it. */
export interface HomeView {
  type: "home";
  blocks: types.KnownBlock[];
}

export interface HomeViewInput {
  /** The serving snapshot's manifest (customers, bands, when it was scored), or null before the first. */
  snapshot: Pick<Manifest, "id" | "createdAt" | "rows" | "bands"> | null;
  /** Why there is no snapshot yet (what to run). */
  reason?: string | null;
  /** The answer to "top at-risk 5" (its ranked customers and revenue facts). */
  top: Reply | null;
  /** The slash command to show in examples; default "/engage". */
  command?: string;
}

/**
 * The App Home tab: the portfolio at a glance — customers, how many are at high risk, monthly
 * revenue at risk, the five customers with the most revenue at risk (each with a button that asks
 * about them), which snapshot this is and when it was scored — and how to ask. Every number comes
 * from the snapshot's manifest and the conversation layer's answer; this only lays them out.
 *
 * @example
 * const view = homeView({ snapshot: serving.status().snapshot, top: await services.ask("top at-risk 5", asker) });
 * await slack.views.publish({ user_id: "U123", view });
 */
export function homeView(input: HomeViewInput): HomeView {
  const command = input.command ?? "/engage";
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "EngageTrack: who is about to churn", emoji: true } },
  ];
  const s = input.snapshot;
  if (!s) {
    blocks.push(section(`:hourglass: ${escape(input.reason ?? "No scored customers yet.")}`));
  } else {
    const revenue = input.top?.facts.find((f) => f.label.startsWith("Monthly revenue at risk"));
    const share = s.rows > 0 ? ` (${percent(s.bands.High / s.rows)})` : "";
    blocks.push({
      type: "section",
      fields: [
        field("Customers", count(s.rows)),
        field("High churn risk", `${count(s.bands.High)}${share}`),
        ...(revenue ? [field("Monthly revenue at risk", revenue.value)] : []),
      ],
    });
    const ranked = input.top?.ranked.slice(0, 5) ?? [];
    if (ranked.length) {
      blocks.push({ type: "divider" });
      blocks.push(section("*Top 5 at risk* (by monthly revenue at risk)"));
      for (const r of ranked) {
        blocks.push({
          type: "section",
          text: {
            type: "mrkdwn",
            text: clipText(
              `*${r.rank}. ${escape(r.customerID)}*: ${percent(r.probability)} (${r.band}), ${money(r.revenueAtRisk)}/month at risk\n${escape(r.contract)} · ${escape(r.persona)}`,
              SLACK_LIMITS.text,
            ),
          },
          accessory: {
            type: "button",
            action_id: `${ACTION_PREFIX}home-${r.rank}`,
            text: { type: "plain_text", text: "Open", emoji: true },
            value: `tell me about ${r.customerID}`,
          },
        });
      }
    } else if (input.top?.kind === "error") {
      blocks.push(section(`:warning: ${escape(input.top.title)}`));
    }
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `Snapshot ${escape(s.id)}, scored ${when(s.createdAt)}` }],
    });
  }
  blocks.push({ type: "divider" });
  blocks.push(
    section(
      [
        "*How to ask*",
        `Type \`${command} &lt;question&gt;\` in a channel, mention me, or send me a direct message. For example:`,
        ...HELP_LINES.map((l) => `• ${escape(l)}`),
      ].join("\n"),
    ),
  );
  return { type: "home", blocks: blocks.slice(0, SLACK_LIMITS.viewBlocks) };
}

/** The Home tab of someone the allow-list does not include. */
export function refusedHomeView(text: string): HomeView {
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "EngageTrack", emoji: true } },
      section(escape(text)),
    ],
  };
}

function section(text: string): types.KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: clipText(text, SLACK_LIMITS.text) } };
}

function field(label: string, value: string): types.MrkdwnElement {
  return { type: "mrkdwn", text: clipText(`*${escape(label)}*\n${escape(value)}`, SLACK_LIMITS.fieldText) };
}

function money(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "2026-11-21T09:00:00.000Z" → "2026-11-21 09:00 UTC". */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? escape(iso) : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
