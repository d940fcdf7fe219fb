// Upgrading from the file ledger (data/digests/ledger, before the shared store): its claims, results
// and last-delivered records are imported once, on both engines, so no destination gets its latest
// slot a second time and "since last time" carries on.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger } from "../../../core/src/log/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { openStore, type Store, type StoreOptions } from "../../../core/src/store/index.ts";
import { testPostgres } from "../../../core/test/fixtures/postgres-server.ts";
import { storeEngines } from "../../../core/test/fixtures/store-engines.ts";
import { createDigestRunner, openStoreLedger, slotKey, type DigestSettings } from "../../digest/index.ts";

const JUNE_22 = "2026-06-22T07:00:00Z";
const JUNE_29 = "2026-06-29T07:00:00Z";
const JULY_6 = "2026-07-06T07:00:00Z";
const BANDS = { Low: 5, Medium: 3, High: 2 };
const OLD = { id: "old-process", pid: 7, host: "old-host" };
const LEASE_MS = 600_000;

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

const engines = storeEngines(server, "i");

const json = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value)}\n`);

/**
 * A ledger folder as the file ledger left it (bot/digest/ledger.ts before 853bebe):
 * `<schedule>/<slot-key>/<destination>.<n>.claim|.result` and `_destinations/<destination>.json`.
 */
function writeOldLedger(dir: string): { malformed: string; cutShort: string } {
  const slotDir = (slot: string) => {
    const where = join(dir, "weekly", slotKey(slot));
    mkdirSync(where, { recursive: true });
    return where;
  };
  const claim = (slot: string, destination: string, attempt: number, claimedAt: string) => ({
    schedule: "weekly",
    slot,
    destination,
    attempt,
    owner: OLD,
    claimedAt,
    leaseUntil: new Date(Date.parse(claimedAt) + LEASE_MS).toISOString(),
  });
  const result = (
    slot: string,
    destination: string,
    attempt: number,
    at: string,
    fields: { status: string; retry: boolean; reason?: string; messageRef?: string; snapshotId?: string },
  ) => ({
    schedule: "weekly",
    slot,
    destination,
    attempt,
    reason: null,
    messageRef: null,
    snapshotId: null,
    bands: fields.status === "sent" ? BANDS : null,
    ...fields,
    at,
    owner: OLD,
  });

  // 22 June: superseded (skipped for good).
  const june22 = slotDir(JUNE_22);
  json(join(june22, "slack-C1.1.claim"), claim(JUNE_22, "slack-C1", 1, "2026-06-29T07:00:01.000Z"));
  json(
    join(june22, "slack-C1.1.result"),
    result(JUNE_22, "slack-C1", 1, "2026-06-29T07:00:01.500Z", {
      status: "skipped",
      retry: false,
      reason: `superseded by ${JUNE_29}`,
    }),
  );
  // 29 June: sent, and slack-C1's last delivered.
  const june29 = slotDir(JUNE_29);
  json(join(june29, "slack-C1.1.claim"), claim(JUNE_29, "slack-C1", 1, "2026-06-29T07:00:02.000Z"));
  json(
    join(june29, "slack-C1.1.result"),
    result(JUNE_29, "slack-C1", 1, "2026-06-29T07:00:04.000Z", {
      status: "sent",
      retry: false,
      messageRef: "C1/1751180404.000100",
      snapshotId: "snap-0629",
    }),
  );
  // A temporary file of a result write that died before its rename: never part of the ledger.
  writeFileSync(join(june29, "slack-C1.1.result.0b1c.tmp"), '{"status":"sent"');
  mkdirSync(join(dir, "_destinations"));
  json(join(dir, "_destinations", "slack-C1.json"), {
    schedule: "weekly",
    slot: JUNE_29,
    snapshotId: "snap-0629",
    bands: BANDS,
    messageRef: "C1/1751180404.000100",
    at: "2026-06-29T07:00:04.000Z",
  });
  // 6 July: slack-C1 failed (to be retried); teams-T1's sender died after claiming; outbox-1's result
  // is malformed; slack-C2's claim was cut short by a crash while it was being written.
  const july6 = slotDir(JULY_6);
  json(join(july6, "slack-C1.1.claim"), claim(JULY_6, "slack-C1", 1, "2026-07-06T07:00:02.000Z"));
  json(
    join(july6, "slack-C1.1.result"),
    result(JULY_6, "slack-C1", 1, "2026-07-06T07:00:03.000Z", {
      status: "failed",
      retry: true,
      reason: "slack: channel_not_found",
    }),
  );
  json(join(july6, "teams-T1.1.claim"), claim(JULY_6, "teams-T1", 1, "2026-07-06T07:00:02.000Z"));
  json(join(july6, "outbox-1.1.claim"), claim(JULY_6, "outbox-1", 1, "2026-07-06T07:00:02.000Z"));
  const malformed = join(july6, "outbox-1.1.result");
  writeFileSync(malformed, '{"schedule":"weekly","status":"se');
  const cutShort = join(july6, "slack-C2.1.claim");
  writeFileSync(cutShort, "");
  const cutAt = new Date("2026-07-06T07:55:00Z");
  utimesSync(cutShort, cutAt, cutAt);
  return { malformed, cutShort };
}

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `importing the file ledger on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      let now: number;
      const clock = () => now;
      let store: Store;
      let options: StoreOptions;
      let dir: string;
      let infos: Array<[unknown, string]>;
      let warnings: Array<[unknown, string]>;
      const logger = {
        info: (obj: unknown, msg: string) => void infos.push([obj, msg]),
        warn: (obj: unknown, msg: string) => void warnings.push([obj, msg]),
      } as never;
      const opened: Store[] = [];
      afterAll(async () => {
        for (const s of opened) await s.close();
      });
      beforeEach(async () => {
        now = Date.parse("2026-07-06T08:00:00Z");
        infos = [];
        warnings = [];
        dir = mkdtempSync(join(tmpdir(), "et-ledger-import-"));
        options = { ...engine.options(), sweepMs: 0 };
        store = await openStore(options);
        opened.push(store);
      });
      afterEach(() => rmSync(dir, { recursive: true, force: true }));
      /** Another process's handle: its own connection on PostgreSQL; the same store embedded. */
      const another = async () => {
        if (engine.name !== "PostgreSQL") return store;
        const other = await openStore(options);
        opened.push(other);
        return other;
      };
      const ledgerOn = (on: Store, importDir: string | undefined) =>
        openStoreLedger(on.sql, {
          leaseMs: LEASE_MS,
          clock,
          owner: { id: "new", pid: 1, host: "test" },
          importDir,
          logger,
        });

      it("imports every claim, result and last-delivered record once, then renames the folder", async () => {
        const ledgerDir = join(dir, "ledger");
        mkdirSync(ledgerDir);
        const { malformed, cutShort } = writeOldLedger(ledgerDir);

        const ledger = ledgerOn(store, ledgerDir);
        // Sent and superseded slots are settled: never sent again.
        expect(await ledger.claim("weekly", JUNE_29, "slack-C1")).toMatchObject({
          kind: "done",
          result: {
            status: "sent",
            attempt: 1,
            messageRef: "C1/1751180404.000100",
            snapshotId: "snap-0629",
            bands: BANDS,
            at: "2026-06-29T07:00:04.000Z",
            owner: OLD,
          },
        });
        expect(await ledger.claim("weekly", JUNE_22, "slack-C1")).toMatchObject({
          kind: "done",
          result: { status: "skipped", reason: `superseded by ${JUNE_29}` },
        });
        // "Since last time" carries on from the old ledger's record.
        expect(await ledger.lastDelivered("slack-C1")).toEqual({
          schedule: "weekly",
          slot: JUNE_29,
          snapshotId: "snap-0629",
          bands: BANDS,
          messageRef: "C1/1751180404.000100",
          at: "2026-06-29T07:00:04.000Z",
        });
        // The failed slot is retried as attempt 2, after the imported attempt 1.
        expect(await ledger.claim("weekly", JULY_6, "slack-C1")).toMatchObject({
          kind: "claimed",
          claim: { attempt: 2, takenOver: false },
        });
        // The dead sender's claim counts: taken over (its lease ran out) as attempt 2.
        expect(await ledger.claim("weekly", JULY_6, "teams-T1")).toMatchObject({
          kind: "claimed",
          claim: { attempt: 2, takenOver: true },
        });
        // A malformed result is skipped; its claim stays, as the file ledger read it: taken over.
        expect(await ledger.claim("weekly", JULY_6, "outbox-1")).toMatchObject({
          kind: "claimed",
          claim: { attempt: 2, takenOver: true },
        });
        // A claim cut short counts from its file's time, as the file ledger did: held until 08:05.
        expect(await ledger.claim("weekly", JULY_6, "slack-C2")).toMatchObject({ kind: "busy" });
        now = Date.parse("2026-07-06T08:05:01Z");
        expect(await ledger.claim("weekly", JULY_6, "slack-C2")).toMatchObject({
          kind: "claimed",
          claim: { attempt: 2, takenOver: true },
        });
        expect(await ledger.slots("weekly")).toEqual([JUNE_22, JUNE_29, JULY_6]);
        expect(await ledger.latestSlotFor("weekly", "teams-T1", "2026-07-13T07:00:00Z")).toBe(JULY_6);

        expect(readdirSync(dir)).toEqual(["ledger.imported"]);
        expect(
          existsSync(join(dir, "ledger.imported", "weekly", slotKey(JUNE_29), "slack-C1.1.result")),
        ).toBe(true);
        expect(warnings).toEqual([
          [
            { file: malformed, reason: expect.stringMatching(/JSON/) },
            "old digest ledger file skipped: not readable",
          ],
          [
            { file: cutShort, claimedAt: "2026-07-06T07:55:00.000Z" },
            "old digest ledger claim was cut short (its sender died while claiming): imported from the file's time",
          ],
        ]);
        expect(infos).toEqual([
          [
            {
              path: ledgerDir,
              movedTo: `${ledgerDir}.imported`,
              claims: 6,
              results: 3,
              delivered: 1,
              skipped: 1,
            },
            "old digest ledger folder imported into the shared store",
          ],
        ]);

        // Once: a later open (another process, or the next start) imports nothing.
        const later = ledgerOn(await another(), ledgerDir);
        expect(await later.claim("weekly", JUNE_29, "slack-C1")).toMatchObject({ kind: "done" });
        expect(infos).toHaveLength(1);
        expect(warnings).toHaveLength(2);
      });

      it("processes opening the ledger together import it once", async () => {
        const ledgerDir = join(dir, "ledger");
        mkdirSync(ledgerDir);
        writeOldLedger(ledgerDir);
        const one = ledgerOn(store, ledgerDir);
        const two = ledgerOn(await another(), ledgerDir);
        const outcomes = await Promise.all([
          one.claim("weekly", JUNE_29, "slack-C1"),
          two.claim("weekly", JUNE_29, "slack-C1"),
        ]);
        expect(outcomes.map((o) => o.kind)).toEqual(["done", "done"]);
        expect(infos).toHaveLength(1);
        const { claims, results } = await one.entries("weekly", JULY_6, "slack-C1");
        expect([claims.length, results.length]).toEqual([1, 1]);
      });

      it("a delivery the store already has for a newer slot is kept", async () => {
        const ledgerDir = join(dir, "ledger");
        mkdirSync(ledgerDir);
        writeOldLedger(ledgerDir);
        const fresh = ledgerOn(store, undefined);
        const held = await fresh.claim("weekly", JULY_6, "slack-C1");
        if (held.kind !== "claimed") throw new Error(`not claimed: ${held.kind}`);
        await fresh.finish(held.claim, {
          status: "sent",
          messageRef: "C1/2",
          snapshotId: "snap-0706",
          bands: BANDS,
        });

        const ledger = ledgerOn(store, ledgerDir);
        expect(await ledger.lastDelivered("slack-C1")).toMatchObject({
          slot: JULY_6,
          snapshotId: "snap-0706",
        });
        expect(await ledger.claim("weekly", JULY_6, "slack-C1")).toMatchObject({
          kind: "done",
          result: { status: "sent", messageRef: "C1/2" },
        });
        expect(await ledger.claim("weekly", JUNE_29, "slack-C1")).toMatchObject({ kind: "done" });
      });

      it("no folder imports nothing and logs nothing", async () => {
        const ledger = ledgerOn(store, join(dir, "nothing-here"));
        expect(await ledger.claim("weekly", JULY_6, "slack-C1")).toMatchObject({ kind: "claimed" });
        expect([infos, warnings]).toEqual([[], []]);
      });
    },
  );
}

describe("createDigestRunner", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "et-ledger-runner-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runnerOn = (store: Store, importLedgerDir: string) => {
    const settings: DigestSettings = {
      configFile: "(test)",
      store: { dir: store.where },
      outboxDir: join(dir, "outbox"),
      inProcess: true,
      startDelayMs: 0,
      leaseMs: LEASE_MS,
      modelDir: join(dir, "model"),
      snapshotsDir: join(dir, "snapshots"),
      importLedgerDir,
    };
    const logs: string[] = [];
    const logger = createLogger({ write: (line: string) => void logs.push(line) } as never, {
      level: "info",
    });
    const runner = createDigestRunner({
      settings,
      config: { schedules: [] },
      experiments: DEFAULT_EXPERIMENT_CONFIG,
      logger,
      clock: () => Date.parse("2026-07-06T08:00:00Z"),
      store: openSnapshotStore(settings.snapshotsDir),
      sql: store.sql,
    });
    return { runner, logs };
  };

  it("imports the old ledger folder of the settings into a store on disk, logging one line", async () => {
    const ledgerDir = join(dir, "ledger");
    mkdirSync(ledgerDir);
    writeOldLedger(ledgerDir);
    const store = await openStore({ dir: join(dir, "store"), sweepMs: 0 });
    try {
      const { runner, logs } = runnerOn(store, ledgerDir);
      expect(await runner.ledger.lastDelivered("slack-C1")).toMatchObject({ slot: JUNE_29 });
      expect(existsSync(`${ledgerDir}.imported`)).toBe(true);
      expect(logs.filter((l) => l.includes("old digest ledger folder imported"))).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("never imports into an in-memory store (lost at exit): the folder stays for the real one", async () => {
    const ledgerDir = join(dir, "ledger");
    mkdirSync(ledgerDir);
    writeOldLedger(ledgerDir);
    const store = await openStore({ dir: "memory", sweepMs: 0 });
    try {
      const { runner } = runnerOn(store, ledgerDir);
      expect(await runner.ledger.lastDelivered("slack-C1")).toBeUndefined();
      expect(existsSync(ledgerDir)).toBe(true);
      expect(existsSync(`${ledgerDir}.imported`)).toBe(false);
    } finally {
      await store.close();
    }
  });
});
