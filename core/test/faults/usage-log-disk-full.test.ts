// Fault: the disk under the usage log fills up (real ENOSPC from /dev/full), hangs, or was left
// with a line cut short. The log must never throw at or block its caller, must count what it
// loses, say so once, and resume by itself when the disk has room again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openUsageLog, recordAudit, type UsageLog } from "../../src/log/index.ts";
import { createReopeningStream } from "../../src/log/reopening-stream.ts";
import { DEV_FULL_PRESENT, DEV_FULL_SKIP_REASON, fillableDisk, hungDisk } from "./fixtures/fillable-disk.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-faults-log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One audit line per call, numbered in `shown.seq`. */
function audit(log: UsageLog, seq: number): void {
  recordAudit(log.logger, {
    actor: "U1",
    surface: "api",
    action: "report",
    customerID: "7590-VHVEG",
    outcome: "ok",
    latencyMs: 1,
    shown: { seq },
  });
}
const seqsIn = (text: string): number[] =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { audit: { shown: { seq: number } } }).audit.shown.seq);

describe.skipIf(!DEV_FULL_PRESENT)(`usage log on a full disk (skips when ${DEV_FULL_SKIP_REASON})`, () => {
  it("keeps taking lines, counts the lost ones, warns once, retries at most every retryMs, and resumes when there is room", async () => {
    const disk = fillableDisk();
    const path = join(dir, "usage.log");
    let now = Date.parse("2026-11-21T13:00:00Z");
    const changes: Array<[boolean, string | null]> = [];
    const log = await openUsageLog({
      path,
      clock: () => new Date(now),
      retryMs: 1000,
      openStream: disk.openStream,
      onHealthChange: (healthy, err) => changes.push([healthy, err?.message ?? null]),
    });
    let seq = 0;
    const lines = (n: number) => {
      for (let i = 0; i < n; i++) audit(log, seq++); // never throws, never waits
    };

    lines(5);
    await log.flush();
    expect(log.health()).toEqual({ healthy: true, writtenLines: 5, failedLines: 0, lastError: null });

    disk.full = true;
    lines(10);
    await log.flush();
    let health = log.health();
    expect(health).toMatchObject({ healthy: false, writtenLines: 5, failedLines: 10 });
    expect(health.lastError).toMatch(/ENOSPC/);
    expect(changes).toEqual([[false, expect.stringMatching(/ENOSPC: no space left on device/)]]);

    // Within retryMs nothing is reopened: lines are dropped and counted.
    lines(20);
    expect(disk.opens).toBe(1);
    expect(log.health().failedLines).toBe(30);

    // After retryMs one line reopens the file (still full: that try fails too, silently).
    now += 1000;
    lines(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(disk.opens).toBe(2);
    lines(3);
    await log.flush();
    expect(log.health()).toMatchObject({ healthy: false, writtenLines: 5, failedLines: 34 });
    expect(changes).toHaveLength(1);

    // Room again: the next try after retryMs reopens, and lines are written from then on.
    disk.full = false;
    now += 1000;
    lines(1); // dropped: it triggers the reopen
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(disk.opens).toBe(3);
    const resumedFrom = seq;
    lines(6);
    await log.flush();
    health = log.health();
    expect(health).toMatchObject({ healthy: true, writtenLines: 11, failedLines: 35 });
    expect(changes).toEqual([
      [false, expect.stringMatching(/ENOSPC/)],
      [true, null],
    ]);
    await log.close();

    // The file holds exactly the lines reported written: the first 5 and the last 6.
    const written = seqsIn(readFileSync(path, "utf8"));
    expect(written).toEqual([0, 1, 2, 3, 4, ...Array.from({ length: 6 }, (_, i) => resumedFrom + i)]);
    expect(written.length).toBe(health.writtenLines);
  });

  it("a disk already full when the log opens: it starts failing instead of refusing, and writes once there is room", async () => {
    const disk = fillableDisk();
    disk.full = true;
    disk.openFailsWhenFull = true;
    let now = 0;
    const changes: Array<[boolean, string | null]> = [];
    const path = join(dir, "usage.log");
    const log = await openUsageLog({
      path,
      clock: () => new Date(now),
      retryMs: 1000,
      openStream: disk.openStream,
      onHealthChange: (healthy, err) => changes.push([healthy, err?.message ?? null]),
    });
    expect(log.health()).toMatchObject({
      healthy: false,
      writtenLines: 0,
      lastError: expect.stringMatching(/^ENOSPC/),
    });
    audit(log, 0); // within retryMs: dropped, no reopen
    expect(disk.opens).toBe(1);
    disk.full = false;
    now += 1000;
    audit(log, 1); // reopens (this line is lost)
    await new Promise((resolve) => setTimeout(resolve, 20));
    audit(log, 2);
    await log.close();
    expect(seqsIn(readFileSync(path, "utf8"))).toEqual([2]);
    expect(log.health()).toMatchObject({ healthy: true, writtenLines: 1, failedLines: 2 });
    expect(changes).toEqual([
      [false, expect.stringMatching(/^ENOSPC/)],
      [true, null],
    ]);
  });

  it("a path that cannot be a log (a directory) still refuses to open: that is a setting, not the disk", async () => {
    await expect(openUsageLog({ path: dir, onHealthChange: () => undefined })).rejects.toThrow();
  });

  it("closes without rejecting while the disk is full", async () => {
    const disk = fillableDisk();
    const changes: boolean[] = [];
    const log = await openUsageLog({
      path: join(dir, "usage.log"),
      openStream: disk.openStream,
      onHealthChange: (healthy) => changes.push(healthy),
    });
    disk.full = true;
    audit(log, 0);
    audit(log, 1);
    await expect(log.close()).resolves.toBeUndefined();
    expect(log.health()).toMatchObject({ healthy: false, writtenLines: 0, failedLines: 2 });
    audit(log, 2); // after close: dropped, no throw
    expect(log.health().failedLines).toBe(3);
    expect(changes).toEqual([false]);
  });
});

describe("usage log on a hung disk", () => {
  it("drops lines beyond the backlog cap instead of queueing them without bound; the caller never waits", async () => {
    const changes: boolean[] = [];
    const out = await createReopeningStream({
      open: () => hungDisk().openStream(join(dir, "usage.log")),
      now: Date.now,
      retryMs: 1000,
      maxBacklogBytes: 64 * 1024,
      onHealthChange: (healthy) => changes.push(healthy),
    });
    const line = `${"x".repeat(99)}\n`;
    for (let i = 0; i < 1000; i++) out.write(line);
    // 100-byte lines: 655 fit under 64 KiB (the one that crosses it is still queued), the rest drop.
    expect(out.health()).toMatchObject({ healthy: true, writtenLines: 0, failedLines: 1000 - 656 });
    for (let i = 0; i < 1000; i++) out.write(line);
    expect(out.health().failedLines).toBe(2000 - 656); // the queue does not grow
    // Nobody waits on the disk: a write returns at once, never a promise to await (no stopwatch,
    // which would measure the machine's load).
    expect(out.write(line)).not.toBeInstanceOf(Promise);
    expect(changes).toEqual([]);
  });
});

describe("usage log left with a partial last line", () => {
  it("starts the next line on its own line, so no new line is glued to the torn one", async () => {
    const path = join(dir, "usage.log");
    writeFileSync(path, '{"level":"info","kind":"audit","audit":{"actor":"U1","sur');
    const log = await openUsageLog({ path });
    audit(log, 7);
    await log.close();
    const [torn, next, ...rest] = readFileSync(path, "utf8").split("\n");
    expect(torn).toMatch(/"sur$/);
    expect(seqsIn(next)).toEqual([7]);
    expect(rest).toEqual([""]);
  });
});
