import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../../core/test/fixtures/paths.ts";
import { CliError, DATA_PROBLEM_CODES, ExitCode, exitCodeOf } from "../cli-error.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

/** The README's "Errors and exit codes" table: exit code → the text of its row. */
function documentedExitCodes(): Map<number, string> {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Errors and exit codes"));
  const table = section.slice(0, section.indexOf("\n## "));
  return new Map([...table.matchAll(/^\| `(\d+)` \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]]));
}

describe("exit codes", () => {
  it("are the ones the README documents", () => {
    const documented = documentedExitCodes();
    expect([...documented.keys()]).toEqual(Object.values(ExitCode));
    // The row of 1 names exactly the failure codes that exit 1.
    const named = [...documented.get(ExitCode.dataProblems)!.matchAll(/`([a-z][a-z0-9-]*)`/g)].map(
      (m) => m[1],
    );
    expect(named.filter((c) => c !== "data")).toEqual([...DATA_PROBLEM_CODES]);
  });

  it("follow the code, not the command that fails", () => {
    expect(new CliError("no-snapshot", "no snapshot").exitCode).toBe(ExitCode.unusable);
    expect(new CliError("outcomes-unknown", "not yet").exitCode).toBe(ExitCode.unusable);
    expect(new CliError("chart-failed", "cannot draw").exitCode).toBe(ExitCode.dataProblems);
    expect(exitCodeOf("bad-config")).toBe(ExitCode.unusable);
  });

  describe("with no snapshot yet", () => {
    const root = mkdtempSync(join(tmpdir(), "engagetrack-exit-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it("digest --dry-run and experiment fail the same way: no-snapshot, exit 2", async () => {
      const none = join(root, "none");
      const digest = await runInProcess(["digest", "--dry-run"], {
        ENGAGETRACK_SNAPSHOTS_DIR: none,
        ENGAGETRACK_STORE_DIR: "memory",
      });
      const experiment = await runInProcess(["experiment", "--snapshots", none]);
      for (const run of [digest, experiment]) {
        expect([run.code, (run.error as CliError).code]).toEqual([2, "no-snapshot"]);
        expect(run.stderr).toMatch(/^engagetrack: no snapshots? in .*none/);
      }
    });
  });
});
