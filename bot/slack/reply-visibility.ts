import type { Reply, ReplyKind } from "../conversation/index.ts";
import type { CommandReplies } from "./slack-config.ts";
import { SLACK_LIMITS } from "./slack-limits.ts";

/** Where a question came from, as far as who sees its answer goes. */
export interface AskedWhere {
  kind: "command" | "mention" | "dm" | "button" | "home";
  /** A DM with the app or the Home tab: nobody else would see the answer anyway. */
  direct: boolean;
  /** The question as asked (what a Share button asks again). */
  text: string;
  /** The press came from a message only the asker sees. */
  ephemeral?: boolean;
}

/** Who sees an answer, and the question its "Share in channel" button asks again (none: no button). */
export interface Visibility {
  ephemeral: boolean;
  share?: string;
}

/** Answers that say something went wrong or was not understood: never posted for the channel. */
const FAILED: ReadonlySet<ReplyKind> = new Set(["error", "not-found", "menu"]);
/** Answers about the asker's own settings (follows, alerts): theirs, not the channel's. */
const PERSONAL: ReadonlySet<ReplyKind> = new Set(["follow", "alert"]);

/**
 * Slack etiquette: a slash command's answer goes only to the asker (unless
 * `SLACK_COMMAND_REPLIES=public`), as do help, errors, menus and unknown customers wherever they
 * were asked (a DM excepted: nobody else is there); a press on a message only the asker sees
 * answers the same way. An ephemeral answer gets a "Share in channel" button whose value is the
 * question to ask again — stateless, so any replica answers the press: a write-back is shared as
 * the customer's history (pressing Share never records an action twice); follows, alerts and
 * failures are not offered.
 *
 * @example
 * replyVisibility(reply, { kind: "command", direct: false, text: "top at-risk 5" }, { commandReplies: "ephemeral" });
 * // { ephemeral: true, share: "top at-risk 5" }
 */
export function replyVisibility(
  reply: Reply,
  where: AskedWhere,
  config: { commandReplies: CommandReplies },
): Visibility {
  if (where.direct) return { ephemeral: false };
  const ephemeral =
    FAILED.has(reply.kind) ||
    reply.kind === "help" ||
    where.ephemeral === true ||
    (where.kind === "command" && config.commandReplies === "ephemeral");
  if (!ephemeral) return { ephemeral: false };
  if (FAILED.has(reply.kind) || PERSONAL.has(reply.kind)) return { ephemeral: true };
  const question =
    reply.kind === "customer-action" && reply.customerID
      ? `history ${reply.customerID}`
      : reply.kind === "help"
        ? "help"
        : where.text.trim();
  if (question === "" || question.length > SLACK_LIMITS.buttonValue) return { ephemeral: true };
  return { ephemeral: true, share: question };
}

/** A "Share in channel" press: the answer goes to the channel, unless it became a failure since. */
export function shareVisibility(reply: Reply): Visibility {
  return { ephemeral: FAILED.has(reply.kind) };
}
