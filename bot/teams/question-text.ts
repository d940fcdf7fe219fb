import { TurnContext, type Activity } from "botbuilder";
import { MAX_ACTION_NOTE_LENGTH } from "../../core/src/store/index.ts";

/** Longest question accepted from a button (characters): button values are short questions. */
const MAX_SUBMITTED = 500;

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  "#39": "'",
};

/**
 * The question a Teams message asks: a pressed card button's `{ question }`, or the typed text with
 * every @mention of the bot removed (channel messages start with `<at>EngageTrack</at>`), other
 * mention tags reduced to the name, and the HTML entities Teams adds decoded. Empty when nothing
 * is left (a bare @mention).
 *
 * @example
 * questionText({ text: "<at>EngageTrack</at> top at-risk 5", recipient: { id: "28:bot", name: "EngageTrack" },
 *   entities: [{ type: "mention", mentioned: { id: "28:bot", name: "EngageTrack" }, text: "<at>EngageTrack</at>" }] });
 * // "top at-risk 5"
 */
export function questionText(activity: Partial<Activity>): string {
  const value = activity.value as
    ({ question?: unknown; append?: unknown } & Record<string, unknown>) | undefined;
  if (value !== null && typeof value === "object" && typeof value.question === "string") {
    // A button completed by a card input (the offer field): "offer <id>" + what was typed.
    const typed = typeof value.append === "string" ? value[value.append] : undefined;
    const question = value.question.trim().slice(0, MAX_SUBMITTED);
    // One character over the offer's bound: the parser then says it is too long (never cut silently).
    return typeof typed === "string" && typed.trim()
      ? `${question} ${typed.trim().slice(0, MAX_ACTION_NOTE_LENGTH + 1)}`
      : question;
  }
  let text = activity.text ?? "";
  const botId = activity.recipient?.id;
  if (botId) {
    // removeMentionText edits the activity it is given and removes one mention a call: use a copy.
    const copy = { ...activity, text } as Activity;
    for (;;) {
      const before = copy.text;
      TurnContext.removeMentionText(copy, botId);
      if (copy.text === before) break;
    }
    text = copy.text;
  }
  return text
    .replace(/<at>(.*?)<\/at>/gi, "$1")
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => ENTITIES[name])
    .replace(/\s+/g, " ")
    .trim();
}
