import type { Snapshot } from "../../core/src/index.ts";
import {
  loadOwnerDirectory,
  OWNERS_FILE_SETTING,
  type OwnerDirectory,
  type OwnerResolution,
} from "../services/owner-directory.ts";
import type {
  Asker,
  AskerIdentity,
  ConversationServices,
  EarlierSnapshots,
} from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import type { Intent, IntentKind } from "./intent.ts";
import { accountOwner, bookSnapshot, ownerColumnOf, ownerValues } from "./owner-book.ts";
import { count } from "./reply-format.ts";
import type { Reply } from "./reply.ts";

/** Answers an intent as it is (the rest of answer.ts). */
export type AnswerIntent = (intent: Intent, services: ConversationServices, asker?: Asker) => Promise<Reply>;

/** Questions about many accounts: with `access: owners`, answered over the asker's book. */
const LIST_KINDS: ReadonlySet<IntentKind> = new Set([
  "top-at-risk",
  "count",
  "segment",
  "compare",
  "changes",
  "export",
  "following",
  "follow-segment",
  "alert-segment",
]);
/** Questions about one account: with `access: owners`, refused for an account outside the book. */
const ACCOUNT_KINDS: ReadonlySet<IntentKind> = new Set([
  "customer",
  "drivers",
  "nudge",
  "summary",
  "follow",
  "alert",
  "contacted",
  "offer",
  "snooze",
  "unsnooze",
  "history",
]);

// No file configured: e-mails that are owner values still map (built once; it reads nothing).
let noFile: Promise<OwnerDirectory> | undefined;

/**
 * "My accounts" and access that follows ownership, around the other answers: a `scope: "mine"`
 * question, and (with the owners file's `access: owners`) every list, count, segment, comparison,
 * export and customer question, is answered over the asker's book — `bookSnapshot`, the same
 * snapshot filtered to the accounts whose owner column is theirs — by the very answers that serve
 * the whole snapshot, so every number keeps its one definition. The reply says whose accounts it
 * counts ("your 42 accounts"). Leads see every account; an account outside the book is refused
 * without showing any of it; an asker the directory cannot place is told, in one sentence, how to
 * be mapped. Refusals are audited (outcome `denied`) like every reply.
 */
export async function answerForOwner(
  intent: Intent,
  services: ConversationServices,
  asker: Asker | undefined,
  answerIntent: AnswerIntent,
): Promise<Reply> {
  const directory = services.owners ?? (await (noFile ??= loadOwnerDirectory(undefined)));
  const mine = "scope" in intent && intent.scope === "mine";
  // Help shows a real customer ID as its example: under access by owner, one of the asker's own.
  const restricted =
    directory.access === "owners" &&
    (LIST_KINDS.has(intent.kind) || ACCOUNT_KINDS.has(intent.kind) || intent.kind === "help");
  const generic = () => answerIntent(intent, { ...services, snapshot: () => undefined }, asker);
  if (!mine && !restricted) return answerIntent(intent, services, asker);
  const snapshot = services.snapshot();
  const action = `ask.${intent.kind}`;
  const plain = withoutScope(intent);
  // Before any snapshot, the answers say so themselves.
  if (!snapshot) return answerIntent(plain, services, asker);
  const column = ownerColumnOf(snapshot);
  let who: OwnerResolution;
  try {
    who = await resolveAsker(directory, asker, snapshot);
  } catch (err) {
    // A profile lookup that failed: saying "not mapped" would send the asker to an admin for nothing.
    services.log.warn({ err, code: "identity-unavailable", action }, "owner: asker not identified");
    if (intent.kind === "help") return generic();
    return errorReply(
      action,
      "identity-unavailable",
      "I could not look up your profile just now to find your accounts; please try again in a minute.",
    );
  }
  if (restricted && who.lead && !mine) return answerIntent(plain, services, asker);
  if (intent.kind === "help" && (column === null || who.owner === null)) return generic();
  if (column === null)
    return errorReply(
      action,
      "no-owner-column",
      `This data set (${snapshot.dataset.name}) has no owner column, so ${mine ? 'there are no "my accounts" to show' : "access by owner cannot tell which accounts are yours"}: add \`owner: { column: <column> }\` to its dataset contract.`,
      mine ? "invalid" : "denied",
    );
  if (who.owner === null)
    return errorReply(
      action,
      "owner-not-mapped",
      notMappedSentence(directory, asker, who.lead),
      mine ? "invalid" : "denied",
    );
  const owner = who.owner;
  const book = bookSnapshot(snapshot, owner);
  if (
    directory.access === "owners" &&
    !who.lead &&
    "customerID" in intent &&
    ACCOUNT_KINDS.has(intent.kind)
  ) {
    const holder = accountOwner(snapshot, intent.customerID);
    if (holder !== undefined && holder !== owner) {
      const refused = errorReply(
        action,
        "not-your-account",
        `${intent.customerID} is not one of your accounts, so I can't show it or act on it here; ask its owner or a lead.`,
        "denied",
      );
      refused.audit.shown = { owner: "other" };
      return refused;
    }
  }
  const bookServices: ConversationServices = {
    ...services,
    snapshot: () => book,
    ...(services.earlier && { earlier: bookEarlier(services.earlier, owner) }),
  };
  const reply = await answerIntent(plain, bookServices, asker);
  // A linked export (Teams) is drawn again when opened: it must be drawn from the same book.
  for (const f of reply.files) if (f.export) f.export = { ...f.export, list: { ...f.export.list, owner } };
  if (LIST_KINDS.has(intent.kind) && intent.kind !== "following") sayWhose(reply, book, owner);
  reply.audit.shown.scope = mine ? "mine" : "owner";
  return reply;
}

/** The asker's owner value and lead status: a claimed owner value (the terminal), else the directory. */
async function resolveAsker(
  directory: OwnerDirectory,
  asker: Asker | undefined,
  snapshot: Snapshot,
): Promise<OwnerResolution> {
  const identity: AskerIdentity = (await asker?.identify?.()) ?? {};
  const values = ownerValues(snapshot);
  const resolved = directory.resolve(identity, values);
  if (resolved.owner === null && identity.owner !== undefined) {
    const claimed = identity.owner.trim().toLowerCase();
    const owner = values.find((v) => v.toLowerCase() === claimed) ?? null;
    return { owner, lead: resolved.lead };
  }
  return resolved;
}

/** One sentence: how this asker gets mapped to their accounts (the setting, the file, their ID). */
export function notMappedSentence(
  directory: OwnerDirectory,
  asker: Asker | undefined,
  lead: boolean,
): string {
  const file = `the owners file (${OWNERS_FILE_SETTING}${directory.file ? `, ${directory.file}` : ""})`;
  const how =
    asker?.surface === "slack"
      ? `ask an admin to add your Slack user ID (${asker.id}) or profile e-mail to ${file}`
      : asker?.surface === "teams"
        ? `ask an admin to add your Teams object id (${asker.id}) or profile e-mail to ${file}`
        : `run chat --as <owner or e-mail> (or set ENGAGETRACK_CHAT_USER), with your e-mail in ${file} or an owner value as in the data`;
  return lead
    ? `You see every account as a lead, but no accounts are mapped to you: ask "top at-risk 10" for everyone's, or ${how}.`
    : `I don't know which accounts are yours: ${how}.`;
}

/** "Your 42 accounts (owner Dana Whitfield)": on the title, the facts and the first line of the text. */
function sayWhose(reply: Reply, book: Snapshot, owner: string): void {
  if (reply.kind === "error") return;
  const accounts = book.summary().customers;
  const whose = `your ${count(accounts)} ${accounts === 1 ? "account" : "accounts"}`;
  reply.title = `${reply.title} — ${whose}`;
  reply.facts = [{ label: "Your accounts", value: `${count(accounts)} (owner ${owner})` }, ...reply.facts];
  reply.text = `Over ${whose} (owner ${owner}):\n${reply.text}`;
}

/** Earlier snapshots as the owner's book too ("what changed in my accounts"). */
function bookEarlier(earlier: EarlierSnapshots, owner: string): EarlierSnapshots {
  return {
    list: () => earlier.list(),
    // An earlier snapshot without the owner column cannot be cut to the book: it is not shown at all
    // (bookSnapshot throws, and the answer apologises), never shown whole.
    open: async (id) => bookSnapshot(await earlier.open(id), owner),
  };
}

function withoutScope(intent: Intent): Intent {
  if (!("scope" in intent)) return intent;
  const { scope: _scope, ...rest } = intent;
  return rest as Intent;
}
