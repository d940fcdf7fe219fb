// The digest ledger in the shared store, on both engines: the embedded PGlite and a real
// PostgreSQL server (two connections racing as two processes would).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store, type StoreOptions } from "../../../core/src/store/index.ts";
import { testPostgres } from "../../../core/test/fixtures/postgres-server.ts";
import { storeEngines } from "../../../core/test/fixtures/store-engines.ts";
import { LedgerFenceError, openStoreLedger, type Ledger } from "../../digest/index.ts";

const SLOT = "2026-07-06T07:00:00Z";
const BANDS = { Low: 5, Medium: 3, High: 2 };

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

const engines = storeEngines(server, "l");

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `openStoreLedger on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      let now: number;
      const clock = () => now;
      let store: Store;
      let options: StoreOptions;
      const opened: Store[] = [];
      afterAll(async () => {
        for (const s of opened) await s.close();
      });
      beforeEach(async () => {
        now = Date.parse("2026-07-06T07:00:05Z");
        options = { ...engine.options(), sweepMs: 0 };
        store = await openStore(options);
        opened.push(store);
      });
      const ledgerOf = (id: string, leaseMs = 60_000, on: Store = store): Ledger =>
        openStoreLedger(on.sql, { leaseMs, clock, owner: { id, pid: 1, host: "test" } });

      it("claims a slot once, records the result, and then reports it settled", async () => {
        const ledger = ledgerOf("a");
        const first = await ledger.claim("weekly", SLOT, "slack-C1");
        expect(first.kind).toBe("claimed");
        if (first.kind !== "claimed") return;
        expect(first.claim).toMatchObject({ attempt: 1, takenOver: false });
        expect(await ledger.claim("weekly", SLOT, "slack-C1")).toEqual({
          kind: "busy",
          reason: "claimed by test pid 1 until 2026-07-06T07:01:05.000Z",
        });
        await ledger.finish(first.claim, {
          status: "sent",
          messageRef: "C1/1.0001",
          snapshotId: "s1",
          bands: BANDS,
        });
        const again = await ledger.claim("weekly", SLOT, "slack-C1");
        expect(again).toMatchObject({
          kind: "done",
          result: { status: "sent", messageRef: "C1/1.0001", attempt: 1, owner: { id: "a" } },
        });
        const { claims, results } = await ledger.entries("weekly", SLOT, "slack-C1");
        expect(claims).toEqual([
          {
            schedule: "weekly",
            slot: SLOT,
            destination: "slack-C1",
            attempt: 1,
            owner: { id: "a", pid: 1, host: "test" },
            claimedAt: "2026-07-06T07:00:05.000Z",
            leaseUntil: "2026-07-06T07:01:05.000Z",
          },
        ]);
        expect(results.map((r) => [r.attempt, r.status, r.retry, r.snapshotId, r.bands])).toEqual([
          [1, "sent", false, "s1", BANDS],
        ]);
      });

      it("lets exactly one of many racing claimers win (each with its own ledger, as separate processes would)", async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 24 }, (_, i) => ledgerOf(`p${i}`).claim("weekly", SLOT, "outbox-1")),
        );
        expect(outcomes.filter((o) => o.kind === "claimed")).toHaveLength(1);
        expect(outcomes.filter((o) => o.kind === "busy")).toHaveLength(23);
        expect((await store.sql.query("select * from digest_claims")).length).toBe(1);
      });

      it("takes over a claim whose holder died (lease expired, no result), and only one recoverer wins", async () => {
        const dead = await ledgerOf("dead", 1000).claim("weekly", SLOT, "slack-C1");
        expect(dead.kind).toBe("claimed");
        now += 500;
        expect((await ledgerOf("early", 1000).claim("weekly", SLOT, "slack-C1")).kind).toBe("busy");
        now += 1000;
        const recoverers = await Promise.all(
          Array.from({ length: 8 }, (_, i) => ledgerOf(`r${i}`, 1000).claim("weekly", SLOT, "slack-C1")),
        );
        const winners = recoverers.filter((o) => o.kind === "claimed");
        expect(winners).toHaveLength(1);
        expect(winners[0].kind === "claimed" && winners[0].claim).toMatchObject({
          attempt: 2,
          takenOver: true,
        });
      });

      it("fences a slow holder out once its claim was taken over", async () => {
        const slow = await ledgerOf("slow", 1000).claim("weekly", SLOT, "outbox-1");
        if (slow.kind !== "claimed") throw new Error("expected a claim");
        await expect(slow.claim.fence()).resolves.toBeUndefined();
        now += 2000;
        const next = await ledgerOf("next", 1000).claim("weekly", SLOT, "outbox-1");
        expect(next.kind).toBe("claimed");
        await expect(slow.claim.fence()).rejects.toBeInstanceOf(LedgerFenceError);
        await expect(slow.claim.fence()).rejects.toThrow(
          "claim weekly/2026-07-06T07:00:00Z/outbox-1 attempt 1 was taken over by another run",
        );
      });

      it("retries a failed attempt with a new claim (not a takeover) and keeps every attempt's result", async () => {
        const ledger = ledgerOf("a");
        const first = await ledger.claim("weekly", SLOT, "slack-C1");
        if (first.kind !== "claimed") throw new Error("expected a claim");
        await ledger.finish(first.claim, { status: "failed", reason: "channel_not_found" });
        const second = await ledger.claim("weekly", SLOT, "slack-C1");
        expect(second.kind === "claimed" && second.claim).toMatchObject({ attempt: 2, takenOver: false });
        if (second.kind !== "claimed") return;
        await ledger.finish(second.claim, { status: "sent", messageRef: "x", snapshotId: "s", bands: BANDS });
        const { claims, results } = await ledger.entries("weekly", SLOT, "slack-C1");
        expect(claims.map((c) => c.attempt)).toEqual([1, 2]);
        expect(results.map((r) => [r.attempt, r.status, r.reason, r.retry])).toEqual([
          [1, "failed", "channel_not_found", true],
          [2, "sent", null, false],
        ]);
      });

      it("never claims a sent slot again: not later, not after any lease, not by racers", async () => {
        const ledger = ledgerOf("a", 1000);
        const first = await ledger.claim("weekly", SLOT, "slack-C1");
        if (first.kind !== "claimed") throw new Error("expected a claim");
        await ledger.finish(first.claim, { status: "sent", messageRef: "m", snapshotId: "s", bands: BANDS });
        now += 30 * 24 * 3600_000;
        const racers = await Promise.all(
          Array.from({ length: 10 }, (_, i) => ledgerOf(`r${i}`, 1000).claim("weekly", SLOT, "slack-C1")),
        );
        expect(new Set(racers.map((o) => o.kind))).toEqual(new Set(["done"]));
        const { claims } = await ledger.entries("weekly", SLOT, "slack-C1");
        expect(claims.map((c) => c.attempt)).toEqual([1]);
      });

      it("remembers the last digest each destination received, never replacing it with an older slot", async () => {
        const ledger = ledgerOf("a");
        expect(await ledger.lastDelivered("outbox-1")).toBeUndefined();
        for (const [slot, snapshotId] of [
          ["2026-07-13T07:00:00Z", "s2"],
          ["2026-07-06T07:00:00Z", "s1"],
        ]) {
          const c = await ledger.claim("weekly", slot, "outbox-1");
          if (c.kind !== "claimed") throw new Error("expected a claim");
          await ledger.finish(c.claim, { status: "sent", messageRef: slot, snapshotId, bands: BANDS });
        }
        expect(await ledger.lastDelivered("outbox-1")).toEqual({
          schedule: "weekly",
          slot: "2026-07-13T07:00:00Z",
          snapshotId: "s2",
          bands: BANDS,
          messageRef: "2026-07-13T07:00:00Z",
          at: "2026-07-06T07:00:05.000Z",
        });
        expect(await ledger.slots("weekly")).toEqual(["2026-07-06T07:00:00Z", "2026-07-13T07:00:00Z"]);
        expect(await ledger.slots("daily")).toEqual([]);
        expect(await ledger.latestSlotFor("weekly", "outbox-1", "2026-07-20T07:00:00Z")).toBe(
          "2026-07-13T07:00:00Z",
        );
        expect(await ledger.latestSlotFor("weekly", "outbox-1", "2026-07-13T07:00:00Z")).toBe(
          "2026-07-06T07:00:00Z",
        );
        expect(await ledger.latestSlotFor("weekly", "outbox-2", "2026-07-20T07:00:00Z")).toBeUndefined();
      });

      it("refuses names that are not schedule names, slots or destination keys", async () => {
        const ledger = ledgerOf("a");
        await expect(ledger.claim("../x", SLOT, "outbox-1")).rejects.toThrow('invalid schedule name: "../x"');
        await expect(ledger.claim("weekly", "2026-07-06 07:00", "outbox-1")).rejects.toThrow("invalid slot");
        await expect(ledger.claim("weekly", SLOT, "a/b")).rejects.toThrow('invalid destination key: "a/b"');
      });

      it("a holder killed mid-send (lease expired, no result): the next run takes over, the old holder is fenced", async () => {
        // The holder works on a connection of its own, as another process would.
        // (The embedded engine serves one process: there it shares the store.)
        let holderStore = store;
        if (engine.name === "PostgreSQL") opened.push((holderStore = await openStore(options)));
        const holder = await ledgerOf("holder", 5_000, holderStore).claim("weekly", SLOT, "slack-C9");
        if (holder.kind !== "claimed") throw new Error("expected a claim");
        await holder.claim.fence(); // right before sending: still ours
        // … and the process is killed while sending: no result is ever recorded.
        now += 4_999;
        expect((await ledgerOf("next", 5_000).claim("weekly", SLOT, "slack-C9")).kind).toBe("busy");
        now += 1;
        const next = await ledgerOf("next", 5_000).claim("weekly", SLOT, "slack-C9");
        expect(next.kind === "claimed" && next.claim).toMatchObject({ attempt: 2, takenOver: true });
        await expect(holder.claim.fence()).rejects.toBeInstanceOf(LedgerFenceError);
        if (next.kind !== "claimed") return;
        await next.claim.fence();
        await ledgerOf("next").finish(next.claim, {
          status: "sent",
          messageRef: "C9/2",
          snapshotId: "s",
          bands: BANDS,
        });
        const { claims, results } = await ledgerOf("x").entries("weekly", SLOT, "slack-C9");
        expect(claims.map((c) => [c.attempt, c.owner.id])).toEqual([
          [1, "holder"],
          [2, "next"],
        ]);
        expect(results.map((r) => [r.attempt, r.status])).toEqual([[2, "sent"]]);
      });

      it.skipIf(engine.name !== "PostgreSQL")(
        "two ledgers on two store connections race for one slot × destination 20 times: one claim wins each time",
        async () => {
          // Two more pools on the same schema: two processes.
          const a = await openStore(options);
          const b = await openStore(options);
          opened.push(a, b);
          const la = ledgerOf("a", 60_000, a);
          const lb = ledgerOf("b", 60_000, b);
          const winners: string[] = [];
          for (let round = 0; round < 20; round++) {
            const slot = `${new Date(Date.parse(SLOT) + round * 7 * 24 * 3600_000).toISOString().slice(0, 19)}Z`;
            const [ra, rb] = await Promise.all([
              la.claim("weekly", slot, "slack-CRACE"),
              lb.claim("weekly", slot, "slack-CRACE"),
            ]);
            const won = [ra, rb].filter((o) => o.kind === "claimed");
            expect(won, `round ${round}`).toHaveLength(1);
            expect(
              [ra, rb].filter((o) => o.kind === "busy"),
              `round ${round}`,
            ).toHaveLength(1);
            winners.push(ra.kind === "claimed" ? "a" : "b");
          }
          const rows = await store.sql.query<{ n: number }>(
            "select count(*)::int as n from digest_claims where destination = 'slack-CRACE'",
          );
          expect(rows[0].n).toBe(20);
          expect(winners).toHaveLength(20);
        },
      );
    },
  );
}
