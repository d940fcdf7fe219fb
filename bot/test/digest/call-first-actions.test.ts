// The digest's call-first list with write-back (bot/digest/call-first-actions.ts through a real
// digest run to the outbox): a customer the team snoozed is left out until the snooze ends (the
// list stays five long and says how many were left out), and each listed customer shows what the
// team did last — read from the shared store that holds the ledger, at the run's clock.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { storeCustomerActions } from "../../../core/src/store/index.ts";
import { expectGoldenText } from "../conversation/golden-text.ts";
import { digestWorld, weekly, type DigestWorld } from "./digest-world.ts";

const DAY = 86_400_000;
const GOLDEN = join(import.meta.dirname, "__golden__");
let world: DigestWorld;
let top: string[];

beforeEach(async () => {
  world = await digestWorld();
  await world.publish({ seed: 1, at: "2026-07-05T20:00:00Z" });
  top = (await openSnapshotStore(world.snapshotsDir).latest())!.topToAct(7);
});
afterEach(() => world.remove());

/** The "Call first" section of the digest written to the outbox. */
const callFirst = (md: string) =>
  md.slice(md.indexOf("## Call first"), md.indexOf("\n## ", md.indexOf("## Call first") + 5));

describe("the digest's call-first list and write-back", () => {
  it("leaves snoozed customers out (saying how many) and shows the latest action of each listed customer", async () => {
    const actions = storeCustomerActions(world.store.sql, "test");
    const now = world.now;
    const dana = { surface: "slack", userId: "U0DANA", userName: "dana" };
    await actions.record({
      customerId: top[0],
      kind: "snooze",
      snoozeUntil: new Date(now + 14 * DAY),
      by: dana,
      at: new Date(now - DAY),
    });
    await actions.record({ customerId: top[1], kind: "contacted", by: dana, at: new Date(now - 2 * DAY) });
    await actions.record({
      customerId: top[5],
      kind: "snooze",
      snoozeUntil: new Date(now - 1),
      by: dana,
      at: new Date(now - 20 * DAY),
    });

    const [sent] = await world.runner(weekly([{ type: "outbox" }])).run();
    expect(sent.status).toBe("sent");
    const md = readFileSync(join(world.outboxDir, "weekly", "2026-07-06T07-00-00Z.md"), "utf8");
    const section = callFirst(md);
    expect(section).not.toContain(top[0]);
    for (const id of top.slice(1, 6)) expect(section).toContain(id); // five long; top[5]'s snooze ended
    expect(section).toContain("1 snoozed customer is left out until the snooze ends");
    expect(section).toContain("Last action");
    expect(section).toContain("contacted 2 days ago by dana");
    await expectGoldenText("call-first-write-back", section.split(top[1]).join("<id>"), GOLDEN);
  });

  it("without any action recorded the list is as before: no column, no note", async () => {
    await world.runner(weekly([{ type: "outbox" }])).run();
    const md = readFileSync(join(world.outboxDir, "weekly", "2026-07-06T07-00-00Z.md"), "utf8");
    const section = callFirst(md);
    expect(section).not.toContain("Last action");
    expect(section).not.toContain("snoozed");
    for (const id of top.slice(0, 5)) expect(section).toContain(id);
  });
});
