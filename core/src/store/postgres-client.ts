import pg from "pg";
import { postgresSecretScrubber, redactPostgresUrl } from "../data/index.ts";
import type { Row, SqlClient, SqlExecutor } from "./sql-client.ts";
import { StoreError } from "./store-error.ts";

export interface PostgresClientOptions {
  /** `postgres://user:password@host:port/database?sslmode=require`. */
  url: string;
  /** Statements run with this `search_path` (one schema per deployment or test); default the server's. */
  schema?: string;
  /** Connections per process; default 10. */
  maxConnections?: number;
}

const CONNECT_TIMEOUT_MS = 10_000;
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A pool of connections to a PostgreSQL server. The first connection is made here, so a wrong
 * URL, an unreachable server or a refused password is one `StoreError` now, not a failure at the
 * first Slack event.
 *
 * @example
 * const sql = await openPostgresClient({ url: process.env.DATABASE_URL! });
 * await sql.query("select 1");
 */
export async function openPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  const where = redactPostgresUrl(options.url);
  const scrub = postgresSecretScrubber(options.url);
  if (options.schema !== undefined && !SCHEMA.test(options.schema))
    throw new StoreError("store-config", `invalid store schema name: ${JSON.stringify(options.schema)}`);
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
  } catch (err) {
    // No cause: the driver's URL parse errors repeat the whole URL, password included.
    throw new StoreError(
      "store-config",
      `DATABASE_URL is not a PostgreSQL URL (${scrub(String((err as Error).message))})`,
    );
  }
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  try {
    if (options.schema) {
      // The schema must exist before a connection with that search_path is useful.
      const admin = new pg.Client({
        connectionString: options.url,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      });
      await admin.connect();
      try {
        // `if not exists` is not safe against a concurrent create (two replicas starting together):
        // the loser gets a unique violation on the catalogue, and the schema is there all the same.
        await admin.query(`create schema if not exists ${options.schema}`).catch((err: { code?: string }) => {
          if (err.code !== "23505" && err.code !== "42P06") throw err;
        });
      } finally {
        await admin.end();
      }
    }
    await pool.query("select 1");
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreError("store-unreachable", `cannot use the store at ${where}: ${scrub(reason(err))}`);
  }

  const run = async <T extends Row>(
    on: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
  ) => {
    try {
      return (await on.query(text, params as unknown[] | undefined)).rows as T[];
    } catch (err) {
      throw failed(err, where, scrub);
    }
  };
  return {
    engine: "postgres",
    where,
    query: (text, params) => run(pool, text, params),
    exec: async (script) => void (await run(pool, script)),
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw new StoreError("store-unreachable", `cannot use the store at ${where}: ${scrub(reason(err))}`);
      }
      const tx: SqlExecutor = {
        query: (text, params) => run(client, text, params),
        exec: async (script) => void (await run(client, script)),
      };
      try {
        await client.query("begin");
        const out = await work(tx);
        await client.query("commit");
        return out;
      } catch (err) {
        await client.query("rollback").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

function reason(err: unknown): string {
  const e = (err ?? {}) as { code?: string; message?: string };
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return "host not found";
  if (e.code === "28P01" || e.code === "28000") return `authentication failed (${e.message})`;
  if (/timeout/i.test(e.message ?? "")) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return e.message ?? String(err);
}

function failed(err: unknown, where: string, scrub: (text: string) => string): StoreError {
  const e = (err ?? {}) as { code?: string; message?: string };
  const code = e.code && /^(08|57P)/.test(e.code) ? "store-unreachable" : "store-failed";
  return new StoreError(code, `store statement failed at ${where}: ${scrub(e.message ?? String(err))}`, {
    cause: err,
  });
}
