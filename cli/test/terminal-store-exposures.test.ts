// The terminal's nudges are exposures too: recorded in the shared store the terminal uses (the
// embedded store's folder when it exists), written by close, never creating a store.
import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terminalStore } from "../terminal-store.ts";
import { openStore, readExposures } from "../../core/src/store/index.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "et-terminal-exposures-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const exposure = {
  experimentKey: "nudge-strategy-2026",
  customerId: "7590-VHVEG",
  arm: "B",
  strategy: "retention",
  surface: "terminal",
  exposedAt: Date.parse("2026-12-01T09:00:00Z"),
  snapshotId: "s1",
  status: "current" as const,
};

describe("terminal nudge exposures", () => {
  it("records into the embedded store when its folder exists, once, by close", async () => {
    const dir = join(root, "store");
    await (await openStore({ dir, sweepMs: 0 })).close();
    const shared = terminalStore({ ENGAGETRACK_STORE_DIR: dir }, "engagetrack chat");
    shared.exposures!.record(exposure);
    shared.exposures!.record({ ...exposure, exposedAt: exposure.exposedAt + 1 });
    await shared.close();
    const store = await openStore({ dir, sweepMs: 0 });
    try {
      const rows = await readExposures(store.sql, "nudge-strategy-2026");
      expect(rows.map((r) => [r.customerId, r.surface, r.firstExposedAt])).toEqual([
        ["7590-VHVEG", "terminal", exposure.exposedAt],
      ]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("has none, and creates nothing, without a store", async () => {
    const dir = join(root, "absent");
    const shared = terminalStore({ ENGAGETRACK_STORE_DIR: dir }, "engagetrack chat");
    expect(shared.exposures).toBeUndefined();
    await shared.close();
    expect(existsSync(dir)).toBe(false);
  });
});
