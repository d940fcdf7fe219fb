import { existsSync } from "node:fs";
import type { Exposure } from "../core/src/experiments/index.ts";
import { openStore, readExposures, StoreError } from "../core/src/store/index.ts";
import { CliError } from "./cli-error.ts";

/** Where `engagetrack experiment` reads nudge exposures, and what it found. */
export interface CliExposures {
  exposures: Exposure[];
  /** Where they were read ("PostgreSQL at …", "the embedded store in data/store"), or why not. */
  source: string;
  read: boolean;
}

/**
 * The recorded nudge exposures of `experimentKey` in the shared store: the PostgreSQL server at
 * `databaseUrl` (DATABASE_URL), else the embedded store in `storeDir` (`--store`). Without either,
 * none are read (the embedded store is held by a running `serve`, and opening it is not free): the
 * report then analyses every customer by assigned arm and says how to read exposures. A store that
 * cannot be opened is one sentence, exit 2.
 *
 * @example
 * const { exposures } = await cliExposures("nudge-strategy-2026", { databaseUrl: process.env.DATABASE_URL });
 */
export async function cliExposures(
  experimentKey: string,
  where: { databaseUrl?: string; storeDir?: string },
): Promise<CliExposures> {
  const url = where.databaseUrl?.trim() || undefined;
  if (!url && !where.storeDir)
    return {
      exposures: [],
      read: false,
      source: "nudge exposures not read (set DATABASE_URL, or pass --store <dir> for the embedded store)",
    };
  if (!url && !existsSync(where.storeDir!))
    throw new CliError(
      "store-missing",
      `--store ${where.storeDir}: no such folder (the embedded store's, e.g. data/store)`,
    );
  let store;
  try {
    store = await openStore({
      databaseUrl: url,
      dir: url ? undefined : where.storeDir,
      command: "engagetrack experiment",
      sweepMs: 0,
    });
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(err.code, err.message, { cause: err });
    throw err;
  }
  try {
    return {
      exposures: await readExposures(store.sql, experimentKey),
      read: true,
      source: `nudge exposures from ${store.engine === "postgres" ? "PostgreSQL at " : "the embedded store in "}${store.where}`,
    };
  } finally {
    await store.close();
  }
}
