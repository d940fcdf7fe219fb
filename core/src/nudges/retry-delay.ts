/**
 * Milliseconds to wait before retry number `attempt` (0 = first retry): the server's `Retry-After`
 * when it sent one (seconds or an HTTP date), else "full jitter" exponential backoff — a uniform
 * draw in [0, min(maxMs, baseMs·2^attempt)) — so many clients do not retry in step.
 *
 * @example
 * retryDelayMs(0, { retryAfter: "2" }); // 2000
 * retryDelayMs(3, { random: () => 0.5, baseMs: 250, maxMs: 4000 }); // 1000
 */
export function retryDelayMs(
  attempt: number,
  options: {
    retryAfter?: string | null;
    random?: () => number;
    baseMs?: number;
    maxMs?: number;
    now?: () => number;
  } = {},
): number {
  const fromHeader = parseRetryAfter(options.retryAfter ?? null, options.now ?? Date.now);
  if (fromHeader !== undefined) return fromHeader;
  const cap = Math.min(options.maxMs ?? 2000, (options.baseMs ?? 250) * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * cap);
}

/** `Retry-After` in milliseconds (never negative), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
