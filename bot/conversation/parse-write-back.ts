import { MAX_ACTION_NOTE_LENGTH, MAX_SNOOZE_DAYS } from "../../core/src/store/index.ts";
import type { Intent } from "./intent.ts";

type WriteBackKind = "contacted" | "offer" | "snooze" | "unsnooze" | "history";

/** A customer ID as the schema allows it (the parser's own rule). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Words around the customer ID that carry no meaning in a write-back command. */
const FILLER = new Set(
  "a an the customer customers client account as for of to with about on is was today just now please".split(
    " ",
  ),
);

/**
 * Write-back commands, in the parser's style (a verb, then the customer ID):
 * - "contacted <id>", "mark <id> as contacted", "I called <id>", "spoke with <id>" → `contacted`
 * - "offer <id> <what was offered>", "log offer <id>: …" → `offer` (at most 500 characters)
 * - "snooze <id> 14 days", "snooze <id> for 2 weeks", "snooze <id> 30d" → `snooze` (1–90 days)
 * - "unsnooze <id>" → `unsnooze`; "history <id>", "what did we do for <id>" → `history`
 * Undefined for any other message. `isId` says whether a word looks like a customer ID (the
 * parser's reading, with the snapshot's IDs when it knows them).
 *
 * @example
 * writeBackIntent("snooze 7590-VHVEG for 2 weeks", "snooze 7590-VHVEG for 2 weeks", isId);
 * // { kind: "snooze", customerID: "7590-VHVEG", days: 14 }
 */
export function writeBackIntent(
  s: string,
  input: string,
  isId: (word: string) => boolean,
  exampleId?: string,
): Intent | undefined {
  let m: RegExpExecArray | null;
  if (
    (m = /^(?:log(?:ged)?|record(?:ed)?|add|made|make)\s+(?:an?\s+)?offer\b[\s:,-]*(.*)$/i.exec(s)) ||
    (m = /^(?:i\s+|we\s+)?offer(?:ed)?\b[\s:,-]*(.*)$/i.exec(s))
  )
    return offerIntent(m[1], isId, exampleId);
  if ((m = /^snooze(?:d)?\b[\s:,-]*(.*)$/i.exec(s))) return snoozeIntent(m[1], input, isId, exampleId);
  if (
    (m =
      /^(?:un-?snooze|wake(?: up)?|(?:end|cancel|stop|remove)(?: the)? snooze(?:\s+(?:of|for|on))?)\b\s*(.*)$/i.exec(
        s,
      ))
  )
    return asIntent("unsnooze", readCustomer("unsnooze", m[1], input, isId, exampleId));
  if ((m = /^(?:mark(?:ed)?|set|log(?:ged)?|flag(?:ged)?)\s+(.+?)\s+(?:as\s+)?contacted$/i.exec(s)))
    return asIntent("contacted", readCustomer("contacted", m[1], input, isId, exampleId));
  if (
    (m =
      /^(?:(?:mark(?:ed)?|log(?:ged)?)\s+(?:as\s+)?contacted|(?:i|we)?\s*(?:just\s+|have\s+|'ve\s+)?(?:contacted|called|phoned|rang|e-?mailed|reached(?: out to)?|spoke (?:to|with)|talked (?:to|with)))\b\s*(.*)$/i.exec(
        s,
      ))
  )
    return asIntent("contacted", readCustomer("contacted", m[1], input, isId, exampleId));
  if (
    (m = /^(?:(?:the )?(?:history|actions|activity|timeline)(?:\s+(?:of|for|on|with))?)\b\s*(.*)$/i.exec(
      s,
    )) ||
    (m = /^what (?:did|have) (?:we|i|you|the team) (?:do|done)(?:\s+(?:for|with|about|on))?\b\s*(.*)$/i.exec(
      s,
    ))
  )
    return asIntent("history", readCustomer("history", m[1], input, isId, exampleId));
  return undefined;
}

function offerIntent(rest: string, isId: (word: string) => boolean, exampleId?: string): Intent {
  const m = /^(?:(?:to|for)\s+)?(?:customer\s+)?([^\s:,]+)[\s:,-]*(.*)$/i.exec(rest.trim());
  const id = m?.[1] ?? "";
  const offer = (m?.[2] ?? "").trim();
  const hint = `e.g. offer ${ID.test(id) ? id : (exampleId ?? "<customer id>")} 20% off for 3 months`;
  if (!m || !ID.test(id) || (!isId(id) && offer === "" && !/\d/.test(id)))
    return {
      kind: "invalid",
      about: "offer",
      problem: id
        ? `not a customer ID: ${JSON.stringify(id.slice(0, 64))}`
        : "which customer? no customer ID given",
      hint,
    };
  if (offer === "")
    return { kind: "invalid", about: "offer", problem: "what was offered? no offer given", hint };
  const length = [...offer].length;
  if (length > MAX_ACTION_NOTE_LENGTH)
    return {
      kind: "invalid",
      about: "offer",
      problem: `the offer is ${length} characters long: at most ${MAX_ACTION_NOTE_LENGTH}`,
      hint,
    };
  return { kind: "offer", customerID: id, offer };
}

function snoozeIntent(
  rest: string,
  input: string,
  isId: (word: string) => boolean,
  exampleId?: string,
): Intent {
  const m = /^(?:customer\s+)?([^\s:,]+)[\s:,-]*(.*)$/i.exec(rest.trim());
  const named = m && ID.test(m[1]) ? m[1] : undefined;
  const hint = `e.g. snooze ${named ?? exampleId ?? "<customer id>"} 14 days`;
  const target = readCustomer("snooze", m?.[1] ?? "", input, isId, exampleId);
  if ("kind" in target) return target.kind === "invalid" ? { ...target, hint } : target;
  const span = (m?.[2] ?? "").trim();
  if (span === "")
    return { kind: "invalid", about: "snooze", problem: "for how many days? no length given", hint };
  const d = /^(?:for\s+)?(\d+(?:\.\d+)?)\s*(days?|d|weeks?|wks?|w)?$/i.exec(span);
  const days = d ? Number(d[1]) * (d[2] && /^w/i.test(d[2]) ? 7 : 1) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_SNOOZE_DAYS)
    return {
      kind: "invalid",
      about: "snooze",
      problem: `snooze for 1 to ${MAX_SNOOZE_DAYS} whole days (got ${JSON.stringify(span.slice(0, 32))})`,
      hint,
    };
  return { kind: "snooze", customerID: target.customerID, days };
}

/** A command on one customer and nothing else. */
function asIntent(kind: "contacted" | "unsnooze" | "history", read: { customerID: string } | Intent): Intent {
  return "kind" in read ? read : { kind, customerID: read.customerID };
}

/** The one customer a command names; an invalid intent or a menu when it names none or several. */
function readCustomer(
  kind: WriteBackKind,
  args: string,
  input: string,
  isId: (word: string) => boolean,
  exampleId?: string,
): { customerID: string } | Intent {
  const hint = `e.g. ${kind} ${exampleId ?? "<customer id>"}`;
  const words = args
    .replace(/(^|\s)#(?=\w)/g, "$1")
    .split(/[\s,;:()"']+/)
    .filter((w) => w !== "" && !FILLER.has(w.toLowerCase()));
  const ids = [...new Set(words.filter(isId))];
  if (ids.length === 1) return { customerID: ids[0] };
  if (ids.length > 1)
    return { kind: "unclear", input, options: ids.slice(0, 5).map((id) => `${kind} ${id}`) };
  if (words.length === 1 && ID.test(words[0])) return { customerID: words[0] };
  return {
    kind: "invalid",
    about: kind,
    problem:
      words.length === 0
        ? "which customer? no customer ID given"
        : `not a customer ID: ${JSON.stringify(words.join(" ").slice(0, 64))}`,
    hint,
  };
}
