// Nudges that measure themselves, in chat: every nudge served (the card, "nudge <id>", the nudge
// reply's Regenerate button) is an exposure in the shared store; Regenerate gives another eligible
// nudge or says there is no other; the experiment answer analyses the exposed customers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  analyzeExposedExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  findExperiment,
  verdict,
} from "../../../core/src/experiments/index.ts";
import { openStore, storeExposures, type ExposureStore, type Store } from "../../../core/src/store/index.ts";
import { answer, parseIntent, type Asker, type ConversationServices } from "../../conversation/index.ts";
import {
  conversationFixture,
  SCORED_AT,
  SNAPSHOT_ID,
  type ConversationFixture,
} from "../fixtures/conversation-fixture.ts";

let fx: ConversationFixture;
let store: Store;
let exposures: ExposureStore;
let services: ConversationServices;
let riskiest: string;
const SLACK: Asker = { id: "U0CSM", surface: "slack" };

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 1500, seed: 7 });
  store = await openStore({ dir: "memory", sweepMs: 0 });
  exposures = storeExposures(store.sql, "replica-test", { flushMs: 60_000 });
  services = { ...fx.services(), exposures };
  const ids = fx.snapshot.table.array("customerID") as string[];
  const p = fx.snapshot.table.array("probability") as ArrayLike<number>;
  let best = 0;
  for (let i = 1; i < ids.length; i++) if (p[i] > p[best]) best = i;
  riskiest = ids[best];
}, 120_000);
afterAll(async () => {
  await exposures?.close();
  await store?.close();
  await fx?.close();
});

const ask = (text: string, who: Asker = SLACK) => answer(parseIntent(text), services, who);

describe("regenerate nudge", () => {
  it("gives another eligible nudge than the card's, then the next on each press, then says there is no other", async () => {
    const card = await ask(riskiest);
    const shown = [card.nudge!.actionId];
    let reply = await ask(`nudge ${riskiest}`);
    for (let i = 0; i < 12 && reply.kind === "nudge" && reply.nudge; i++) {
      expect(shown).not.toContain(reply.nudge.actionId);
      shown.push(reply.nudge.actionId);
      const again = reply.actions.find((a) => a.id === "regenerate-nudge");
      expect(again?.value).toBe(`nudge ${riskiest} except ${shown.join(",")}`);
      reply = await ask(again!.value);
    }
    expect(shown.length).toBeGreaterThan(1);
    expect(reply.kind).toBe("nudge");
    expect(reply.nudge).toBeNull();
    expect(reply.title).toBe(`No other nudge for ${riskiest}: every eligible nudge has been shown`);
    expect(reply.text).toContain(shown.join(", "));
    expect(reply.actions.map((a) => a.id)).not.toContain("regenerate-nudge");
  });
});

describe("exposures from chat", () => {
  it("records the card's and each regenerated nudge once per customer, arm and strategy, with the surface and snapshot", async () => {
    const before = (await exposures.read("nudge-strategy-2026")).filter((e) => e.customerId === riskiest);
    expect(before.length).toBeGreaterThan(0); // the test above served nudges
    const [e] = before;
    expect(e).toMatchObject({
      experimentKey: "nudge-strategy-2026",
      surface: "slack",
      snapshotId: SNAPSHOT_ID,
      replica: "replica-test",
    });
    expect(["A", "B"]).toContain(e.arm);
    expect(e.strategy).toBe(e.arm === "A" ? "engagement" : "retention");
    expect(e.status).toBe(fx.snapshot.lookup(riskiest)!.status);
    // Asked again on Teams: still one exposure for this customer, arm and strategy (the first).
    await ask(riskiest, { id: "aad-1", surface: "teams" });
    const after = (await exposures.read("nudge-strategy-2026")).filter((x) => x.customerId === riskiest);
    expect(after).toEqual(before);
  });

  it("the drivers list and the summary's plain questions serve no nudge and record nothing", async () => {
    const ids = fx.snapshot.table.array("customerID") as string[];
    const other = ids.find((id) => id !== riskiest)!;
    await ask(`drivers ${other}`);
    expect((await exposures.read("nudge-strategy-2026")).map((x) => x.customerId)).not.toContain(other);
  });
});

describe("the experiment answer over exposed customers", () => {
  it("analyses exposed customers by arm from first exposure, and says so", async () => {
    const fresh = await openStore({ dir: "memory", sweepMs: 0 });
    const log = storeExposures(fresh.sql, "r", { flushMs: 60_000 });
    try {
      const ids = fx.snapshot.table.array("customerID") as string[];
      const arms = fx.snapshot.table.array("variant") as string[];
      // Every third customer was nudged a week before this snapshot, while current.
      for (let i = 0; i < ids.length; i += 3)
        log.record({
          experimentKey: "nudge-strategy-2026",
          customerId: ids[i],
          arm: arms[i],
          strategy: arms[i] === "A" ? "engagement" : "retention",
          surface: "api",
          exposedAt: SCORED_AT.getTime() - 7 * 86_400_000,
          snapshotId: "2026-11-14T09-00-00Z-earlier",
          status: "current",
        });
      const reply = await answer(parseIntent("experiment"), { ...fx.services(), exposures: log }, SLACK);
      const experiment = findExperiment(DEFAULT_EXPERIMENT_CONFIG);
      const expected = analyzeExposedExperiment(
        fx.snapshot.table,
        experiment,
        await log.read(experiment.key),
        {
          snapshot: { id: SNAPSHOT_ID, createdAt: fx.snapshot.manifest.createdAt },
        },
      );
      expect(expected.customers).toBe(Math.ceil(ids.length / 3));
      expect(reply.kind).toBe("experiment");
      expect(reply.sections[0]).toEqual({ title: "Verdict", lines: [verdict(expected)] });
      expect(reply.facts).toContainEqual({
        label: "Population",
        value: "exposed customers, by arm, from first exposure",
      });
      expect(reply.text).toContain("Population: exposed customers, by arm, from first exposure");
      // Without exposures: the assigned arms, and it says so.
      const assigned = await answer(parseIntent("experiment"), fx.services(), SLACK);
      expect(assigned.facts).toContainEqual({
        label: "Population",
        value: "customers by assigned arm (no nudge exposures recorded)",
      });
    } finally {
      await log.close();
      await fresh.close();
    }
  });
});
