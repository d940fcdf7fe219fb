/**
 * The shared store for the terminal conversation (`ask`, `chat`): write-back (contacted, offers,
 * snoozes), the lists that skip snoozed customers, and follows and alerts (customer and segment;
 * the server's notifier writes the terminal's to the outbox) read and write the same store as the server —
 * PostgreSQL at DATABASE_URL, else the embedded store named by ENGAGETRACK_STORE_DIR when that folder
 * exists (never the default data/store implicitly: a running `serve` holds it, and a question must
 * not take it from under the server; the terminal never creates one either). It is
 * opened at the first question that needs it, so questions that do not never wait for it; a store
 * held by a running `serve` is one sentence in the answer (StoreError), never a crash.
 */
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import {
  openStore,
  storeCustomerActions,
  storeExposures,
  storeFollows,
  storeSegmentFollows,
  type CustomerActionStore,
  type ExposureStore,
  type FollowStore,
  type SegmentFollowStore,
  type Store,
} from "../core/src/store/index.ts";
import { readSettings, SettingsError, STORE_SETTINGS } from "../core/src/settings/index.ts";

export interface TerminalStore {
  /** Undefined when there is no store to use (no DATABASE_URL and no embedded store folder). */
  customerActions: CustomerActionStore | undefined;
  /** Nudge exposures (every nudge the terminal serves; the experiment reads them); undefined as above. */
  exposures: ExposureStore | undefined;
  /** Follows and alerts on customers; undefined as above. */
  follows: FollowStore | undefined;
  /** Follows and alerts on segments; undefined as above. */
  segmentFollows: SegmentFollowStore | undefined;
  /** Closes the store if it was opened. */
  close(): Promise<void>;
}

/**
 * @example
 * const shared = terminalStore(process.env, "engagetrack chat");
 * services.customerActions = shared.customerActions;
 * await shared.close();
 */
export function terminalStore(env: NodeJS.ProcessEnv, command: string): TerminalStore {
  const read = readSettings(env, STORE_SETTINGS.settings);
  if (!read.ok) throw new SettingsError(`invalid configuration: ${read.problems.join("; ")}`);
  const url = read.settings.DATABASE_URL?.trim();
  // Only a folder that was named: the default (data/store) may be held by a running `serve`.
  const dir = read.present.ENGAGETRACK_STORE_DIR?.trim();
  if (!url && !(dir && existsSync(dir)))
    return {
      customerActions: undefined,
      exposures: undefined,
      follows: undefined,
      segmentFollows: undefined,
      close: async () => {},
    };
  let opening: Promise<Store> | undefined;
  const sql = async () =>
    (await (opening ??= openStore({ databaseUrl: url, dir: url ? undefined : dir, command, sweepMs: 0 })))
      .sql;
  // Exposures are recorded off the answer's path: the store opens at the first one; a store that
  // cannot be opened records none (the experiment then reads none).
  let exposureLog: Promise<ExposureStore> | undefined;
  const exposures = () =>
    (exposureLog ??= (async () =>
      storeExposures(await sql(), `${hostname()}/${process.pid}`, { onError: () => {} }))());
  return {
    follows: deferred(async () => storeFollows(await sql())),
    segmentFollows: deferred(async () => storeSegmentFollows(await sql())),
    exposures: {
      record: (e) =>
        void exposures().then(
          (log) => log.record(e),
          () => {},
        ),
      read: async (key) => (await exposures()).read(key),
      flush: async () => (await exposureLog?.catch(() => undefined))?.flush(),
      close: async () => (await exposureLog?.catch(() => undefined))?.close(),
    },
    customerActions: deferred(async () => storeCustomerActions(await sql(), `${hostname()}/${process.pid}`)),
    async close() {
      await (await exposureLog?.catch(() => undefined))?.close();
      const store = await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}

/**
 * A store whose every method opens it first (at the first call, once): questions that never
 * touch write-back or follows never open the store. Only for stores whose methods all return promises.
 */
function deferred<T extends object>(open: () => Promise<T>): T {
  let opened: Promise<T> | undefined;
  return new Proxy({} as T, {
    get:
      (_target, name) =>
      async (...args: unknown[]) => {
        const store = (await (opened ??= open())) as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return store[name](...args);
      },
  });
}
