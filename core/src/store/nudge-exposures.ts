import type { ContractNudge, Nudge } from "../nudges/index.ts";
import type { SqlClient, SqlExecutor } from "./sql-client.ts";

/** One nudge served to a customer: which experiment arm and strategy, where, when, on which snapshot. */
export interface NudgeExposure {
  experimentKey: string;
  customerId: string;
  /** The arm the nudge was decided under ("A", "B", or a contract's arm value). */
  arm: string;
  /** The arm's nudge strategy ("engagement", "retention"); "" when the nudge names none. */
  strategy: string;
  /** Where it was served: "api", "slack", "teams", "terminal", "digest". */
  surface: string;
  /** Milliseconds since the epoch. */
  exposedAt: number;
  /** The snapshot the nudge was decided from. */
  snapshotId: string;
  /** The customer's status in that snapshot: only a current customer's outcome can follow the nudge. */
  status: "current" | "churned" | "retained";
}

/** A customer's first exposure to one arm and strategy of an experiment, as stored. */
export interface StoredExposure {
  experimentKey: string;
  customerId: string;
  arm: string;
  strategy: string;
  surface: string;
  /** Milliseconds since the epoch. */
  firstExposedAt: number;
  snapshotId: string;
  status: NudgeExposure["status"];
  replica: string;
}

/** Records exposures in the store, off the request path. */
export interface NudgeExposureLog {
  record(exposure: NudgeExposure): void;
  /** Writes what is buffered now (also every `flushMs`, and at close). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const BATCH = 500;
const MAX_BUFFERED = 10_000;

const keyOf = (e: Pick<NudgeExposure, "experimentKey" | "customerId" | "arm" | "strategy">) =>
  JSON.stringify([e.experimentKey, e.customerId, e.arm, e.strategy]);

/**
 * Buffers exposures and writes them to `nudge_exposures` in one multi-row upsert per `flushMs`
 * (default 1 s) or per 500 new exposures, on either engine, as `nudgeDecisionLog` does on the
 * embedded store. A customer's exposure to one arm and strategy is one row: the earliest (the
 * upsert keeps the earlier of two, so replicas writing in any order agree), and this process
 * forgets repeats it already wrote (up to `rememberKeys`, default 200,000, then the oldest) — a
 * customer served the same nudge on every login costs one write. A failed write is reported
 * through `onError` and its rows are kept for the next flush (at most 10,000: beyond that the
 * oldest are dropped and counted in the error).
 *
 * @example
 * const exposures = nudgeExposureLog(store.sql, store.replica, { onError: (err) => logger.warn({ err }, "…") });
 * exposures.record({ experimentKey: "nudge-strategy-2026", customerId: "C-1", arm: "B", strategy: "retention",
 *   surface: "api", exposedAt: Date.now(), snapshotId: lease.snapshot.manifest.id, status: "current" });
 */
export function nudgeExposureLog(
  sql: SqlClient,
  replica: string,
  options: {
    flushMs?: number;
    rememberKeys?: number;
    onError?: (err: unknown, dropped: number) => void;
  } = {},
): NudgeExposureLog {
  const flushMs = options.flushMs ?? 1000;
  const rememberKeys = options.rememberKeys ?? 200_000;
  // Buffered exposures by key (the earliest of each), and keys already written with their time.
  const buffer = new Map<string, NudgeExposure>();
  const written = new Map<string, number>();
  let writing: Promise<void> = Promise.resolve();
  const remember = (key: string, at: number) => {
    written.delete(key);
    written.set(key, at);
    if (written.size > rememberKeys) written.delete(written.keys().next().value as string);
  };
  const write = async () => {
    while (buffer.size > 0) {
      const batch = [...buffer.entries()].slice(0, BATCH);
      try {
        await upsertExposures(
          sql,
          batch.map(([, e]) => e),
          replica,
        );
      } catch (err) {
        const dropped = Math.max(0, buffer.size - MAX_BUFFERED);
        for (const key of [...buffer.keys()].slice(0, dropped)) buffer.delete(key);
        options.onError?.(err, dropped);
        return;
      }
      for (const [key, e] of batch) {
        // Recorded again (earlier) while this batch was written: keep that one for the next.
        if (buffer.get(key) === e) buffer.delete(key);
        remember(key, e.exposedAt);
      }
    }
  };
  const flush = () => (writing = writing.then(write));
  const timer = setInterval(() => void flush(), flushMs).unref();
  return {
    record(exposure) {
      const key = keyOf(exposure);
      const known = written.get(key);
      if (known !== undefined && known <= exposure.exposedAt) return;
      const buffered = buffer.get(key);
      if (buffered && buffered.exposedAt <= exposure.exposedAt) return;
      buffer.set(key, exposure);
      if (buffer.size >= BATCH) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** One statement for many exposures (distinct keys); the earlier of two exposures of one key stays. */
async function upsertExposures(sql: SqlExecutor, rows: readonly NudgeExposure[], replica: string) {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  const values = rows.map((e, i) => {
    params.push(
      e.experimentKey,
      e.customerId,
      e.arm,
      e.strategy,
      e.surface,
      new Date(e.exposedAt),
      e.snapshotId,
      e.status,
      replica,
    );
    const o = i * 9;
    return `(${Array.from({ length: 9 }, (_, k) => `$${o + k + 1}`).join(", ")})`;
  });
  await sql.query(
    `insert into nudge_exposures
       (experiment_key, customer_id, arm, strategy, surface, first_exposed_at, snapshot_id, status, replica)
     values ${values.join(", ")}
     on conflict (experiment_key, customer_id, arm, strategy) do update set
       surface = excluded.surface, first_exposed_at = excluded.first_exposed_at,
       snapshot_id = excluded.snapshot_id, status = excluded.status, replica = excluded.replica
     where excluded.first_exposed_at < nudge_exposures.first_exposed_at`,
    params,
  );
}

/**
 * Every recorded exposure of an experiment, by customer ID, then first exposure.
 *
 * @example
 * const exposures = await readExposures(store.sql, "nudge-strategy-2026");
 */
export async function readExposures(sql: SqlExecutor, experimentKey: string): Promise<StoredExposure[]> {
  const rows = await sql.query<{
    experiment_key: string;
    customer_id: string;
    arm: string;
    strategy: string;
    surface: string;
    first_exposed_at: Date;
    snapshot_id: string;
    status: NudgeExposure["status"];
    replica: string;
  }>(
    `select experiment_key, customer_id, arm, strategy, surface, first_exposed_at, snapshot_id, status, replica
       from nudge_exposures where experiment_key = $1
      order by customer_id, first_exposed_at, arm, strategy`,
    [experimentKey],
  );
  return rows.map((r) => ({
    experimentKey: r.experiment_key,
    customerId: r.customer_id,
    arm: r.arm,
    strategy: r.strategy,
    surface: r.surface,
    firstExposedAt: r.first_exposed_at.getTime(),
    snapshotId: r.snapshot_id,
    status: r.status,
    replica: r.replica,
  }));
}

/**
 * The exposure a served nudge makes, or null when it names no experiment arm (a contract nudge
 * for a table that declares no experiment): the demo's nudge by its experiment, variant and
 * strategy; a contract's by its declared experiment and arm (no strategy: "").
 *
 * @example
 * const e = nudgeExposure(insight.nudge, { customerId: "7590-VHVEG", surface: "slack", at: Date.now(),
 *   snapshotId: snapshot.manifest.id, status: "current" });
 * if (e) exposures.record(e);
 */
export function nudgeExposure(
  nudge: Nudge | ContractNudge | null | undefined,
  where: {
    customerId: string;
    surface: string;
    at: number;
    snapshotId: string;
    status: NudgeExposure["status"];
  },
): NudgeExposure | null {
  if (!nudge) return null;
  const served = {
    customerId: where.customerId,
    surface: where.surface,
    exposedAt: where.at,
    snapshotId: where.snapshotId,
    status: where.status,
  };
  if ("variant" in nudge)
    return { ...served, experimentKey: nudge.experimentKey, arm: nudge.variant, strategy: nudge.strategy };
  if (!nudge.experiment) return null;
  return { ...served, experimentKey: nudge.experiment.key, arm: nudge.experiment.arm, strategy: "" };
}

/** Exposures as the server's services use them: recorded in batches, read back with what is buffered. */
export interface ExposureStore {
  record(exposure: NudgeExposure): void;
  /** Every exposure of `experimentKey`, after writing what this process has buffered. */
  read(experimentKey: string): Promise<StoredExposure[]>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `nudgeExposureLog` and `readExposures` over one store: a process reads its own exposures.
 *
 * @example
 * const exposures = storeExposures(store.sql, store.replica);
 * const report = analyzeExposedExperiment(table, experiment, await exposures.read(experiment.key), …);
 */
export function storeExposures(
  sql: SqlClient,
  replica: string,
  options: Parameters<typeof nudgeExposureLog>[2] = {},
): ExposureStore {
  const log = nudgeExposureLog(sql, replica, options);
  return {
    record: (exposure) => log.record(exposure),
    async read(experimentKey) {
      await log.flush();
      return readExposures(sql, experimentKey);
    },
    flush: () => log.flush(),
    close: () => log.close(),
  };
}
