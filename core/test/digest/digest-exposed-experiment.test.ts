// The digest's experiment line analyses the same population as `engagetrack experiment` and the
// chat answer: exposed customers, by arm, from first exposure, where exposures are recorded.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigestReport } from "../../src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../src/experiments/experiment-config.ts";
import { analyzeExposedExperiment, verdict, type Exposure } from "../../src/experiments/index.ts";
import { openSnapshotStore, type Snapshot } from "../../src/snapshot/index.ts";
import { writeSyntheticSnapshots } from "./synthetic-snapshots.ts";

const dir = mkdtempSync(join(tmpdir(), "et-digest-exposed-"));
let now: Snapshot;
beforeAll(async () => {
  const [a] = await writeSyntheticSnapshots(dir, [{ seed: 2, at: "2026-07-05T20:00:00Z", rows: 3000 }]);
  now = await openSnapshotStore(dir).open(a.id);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the digest's experiment line", () => {
  it("compares exposed customers by arm from first exposure, and says so", () => {
    const experiment = DEFAULT_EXPERIMENT_CONFIG.experiments[0];
    const ids = now.table.array("customerID") as string[];
    const arms = now.table.array("variant") as string[];
    const exposures: Exposure[] = ids
      .map((id, i) => ({ id, arm: arms[i], i }))
      .filter((c) => c.i % 3 === 0)
      .map((c) => ({
        customerId: c.id,
        arm: c.arm,
        firstExposedAt: Date.parse("2026-06-30T09:00:00Z"),
        snapshotId: "earlier",
        status: "current" as const,
      }));
    const report = buildDigestReport({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      current: now,
      experiment,
      exposures,
    });
    const expected = analyzeExposedExperiment(now.table, experiment, exposures, {
      snapshot: { id: now.manifest.id, createdAt: now.manifest.createdAt },
    });
    expect(report.experiment).toEqual({
      key: experiment.key,
      line: `${verdict(expected)}; population: exposed customers, by arm, from first exposure`,
      ok: true,
    });
  });
});
