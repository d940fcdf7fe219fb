// A real digest run (to the outbox) reads the nudge exposures in the shared store that holds its
// ledger: its experiment line then compares exposed customers, by arm, from first exposure.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSnapshotStore, type Snapshot } from "../../../core/src/snapshot/index.ts";
import { nudgeExposureLog } from "../../../core/src/store/index.ts";
import { digestWorld, weekly, type DigestWorld } from "./digest-world.ts";

let world: DigestWorld;
let snapshot: Snapshot;

beforeEach(async () => {
  world = await digestWorld();
  await world.publish({ seed: 1, at: "2026-07-05T20:00:00Z" });
  snapshot = (await openSnapshotStore(world.snapshotsDir).latest())!;
});
afterEach(() => world.remove());

const digestText = () => readFileSync(join(world.outboxDir, "weekly", "2026-07-06T07-00-00Z.md"), "utf8");

describe("the digest's experiment over exposed customers", () => {
  it("says 'exposed customers, by arm, from first exposure' when the store has exposures", async () => {
    const key = snapshot.dataset.experiment?.key ?? "nudge-strategy-2026";
    const ids = snapshot.table.array("customerID") as string[];
    const arms = snapshot.table.array("variant") as string[];
    const log = nudgeExposureLog(world.store.sql, "test", { flushMs: 60_000 });
    ids.forEach((id, i) => {
      if (i % 2 === 0)
        log.record({
          experimentKey: key,
          customerId: id,
          arm: arms[i],
          strategy: arms[i] === "A" ? "engagement" : "retention",
          surface: "api",
          exposedAt: Date.parse("2026-06-30T09:00:00Z"),
          snapshotId: "earlier",
          status: "current",
        });
    });
    await log.close();
    const [sent] = await world.runner(weekly([{ type: "outbox" }])).run();
    expect(sent.status).toBe("sent");
    expect(digestText()).toContain("population: exposed customers, by arm, from first exposure");
  });

  it("without exposures the line is as before", async () => {
    await world.runner(weekly([{ type: "outbox" }])).run();
    expect(digestText()).not.toContain("population:");
  });
});
