/** How far a Slack request's timestamp may be from now, either way (Slack's own advice: 5 minutes). */
export const MAX_SLACK_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Whether `X-Slack-Request-Timestamp` is within `MAX_SLACK_CLOCK_SKEW_SECONDS` of `nowMs`, in
 * either direction. Bolt's receiver refuses only old timestamps: a request signed with a
 * timestamp in the future would stay replayable for that much longer. A missing header is left to
 * Bolt (it refuses unsigned requests, except Slack's `ssl_check`); a present one must be whole
 * seconds.
 *
 * @example
 * isFreshSlackTimestamp("1700000000", 1_700_000_100_000); // true
 * isFreshSlackTimestamp("1700000400", 1_700_000_000_000); // false: 400 s ahead
 */
export function isFreshSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (header === undefined) return true;
  if (Array.isArray(header) || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(Number(header) - nowMs / 1000) <= MAX_SLACK_CLOCK_SKEW_SECONDS;
}
