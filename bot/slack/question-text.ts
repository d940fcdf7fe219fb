/**
 * The question in a Slack message or command: mentions (`<@U123>`, `<@U123|name>`) removed, Slack's
 * escaped `&amp;`, `&lt;`, `&gt;` turned back into `&`, `<`, `>` (so "tenure<12" means tenure under
 * 12), links reduced to their text, whitespace collapsed.
 *
 * @example
 * questionText("<@U0BOT> top at-risk 5 tenure&lt;12"); // "top at-risk 5 tenure<12"
 */
export function questionText(raw: string): string {
  return raw
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/gi, " ")
    .replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/gi, "$1")
    .replace(/<((?:https?|mailto):[^>]*)>/gi, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
