import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { holdEmbeddedStore, type HeldStore } from "./embedded-holder.ts";
import type { Row, SqlClient, SqlExecutor } from "./sql-client.ts";
import { StoreError } from "./store-error.ts";

export interface PgliteClientOptions {
  /** Folder of the embedded store (`data/store`); undefined keeps it in memory (tests). */
  dir?: string;
  /** What this process is, written in the holder file for the next process's message. */
  command?: string;
}

/** The files of an empty database, taken from the first in-memory store this process opened. */
let emptyFiles: Promise<Blob> | undefined;

/**
 * A fresh, empty in-memory database. A new PGlite runs initdb (about 2 s of CPU); tests open many
 * in-memory stores, so after the first, each loads that one's files from before anything was
 * written (about 0.4 s).
 */
async function openInMemory(): Promise<PGlite> {
  if (emptyFiles) {
    const db = new PGlite({ loadDataDir: await emptyFiles });
    await db.waitReady;
    return db;
  }
  const db = new PGlite();
  emptyFiles = db.waitReady.then(async () => (await db.dumpDataDir("none")) as Blob);
  emptyFiles.catch(() => (emptyFiles = undefined)); // the next open tries again
  await emptyFiles;
  return db;
}

/**
 * PostgreSQL in process (PGlite, WASM): the embedded default when `DATABASE_URL` is not set.
 * One process at a time: the folder is held (see `holdEmbeddedStore`) before PGlite opens it.
 *
 * @example
 * const sql = await openPgliteClient({ dir: "data/store", command: "engagetrack serve" });
 */
export async function openPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  let held: HeldStore | undefined;
  let db: PGlite;
  if (options.dir !== undefined) {
    try {
      await mkdir(options.dir, { recursive: true });
    } catch (err) {
      throw new StoreError(
        "store-failed",
        `cannot create the embedded store ${options.dir}: ${(err as Error).message}`,
      );
    }
    held = await holdEmbeddedStore(
      options.dir,
      options.command ?? `node ${process.argv.slice(1, 3).join(" ")}`,
    );
    try {
      db = new PGlite(join(options.dir, "pgdata"));
      await db.waitReady;
    } catch (err) {
      await held.release();
      throw new StoreError(
        "store-failed",
        `cannot open the embedded store ${options.dir}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  } else {
    db = await openInMemory();
  }
  const where = options.dir ?? "memory";
  const run = async <T extends Row>(on: Pick<PGlite, "query">, text: string, params?: readonly unknown[]) => {
    try {
      return (await on.query<T>(text, params as unknown[] | undefined)).rows;
    } catch (err) {
      throw new StoreError("store-failed", `store statement failed in ${where}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  };
  const exec = async (on: Pick<PGlite, "exec">, script: string) => {
    try {
      await on.exec(script);
    } catch (err) {
      throw new StoreError("store-failed", `store statement failed in ${where}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  };
  let closed = false;
  return {
    engine: "pglite",
    where,
    query: (text, params) => run(db, text, params),
    exec: (script) => exec(db, script),
    transaction: (work) =>
      db.transaction((t) => {
        const tx: SqlExecutor = {
          query: (text, params) => run(t, text, params),
          exec: (script) => exec(t, script),
        };
        return work(tx);
      }),
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
      await held?.release();
    },
  };
}
