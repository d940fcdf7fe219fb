import { hostname } from "node:os";
import { migrate } from "./migrations.ts";
import { openPgliteClient } from "./pglite-client.ts";
import { openPostgresClient } from "./postgres-client.ts";
import { takeToken, sweepRateBuckets, type RateDecision } from "./rate-buckets.ts";
import { firstSeen, sweepSeenKeys } from "./seen-keys.ts";
import type { SqlClient } from "./sql-client.ts";
import { StoreError } from "./store-error.ts";

/** The embedded store's folder when `DATABASE_URL` is not set (declared with its setting). */
import { DEFAULT_STORE_DIR } from "../settings/store-settings.ts";
export { DEFAULT_STORE_DIR };

export interface StoreOptions {
  /** A PostgreSQL server shared by every replica; undefined uses the embedded store. */
  databaseUrl?: string;
  /** The embedded store's folder (default `data/store`), or `"memory"` for a throwaway one (tests). */
  dir?: string;
  /** One schema per deployment or test on a shared server (PostgreSQL only). */
  schema?: string;
  /** What this process is, for the embedded store's "in use by" message. */
  command?: string;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  /** How often expired keys and idle buckets are swept; default 5 minutes, 0 for never. */
  sweepMs?: number;
}

/** The state server replicas share, in one database. */
export interface Store {
  /** `postgres` or `pglite`. */
  readonly engine: SqlClient["engine"];
  /** The URL without its password, or the embedded folder. */
  readonly where: string;
  /** Milliseconds it took to open the database and bring its schema up to date. */
  readonly openMs: number;
  /** This process, as recorded beside what it writes (`host/pid`). */
  readonly replica: string;
  /** The database, for the store's parts (digest ledger, Teams conversations, cooldowns). */
  readonly sql: SqlClient;
  /** True the first time `key` is seen in `scope` within `ttlMs`, in any process (`now`: the store's clock). */
  firstSeen(scope: string, key: string, ttlMs: number, now?: number): Promise<boolean>;
  /** Takes a token from the shared bucket of (`scope`, `key`) (`now`: the store's clock). */
  takeToken(scope: string, key: string, perMinute: number, now?: number): Promise<RateDecision>;
  /** Removes expired keys and idle buckets now (also done every `sweepMs`). */
  sweep(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the shared store: PostgreSQL at `databaseUrl`, or PGlite in `dir` (one process at a
 * time), and migrates its schema. Throws `StoreError` with one sentence saying what to do.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL, command: "engagetrack serve" });
 * if (await store.firstSeen("slack-event", body.event_id, 300_000)) handle(body);
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? Date.now;
  const started = performance.now();
  const url = options.databaseUrl?.trim();
  if (url !== undefined && url !== "" && !/^postgres(ql)?:\/\//i.test(url))
    throw new StoreError("store-config", "DATABASE_URL must be a postgres:// or postgresql:// URL");
  const sql = url
    ? await openPostgresClient({ url, schema: options.schema })
    : await openPgliteClient({
        dir: options.dir === "memory" ? undefined : (options.dir ?? DEFAULT_STORE_DIR),
        command: options.command,
      });
  try {
    await migrate(sql);
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
  const openMs = performance.now() - started;
  const sweep = async () => {
    const now = clock();
    await sweepSeenKeys(sql, now);
    // A bucket idle for a minute is full again: its row says nothing.
    await sweepRateBuckets(sql, now, 60_000);
  };
  const sweepMs = options.sweepMs ?? 300_000;
  const timer = sweepMs > 0 ? setInterval(() => void sweep().catch(() => {}), sweepMs).unref() : undefined;
  let closed = false;
  return {
    engine: sql.engine,
    where: sql.where,
    openMs,
    replica: `${hostname()}/${process.pid}`,
    sql,
    firstSeen: (scope, key, ttlMs, now = clock()) => firstSeen(sql, scope, key, ttlMs, now),
    takeToken: (scope, key, perMinute, now = clock()) => takeToken(sql, scope, key, perMinute, now),
    sweep,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await sql.close();
    },
  };
}
