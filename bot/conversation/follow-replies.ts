import { displaySafe } from "../../core/src/index.ts";
import type { Asker } from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import { emptyReply, type Reply } from "./reply.ts";

/**
 * A follow or alert command's confirmation (customer or segment): its title, one section of what
 * happens next, and, for a customer, a button that opens their card.
 *
 * @example
 * followConfirmation("ask.follow", "7590-VHVEG", "Following 7590-VHVEG", ["After each new snapshot …"]);
 */
export function followConfirmation(
  action: string,
  customerID: string | null,
  title: string,
  lines: string[],
): Reply {
  const reply = emptyReply("follow", title, {
    action,
    customerID,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {},
  });
  if (lines.length) reply.sections.push({ title: "What happens next", lines });
  reply.text = [title, ...lines].join("\n");
  if (customerID)
    reply.actions.push({
      id: "open-customer",
      label: `Open ${displaySafe(customerID, { singleLine: true }).slice(0, 64)}`,
      value: `tell me about ${customerID}`,
    });
  return reply;
}

/** Where the asker's notifications go, in words. */
export function whereWords(asker: Asker): string {
  if (asker.surface === "slack") return "a direct message";
  if (asker.surface === "teams") return "a message in this chat";
  return "a file in the outbox folder (data/outbox/alerts)";
}

/** Follows and alerts without a shared store (the terminal without DATABASE_URL or a store folder). */
export function noFollowStore(action: string): Reply {
  return errorReply(
    action,
    "no-follow-store",
    "follows and alerts are kept in the shared store: ask the bot in Slack or Teams, or set DATABASE_URL (or ENGAGETRACK_STORE_DIR to a stopped server's embedded store) for the terminal; the server writes the terminal's notifications to its outbox",
  );
}
