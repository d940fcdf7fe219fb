// `engagetrack start --no-serve` (npm start without the server): every step a person would run on
// embedded defaults, end to end in real processes, into a temporary workspace.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../fixtures/run-cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "et-start-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("engagetrack start --no-serve --no-notebooks", () => {
  it("runs the main job, answers three questions (one over the demo owner's accounts), and writes the first digest to the outbox", async () => {
    const env = {
      ENGAGETRACK_MODEL_DIR: join(tmp, "model"),
      ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots"),
      ENGAGETRACK_SIMULATE_ROWS: "1500",
      ENGAGETRACK_DATA: "",
      ENGAGETRACK_USAGE_LOG: join(tmp, "usage.log"),
      ENGAGETRACK_DIGEST_OUTBOX: join(tmp, "outbox"),
    };
    const r = await runCli(["start", "--no-serve", "--no-notebooks"], env);
    expect(r.code, r.stderr).toBe(0);
    // The steps, each shown as the command a person would type.
    expect(r.stdout).toContain("$ engagetrack run");
    expect(r.stdout).toContain('$ engagetrack ask "top at-risk 5"');
    expect(r.stdout).toMatch(/\$ engagetrack ask "why is [0-9A-Z-]+ at risk"/);
    // "My accounts" on the demo: the simulator's invented owners, mapped by data/demo-owners.yaml.
    expect(r.stdout).toContain('$ engagetrack ask --as dana.whitfield@example.com "my top at-risk 3"');
    expect(r.stdout).toMatch(/your [\d,]+ accounts \(owner Dana Whitfield\)/i);
    expect(r.stdout).toContain("$ engagetrack digest --once");
    // The main job published a snapshot; the questions were answered with charts on disk.
    expect(readdirSync(join(tmp, "snapshots")).length).toBe(1);
    expect(r.stdout).toMatch(/Top 5 at-risk customers by revenue at risk/);
    const charts = [...r.stdout.matchAll(/^chart: (.+\.png)$/gm)].map((m) => m[1]!);
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(existsSync(c), c).toBe(true);
    // The three terminal questions audited in the usage log.
    const audits = readFileSync(join(tmp, "usage.log"), "utf8")
      .split("\n")
      .filter((l) => l.includes('"surface":"terminal"'));
    // One audit event per question shown: each was asked once.
    expect(audits.length).toBe(3);
    // The digest went to the outbox: Markdown plus its chart.
    const files = readdirSync(join(tmp, "outbox"), { recursive: true }).map(String);
    expect(files.some((f) => f.endsWith(".md"))).toBe(true);
    expect(files.some((f) => f.endsWith(".png") || f.endsWith(".txt"))).toBe(true);
  }, 240_000);
});
