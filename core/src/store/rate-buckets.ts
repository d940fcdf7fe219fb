import type { SqlExecutor } from "./sql-client.ts";

/** The verdict on one request. */
export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one token from the bucket of (`scope`, `key`): `perMinute` tokens, refilled continuously,
 * a full bucket allowing a burst of `perMinute`. One statement, so replicas sharing the database
 * share the bucket and never both take its last token.
 *
 * @example
 * const d = await takeToken(sql, "api", "api:shop", 600, Date.now());
 * if (!d.ok) res.setHeader("retry-after", String(d.retryAfterSeconds));
 */
export async function takeToken(
  sql: SqlExecutor,
  scope: string,
  key: string,
  perMinute: number,
  now: number,
): Promise<RateDecision> {
  if (!(Number.isFinite(perMinute) && perMinute > 0))
    throw new RangeError(`invalid rate limit: ${perMinute}`);
  const perMs = perMinute / 60_000;
  // $3 capacity, $4 now (ms since the epoch), $5 tokens per ms. `refilled` is the bucket before this
  // request; clocks of replicas may differ a little, so time never runs backwards for a bucket.
  const refilled = `least($3::float8, rate_buckets.tokens + greatest(0, $4::float8 - rate_buckets.at_ms) * $5::float8)`;
  const [row] = await sql.query<{ tokens: number; last_ok: boolean }>(
    `insert into rate_buckets (scope, key, tokens, at_ms, last_ok) values ($1, $2, $3::float8 - 1, $4::float8, true)
     on conflict (scope, key) do update set
       tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
       at_ms = greatest(rate_buckets.at_ms, $4::float8),
       last_ok = ${refilled} >= 1
     returning tokens, last_ok`,
    [scope, key, perMinute, now, perMs],
  );
  const tokens = Number(row.tokens);
  if (row.last_ok) return { ok: true, remaining: Math.floor(tokens) };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
}

/** Drops buckets untouched for `idleMs` (they would be full again anyway); returns how many. */
export async function sweepRateBuckets(sql: SqlExecutor, now: number, idleMs: number): Promise<number> {
  const rows = await sql.query("delete from rate_buckets where at_ms < $1::float8 returning 1 as gone", [
    now - idleMs,
  ]);
  return rows.length;
}
