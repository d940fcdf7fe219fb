/**
 * `engagetrack digest --once` after an upgrade, as a real process on an embedded store: the file
 * ledger of an older version (ENGAGETRACK_DIGEST_LEDGER) is imported before the first claim, so a
 * slot it had sent is settled — not sent again — and the folder is renamed; a folder that cannot
 * be imported stops the run with one sentence (exit 2), and nothing is sent.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runInProcess } from "./fixtures/run-in-process.ts";

const SLOT = "2026-07-06T07:00:00Z"; // a Monday 08:00 in London (BST)
const OLD = { id: "old-process", pid: 7, host: "old-host" };
let dir: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-digest-import-cli-"));
  const config = join(dir, "digests.json");
  writeFileSync(
    config,
    JSON.stringify({
      schedules: [
        {
          name: "weekly",
          cron: "0 8 * * 1",
          timeZone: "Europe/London",
          destinations: [{ type: "slack", channel: "C0OLD" }],
        },
      ],
    }),
  );
  // What the older version left: the slot sent to #C0OLD, and its last-delivered record.
  const slotDir = join(dir, "old", "ledger", "weekly", "2026-07-06T07-00-00Z");
  mkdirSync(slotDir, { recursive: true });
  const claim = {
    schedule: "weekly",
    slot: SLOT,
    destination: "slack-C0OLD",
    attempt: 1,
    owner: OLD,
    claimedAt: "2026-07-06T07:00:02.000Z",
    leaseUntil: "2026-07-06T07:10:02.000Z",
  };
  writeFileSync(join(slotDir, "slack-C0OLD.1.claim"), JSON.stringify(claim));
  writeFileSync(
    join(slotDir, "slack-C0OLD.1.result"),
    JSON.stringify({
      ...claim,
      status: "sent",
      reason: null,
      retry: false,
      messageRef: "C0OLD/1751785204.000100",
      at: "2026-07-06T07:00:04.000Z",
      snapshotId: "snap-0706",
      bands: { Low: 5, Medium: 3, High: 2 },
    }),
  );
  env = {
    ENGAGETRACK_DIGESTS: config,
    DATABASE_URL: "",
    ENGAGETRACK_STORE_DIR: join(dir, "store"),
    ENGAGETRACK_DIGEST_LEDGER: join(dir, "old", "ledger"),
    ENGAGETRACK_DIGEST_OUTBOX: join(dir, "outbox"),
    ENGAGETRACK_MODEL_DIR: join(dir, "model"),
    ENGAGETRACK_SNAPSHOTS_DIR: join(dir, "snapshots"),
    // No Slack credentials: a slot not settled by the import would come out "skipped".
    SLACK_BOT_TOKEN: "",
    ENGAGETRACK_PUBLIC_URL: "",
    ENGAGETRACK_DIGEST_FAULT: "",
    LOG_LEVEL: "info",
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Makes `path` impossible to rename out of (root ignores permissions; the immutable flag stops it). */
function freeze(path: string, frozen: boolean): boolean {
  try {
    if (userInfo().uid === 0) execFileSync("chattr", [frozen ? "+i" : "-i", path], { stdio: "ignore" });
    else execFileSync("chmod", [frozen ? "a-w" : "u+w", path], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("engagetrack digest --once after an upgrade", () => {
  it("imports the old ledger folder first: the slot it sent is settled, the folder renamed, once", async () => {
    const first = await runInProcess(["digest", "--once", "--slot", SLOT, "--json"], env);
    expect(first.stderr).toContain("old digest ledger folder imported into the shared store");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).outcomes).toEqual([
      {
        schedule: "weekly",
        slot: SLOT,
        destination: "slack-C0OLD",
        type: "slack",
        status: "settled",
        reason: "sent",
        messageRef: "C0OLD/1751785204.000100",
      },
    ]);
    expect(readdirSync(join(dir, "old"))).toEqual(["ledger.imported"]);

    const again = await runInProcess(["digest", "--once", "--slot", SLOT, "--json"], env);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("old digest ledger folder imported");
    expect(JSON.parse(again.stdout).outcomes.map((o: { status: string }) => o.status)).toEqual(["settled"]);
  });

  it("a folder that cannot be imported stops the run with one sentence naming it (exit 2); nothing is sent", async (ctx) => {
    if (!freeze(join(dir, "old"), true)) ctx.skip();
    try {
      const run = await runInProcess(["digest", "--once", "--slot", SLOT, "--json"], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `engagetrack: the digest ledger folder of an older version, ${join(dir, "old", "ledger")}, could not be imported into the shared store (`,
      );
      expect(run.stderr).not.toMatch(/unexpected failure|\n\s+at /);
      expect(run.stdout).toBe("");
      expect(existsSync(join(dir, "old", "ledger"))).toBe(true);
    } finally {
      freeze(join(dir, "old"), false);
    }
    const later = await runInProcess(["digest", "--once", "--slot", SLOT, "--json"], env);
    expect(later.code).toBe(0);
    expect(JSON.parse(later.stdout).outcomes.map((o: { status: string }) => o.status)).toEqual(["settled"]);
  });
});
