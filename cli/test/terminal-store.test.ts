// Write-back from the terminal (`engagetrack ask`, cli/terminal-store.ts): with the shared
// store there (DATABASE_URL, or the embedded store's folder) a snooze is recorded as the OS user and
// the next `ask`, another process's worth of state, leaves the customer out of the list; without a
// store the answer says what to set, and no folder is created. Follows and alerts (customer and
// segment) from the terminal are kept in the same store, for the server's notifier to tell.
import { existsSync, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationFixture,
  type ConversationFixture,
} from "../../bot/test/fixtures/conversation-fixture.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

let fx: ConversationFixture;
let tmp: string;
let top: string[];

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 600, seed: 5 });
  tmp = await mkdtemp(join(tmpdir(), "et-terminal-store-"));
  top = fx.snapshot.topToAct(3);
}, 120_000);
afterAll(async () => {
  await fx?.close();
  await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
const ask = (question: string, env: Record<string, string | undefined>) =>
  runInProcess(
    [
      "ask",
      question,
      "--model",
      fx.modelDir,
      "--snapshots",
      fx.snapshotsDir,
      "--charts-dir",
      join(tmp, "charts"),
    ],
    {
      ENGAGETRACK_USAGE_LOG: join(tmp, `logs-${++runs}`, "usage.log"),
      LLM_API_KEY: "",
      DATABASE_URL: undefined,
      ...env,
    },
  );

describe("write-back in the terminal", () => {
  it("snooze, then the list leaves the customer out and history says who did it", async () => {
    const dir = join(tmp, "store");
    mkdirSync(dir);
    const env = { ENGAGETRACK_STORE_DIR: dir };
    const snoozed = await ask(`snooze ${top[0]} 14 days`, env);
    expect(snoozed.stderr).toBe("");
    expect(snoozed.code).toBe(0);
    expect(snoozed.stdout).toContain(`Snoozed ${top[0]} for 14 days`);

    const list = await ask("top at-risk 5", env);
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(`${top[0]} `);
    expect(list.stdout).toContain("1 snoozed customer left out of this list");

    const history = await ask(`history ${top[0]}`, env);
    expect(history.stdout).toMatch(
      new RegExp(`snoozed for 14 days \\(until [0-9-]+\\) just now by ${userInfo().username}`),
    );
  });

  it("without a store: one sentence saying what to set, exit 2, and no store folder made", async () => {
    const dir = join(tmp, "no-store");
    const run = await ask(`contacted ${top[1]}`, { ENGAGETRACK_STORE_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/DATABASE_URL/);
    expect(existsSync(dir)).toBe(false);
    // Questions that only read still work, without write-back.
    expect((await ask("top at-risk 3", { ENGAGETRACK_STORE_DIR: dir })).code).toBe(0);
  });
});

describe("follows in the terminal", () => {
  it("follow a customer and a segment, list them, unfollow: kept in the store across processes", async () => {
    const dir = join(tmp, "follow-store");
    mkdirSync(dir);
    const env = { ENGAGETRACK_STORE_DIR: dir };
    const followed = await ask(`follow ${top[0]}`, env);
    expect(followed.stderr).toBe("");
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`Following ${top[0]}`);
    const segment = await ask("follow contract=Month-to-month High", env);
    expect(segment.code).toBe(0);
    expect(segment.stdout).toContain(
      "You follow contract=Month-to-month: customers entering High (segment 1)",
    );
    expect(segment.stdout).toContain("a file in the outbox folder");

    const listed = await ask("following", env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("You follow 1 customer and watch 1 segment");
    expect(listed.stdout).toContain(top[0]);

    expect((await ask(`unfollow ${top[0]}`, env)).stdout).toContain(`Stopped following ${top[0]}`);
    expect((await ask("unfollow segment 1", env)).code).toBe(0);
    expect((await ask("following", env)).stdout).toContain("You follow no customers and have no alerts");
  });

  it("without a store: what to set, exit 2, no folder made", async () => {
    const dir = join(tmp, "no-follow-store");
    const run = await ask(`follow ${top[1]}`, { ENGAGETRACK_STORE_DIR: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/shared store: .*DATABASE_URL/);
    expect(existsSync(dir)).toBe(false);
  });
});
