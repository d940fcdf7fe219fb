/**
 * The digest ledger of a version before the shared store — a folder of files, data/digests/ledger —
 * imported into the store once, so a team upgrading loses no history: no destination is sent its
 * latest slot a second time, and each one's "since last time" carries on. Its layout:
 *   <schedule>/<slot-key>/<destination>.<n>.claim   attempt n's claim (owner, lease)
 *   <schedule>/<slot-key>/<destination>.<n>.result  attempt n's result
 *   _destinations/<destination>.json                what the destination received last
 * (`<slot-key>` is the slot with `-` for `:`, e.g. 2026-07-06T07-00-00Z.)
 */
import { CodedError } from "../../core/src/errors/index.ts";
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Logger } from "../../core/src/log/index.ts";
import type { SqlClient, SqlExecutor } from "../../core/src/store/index.ts";
import type { LedgerOwner } from "./ledger.ts";

export interface FileLedgerImportOptions {
  /** The lease a claim cut short by a crash is given from its file's time (the file ledger's rule). */
  leaseMs: number;
  logger?: Pick<Logger, "info" | "warn">;
}

/** What one import added to the store, and how many files it could not read. */
export interface FileLedgerImport {
  claims: number;
  results: number;
  delivered: number;
  skipped: number;
}

/** The old ledger folder is there but could not be imported (read, written or renamed). */
export class LedgerImportError extends CodedError<"ledger-import"> {
  constructor(dir: string, cause: unknown) {
    super(
      "ledger-import",
      `the digest ledger folder of an older version, ${dir}, could not be imported into the shared store (${String((cause as Error)?.message ?? cause).slice(0, 200)}); no digest is sent until it is — it is tried again at the next run`,
      { cause },
    );
    this.name = "LedgerImportError";
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SLOT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ENTRY = /^([A-Za-z0-9][A-Za-z0-9_-]{0,127})\.(\d{1,9})\.(claim|result)$/;
// A write that died before its rename (the file ledger wrote `<file>.<uuid>.tmp`, then renamed it).
const TEMPORARY = /\.tmp$/;
const DESTINATIONS = "_destinations";
/** Where a claim cut short by a crash has no owner to name. */
const UNKNOWN_OWNER: LedgerOwner = { id: "unknown", pid: 0, host: "unknown" };

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "an ISO 8601 time");
const owner = z.object({ id: z.string(), pid: z.number(), host: z.string() });
const bands = z.record(z.string(), z.number());
const claimSchema = z.object({ owner, claimedAt: time, leaseUntil: time });
const resultSchema = z.object({
  status: z.enum(["sent", "failed", "skipped"]),
  reason: z.string().nullish(),
  retry: z.boolean(),
  messageRef: z.string().nullish(),
  at: time,
  owner,
  snapshotId: z.string().nullish(),
  bands: bands.nullish(),
});
const deliveredSchema = z.object({
  schedule: z.string().regex(NAME),
  slot: z.string().regex(SLOT),
  snapshotId: z.string(),
  bands,
  messageRef: z.string().nullish(),
  at: time,
});

interface Key {
  schedule: string;
  slot: string;
  destination: string;
  attempt: number;
}
type ClaimRow = Key & { owner: LedgerOwner; claimed_at: string; lease_until: string };
type ResultRow = Key & {
  status: string;
  reason: string | null;
  retry: boolean;
  message_ref: string | null;
  at: string;
  owner: LedgerOwner;
  snapshot_id: string | null;
  bands: Record<string, number> | null;
};
type DeliveredRow = z.infer<typeof deliveredSchema> & { destination: string };

/** Any number, the same in every process: imports of the old ledger folder run one at a time. */
const IMPORT_LOCK = 4_208_190_021;
/** Rows per insert statement (a JSON array expanded by `jsonb_to_recordset`). */
const BATCH = 500;

/**
 * Imports the file ledger in `dir` into the shared store's digest tables, once: every claim (a
 * dead sender's too, so its attempt counts and its lease holds as it did), every result (sent,
 * skipped, failed) and every last-delivered record, where the store has none for their key yet (a
 * store's newer delivery is kept). The folder is renamed `<dir>.imported` before the transaction
 * commits (back again if the commit fails), under a lock every process shares: of processes
 * starting together, one imports and the others find no folder. A file that cannot be read is
 * skipped with one warning naming it; a claim cut short by a crash counts from its file's time, as
 * the file ledger counted it. One line is logged. A missing folder imports nothing (undefined).
 *
 * @example
 * await importFileLedger(store.sql, "data/digests/ledger", { leaseMs: 600_000, logger });
 */
export async function importFileLedger(
  sql: SqlClient,
  dir: string,
  options: FileLedgerImportOptions,
): Promise<FileLedgerImport | undefined> {
  let movedTo: string | undefined;
  let outcome: FileLedgerImport | undefined;
  try {
    await sql.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
      const read = await readFileLedger(dir, options);
      if (!read) return;
      const claims = await insertBatches(tx, read.claims, CLAIMS);
      const results = await insertBatches(tx, read.results, RESULTS);
      let delivered = 0;
      for (const d of read.delivered) delivered += (await tx.query(DELIVERED, deliveredParams(d))).length;
      movedTo = await renameAside(dir);
      outcome = { claims, results, delivered, skipped: read.skipped };
    });
  } catch (err) {
    if (movedTo) await rename(movedTo, dir).catch(() => undefined);
    throw err;
  }
  if (outcome) {
    options.logger?.info(
      { path: dir, movedTo, ...outcome },
      "old digest ledger folder imported into the shared store",
    );
  }
  return outcome;
}

const CLAIMS = `
  insert into digest_claims (schedule, slot, destination, attempt, owner, claimed_at, lease_until)
  select schedule, slot, destination, attempt, owner, claimed_at, lease_until
  from jsonb_to_recordset($1::jsonb) as r(schedule text, slot text, destination text, attempt integer,
    owner jsonb, claimed_at timestamptz, lease_until timestamptz)
  on conflict do nothing
  returning attempt`;

const RESULTS = `
  insert into digest_results
    (schedule, slot, destination, attempt, status, reason, retry, message_ref, at, owner, snapshot_id, bands)
  select schedule, slot, destination, attempt, status, reason, retry, message_ref, at, owner, snapshot_id, bands
  from jsonb_to_recordset($1::jsonb) as r(schedule text, slot text, destination text, attempt integer,
    status text, reason text, retry boolean, message_ref text, at timestamptz, owner jsonb, snapshot_id text,
    bands jsonb)
  on conflict do nothing
  returning attempt`;

// As `finish` records a delivery: an older slot never replaces a newer one already in the store.
const DELIVERED = `
  insert into digest_delivered (destination, schedule, slot, snapshot_id, bands, message_ref, at)
  values ($1, $2, $3, $4, $5::jsonb, $6, $7)
  on conflict (destination) do update set
    schedule = excluded.schedule, slot = excluded.slot, snapshot_id = excluded.snapshot_id,
    bands = excluded.bands, message_ref = excluded.message_ref, at = excluded.at
  where digest_delivered.slot collate "C" < excluded.slot
  returning destination`;

const deliveredParams = (d: DeliveredRow) => [
  d.destination,
  d.schedule,
  d.slot,
  d.snapshotId,
  JSON.stringify(d.bands),
  d.messageRef ?? null,
  new Date(d.at),
];

async function insertBatches(tx: SqlExecutor, rows: readonly object[], statement: string): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    added += (await tx.query(statement, [JSON.stringify(rows.slice(i, i + BATCH))])).length;
  }
  return added;
}

/** `<dir>.imported`, or — when an earlier import left one — `<dir>.imported-<time>-<random>`. */
async function renameAside(dir: string): Promise<string> {
  const done = `${dir}.imported`;
  try {
    await rename(dir, done);
    return done;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "ENOTDIR") throw err;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const aside = `${done}-${stamp}-${randomBytes(3).toString("hex")}`;
  await rename(dir, aside);
  return aside;
}

interface FileLedger {
  claims: ClaimRow[];
  results: ResultRow[];
  delivered: DeliveredRow[];
  skipped: number;
}

/** The folder's records, in the store's row shapes; undefined when there is no folder. */
async function readFileLedger(
  dir: string,
  options: FileLedgerImportOptions,
): Promise<FileLedger | undefined> {
  const top = await list(dir);
  if (!top) return undefined;
  const ledger: FileLedger = { claims: [], results: [], delivered: [], skipped: 0 };
  const skip = (file: string, reason: string) => {
    ledger.skipped++;
    options.logger?.warn(
      { file, reason: reason.slice(0, 200) },
      "old digest ledger file skipped: not readable",
    );
  };

  for (const name of top) {
    const path = join(dir, name);
    if (name === DESTINATIONS) {
      for (const file of (await list(path)) ?? []) {
        if (TEMPORARY.test(file)) continue;
        const destination = file.endsWith(".json") ? file.slice(0, -".json".length) : "";
        if (!NAME.test(destination)) {
          skip(join(path, file), "not a destination file name (<destination>.json)");
          continue;
        }
        const parsed = await parseFile(join(path, file), deliveredSchema);
        if (parsed.ok) ledger.delivered.push({ ...parsed.value, destination });
        else skip(join(path, file), parsed.reason);
      }
      continue;
    }
    const slotKeys = NAME.test(name) ? await list(path) : undefined;
    if (!slotKeys) {
      skip(path, "not a schedule folder");
      continue;
    }
    for (const slotKey of slotKeys) {
      const slot = slotKey.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, "T$1:$2:$3Z");
      const where = join(path, slotKey);
      const files = SLOT.test(slot) ? await list(where) : undefined;
      if (!files) {
        skip(where, "not a slot folder (e.g. 2026-07-06T07-00-00Z)");
        continue;
      }
      await readSlot({ schedule: name, slot, where, files }, ledger, skip, options);
    }
  }
  return ledger;
}

/** One slot folder's claims and results, attempt by attempt. */
async function readSlot(
  at: { schedule: string; slot: string; where: string; files: string[] },
  ledger: FileLedger,
  skip: (file: string, reason: string) => void,
  options: FileLedgerImportOptions,
): Promise<void> {
  const attempts = new Map<
    string,
    { destination: string; attempt: number; claim?: string; result?: string }
  >();
  for (const file of at.files) {
    if (TEMPORARY.test(file)) continue;
    const m = ENTRY.exec(file);
    if (!m) {
      skip(join(at.where, file), "not a ledger file name (<destination>.<n>.claim or .result)");
      continue;
    }
    const [, destination, n, kind] = m;
    const id = `${destination}.${Number(n)}`;
    const entry = attempts.get(id) ?? { destination, attempt: Number(n) };
    entry[kind as "claim" | "result"] = join(at.where, file);
    attempts.set(id, entry);
  }
  for (const { destination, attempt, claim, result } of attempts.values()) {
    const key: Key = { schedule: at.schedule, slot: at.slot, destination, attempt };
    let settled: z.infer<typeof resultSchema> | undefined;
    if (result) {
      const parsed = await parseFile(result, resultSchema);
      if (parsed.ok) settled = parsed.value;
      else skip(result, parsed.reason);
    }
    if (settled) {
      ledger.results.push({
        ...key,
        status: settled.status,
        reason: settled.reason ?? null,
        retry: settled.retry,
        message_ref: settled.messageRef ?? null,
        at: settled.at,
        owner: settled.owner,
        snapshot_id: settled.snapshotId ?? null,
        bands: settled.bands ?? null,
      });
    }
    const held = claim ? await parseFile(claim, claimSchema) : undefined;
    if (held?.ok) {
      ledger.claims.push({
        ...key,
        owner: held.value.owner,
        claimed_at: held.value.claimedAt,
        lease_until: held.value.leaseUntil,
      });
    } else if (claim) {
      // The file ledger's rule for a claim whose writer died between create and write: it counts,
      // held from its file's time for one lease.
      const since = (await stat(claim)).mtimeMs;
      const claimedAt = new Date(since).toISOString();
      options.logger?.warn(
        { file: claim, claimedAt },
        "old digest ledger claim was cut short (its sender died while claiming): imported from the file's time",
      );
      ledger.claims.push({
        ...key,
        owner: settled?.owner ?? UNKNOWN_OWNER,
        claimed_at: claimedAt,
        lease_until: new Date(since + options.leaseMs).toISOString(),
      });
    } else if (settled) {
      // A result without its claim file: the store's results need their claim (a foreign key).
      ledger.claims.push({ ...key, owner: settled.owner, claimed_at: settled.at, lease_until: settled.at });
    }
  }
}

/** A folder's entries, sorted; undefined when it is missing or not a folder. */
async function list(path: string): Promise<string[] | undefined> {
  try {
    return (await readdir(path)).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

async function parseFile<T>(
  path: string,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
  const text = await readFile(path, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        reason: `not a ledger record: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(record)"} ${i.message}`).join("; ")}`,
      };
}
