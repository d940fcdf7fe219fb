import { createHash } from "node:crypto";
import type { TeamsSender } from "../teams/index.ts";
import type { Delivered, DigestDestination } from "./digest-destination.ts";
import { renderDigestCard } from "./render-teams-card.ts";

export type { TeamsSender } from "../teams/index.ts";

/**
 * A Teams conversation, through the Teams bot's proactive sender (`teamsSenderFrom`, which knows the
 * conversations the bot was installed in): the digest as an Adaptive Card, its chart linked by URL (`chartUrl`) or shown
 * as its text table. Teams offers no way to look up an earlier post, so this destination is
 * at-least-once in one narrow window: a process killed after Teams accepted the card and before
 * the ledger recorded it is followed, once its lease expires, by a second card. Every other crash
 * is covered by the ledger as for the other destinations.
 *
 * @example
 * const teams = teamsDestination("19:abc@thread.tacv2", sender, { chartUrl: () => links.url({ chart: "risk-distribution" }) });
 */
export function teamsDestination(
  conversationId: string,
  sender: TeamsSender | undefined,
  options: { chartUrl?: () => string | undefined } = {},
): DigestDestination {
  const key = `teams-${createHash("sha256").update(conversationId).digest("hex").slice(0, 16)}`;
  return {
    key,
    type: "teams",
    label: `teams conversation ${conversationId}`,
    unavailable: sender
      ? undefined
      : "not configured: the Teams bot (MicrosoftAppId) is not set up in this process",
    async deliver({ report, chart, claim }): Promise<Delivered> {
      if (!sender) throw new Error("not configured: no Teams sender");
      const url = options.chartUrl?.();
      const card = renderDigestCard(
        report,
        url ? { url, alt: chart.alt } : { text: chart.text, alt: chart.alt },
      );
      await claim.fence();
      const sent = await sender.send(conversationId, {
        type: "message",
        summary: `${report.schedule} churn digest`,
        attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
      });
      return { messageRef: sent && sent.id ? sent.id : `${conversationId} (no activity id)` };
    },
  };
}
