// scripts/simulate-indexed-job.ts: the scoring run's own container scripts, as N processes with
// JOB_COMPLETION_INDEX and the polling commit, publish the same snapshot as one process.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareSnapshotDirs, containerScript } from "../../scripts/simulate-indexed-job.ts";
import { REPO, run } from "./fixtures/repo.ts";

const tmp = mkdtempSync(join(tmpdir(), "et-sim-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("scripts/simulate-indexed-job.ts", () => {
  it("3 shards of 2,000 simulated customers + the commit = one process's snapshot, byte for byte", async () => {
    const r = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO, "scripts/simulate-indexed-job.ts"),
        "--shards",
        "3",
        "--rows",
        "2000",
        "--json",
      ],
      { env: { ...process.env, NO_COLOR: "1" }, timeout: 300_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.shards).toBe(3);
    expect(report.rows).toBe(2000);
    // Bands count customers to act on: the churned (history) are left out.
    const toActOn = report.bands.Low + report.bands.Medium + report.bands.High;
    expect(toActOn).toBeLessThan(2000);
    expect(toActOn).toBeGreaterThan(1000);
    expect(report.files).toEqual(["customers.arrow", "manifest.json"]);
    expect(report.differences).toEqual([]);
    expect(report.partsRemoved).toBe(true);
  }, 300_000);

  it("runs the scripts written in k8s/scoring (tini → /bin/sh -c)", () => {
    const score = containerScript(join(REPO, "k8s/scoring/score-job.yaml"));
    expect(score.script).toMatch(/\$JOB_COMPLETION_INDEX/);
    expect(score.completions).toBeGreaterThan(1);
    expect(containerScript(join(REPO, "k8s/scoring/commit-job.yaml")).script).toMatch(/snapshot commit/);
  });

  it("finds a changed byte, a missing file and a manifest that differs beyond id and time", () => {
    const dir = (name: string, arrow: string, manifest: object, extra = false) => {
      const d = join(tmp, name);
      mkdirSync(d);
      writeFileSync(join(d, "customers.arrow"), arrow);
      writeFileSync(join(d, "manifest.json"), JSON.stringify(manifest));
      if (extra) writeFileSync(join(d, "extra.txt"), "x");
      return d;
    };
    const m = { id: "a", createdAt: "t1", rows: 2, bands: { High: 1 } };
    const a = dir("a", "ABC", m);
    expect(compareSnapshotDirs(a, dir("same", "ABC", { ...m, id: "b", createdAt: "t2" }))).toEqual([]);
    expect(compareSnapshotDirs(a, dir("byte", "ABD", m))).toEqual([
      { file: "customers.arrow", what: "bytes differ (3 vs 3)" },
    ]);
    expect(compareSnapshotDirs(a, dir("rows", "ABC", { ...m, rows: 3 }))).toEqual([
      { file: "manifest.json", what: "manifests differ beyond id and createdAt" },
    ]);
    expect(compareSnapshotDirs(a, dir("extra", "ABC", m, true))).toEqual([
      { file: "extra.txt", what: "only in sharded" },
    ]);
    expect(readFileSync(join(a, "customers.arrow"), "utf8")).toBe("ABC");
  });
});
