// `engagetrack` as a real process: the few things only a process shows — the entry point starts
// through bin/ and tsx, commander's own output on --help and on a bad flag, and a failing command
// ending with one sentence and exit 2, never a stack trace. Everything else runs in-process
// (fixtures/run-in-process.ts) through the same run().
import { describe, expect, it } from "vitest";
import { runCli } from "./fixtures/run-cli.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

const COMMANDS = ["start", "run", "data", "train", "evaluate", "model", "score", "explain", "snapshot"];
const MORE = ["experiment", "chart", "report", "nudge", "ask", "chat", "serve", "digest"];

describe("engagetrack (a real process)", () => {
  it("--help lists every command in order, exit 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code, r.stderr).toBe(0);
    const commands = r.stdout.slice(r.stdout.indexOf("Commands:"));
    const listed = [...commands.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, ...MORE, "help"]);
    expect(r.stderr).toBe("");
  });

  it("a bad flag: commander's message and the hint on stderr, exit 2", async () => {
    const r = await runCli(["data", "simulate", "--out", "x.csv", "--nope"]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--nope'\n(run with --help for usage)\n",
    });
  });

  it("a failing command (train on a missing file): one sentence, exit 2, no stack trace", async () => {
    const r = await runCli(["train", "--data", "no/such/customers.csv", "--out", "no/such/model"]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: 'engagetrack: file not found: "no/such/customers.csv"\n',
    });
  });
});

describe("engagetrack in-process (run)", () => {
  it("prints the help and the version on its stdout, exit 0", async () => {
    const help = await runInProcess(["--help"]);
    expect([help.code, help.stderr]).toEqual([0, ""]);
    const commands = help.stdout.slice(help.stdout.indexOf("Commands:"));
    expect([...commands.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1])).toEqual([
      ...COMMANDS,
      ...MORE,
      "help",
    ]);
    const version = await runInProcess(["--version"]);
    expect([version.code, version.stdout, version.stderr]).toEqual([0, "0.1.0\n", ""]);
  });

  it("turns a usage error and an unknown command into exit 2 with commander's message", async () => {
    const bad = await runInProcess(["data", "simulate", "--out", "x.csv", "--nope"]);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([
      2,
      "",
      "error: unknown option '--nope'\n(run with --help for usage)\n",
    ]);
    const unknown = await runInProcess(["nope"]);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      "error: unknown command 'nope'\n(run with --help for usage)\n",
    ]);
  });

  it("reads settings from the environment it is given, not this process's", async () => {
    const r = await runInProcess(["run"], { ENGAGETRACK_SIMULATE_ROWS: "many" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^engagetrack: invalid configuration: ENGAGETRACK_SIMULATE_ROWS="many": .*\n$/);
    expect(process.env.ENGAGETRACK_SIMULATE_ROWS).toBeUndefined();
  });
});
