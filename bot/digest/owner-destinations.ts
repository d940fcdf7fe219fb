import { CodedError } from "../../core/src/errors/index.ts";
import { createHash } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import type { OwnerDestinations } from "../services/owner-directory.ts";
import type { Delivered, DigestDestination } from "./digest-destination.ts";
import type { DigestSchedule } from "./digest-config.ts";
import { outboxDestination } from "./outbox-destination.ts";
import { renderDigestCard } from "./render-teams-card.ts";
import { postDigest } from "./slack-destination.ts";
import type { TeamsSender } from "./teams-destination.ts";

/** How owners are reached: the owner directory, the chat clients this process has, the outbox folder. */
export interface OwnerRoutes {
  /** `OwnerDirectory.destinationsFor` (bot/services/owner-directory.ts) and the file it was read from. */
  directory: { destinationsFor(owner: string): OwnerDestinations; readonly file?: string };
  /** Slack's Web API (SLACK_BOT_TOKEN); owners get a DM. */
  slack?: WebClient;
  /** The Teams bot's proactive sender; owners get a message in their personal chat with the bot. */
  teams?: TeamsSender;
  /** A signed link to an owner's book's risk-distribution chart (the image Teams cards link). */
  chartUrl?: (owner: string) => string | undefined;
  /** The outbox folder (ENGAGETRACK_DIGEST_OUTBOX or the schedule's outbox `dir`): used when no chat is configured. */
  outboxDir: string;
}

/**
 * An owner who cannot be reached where their digest should go (no Slack user for their e-mail, no
 * personal Teams chat stored): the slot is recorded as skipped for them, once, and reported.
 */
export class OwnerUnreachableError extends CodedError<"owner-unreachable"> {
  constructor(message: string) {
    super("owner-unreachable", message);
    this.name = "OwnerUnreachableError";
  }
}

/** The ledger key of an owner's digests: the same whichever chat it goes to (its "since last time"). */
export function ownerKey(owner: string): string {
  return `owner-${createHash("sha256").update(owner).digest("hex").slice(0, 16)}`;
}

/** "Dana Whitfield" → "dana-whitfield" (a folder name on every system). */
export function ownerSlug(owner: string): string {
  const slug = owner
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || `owner-${createHash("sha256").update(owner).digest("hex").slice(0, 8)}`;
}

/**
 * One destination per owner of a per-owner schedule, each with `book` set to the owner (its
 * digest covers their customers only) and a ledger key of its own (`ownerKey`), so each (slot,
 * owner) is claimed once across replicas. Where it goes: a Slack DM when Slack is configured and
 * the directory gives the owner a Slack ID or an e-mail (looked up with `users.lookupByEmail`);
 * else a message in the owner's personal Teams chat with the bot when Teams is configured and the
 * directory gives a Teams (AAD) object id with a stored personal conversation; else, when neither
 * chat is configured in this process, the outbox file `<outbox>/<schedule>/<owner-slug>/<slot>.md`.
 * An owner with no way to be reached has `unavailable` (or `deliver` throws
 * `OwnerUnreachableError`) with the reason naming what is missing.
 *
 * @example
 * ownerDestinations(schedule, ["Dana Whitfield"], { directory, slack, outboxDir: "data/outbox" });
 * // [{ key: "owner-3f…", book: "Dana Whitfield", type: "slack", label: "Dana Whitfield: slack DM U0123ABCD", … }]
 */
export function ownerDestinations(
  schedule: DigestSchedule,
  owners: readonly string[],
  routes: OwnerRoutes,
): DigestDestination[] {
  const slugs = new Map<string, number>();
  for (const o of owners) slugs.set(ownerSlug(o), (slugs.get(ownerSlug(o)) ?? 0) + 1);
  const chat = routes.slack !== undefined || routes.teams !== undefined;
  const file = routes.directory.file
    ? `the owners file ${routes.directory.file} (ENGAGETRACK_OWNERS_FILE)`
    : "ENGAGETRACK_OWNERS_FILE (not set)";
  return owners.map((owner): DigestDestination => {
    const key = ownerKey(owner);
    if (!chat) {
      const slug = ownerSlug(owner);
      // Two owners whose names fold to the same slug each get a folder of their own.
      const folder = (slugs.get(slug) ?? 0) > 1 ? `${slug}-${key.slice(6, 14)}` : slug;
      const outbox = outboxDestination(routes.outboxDir, { under: folder });
      return { ...outbox, key, book: owner, label: `${owner}: ${outbox.label}/${schedule.name}/${folder}` };
    }
    const to = routes.directory.destinationsFor(owner);
    if (routes.slack && (to.slack || to.email)) return slackDm(owner, key, to, routes.slack);
    if (routes.teams && to.teams) return teamsChat(owner, key, to.teams, routes.teams, routes.chartUrl);
    const missing = [
      routes.slack ? "a Slack user ID or e-mail" : null,
      routes.teams ? "a Teams object id" : null,
    ]
      .filter(Boolean)
      .join(" or ");
    return {
      key,
      book: owner,
      type: routes.slack ? "slack" : "teams",
      label: `${owner}: no destination`,
      unavailable: `owner ${JSON.stringify(owner)} has no destination: ${missing} is needed in ${file}`,
      deliver: () =>
        Promise.reject(new OwnerUnreachableError(`owner ${JSON.stringify(owner)} has no destination`)),
    };
  });
}

function slackDm(owner: string, key: string, to: OwnerDestinations, client: WebClient): DigestDestination {
  return {
    key,
    book: owner,
    type: "slack",
    label: `${owner}: slack DM ${to.slack ?? to.email}`,
    async deliver({ report, chart, claim }): Promise<Delivered> {
      let user = to.slack;
      if (!user) {
        try {
          user = (await client.users.lookupByEmail({ email: to.email! })).user?.id;
        } catch (err) {
          const code = (err as { data?: { error?: string } }).data?.error;
          if (code === "users_not_found")
            throw new OwnerUnreachableError(
              `owner ${JSON.stringify(owner)}: no Slack user has the e-mail ${to.email}`,
            );
          throw err;
        }
        if (!user)
          throw new OwnerUnreachableError(
            `owner ${JSON.stringify(owner)}: no Slack user has the e-mail ${to.email}`,
          );
      }
      // A user ID as the channel: Slack opens (or reuses) the app's DM with that user; the book's
      // chart is shared there as the channel digest's is.
      const posted = await postDigest(client, user, { report, chart, claim }, { owner });
      return { messageRef: `${posted.channel}/${posted.ts}`, note: posted.note };
    },
  };
}

function teamsChat(
  owner: string,
  key: string,
  aadId: string,
  sender: TeamsSender,
  chartUrl: OwnerRoutes["chartUrl"],
): DigestDestination {
  return {
    key,
    book: owner,
    type: "teams",
    label: `${owner}: teams personal chat of ${aadId}`,
    async deliver({ report, chart, claim }): Promise<Delivered> {
      const chats = (await sender.list()).filter(
        (c) => c.type === "personal" && c.userAadId?.toLowerCase() === aadId.toLowerCase(),
      );
      const chat = chats.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
      if (!chat)
        throw new OwnerUnreachableError(
          `owner ${JSON.stringify(owner)}: no personal Teams chat with the bot is stored for object id ${aadId} (they need to add the bot in a personal chat)`,
        );
      // The book's chart linked as the team digest links the team's (a signed chart URL, drawn over
      // the owner's accounts); without links, or for an owner too long for one, its text table.
      let url: string | undefined;
      try {
        url = chartUrl?.(owner);
      } catch {
        url = undefined;
      }
      const card = renderDigestCard(
        report,
        url ? { url, alt: chart.alt } : { text: chart.text, alt: chart.alt },
      );
      await claim.fence();
      const sent = await sender.send(chat.id, {
        type: "message",
        summary: `${report.schedule} churn digest for ${owner}`,
        attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
      });
      return { messageRef: sent.id ? `${chat.id}/${sent.id}` : `${chat.id} (no activity id)` };
    },
  };
}
