import { afterAll, describe, expect, it } from "vitest";
import { chooseRuleNudge } from "../../src/nudges/index.ts";
import { nudgeDecisionLog, openStore } from "../../src/store/index.ts";
import { facts } from "../nudges/facts.ts";

const store = await openStore({ dir: "memory", sweepMs: 0 });
afterAll(() => store.close());

describe("nudgeDecisionLog", () => {
  it("writes buffered decisions in batches (one statement per 500), keeping every one", async () => {
    const log = nudgeDecisionLog(store.sql, "replica-a", { flushMs: 60_000 });
    const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
    for (let i = 0; i < 1_203; i++)
      log.record({ customerId: `C-${i}`, event: "login", nudge, decidedAt: 1_700_000_000_000 + i });
    await log.close();
    const rows = await store.sql.query<{ n: number; replicas: string; first: Date }>(
      "select count(*)::int as n, string_agg(distinct replica, ',') as replicas, min(decided_at) as first from nudge_decisions",
    );
    expect(rows[0]).toMatchObject({ n: 1_203, replicas: "replica-a" });
    expect(rows[0].first.toISOString()).toBe("2023-11-14T22:13:20.000Z");
  });

  it("keeps the rows of a failed write for the next flush and says so", async () => {
    const errors: unknown[] = [];
    const broken = await openStore({ dir: "memory", sweepMs: 0 });
    const log = nudgeDecisionLog(broken.sql, "r", { flushMs: 60_000, onError: (err) => errors.push(err) });
    const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
    await broken.sql.query("alter table nudge_decisions rename to nudge_decisions_away");
    log.record({ customerId: "C-1", event: "login", nudge, decidedAt: 1 });
    await log.flush();
    expect(errors).toHaveLength(1);
    await broken.sql.query("alter table nudge_decisions_away rename to nudge_decisions");
    await log.close();
    expect(await broken.sql.query("select customer_id from nudge_decisions")).toEqual([
      { customer_id: "C-1" },
    ]);
    await broken.close();
  });
});
