import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LedgerFenceError, openLedger, type Ledger } from "../../digest/index.ts";

const SLOT = "2026-07-06T07:00:00Z";
const BANDS = { Low: 5, Medium: 3, High: 2 };

let dir: string;
let now: number;
const clock = () => now;
const ledgerOf = (id: string, leaseMs = 60_000): Ledger =>
  openLedger({ dir, leaseMs, clock, owner: { id, pid: 1, host: "test" } });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-ledger-"));
  now = Date.parse("2026-07-06T07:00:05Z");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("openLedger", () => {
  it("claims a slot once, records the result, and then reports it settled", async () => {
    const ledger = ledgerOf("a");
    const first = await ledger.claim("weekly", SLOT, "slack-C1");
    expect(first.kind).toBe("claimed");
    if (first.kind !== "claimed") return;
    expect(first.claim).toMatchObject({ attempt: 1, takenOver: false });
    expect((await ledger.claim("weekly", SLOT, "slack-C1")).kind).toBe("busy");
    await ledger.finish(first.claim, {
      status: "sent",
      messageRef: "C1/1.0001",
      snapshotId: "s1",
      bands: BANDS,
    });
    const again = await ledger.claim("weekly", SLOT, "slack-C1");
    expect(again).toMatchObject({
      kind: "done",
      result: { status: "sent", messageRef: "C1/1.0001", attempt: 1 },
    });
    expect(readdirSync(join(dir, "weekly", "2026-07-06T07-00-00Z")).sort()).toEqual([
      "slack-C1.1.claim",
      "slack-C1.1.result",
    ]);
  });

  it("lets exactly one of many racing claimers win (each with its own ledger, as separate processes would)", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => ledgerOf(`p${i}`).claim("weekly", SLOT, "outbox-1")),
    );
    expect(outcomes.filter((o) => o.kind === "claimed")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "busy")).toHaveLength(23);
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
    expect(winners[0].kind === "claimed" && winners[0].claim).toMatchObject({ attempt: 2, takenOver: true });
  });

  it("fences a slow holder out once its claim was taken over", async () => {
    const slow = await ledgerOf("slow", 1000).claim("weekly", SLOT, "outbox-1");
    if (slow.kind !== "claimed") throw new Error("expected a claim");
    await expect(slow.claim.fence()).resolves.toBeUndefined();
    now += 2000;
    const next = await ledgerOf("next", 1000).claim("weekly", SLOT, "outbox-1");
    expect(next.kind).toBe("claimed");
    await expect(slow.claim.fence()).rejects.toBeInstanceOf(LedgerFenceError);
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

  it("treats a claim file cut short by a crash as held until its file's lease runs out", async () => {
    const where = join(dir, "weekly", "2026-07-06T07-00-00Z");
    mkdirSync(where, { recursive: true });
    writeFileSync(join(where, "outbox-1.1.claim"), "");
    now = Date.now();
    expect((await ledgerOf("b", 60_000).claim("weekly", SLOT, "outbox-1")).kind).toBe("busy");
    now = Date.now() + 61_000;
    const taken = await ledgerOf("c", 60_000).claim("weekly", SLOT, "outbox-1");
    expect(taken.kind === "claimed" && taken.claim).toMatchObject({ attempt: 2, takenOver: true });
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
    expect(await ledger.lastDelivered("outbox-1")).toMatchObject({
      schedule: "weekly",
      slot: "2026-07-13T07:00:00Z",
      snapshotId: "s2",
      bands: BANDS,
    });
    expect(await ledger.slots("weekly")).toEqual(["2026-07-06T07:00:00Z", "2026-07-13T07:00:00Z"]);
    expect(await ledger.slots("daily")).toEqual([]);
  });

  it("refuses names that are not safe file names", async () => {
    const ledger = ledgerOf("a");
    await expect(ledger.claim("../x", SLOT, "outbox-1")).rejects.toThrow('invalid schedule name: "../x"');
    await expect(ledger.claim("weekly", "2026-07-06 07:00", "outbox-1")).rejects.toThrow("invalid slot");
    await expect(ledger.claim("weekly", SLOT, "a/b")).rejects.toThrow('invalid destination key: "a/b"');
  });
});
