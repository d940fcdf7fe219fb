// `engagetrack data simulate` end to end, in-process: real files, real exit codes.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess, type InProcessRun } from "../fixtures/run-in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "engagetrack-simulate-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): Promise<InProcessRun> {
  return runInProcess(["data", "simulate", ...args]);
}

describe("engagetrack data simulate", () => {
  it("writes the file and prints rows, churn rate and path", async () => {
    const out = join(dir, "sim.csv");
    const r = await run("--rows", "1200", "--seed", "9", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
      new RegExp(
        `^wrote 1200 simulated customers to ${out} \\(seed 9\\)\\nchurn rate \\d+\\.\\d% \\(\\d+ churned;`,
      ),
    );
    expect(readFileSync(out, "utf8").trimEnd().split("\n")).toHaveLength(1201);
  });

  it("prints a JSON report, and the same seed gives the same bytes", async () => {
    const a = join(dir, "a.csv");
    const b = join(dir, "b.csv");
    const report = JSON.parse((await run("--rows", "800", "--seed", "4", "--out", a, "--json")).stdout);
    await run("--rows", "800", "--seed", "4", "--out", b, "--json");
    expect(report).toMatchObject({ path: a, rows: 800, seed: 4, experimentKey: "nudge-strategy-2026" });
    expect(report.churnRate).toBeCloseTo(report.churned / 800, 12);
    const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");
    expect(sha(a)).toBe(sha(b));
  });

  it("exits 2 on bad options or an unwritable path", async () => {
    const out = join(dir, "never.csv");
    const badRows = await run("--rows", "ten", "--out", out);
    expect(badRows.code).toBe(2);
    expect(badRows.stderr).toContain('invalid --rows: "ten"');
    const badSeed = await run("--rows", "10", "--seed", "-1", "--out", out);
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain('invalid --seed: "-1"');
    expect(existsSync(out)).toBe(false);
    // A folder under a regular file cannot exist: one clear message, exit 2.
    writeFileSync(join(dir, "a-file"), "");
    const unwritable = await run("--rows", "10", "--out", join(dir, "a-file", "dir.csv"));
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/^engagetrack: cannot write ".*dir\.csv": (ENOTDIR|EEXIST)\n$/);
  });

  it("creates the output's folders (a fresh clone has no data/generated/)", async () => {
    const nested = join(dir, "no", "such", "dir.csv");
    const r = await run("--rows", "10", "--out", nested);
    expect(r.code).toBe(0);
    expect(existsSync(nested)).toBe(true);
  });
});
