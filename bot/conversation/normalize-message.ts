import { displaySafe } from "../../core/src/index.ts";

/**
 * A chat message as plain words: Slack and Teams markup removed (mentions `<@U123>`, channel and
 * special mentions, `<at>…</at>`, links `<url|label>` → label, `&amp;`-style entities, `*bold*`,
 * `_italic_`, `~strike~`, backticks, smart quotes), emoji dropped (Unicode ones and Slack's
 * `:fire:` codes), control characters dropped, whitespace collapsed, trailing punctuation ("?",
 * "!", ".") trimmed and a message wrapped in brackets or quotes unwrapped. Case is kept (IDs keep theirs).
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
    .replace(/(^|\s)_+(?=\S)|(?<=\S)_+(?=\s|$)/g, "$1 ")
    // Slack's emoji codes (":fire:", ":+1:", ":skin-tone-2:"), only as whole words: "plan:free" stays.
    .replace(/(^|\s)(?::(?:[a-z0-9_+'-]*[a-z][a-z0-9_+'-]*|[+-]1):)+(?=\s|$|[?!.,;])/gi, "$1 ")
    .replace(EMOJI, " ");
  s = s.replace(/\s+/g, " ").trim();
  s = s.replace(/[\s?!.,;]+$/, "").replace(/^[\s,;:]+/, "");
  // "(top at-risk 5)", "'how many customers?'": the brackets or quotes around the whole message.
  for (let m: RegExpExecArray | null; (m = /^([(["'])\s*([^()[\]"']*?)\s*([)\]"'])$/.exec(s));) {
    if (PAIRS[m[1]] !== m[3]) break;
    s = m[2].replace(/[\s?!.,;]+$/, "");
  }
  return s;
}

// Pictographs with their modifiers: variation selectors, zero-width joiners, skin tones, keycaps, flags.
const EMOJI =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\u{FE0E}|\u{FE0F}|\u{20E3}|\p{Emoji_Modifier}|\u{200D}(?:\p{Extended_Pictographic}|\p{Regional_Indicator}))*/gu;
const PAIRS: Record<string, string> = { "(": ")", "[": "]", '"': '"', "'": "'" };
