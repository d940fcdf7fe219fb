import type { types } from "@slack/bolt";
import { count, money, percent } from "../../core/src/charts/index.ts";
import type { Manifest, RiskSummary } from "../../core/src/snapshot/index.ts";
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
  /** The serving snapshot's manifest (which snapshot, when it was scored), or null before the first. */
  snapshot: Pick<Manifest, "id" | "createdAt"> | null;
  /** Its customers to act on, bands and revenue at risk (`Snapshot.summary()`: the bot's own figures). */
  summary: RiskSummary | null;
  /** Why there is no snapshot yet (what to run). */
  reason?: string | null;
  /** The answer to "top at-risk 5" (its ranked customers and revenue facts). */
  top: Reply | null;
  /** The slash command to show in examples; default "/engage". */
  command?: string;
}

/**
 * The App Home tab: the portfolio at a glance — customers to act on (the churned are history and
 * left out), how many are at high risk, monthly revenue at risk, the five customers with the most
 * revenue at risk (each with a button that asks about them), which snapshot this is and when it
 * was scored — and how to ask. Every number comes from the snapshot's summary (the same figures
 * the bot, the digest and the notebooks show) and the conversation layer's answer; this only lays
 * them out.
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
  const sum = input.summary;
  if (!s || !sum) {
    blocks.push(section(`:hourglass: ${escape(input.reason ?? "No scored customers yet.")}`));
  } else {
    const share = sum.customers > 0 ? ` (${percent(sum.bands.High / sum.customers)})` : "";
    blocks.push({
      type: "section",
      fields: [
        field("Customers to act on", count(sum.customers)),
        field("High churn risk", `${count(sum.bands.High)}${share}`),
        ...(sum.revenueAtRisk !== null
          ? [field("Monthly revenue at risk", money(sum.revenueAtRisk, sum.currency ?? "USD"))]
          : []),
      ],
    });
    const ranked = input.top?.ranked.slice(0, 5) ?? [];
    if (ranked.length) {
      blocks.push({ type: "divider" });
      blocks.push(
        section(
          `*Top 5 at risk* (${sum.revenueAtRisk === null ? "by churn probability: this data has no revenue column" : "by monthly revenue at risk"})`,
        ),
      );
      for (const r of ranked) {
        blocks.push({
          type: "section",
          text: {
            type: "mrkdwn",
            text: clipText(
              `*${r.rank}. ${escape(r.customerID)}*: ${percent(r.probability)} (${r.band})${r.revenueAtRisk === null ? "" : `, ${money(r.revenueAtRisk, sum.currency ?? "USD")}/month at risk`}\n${r.segments.map((g) => escape(g.value)).join(" · ")}${r.lastAction ? `\n_${escape(r.lastAction)}_` : ""}`,
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
      // Write-back: customers snoozed now are not in the top 5 (the list's own count).
      const snoozed = Number(input.top?.audit.shown.snoozed ?? 0);
      if (snoozed > 0)
        blocks.push({
          type: "context",
          elements: [
            {
              type: "mrkdwn",
              text: `${count(snoozed)} snoozed ${snoozed === 1 ? "customer" : "customers"} left out`,
            },
          ],
        });
    } else if (input.top?.kind === "error") {
      blocks.push(section(`:warning: ${escape(input.top.title)}`));
    }
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Snapshot ${escape(s.id)}, scored ${when(s.createdAt)}${sum.churned > 0 ? ` · ${count(sum.churned)} churned customers are history, not counted` : ""}`,
        },
      ],
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

/** "2026-11-21T09:00:00.000Z" → "2026-11-21 09:00 UTC". */
function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? escape(iso) : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
