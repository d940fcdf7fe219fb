/**
 * The digest ledger: a file protocol that records each (schedule, slot, destination) claim before
 * sending and its result after, so a slot is delivered once however many processes race for it.
 * Plain files on any POSIX file system, a shared ReadWriteMany volume included: no locks, no
 * process memory, only two primitives that are atomic there — exclusive create (`open(…, "wx")`)
 * and rename.
 *
 * Layout under the ledger directory:
 *   <schedule>/<slot>/<destination>.<n>.claim   attempt n's claim (owner, lease), created exclusively
 *   <schedule>/<slot>/<destination>.<n>.result  attempt n's result, written to a temporary name and renamed
 *   _destinations/<destination>.json            what the destination received last (its digest's snapshot and bands)
 *
 * Attempts are numbered, so taking over a crashed sender's claim is itself an exclusive create of
 * the next attempt's claim: two recoverers cannot both win. (Renaming the stale claim away first
 * would not do: a rename acts on the path, so a slow recoverer could rename a claim that a faster
 * one had just created.) Every file and its directory are fsynced before the call returns.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { RiskBand } from "../../core/src/index.ts";

/** Who holds a claim: enough to find the process in logs. */
export interface LedgerOwner {
  /** Random per process. */
  id: string;
  pid: number;
  host: string;
}

export interface ClaimRecord {
  schedule: string;
  slot: string;
  destination: string;
  attempt: number;
  owner: LedgerOwner;
  claimedAt: string;
  /** After this instant another run may take the claim over (its holder is presumed dead). */
  leaseUntil: string;
}

export type DeliveryStatus = "sent" | "failed" | "skipped";

export interface ResultRecord {
  schedule: string;
  slot: string;
  destination: string;
  attempt: number;
  status: DeliveryStatus;
  reason: string | null;
  /** Whether a later run should try this slot again (failures, destinations not configured yet). */
  retry: boolean;
  /** Where the digest went: a Slack `channel/ts`, a Teams activity ID, an outbox file. */
  messageRef: string | null;
  at: string;
  owner: LedgerOwner;
  /** The digest's snapshot and band counts (sent digests: the next digest's "since last time"). */
  snapshotId: string | null;
  bands: Record<RiskBand, number> | null;
}

/** The last digest a destination received. */
export interface DeliveredRecord {
  schedule: string;
  slot: string;
  snapshotId: string;
  bands: Record<RiskBand, number>;
  messageRef: string | null;
  at: string;
}

/** A claim this process holds: send, then `finish` it. */
export interface Claim {
  readonly schedule: string;
  readonly slot: string;
  readonly destination: string;
  readonly attempt: number;
  /**
   * The previous attempt's holder vanished without a result (its lease expired): it may have
   * delivered before it died, so look at the destination before sending again where it can tell.
   */
  readonly takenOver: boolean;
  /** Throws `LedgerFenceError` when another run has since taken this claim over. Call right before sending. */
  fence(): Promise<void>;
}

export type ClaimOutcome =
  | { kind: "claimed"; claim: Claim }
  /** Settled for good: sent, or skipped (superseded). */
  | { kind: "done"; result: ResultRecord }
  /** Another run holds a live claim, or won the race for this attempt. */
  | { kind: "busy"; reason: string };

export interface FinishInput {
  status: DeliveryStatus;
  reason?: string | null;
  /** Default: true for failed, false otherwise. */
  retry?: boolean;
  messageRef?: string | null;
  snapshotId?: string | null;
  bands?: Record<RiskBand, number> | null;
}

export interface Ledger {
  readonly dir: string;
  readonly owner: LedgerOwner;
  /** Claims the next attempt of (schedule, slot, destination), unless it is settled or held. */
  claim(schedule: string, slot: string, destination: string): Promise<ClaimOutcome>;
  /** Records a claim's result; a sent digest also becomes its destination's "last delivered". */
  finish(claim: Claim, result: FinishInput): Promise<ResultRecord>;
  lastDelivered(destination: string): Promise<DeliveredRecord | undefined>;
  /** Slots of a schedule that have ledger entries, oldest first (ISO 8601 UTC). */
  slots(schedule: string): Promise<string[]>;
  /** The newest slot before `before` with an entry for `destination`, if any. */
  latestSlotFor(schedule: string, destination: string, before: string): Promise<string | undefined>;
  /** Every claim and result of (schedule, slot, destination), by attempt (for inspection and tests). */
  entries(
    schedule: string,
    slot: string,
    destination: string,
  ): Promise<{ claims: ClaimRecord[]; results: ResultRecord[] }>;
}

export interface LedgerOptions {
  dir: string;
  /** How long a claim is honoured; must exceed the longest send (Slack rate limits included). */
  leaseMs: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  owner?: LedgerOwner;
}

/** Another run took this claim over (its lease had expired): do not send. */
export class LedgerFenceError extends Error {
  constructor(claim: Claim) {
    super(
      `claim ${claim.schedule}/${claim.slot}/${claim.destination} attempt ${claim.attempt} was taken over by another run`,
    );
    this.name = "LedgerFenceError";
  }
}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const DESTINATIONS = "_destinations";

/** `2026-07-06T07:00:00Z` ⇄ `2026-07-06T07-00-00Z` (a file name on every system). */
export const slotKey = (slot: string): string => slot.replaceAll(":", "-");
const slotFromKey = (key: string): string => key.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, "T$1:$2:$3Z");
const SLOT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/**
 * Opens (creating as needed) the ledger in `dir`.
 *
 * @example
 * const ledger = openLedger({ dir: "data/digests/ledger", leaseMs: 600_000, clock: Date.now });
 * const outcome = await ledger.claim("weekly", "2026-07-06T07:00:00Z", "slack-C0123ABCD");
 * if (outcome.kind === "claimed") {
 *   await outcome.claim.fence();
 *   const ts = await post();
 *   await ledger.finish(outcome.claim, { status: "sent", messageRef: ts, snapshotId, bands });
 * }
 */
export function openLedger(options: LedgerOptions): Ledger {
  const { dir, leaseMs, clock } = options;
  if (!(leaseMs > 0)) throw new Error(`invalid lease: ${leaseMs} ms`);
  const owner = options.owner ?? { id: randomUUID(), pid: process.pid, host: hostname() };
  const iso = (ms: number) => new Date(ms).toISOString();

  const slotDir = (schedule: string, slot: string) => {
    if (!SAFE.test(schedule)) throw new Error(`invalid schedule name: ${JSON.stringify(schedule)}`);
    if (!SLOT.test(slot))
      throw new Error(`invalid slot: ${JSON.stringify(slot)} (ISO 8601 UTC to the second)`);
    return join(dir, schedule, slotKey(slot));
  };
  const checkDestination = (destination: string) => {
    if (!SAFE.test(destination)) throw new Error(`invalid destination key: ${JSON.stringify(destination)}`);
    return destination;
  };

  const entries: Ledger["entries"] = async (schedule, slot, destination) => {
    const where = slotDir(schedule, slot);
    const files = await scan(where, checkDestination(destination));
    const claims: ClaimRecord[] = [];
    const results: ResultRecord[] = [];
    for (const n of [...files.claims].sort((a, b) => a - b)) {
      const record = await readJson<ClaimRecord>(join(where, `${destination}.${n}.claim`));
      if (record) claims.push(record);
    }
    for (const n of [...files.results].sort((a, b) => a - b)) {
      const record = await readJson<ResultRecord>(join(where, `${destination}.${n}.result`));
      if (record) results.push(record);
    }
    return { claims, results };
  };

  const claim: Ledger["claim"] = async (schedule, slot, destination) => {
    const where = slotDir(schedule, slot);
    checkDestination(destination);
    await ensureDir(where, dir);
    const files = await scan(where, destination);
    const results = new Map<number, ResultRecord>();
    for (const n of files.results) {
      const r = await readJson<ResultRecord>(join(where, `${destination}.${n}.result`));
      if (r) results.set(n, r);
    }
    const settled = [...results.values()].find((r) => !r.retry);
    if (settled) return { kind: "done", result: settled };

    const last = Math.max(0, ...files.claims);
    let takenOver = false;
    if (last > 0 && !results.has(last)) {
      const path = join(where, `${destination}.${last}.claim`);
      const held = await readJson<ClaimRecord>(path);
      // A claim still being written (or cut short by a crash) counts from its file's time.
      const leaseUntil = held
        ? Date.parse(held.leaseUntil)
        : ((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) + leaseMs;
      if (leaseUntil > clock()) {
        return {
          kind: "busy",
          reason: held
            ? `claimed by ${held.owner.host} pid ${held.owner.pid} until ${held.leaseUntil}`
            : "being claimed by another run",
        };
      }
      takenOver = true;
    }
    const attempt = last + 1;
    const now = clock();
    const record: ClaimRecord = {
      schedule,
      slot,
      destination,
      attempt,
      owner,
      claimedAt: iso(now),
      leaseUntil: iso(now + leaseMs),
    };
    const created = await createExclusive(
      join(where, `${destination}.${attempt}.claim`),
      `${JSON.stringify(record)}\n`,
    );
    if (!created) return { kind: "busy", reason: `attempt ${attempt} was claimed by another run first` };
    const next = join(where, `${destination}.${attempt + 1}.claim`);
    const held: Claim = {
      schedule,
      slot,
      destination,
      attempt,
      takenOver,
      async fence() {
        if (await exists(next)) throw new LedgerFenceError(held);
      },
    };
    return { kind: "claimed", claim: held };
  };

  const finish: Ledger["finish"] = async (held, input) => {
    const where = slotDir(held.schedule, held.slot);
    const result: ResultRecord = {
      schedule: held.schedule,
      slot: held.slot,
      destination: held.destination,
      attempt: held.attempt,
      status: input.status,
      reason: input.reason ?? null,
      retry: input.retry ?? input.status === "failed",
      messageRef: input.messageRef ?? null,
      at: iso(clock()),
      owner,
      snapshotId: input.snapshotId ?? null,
      bands: input.bands ?? null,
    };
    await writeAtomic(
      join(where, `${held.destination}.${held.attempt}.result`),
      `${JSON.stringify(result)}\n`,
    );
    if (result.status === "sent" && result.snapshotId && result.bands) {
      const pointer = join(dir, DESTINATIONS, `${held.destination}.json`);
      const current = await readJson<DeliveredRecord>(pointer);
      // Deliveries of older slots (a late retry) never replace a newer one.
      if (!current || current.slot <= result.slot) {
        await ensureDir(dirname(pointer), dir);
        const delivered: DeliveredRecord = {
          schedule: result.schedule,
          slot: result.slot,
          snapshotId: result.snapshotId,
          bands: result.bands,
          messageRef: result.messageRef,
          at: result.at,
        };
        await writeAtomic(pointer, `${JSON.stringify(delivered)}\n`);
      }
    }
    return result;
  };

  return Object.freeze({
    dir,
    owner,
    claim,
    finish,
    entries,
    async lastDelivered(destination: string) {
      return readJson<DeliveredRecord>(join(dir, DESTINATIONS, `${checkDestination(destination)}.json`));
    },
    async latestSlotFor(schedule: string, destination: string, before: string) {
      checkDestination(destination);
      const slots = (await listSlots(schedule)).filter((s) => s < before).reverse();
      for (const slot of slots) {
        const files = await scan(slotDir(schedule, slot), destination);
        if (files.claims.length > 0 || files.results.length > 0) return slot;
      }
      return undefined;
    },
    slots: (schedule: string) => listSlots(schedule),
  });

  async function listSlots(schedule: string): Promise<string[]> {
    if (!SAFE.test(schedule)) throw new Error(`invalid schedule name: ${JSON.stringify(schedule)}`);
    let names: string[];
    try {
      names = await readdir(join(dir, schedule));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    return names
      .map(slotFromKey)
      .filter((s) => SLOT.test(s))
      .sort();
  }
}

/** Attempt numbers of a destination's claim and result files in a slot directory. */
async function scan(where: string, destination: string): Promise<{ claims: number[]; results: number[] }> {
  let names: string[];
  try {
    names = await readdir(where);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { claims: [], results: [] };
    throw err;
  }
  const claims: number[] = [];
  const results: number[] = [];
  const prefix = `${destination}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d{1,9})\.(claim|result)$/.exec(name.slice(prefix.length));
    if (!m) continue;
    (m[2] === "claim" ? claims : results).push(Number(m[1]));
  }
  return { claims, results };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    // A claim whose writer died between create and write: empty or cut short.
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
}

/** Creates `path` only if it does not exist; its content and directory entry are on disk when this returns true. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDir(dirname(path));
  return true;
}

/** Replaces `path` all at once: readers see the old content or the new, never part of it. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, "w", 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dirname(path));
}

/** Creates `where` and fsyncs each directory entry made on the way, up to `root`. */
async function ensureDir(where: string, root: string): Promise<void> {
  const made = await mkdir(where, { recursive: true });
  if (made === undefined) return;
  for (let d = where; d.length >= made.length && d !== dirname(d); d = dirname(d)) {
    await syncDir(dirname(d));
    if (d === root) break;
  }
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems cannot fsync a directory; their metadata is then synchronous already.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM") throw err;
  } finally {
    await handle.close();
  }
}
