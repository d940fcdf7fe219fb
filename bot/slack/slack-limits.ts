import { escapeMrkdwn } from "./escape-mrkdwn.ts";

/**
 * Slack's size limits for messages and Block Kit (https://docs.slack.dev/reference/block-kit), and
 * the clipping that keeps a rendered reply inside them: a message over a limit is refused whole
 * (`invalid_blocks`), so we shorten instead.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a Home tab view. */
  viewBlocks: 100,
  /** A section's text (and any mrkdwn text object). */
  text: 3000,
  /** Fields of one section. */
  fields: 10,
  /** One field's text. */
  fieldText: 2000,
  /** A header block's plain text. */
  header: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** A button's label. */
  buttonText: 75,
  /** A button's value. */
  buttonValue: 2000,
  /** The message's `text` (the notification and fallback); Slack truncates at 40,000. */
  fallbackText: 4000,
  /** A file's alt text. */
  altText: 1000,
} as const;

/**
 * `text` shortened to at most `max` characters, ending in "…" when cut (never inside a surrogate
 * pair).
 *
 * @example
 * clipText("a month-to-month contract", 10); // "a month-…"
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Text escaped for Slack (`escapeMrkdwn`), then clipped to `max` characters without cutting an
 * escape in two: for a message's top-level `text`, which Slack parses for mentions and links too.
 *
 * @example
 * clipEscaped("a <!channel> b", 100); // "a &lt;!channel&gt; b"
 */
export function clipEscaped(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return clipText(escaped, max).replace(/&[a-z]{0,3}…$/, "…");
}

/**
 * Lines as mrkdwn code blocks of at most `max` characters each (a long table becomes several
 * sections), whole lines only; past `maxBlocks` blocks the last one ends with a line saying how
 * many were left out.
 *
 * @example
 * codeBlocks(["# Customer", "1 7590-VHVEG"], 3000); // ["```\n# Customer\n1 7590-VHVEG\n```"]
 */
export function codeBlocks(lines: readonly string[], max: number, maxBlocks = Infinity): string[] {
  const fence = "```";
  const frame = fence.length * 2 + 2;
  // Backticks inside would close the block early; a line longer than a block is cut.
  const safe = lines.map((l) => clipText(l.replace(/`/g, "'"), max - frame - 40));
  const blocks: string[][] = [[]];
  let size = frame;
  for (let i = 0; i < safe.length; i++) {
    const line = safe[i];
    const last = blocks.length >= maxBlocks;
    const more = `… ${safe.length - i} more lines`;
    // The last block keeps room for the "more lines" note.
    const room = max - size - (last && i < safe.length - 1 ? more.length + 1 : 0);
    if (line.length + 1 > room) {
      if (last) {
        blocks[blocks.length - 1].push(more);
        break;
      }
      blocks.push([]);
      size = frame;
    }
    blocks[blocks.length - 1].push(line);
    size += line.length + 1;
  }
  return blocks.filter((b) => b.length > 0).map((b) => `${fence}\n${b.join("\n")}\n${fence}`);
}
