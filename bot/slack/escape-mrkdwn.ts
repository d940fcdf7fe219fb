/**
 * Text safe inside Slack mrkdwn: its three control characters escaped, so a customer's value or a
 * user's words cannot form a mention, link or channel ping.
 *
 * @example
 * escapeMrkdwn("tenure<12 & <!channel>"); // "tenure&lt;12 &amp; &lt;!channel&gt;"
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
