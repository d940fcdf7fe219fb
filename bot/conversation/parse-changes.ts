import type { ChangesSince, Intent } from "./intent.ts";

/** Questions about change over time, with or without a "since …". */
const CHANGES =
  /^(?:(?:new|changed|different)(?= since\b|$)|what(?:'s| is| has)? (?:new|changed|different)|what(?:'s| has) changed|(?:any |the |show (?:me )?)?(?:changes|diff|delta|news)|changes? since|how (?:has|have) (?:things|risk|the risk|churn risk) changed|who (?:is|became|went|moved) (?:new(?:ly)? )?(?:high[- ]risk|at risk)\b.*\bsince)\b/i;
const MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");
const UNITS: Record<string, number> = { day: 1, week: 7, month: 30 };

/**
 * "what changed since last week", "what's new since yesterday?", "changes since 2026-11-14",
 * "what changed since Nov 14", "what changed in the last 3 days", "what changed" (since the
 * previous snapshot). Undefined when the message asks no such thing; `invalid` when its "since"
 * cannot be read as a time.
 *
 * @example
 * parseChanges("what changed since last week"); // { kind: "changes", since: { kind: "days", days: 7 } }
 */
export function parseChanges(s: string, hint: string): Intent | undefined {
  const text = s.replace(/[?!.]+$/, "").trim();
  if (!CHANGES.test(text)) return undefined;
  const m =
    /\b(?:since|from|after)\s+(.+)$/i.exec(text) ??
    /\b(?:in|over|during|for)\s+(?:the\s+)?((?:last|past)\s+.+)$/i.exec(text) ??
    /\b((?:last|this)\s+(?:week|month|day))$/i.exec(text);
  if (!m) {
    const rest = text
      .replace(CHANGES, "")
      .replace(/\b(?:in|for|among|with|the|risk|customers?|snapshot)\b/gi, "");
    if (rest.trim() === "") return { kind: "changes", since: { kind: "previous" } };
    return undefined;
  }
  const since = readSince(m[1].trim());
  if (since) return { kind: "changes", since };
  return {
    kind: "invalid",
    about: "changes",
    problem: `not a time I can read: ${JSON.stringify(m[1].slice(0, 64))}`,
    hint,
  };
}

/** "last week", "yesterday", "3 days ago", "the last snapshot", "2026-11-14", "Nov 14", "14 November". */
function readSince(words: string): ChangesSince | null {
  const w = words
    .toLowerCase()
    .replace(/^the\s+/, "")
    .trim();
  if (
    /^(?:last|previous|prior|the previous|the last)\s+(?:snapshot|run|score|scoring|update|refresh)$/.test(
      w,
    ) ||
    /^(?:then|before)$/.test(w)
  )
    return { kind: "previous" };
  if (/^yesterday$/.test(w)) return { kind: "days", days: 1 };
  if (/^(?:today|this morning)$/.test(w)) return { kind: "days", days: 0 };
  let m: RegExpExecArray | null;
  if ((m = /^(?:last|past|previous|this)\s+(day|week|month)$/.exec(w)))
    return { kind: "days", days: UNITS[m[1]] };
  if ((m = /^(?:(?:last|past)\s+)?(\d{1,3}|a|one|two|three|four)\s+(day|week|month)s?(?:\s+ago)?$/.exec(w))) {
    const n = { a: 1, one: 1, two: 2, three: 3, four: 4 }[m[1]] ?? Number(m[1]);
    return { kind: "days", days: n * UNITS[m[2]] };
  }
  if ((m = /^(?:last|past)\s+(\d{1,3})\s+(day|week|month)s?$/.exec(w)))
    return { kind: "days", days: Number(m[1]) * UNITS[m[2]] };
  if ((m = /^(?:on\s+)?(\d{4})-(\d{2})-(\d{2})$/.exec(w)))
    return date(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = /^(?:on\s+)?([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/.exec(w)))
    return monthDay(m[1], Number(m[2]), m[3]);
  if ((m = /^(?:on\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?(?:,?\s+(\d{4}))?$/.exec(w)))
    return monthDay(m[2], Number(m[1]), m[3]);
  return null;
}

function monthDay(month: string, day: number, year: string | undefined): ChangesSince | null {
  const index = MONTHS.indexOf(month);
  if (index < 0) return null;
  // Without a year: the year is the question's, decided when it is answered (its clock).
  return year
    ? date(Number(year), index + 1, day)
    : { kind: "date", date: `--${pad(index + 1)}-${pad(day)}` };
}

function date(year: number, month: number, day: number): ChangesSince | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { kind: "date", date: `${year}-${pad(month)}-${pad(day)}` };
}

const pad = (n: number) => String(n).padStart(2, "0");
