// Write-back through `respond`, as every adapter calls it: a real model and snapshot, a real shared
// store (embedded PGlite), a fixed clock moved by hand. Marking contacted, logging an offer and
// snoozing are stored with who and when, audited, shown on the card and in the at-risk list, and a
// snoozed customer is left out of lists until the snooze ends.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../core/src/log/index.ts";
import { openStore, storeCustomerActions, type Store } from "../../../core/src/store/index.ts";
import { respond, type Asker, type ConversationServices } from "../../conversation/index.ts";
import { ASKED_AT, conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";
import { expectGoldenText } from "./golden-text.ts";

const DAY = 86_400_000;
const DANA: Asker = { id: "U0DANA", surface: "slack", name: "dana" };
const LEE: Asker = { id: "aad-lee", surface: "teams", name: "Lee Park" };

let fx: ConversationFixture;
let store: Store;
let now = ASKED_AT.getTime();
let lines: Array<{ audit?: Record<string, unknown> }> = [];
let services: ConversationServices;
/** Customers to act on, riskiest by revenue at risk first (the list's own order). */
let top: string[];
let churned: string;

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 800, seed: 7 });
  store = await openStore({ dir: "memory", sweepMs: 0 });
  const log = createLogger(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  services = {
    ...fx.services(log),
    clock: () => new Date(now),
    customerActions: storeCustomerActions(store.sql, "test/1"),
  };
  top = (await respond("top at-risk 10", DANA, services)).ranked.map((r) => r.customerID);
  const status = fx.snapshot.table.array("status") as string[];
  const ids = fx.snapshot.table.array("customerID") as string[];
  churned = ids[status.indexOf("churned")];
}, 120_000);

afterAll(async () => {
  await store?.close();
  await fx?.close();
});

const audits = () => lines.filter((l) => l.audit).map((l) => l.audit!);

describe("write-back", () => {
  it("contacted is stored with who and when, audited, and the list shows it (contacted 2 days ago by dana)", async () => {
    lines = [];
    const id = top[0];
    const reply = await respond(`contacted ${id}`, DANA, services);
    expect(reply.kind).toBe("customer-action");
    expect(reply.title).toBe(`Marked ${id} contacted`);
    const [stored] = await services.customerActions!.history(id);
    expect(stored).toMatchObject({ kind: "contacted", surface: "slack", userId: "U0DANA", userName: "dana" });
    expect(stored.at.toISOString()).toBe(new Date(now).toISOString());
    expect(audits()).toEqual([
      expect.objectContaining({
        actor: "U0DANA",
        surface: "slack",
        action: "ask.contacted",
        customerID: id,
        outcome: "ok",
      }),
    ]);

    now += 2 * DAY;
    const list = await respond("top at-risk 10", LEE, services);
    expect(list.ranked[0]).toMatchObject({ customerID: id, lastAction: "contacted 2 days ago by dana" });
    expect(list.table?.columns).toContain("Last action");
    expect(list.text).toContain("contacted 2 days ago by dana");
  });

  it("an offer is kept as written (bounded), and the card shows the history with write-back buttons", async () => {
    const id = top[1];
    const offer = "20% off for 3 months, and a free router";
    const reply = await respond(`offer ${id} ${offer}`, LEE, services);
    expect(reply.title).toBe(`Logged an offer to ${id}`);
    expect((await services.customerActions!.history(id))[0]).toMatchObject({ kind: "offer", note: offer });
    expect(audits().at(-1)).toMatchObject({
      action: "ask.offer",
      shown: expect.objectContaining({ offerChars: offer.length }),
    });

    const long = await respond(`offer ${id} ${"x".repeat(501)}`, LEE, services);
    expect(long.kind).toBe("error");
    expect(long.title).toMatch(/at most 500/);
    expect(await services.customerActions!.history(id)).toHaveLength(1);

    now += 3_600_000;
    const card = await respond(`tell me about ${id}`, DANA, services);
    expect(card.kind).toBe("insight");
    const history = card.sections.find((s) => s.title === "What the team did");
    expect(history?.lines).toEqual([`offer "${offer}" 1 hour ago by Lee Park`]);
    expect(card.actions.map((a) => [a.id, a.value])).toEqual(
      expect.arrayContaining([
        ["contacted", `contacted ${id}`],
        ["snooze", `snooze ${id} 14 days`],
        ["offer", `offer ${id}`],
      ]),
    );
  });

  it("a snoozed customer is left out of the list until the snooze ends, and the list says how many", async () => {
    const id = top[2];
    const reply = await respond(`snooze ${id} 14 days`, DANA, services);
    expect(reply.title).toBe(`Snoozed ${id} for 14 days`);
    await expectGoldenText("write-back-snooze", reply.text);
    const snoozedList = await respond("top at-risk 10", DANA, services);
    expect(snoozedList.ranked.map((r) => r.customerID)).not.toContain(id);
    expect(snoozedList.ranked).toHaveLength(10);
    expect(snoozedList.ranked.map((r) => r.customerID).slice(0, 2)).toEqual([top[0], top[1]]);
    expect(snoozedList.text).toContain("1 snoozed customer left out");
    expect(snoozedList.audit.shown).toMatchObject({ snoozed: 1 });
    // The card offers to end the snooze instead.
    const card = await respond(`tell me about ${id}`, DANA, services);
    expect(card.actions.map((a) => a.id)).toContain("unsnooze");
    expect(card.actions.map((a) => a.id)).not.toContain("snooze");

    now += 14 * DAY + 1;
    const after = await respond("top at-risk 10", DANA, services);
    expect(after.ranked.map((r) => r.customerID)).toContain(id);
    expect(after.text).not.toContain("snoozed customer");
  });

  it("unsnooze ends a snooze now; history lists everything newest first", async () => {
    const id = top[3];
    const until = new Date(now + 30 * DAY).toISOString().slice(0, 10);
    await respond(`snooze ${id} 30 days`, DANA, services);
    expect((await respond("top at-risk 10", DANA, services)).ranked.map((r) => r.customerID)).not.toContain(
      id,
    );
    now += DAY;
    const un = await respond(`unsnooze ${id}`, LEE, services);
    expect(un.title).toBe(`${id} is no longer snoozed`);
    expect((await respond("top at-risk 10", DANA, services)).ranked.map((r) => r.customerID)).toContain(id);
    const again = await respond(`unsnooze ${id}`, LEE, services);
    expect(again.kind).toBe("error");
    expect(again.title).toBe(`${id} is not snoozed`);

    now += DAY;
    await respond(`contacted ${id}`, LEE, services);
    const history = await respond(`history ${id}`, DANA, services);
    expect(history.kind).toBe("customer-action");
    expect(history.sections[0].lines).toEqual([
      "contacted just now by Lee Park",
      "unsnoozed 1 day ago by Lee Park",
      `snoozed for 30 days (until ${until}) 2 days ago by dana`,
    ]);
    await expectGoldenText("write-back-history", history.text);
  });

  it("unknown and churned customers are not written; without a store it says where to do it", async () => {
    const near = `${top[0].slice(0, -1)}${top[0].endsWith("Q") ? "J" : "Q"}`;
    const unknown = await respond(`contacted ${near}`, DANA, services);
    expect(unknown.kind).toBe("not-found");
    expect(unknown.menu?.[0]?.value).toMatch(/^contacted /);
    const gone = await respond(`snooze ${churned} 7 days`, DANA, services);
    expect(gone.kind).toBe("error");
    expect(gone.title).toMatch(/has churned/);
    expect(await services.customerActions!.history(churned)).toEqual([]);
    const without = await respond(`contacted ${top[0]}`, DANA, { ...services, customerActions: undefined });
    expect(without.kind).toBe("error");
    expect(without.title).toMatch(/DATABASE_URL/);
  });
});
