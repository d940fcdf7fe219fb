import { displaySafe } from "../../core/src/index.ts";

/**
 * A chat message as plain words: Slack and Teams markup removed (mentions `<@U123>`, channel and
 * special mentions, `<at>…</at>`, links `<url|label>` → label, `&amp;`-style entities, `*bold*`,
 * `_italic_`, `~strike~`, backticks, smart quotes), control characters dropped, whitespace
 * collapsed, and trailing punctuation ("?", "!", ".") trimmed. Case is kept (IDs keep theirs).
 *
 * @example
 * normalizeMessage("<@U123> why is *7590-VHVEG* at risk?") // → "why is 7590-VHVEG at risk"
 */
export function normalizeMessage(text: string): string {
  let s = displaySafe(text, { singleLine: true });
  s = s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<[@#!][^>]*>/g, " ")
    .replace(/<(?:https?:|mailto:)[^|>]*\|([^>]*)>/gi, "$1")
    .replace(/<((?:https?:|mailto:)[^>]*)>/gi, "$1")
    .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00a0\u2000-\u200b\u3000]/g, " ")
    .replace(/[`*~]+/g, " ")
    // _italic_ only around words: underscores inside IDs and column names stay.
    .replace(/(^|\s)_+(?=\S)|(?<=\S)_+(?=\s|$)/g, "$1 ");
  s = s.replace(/\s+/g, " ").trim();
  return s.replace(/[\s?!.,;]+$/, "").replace(/^[\s,;:]+/, "");
}
