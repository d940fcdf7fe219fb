import type { SqlExecutor } from "./sql-client.ts";

/**
 * True the first time `key` is seen in `scope` within `ttlMs`; false for a repeat — in every
 * process that shares the database (one conditional insert: the row's primary key decides).
 *
 * @example
 * if (!(await firstSeen(sql, "slack-event", "Ev123", 300_000, Date.now()))) return; // a redelivery
 */
export async function firstSeen(
  sql: SqlExecutor,
  scope: string,
  key: string,
  ttlMs: number,
  now: number,
): Promise<boolean> {
  const rows = await sql.query(
    `insert into seen_keys (scope, key, expires_at) values ($1, $2, $3)
     on conflict (scope, key) do update set expires_at = excluded.expires_at
       where seen_keys.expires_at <= $4
     returning 1 as first`,
    [scope, key, new Date(now + ttlMs), new Date(now)],
  );
  return rows.length === 1;
}

/** Forgets expired keys; returns how many. */
export async function sweepSeenKeys(sql: SqlExecutor, now: number): Promise<number> {
  const rows = await sql.query("delete from seen_keys where expires_at <= $1 returning 1 as gone", [
    new Date(now),
  ]);
  return rows.length;
}
