import type { Intent } from "./intent.ts";

/** A request for a file: "export …", "… as csv", "… to a spreadsheet", "download … as csv". */
const EXPORT_WORDS =
  /\b(?:csv|xlsx?|excel|spreadsheet|sheets?)\b|^(?:export|exports|download|dl)\b(?!\s+(?:the\s+)?(?:summary|txt)\b)/i;
// Whole words only: "to" in "Month-to-month" stays.
const STRIP =
  /(?<=^|\s)(?:export(?:ed)?|download|dl|as|to|into|in|a|an|the|csv|xlsx?|excel|spreadsheet|google|sheets?|file|format|list|please|for|me)(?=\s|$)/gi;

/**
 * An export of a list as CSV: the rest of the message is read as the list it asks for —
 * "export to csv" (every customer to act on, ranked), "top at-risk 50 band=High as csv",
 * "export the at-risk list in the premium plan", "export segment contract" (the segment table),
 * "export segment contract=Month-to-month" (those customers). A list with no number exports every
 * matching customer. `readList` is the parser itself (for the list's own words). Undefined when
 * the message asks for no file; a customer's summary ("download summary …") is not an export.
 *
 * @example
 * parseExport("top at-risk 50 band=High as csv", parse);
 * // { kind: "export", list: { kind: "top-at-risk", limit: 50, filters: [band=High], rankBy: "revenue" } }
 */
export function parseExport(s: string, readList: (text: string) => Intent): Intent | undefined {
  if (!EXPORT_WORDS.test(s)) return undefined;
  const rest = s
    .replace(/[?!.]+$/, "")
    .replace(STRIP, " ")
    .replace(/\s+/g, " ")
    .trim();
  const numbers = rest.match(/(?:^|\s)(\d+)(?=\s|$)/g)?.map((n) => Number(n.trim())) ?? [];
  const segment = /^segments?\s+(.*)$/i.exec(rest);
  // "export segment contract=Month-to-month": the customers of that segment.
  const text = segment && /[=<>:]|!=/.test(segment[1]) ? `top at-risk ${segment[1]}` : rest;
  let list = text === "" ? readList("top at-risk") : readList(text);
  // "download 7590-VHVEG": one customer's summary, not a list.
  if (list.kind === "customer" || list.kind === "summary" || list.kind === "drivers" || list.kind === "nudge")
    return undefined;
  if (
    list.kind === "unclear" ||
    (list.kind === "invalid" && list.about !== "top-at-risk" && list.about !== "segment")
  )
    list = readList(`top at-risk ${text}`);
  switch (list.kind) {
    case "top-at-risk": {
      // The list's own limit only when a number was given (clamped lists say what was asked).
      const asked = /asked for (\d+)/.exec(list.notes.join(" "));
      const limit = asked ? Number(asked[1]) : numbers.includes(list.limit) ? list.limit : null;
      return {
        kind: "export",
        list: { kind: "top-at-risk", limit, filters: list.filters, rankBy: list.rankBy },
      };
    }
    case "segment":
      return { kind: "export", list: { kind: "segment", column: list.column } };
    case "invalid":
      return { ...list, about: "export" };
    default:
      return {
        kind: "invalid",
        about: "export",
        problem: `which list? read ${JSON.stringify(rest.slice(0, 64))} as no list`,
        hint: "e.g. export to csv, top at-risk 50 band=High as csv, or export segment <column>",
      };
  }
}
