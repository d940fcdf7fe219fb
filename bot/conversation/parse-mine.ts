import { DEFAULT_LIST, type Intent } from "./intent.ts";

// "my accounts", "show me my book of business": the asker's accounts, most at risk first.
const ONLY_MINE =
  /^(?:(?:show|list|give|get)(?: me)?\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:own\s+)?(?:accounts|customers|clients|book(?: of business)?|portfolio|call list)$/i;

// Words that make a question about the asker's own accounts (and not "send this to my manager",
// "prioritize my outreach" or "my alerts"): "my" before accounts, lists and measures, "of my",
// "in my book", "do I own".
const MINE =
  /\bmy\s+(?:own\s+)?(?:accounts?|customers?|clients?|book|portfolio|top|at[- ]?risk|riskiest|high[- ]risk|revenue|mrr|arr|churn|call list)\b|\b(?:of|in|among|from|across|within|on)\s+my\b|\b(?:do|that|which)\s+i\s+(?:own|have|manage|look after)\b/i;

/**
 * Questions about the asker's own accounts — "my accounts", "my customers", "my book", "my top
 * at-risk 5 in Texas", "which of my customers should I call today", "how many of my accounts are
 * high risk", "my revenue at risk", "my accounts by state" — read as the same list, count or
 * segment question (or its CSV export) without the "my" (by `parse`) with `scope: "mine"`; undefined when the message
 * is not about the asker's accounts, or its rest is not a list, count or segment question.
 *
 * @example
 * parseMine("which of my customers should I call today", parse); // { kind: "top-at-risk", …, scope: "mine" }
 */
export function parseMine(s: string, parse: (text: string) => Intent): Intent | undefined {
  const text = s.replace(/[?!.]+$/, "").trim();
  if (ONLY_MINE.test(text))
    return {
      kind: "top-at-risk",
      limit: DEFAULT_LIST,
      filters: [],
      rankBy: "revenue",
      notes: [],
      scope: "mine",
    };
  if (!MINE.test(text)) return undefined;
  const rest = text
    .replace(
      /\b(?:in|among|from|across|within|on)\s+my\s+(?:own\s+)?(?:book(?: of business)?|portfolio|list)\b/gi,
      " ",
    )
    .replace(/\b(?:of|in|among|from|across|within|on)\s+my\s+(?:own\s+)?/gi, " ")
    .replace(/\b(?:do|that|which)\s+i\s+(?:own|have|manage|look after)\b/gi, " ")
    .replace(/\bmy\s+(?:own\s+)?(?:book(?: of business)?|portfolio)\b/gi, " accounts ")
    .replace(/\bmy\s+(?:own\s+)?/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
    // "accounts by state": a segment question.
    .replace(/^(?:accounts|customers|clients)\s+(?:by|per|across)\s+/i, "churn by ");
  let intent = parse(rest);
  // "my accounts in Texas": the list, with the rest as its filters.
  const listed = /^(?:accounts|customers|clients)\b(.*)$/i.exec(rest);
  if (intent.kind === "unclear" && listed) {
    const list = parse(`top at-risk ${listed[1]}`);
    if (list.kind === "top-at-risk") intent = list;
  }
  if (
    intent.kind === "top-at-risk" ||
    intent.kind === "count" ||
    intent.kind === "segment" ||
    intent.kind === "export" ||
    intent.kind === "changes"
  )
    return { ...intent, scope: "mine" };
  return undefined;
}
