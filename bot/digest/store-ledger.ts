/**
 * The digest ledger in the shared store (`digest_claims`, `digest_results`, `digest_delivered`):
 * each (schedule, slot, destination) is claimed before sending and its result recorded after, so a
 * slot is delivered once however many processes — server replicas, `digest --once` — race for it.
 *
 * A claim is one conditional insert of the next attempt: attempt n+1 only when attempt n has a
 * result asking for a retry, or its lease expired without a result (its holder is presumed dead:
 * a takeover). The primary key (schedule, slot, destination, attempt) makes two racers' inserts of
 * the same attempt exclusive; the check and the insert run in one transaction that locks the last
 * claim's row, so a result being recorded for it at that moment is either seen or waits.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { RiskBand } from "../../core/src/index.ts";
import type { Logger } from "../../core/src/log/index.ts";
import type { SqlClient, SqlExecutor } from "../../core/src/store/index.ts";
import { importFileLedger, LedgerImportError } from "./import-file-ledger.ts";
import {
  LedgerFenceError,
  type Claim,
  type ClaimRecord,
  type DeliveredRecord,
  type Ledger,
  type LedgerOwner,
  type ResultRecord,
} from "./ledger.ts";

export interface StoreLedgerOptions {
  /** How long a claim is honoured; must exceed the longest send (Slack rate limits included). */
  leaseMs: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Default: a random ID with this process's pid and host. */
  owner?: LedgerOwner;
  /**
   * The ledger folder of a version before the shared store (data/digests/ledger): imported once,
   * before the first use, then renamed `<dir>.imported` (`importFileLedger`), so a team upgrading
   * loses no history. While it cannot be imported, every use throws `LedgerImportError` (nothing is
   * sent twice) and the next use tries again. Undefined imports nothing.
   */
  importDir?: string;
  /** The import's one line, and a warning per file it could not read. */
  logger?: Pick<Logger, "info" | "warn">;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const SLOT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

type ClaimRow = {
  attempt: number;
  owner: LedgerOwner;
  claimed_at: Date;
  lease_until: Date;
};
type ResultRow = {
  attempt: number;
  status: ResultRecord["status"];
  reason: string | null;
  retry: boolean;
  message_ref: string | null;
  at: Date;
  owner: LedgerOwner;
  snapshot_id: string | null;
  bands: Record<RiskBand, number> | null;
};

/**
 * Opens the digest ledger over the store's database.
 *
 * @example
 * const ledger = openStoreLedger(store.sql, { leaseMs: 600_000, clock: Date.now });
 * const outcome = await ledger.claim("weekly", "2026-07-06T07:00:00Z", "slack-C0123ABCD");
 * if (outcome.kind === "claimed") {
 *   await outcome.claim.fence();
 *   const ts = await post();
 *   await ledger.finish(outcome.claim, { status: "sent", messageRef: ts, snapshotId, bands });
 * }
 */
export function openStoreLedger(sql: SqlClient, options: StoreLedgerOptions): Ledger {
  const { leaseMs, clock } = options;
  if (!(leaseMs > 0)) throw new Error(`invalid lease: ${leaseMs} ms`);
  const owner = options.owner ?? { id: randomUUID(), pid: process.pid, host: hostname() };
  const iso = (d: Date) => d.toISOString();
  let imported: Promise<void> | undefined;
  const ready = () => {
    const dir = options.importDir;
    if (dir === undefined) return Promise.resolve();
    imported ??= importFileLedger(sql, dir, { leaseMs, logger: options.logger }).then(
      () => undefined,
      (err: unknown) => {
        imported = undefined; // the folder stays: tried again at the next use
        throw new LedgerImportError(dir, err);
      },
    );
    return imported;
  };

  const check = (schedule: string, slot: string | undefined, destination: string | undefined) => {
    if (!NAME.test(schedule)) throw new Error(`invalid schedule name: ${JSON.stringify(schedule)}`);
    if (slot !== undefined && !SLOT.test(slot))
      throw new Error(`invalid slot: ${JSON.stringify(slot)} (ISO 8601 UTC to the second)`);
    if (destination !== undefined && !NAME.test(destination))
      throw new Error(`invalid destination key: ${JSON.stringify(destination)}`);
  };

  const claimRecord = (schedule: string, slot: string, destination: string, r: ClaimRow): ClaimRecord => ({
    schedule,
    slot,
    destination,
    attempt: r.attempt,
    owner: r.owner,
    claimedAt: iso(r.claimed_at),
    leaseUntil: iso(r.lease_until),
  });
  const resultRecord = (schedule: string, slot: string, destination: string, r: ResultRow): ResultRecord => ({
    schedule,
    slot,
    destination,
    attempt: r.attempt,
    status: r.status,
    reason: r.reason,
    retry: r.retry,
    messageRef: r.message_ref,
    at: iso(r.at),
    owner: r.owner,
    snapshotId: r.snapshot_id,
    bands: r.bands,
  });

  const results = (tx: SqlExecutor, key: unknown[]) =>
    tx.query<ResultRow>(
      `select attempt, status, reason, retry, message_ref, at, owner, snapshot_id, bands
       from digest_results where schedule = $1 and slot = $2 and destination = $3 order by attempt`,
      key,
    );

  const claim: Ledger["claim"] = async (schedule, slot, destination) => {
    check(schedule, slot, destination);
    await ready();
    const key = [schedule, slot, destination];
    return sql.transaction(async (tx) => {
      // The last attempt's row, locked: a result being recorded for it now (its foreign key check
      // shares this row) waits for this transaction, or was committed and is read below.
      const [last] = await tx.query<ClaimRow>(
        `select attempt, owner, claimed_at, lease_until from digest_claims
         where schedule = $1 and slot = $2 and destination = $3
         order by attempt desc limit 1 for update`,
        key,
      );
      const done = await results(tx, key);
      const settled = done.find((r) => !r.retry);
      if (settled)
        return { kind: "done", result: resultRecord(schedule, slot, destination, settled) } as const;
      let takenOver = false;
      if (last && !done.some((r) => r.attempt === last.attempt)) {
        if (last.lease_until.getTime() > clock())
          return {
            kind: "busy",
            reason: `claimed by ${last.owner.host} pid ${last.owner.pid} until ${iso(last.lease_until)}`,
          } as const;
        takenOver = true;
      }
      const attempt = (last?.attempt ?? 0) + 1;
      const now = clock();
      const won = await tx.query(
        `insert into digest_claims (schedule, slot, destination, attempt, owner, claimed_at, lease_until)
         values ($1, $2, $3, $4, $5::jsonb, $6, $7)
         on conflict do nothing
         returning attempt`,
        [...key, attempt, JSON.stringify(owner), new Date(now), new Date(now + leaseMs)],
      );
      if (won.length === 0)
        return { kind: "busy", reason: `attempt ${attempt} was claimed by another run first` } as const;
      const held: Claim = {
        schedule,
        slot,
        destination,
        attempt,
        takenOver,
        async fence() {
          const later = await sql.query(
            `select 1 as later from digest_claims
             where schedule = $1 and slot = $2 and destination = $3 and attempt > $4 limit 1`,
            [...key, attempt],
          );
          if (later.length > 0) throw new LedgerFenceError(held);
        },
      };
      return { kind: "claimed", claim: held } as const;
    });
  };

  const finish: Ledger["finish"] = async (held, input) => {
    await ready();
    const result: ResultRecord = {
      schedule: held.schedule,
      slot: held.slot,
      destination: held.destination,
      attempt: held.attempt,
      status: input.status,
      reason: input.reason ?? null,
      retry: input.retry ?? input.status === "failed",
      messageRef: input.messageRef ?? null,
      at: new Date(clock()).toISOString(),
      owner,
      snapshotId: input.snapshotId ?? null,
      bands: input.bands ?? null,
    };
    await sql.transaction(async (tx) => {
      await tx.query(
        `insert into digest_results
           (schedule, slot, destination, attempt, status, reason, retry, message_ref, at, owner, snapshot_id, bands)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12::jsonb)`,
        [
          result.schedule,
          result.slot,
          result.destination,
          result.attempt,
          result.status,
          result.reason,
          result.retry,
          result.messageRef,
          new Date(result.at),
          JSON.stringify(owner),
          result.snapshotId,
          result.bands === null ? null : JSON.stringify(result.bands),
        ],
      );
      if (result.status === "sent" && result.snapshotId && result.bands) {
        // Deliveries of older slots (a late retry) never replace a newer one.
        await tx.query(
          `insert into digest_delivered (destination, schedule, slot, snapshot_id, bands, message_ref, at)
           values ($1, $2, $3, $4, $5::jsonb, $6, $7)
           on conflict (destination) do update set
             schedule = excluded.schedule, slot = excluded.slot, snapshot_id = excluded.snapshot_id,
             bands = excluded.bands, message_ref = excluded.message_ref, at = excluded.at
           where digest_delivered.slot collate "C" <= excluded.slot`,
          [
            result.destination,
            result.schedule,
            result.slot,
            result.snapshotId,
            JSON.stringify(result.bands),
            result.messageRef,
            new Date(result.at),
          ],
        );
      }
    });
    return result;
  };

  return Object.freeze({
    owner,
    claim,
    finish,
    async entries(schedule: string, slot: string, destination: string) {
      check(schedule, slot, destination);
      await ready();
      const key = [schedule, slot, destination];
      const claims = await sql.query<ClaimRow>(
        `select attempt, owner, claimed_at, lease_until from digest_claims
         where schedule = $1 and slot = $2 and destination = $3 order by attempt`,
        key,
      );
      return {
        claims: claims.map((r) => claimRecord(schedule, slot, destination, r)),
        results: (await results(sql, key)).map((r) => resultRecord(schedule, slot, destination, r)),
      };
    },
    async lastDelivered(destination: string): Promise<DeliveredRecord | undefined> {
      if (!NAME.test(destination)) throw new Error(`invalid destination key: ${JSON.stringify(destination)}`);
      await ready();
      const [row] = await sql.query<{
        schedule: string;
        slot: string;
        snapshot_id: string;
        bands: Record<RiskBand, number>;
        message_ref: string | null;
        at: Date;
      }>(
        "select schedule, slot, snapshot_id, bands, message_ref, at from digest_delivered where destination = $1",
        [destination],
      );
      return row
        ? {
            schedule: row.schedule,
            slot: row.slot,
            snapshotId: row.snapshot_id,
            bands: row.bands,
            messageRef: row.message_ref,
            at: iso(row.at),
          }
        : undefined;
    },
    async latestSlotFor(schedule: string, destination: string, before: string) {
      check(schedule, undefined, destination);
      await ready();
      const [row] = await sql.query<{ slot: string | null }>(
        `select max(slot collate "C") as slot from digest_claims
         where schedule = $1 and destination = $2 and slot collate "C" < $3`,
        [schedule, destination, before],
      );
      return row?.slot ?? undefined;
    },
    async slots(schedule: string) {
      check(schedule, undefined, undefined);
      await ready();
      const rows = await sql.query<{ slot: string }>(
        `select slot from digest_claims where schedule = $1 group by slot order by slot collate "C"`,
        [schedule],
      );
      return rows.map((r) => r.slot);
    },
  });
}
