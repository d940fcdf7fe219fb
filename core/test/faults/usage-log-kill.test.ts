// Fault: kill -9 while the usage log rotates. A child process writes numbered audit lines to a
// small, fast-rotating log and reports which ones flush() saw written ("ACK"); it is frozen at a
// chosen rename of a rotation (before the first shift, between shifts, after the last rename and
// before the file is reopened) and SIGKILLed there; a second process then opens the same log.
//
// The guarantee checked: every line acknowledged before the kill is in the files exactly once;
// lines logged but not acknowledged are there at most once; no line is torn or duplicated; the
// log reopens and the new process's lines follow, in order, oldest file to newest.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startChild } from "./fixtures/child.ts";

const CHILD = join(import.meta.dirname, "fixtures/usage-log-child.ts");
// About 7 lines per file; 20 kept files, so nothing is rotated away during a test.
const MAX_BYTES = 2000;
const KEEP = 20;
const SECOND_RUN_FIRST_SEQ = 1_000_000;
const SECOND_RUN_LINES = 50;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-faults-logkill-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Sequence numbers in the log files, oldest file first (`usage.log.<n>` … `usage.log.1`, `usage.log`). */
function readLog(): { seqs: number[]; files: string[] } {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith("usage.log"))
    .sort((a, b) => index(b) - index(a));
  const seqs: number[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line === "") continue;
      // Every line must be whole JSON: a torn line fails here.
      seqs.push((JSON.parse(line) as { audit: { shown: { seq: number } } }).audit.shown.seq);
    }
  }
  return { seqs, files };
}
const index = (file: string) => (file === "usage.log" ? 0 : Number(file.slice("usage.log.".length)));

async function killDuringRotation(
  stopAt: string,
  atKill: (files: string[]) => void = () => undefined,
): Promise<{ acked: number; stoppedAt: string }> {
  const path = join(dir, "usage.log");
  const child = startChild(CHILD, [
    path,
    String(MAX_BYTES),
    String(KEEP),
    "0",
    "forever",
    "--stop-at",
    stopAt,
    "--batch",
    "2",
  ]);
  const stoppedAt = await child.waitForLine(/^STOPPED/);
  const ended = await child.kill9();
  expect(ended.signal).toBe("SIGKILL");
  const acks = child.lines.filter((l) => l.startsWith("ACK ")).map((l) => Number(l.slice(4)));
  expect(acks.length).toBeGreaterThan(0);
  atKill(readLog().files);

  // Restart: a new process opens the same log and writes more.
  const next = startChild(CHILD, [
    path,
    String(MAX_BYTES),
    String(KEEP),
    String(SECOND_RUN_FIRST_SEQ),
    String(SECOND_RUN_LINES),
  ]);
  expect(await next.exited, next.stderr()).toEqual({ code: 0, signal: null });
  expect(next.lines.at(-1)).toBe("DONE");
  expect(next.lines.filter((l) => l.startsWith("HEALTH"))).toEqual([]);
  return { acked: Math.max(...acks), stoppedAt };
}

function expectExactlyOnce(acked: number): void {
  const { seqs } = readLog();
  const first = seqs.filter((s) => s < SECOND_RUN_FIRST_SEQ);
  const second = seqs.filter((s) => s >= SECOND_RUN_FIRST_SEQ);
  // Oldest file to newest, the lines are in the order they were written: no duplicates, no reordering.
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  // Every acknowledged line survived the kill; unacknowledged ones may or may not have.
  expect(first.slice(0, acked + 1)).toEqual(Array.from({ length: acked + 1 }, (_, i) => i));
  // The log reopened: every line of the second process is there, after the first's.
  expect(second).toEqual(Array.from({ length: SECOND_RUN_LINES }, (_, i) => SECOND_RUN_FIRST_SEQ + i));
}

describe("kill -9 during usage-log rotation", () => {
  it("before the first rename of a rotation (the full file closed, nothing moved yet)", async () => {
    const { acked, stoppedAt } = await killDuringRotation("before:1", (files) =>
      expect(files).toEqual(["usage.log"]),
    );
    expect(stoppedAt).toMatch(/usage\.log -> .*usage\.log\.1$/);
    expectExactlyOnce(acked);
  });

  it("between two shifts of the rotated files (usage.log.3 moved to .4, .2 not yet moved: a gap)", async () => {
    // Rotation 4 renames .3→.4 (rename 7), .2→.3, .1→.2, usage.log→.1 (rename 10).
    const { acked, stoppedAt } = await killDuringRotation("after:7", (files) =>
      expect(files).toEqual(["usage.log.4", "usage.log.2", "usage.log.1", "usage.log"]),
    );
    expect(stoppedAt).toMatch(/usage\.log\.3 -> .*usage\.log\.4$/);
    expectExactlyOnce(acked);
  });

  it("after every older file moved, before usage.log itself is renamed", async () => {
    const { acked, stoppedAt } = await killDuringRotation("before:10");
    expect(stoppedAt).toMatch(/usage\.log -> .*usage\.log\.1$/);
    expectExactlyOnce(acked);
  });

  it("after usage.log was renamed to usage.log.1, before a new usage.log was opened", async () => {
    const { acked, stoppedAt } = await killDuringRotation("after:10", (files) =>
      expect(files).toEqual(["usage.log.4", "usage.log.3", "usage.log.2", "usage.log.1"]),
    );
    expect(stoppedAt).toMatch(/usage\.log -> .*usage\.log\.1$/);
    expectExactlyOnce(acked);
  });
});
