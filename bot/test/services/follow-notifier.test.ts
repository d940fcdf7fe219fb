// Follow and alerts end to end: two real servers (two replicas) on one shared store, a fake Slack
// Web API, a real model; a newer snapshot in which one followed customer's risk jumps is published
// and both replicas reload it: the follower gets exactly one DM.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import type { Store } from "../../../core/src/store/index.ts";
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, testStore, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const BOB = "U0BOB";

let served: ServedModel;
let fake: FakeSlack;
let store: Store;
let a: TestServer;
let b: TestServer;
let csv: string;
/** A current customer of low risk (the one whose risk jumps), the riskiest current one, a middling one. */
let target: string;
let riskiest: string;
let steady: string;
/** A customer who churned (history). */
let churned: string;
let threshold: number;
let seq = 0;

/** Scores `file` with the served model into a new snapshot. */
async function score(file: string): Promise<void> {
  const run = await runInProcess([
    "score",
    "--model",
    served.modelDir,
    "--data",
    file,
    "--snapshots",
    served.snapshotsDir,
  ]);
  if (run.code !== 0) throw new Error(`score failed: ${run.stderr}`);
}

/** A DM to the app from `user` on replica `server`; resolves with the app's answer in its thread. */
async function dm(server: TestServer, user: string, text: string): Promise<FakeSlackCall> {
  const channel = `D${user}`;
  const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
  const { res } = await postToSlackEndpoint(
    `${server.url}/slack/events`,
    eventBody({ type: "message", channel_type: "im", channel, user, text, ts }, `Ev${seq}x${Date.now()}`),
    "application/json",
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const calls = await fake.waitFor((all) =>
    all.some((c) => c.method === "chat.postMessage" && c.body.channel === channel && c.body.thread_ts === ts),
  );
  return calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === ts)!;
}

const dmsTo = (user: string) =>
  fake.callsOf("chat.postMessage").filter((c) => c.body.channel === user && c.body.thread_ts === undefined);

function volatile(server: TestServer): Record<string, string> {
  const status = server.services.serving.status();
  return {
    [status.snapshot!.id]: "<snapshot>",
    [status.model!.hash.slice(0, 12)]: "<model>",
    [target]: "<target>",
  };
}

beforeAll(async () => {
  served = await buildServedModel({ rows: 400, seed: 11 });
  csv = join(served.dir, "customers.csv");
  const sim = await runInProcess(["data", "simulate", "--rows", "300", "--seed", "5", "--out", csv]);
  if (sim.code !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  await score(csv);
  fake = await startFakeSlack({ token: TOKEN });
  store = await testStore();
  const env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: `${ALICE},${BOB}`,
  };
  // Two replicas on one store: what two pods on one PostgreSQL are.
  a = await startTestServer(served, env, { store }, "usage-a");
  b = await startTestServer(served, env, { store }, "usage-b");
  const lease = a.services.serving.acquire();
  try {
    const snapshot = lease.snapshot;
    const ids = snapshot.table.array(snapshot.idColumn) as string[];
    const current = ids
      .map((id) => ({ id, ...snapshot.lookup(id)! }))
      .filter((c) => c.status !== "churned")
      .sort((x, y) => x.probability - y.probability);
    const low = current[0];
    const high = current[current.length - 1];
    target = low.id;
    riskiest = high.id;
    steady = current[Math.floor(current.length / 2)].id;
    churned = ids.find((id) => snapshot.lookup(id)!.status === "churned")!;
    expect(high.probability - low.probability).toBeGreaterThan(0.3);
    threshold = Math.round(((low.probability + high.probability) / 2) * 100);
  } finally {
    lease.release();
  }
}, 240_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await store?.close();
  await fake?.close();
  served?.remove();
});

describe("follow and alerts through Slack, on two replicas", () => {
  it("follow in Slack is stored and confirmed (never the customer card); an unknown ID gets the closest IDs for the same command", async () => {
    const confirmed = await dm(a, ALICE, `follow ${target}`);
    expect(String(confirmed.body.text)).toContain(`Following ${target}`);
    await expectGoldenJson("follow-confirmation", confirmed.body.blocks, volatile(a));

    const typo = `${target.slice(0, -1)}${target.endsWith("A") ? "B" : "A"}`;
    const unknown = await dm(a, ALICE, `follow ${typo}`);
    expect(String(unknown.body.text)).toContain(`no customer ${typo}; closest: ${target}`);
    const buttons = JSON.stringify(unknown.body.blocks);
    expect(buttons).toContain(`"value":"follow ${target}"`);
    expect(buttons).not.toContain("Churn risk"); // no card

    const history = await dm(a, ALICE, `follow ${churned}`);
    expect(String(history.body.text)).toContain(`${churned} has churned (history)`);

    const alert = await dm(b, ALICE, `alert me when ${target} goes above ${threshold}%`);
    expect(String(alert.body.text)).toContain(`Alert 1: ${target} goes above ${threshold}%`);
    await expectGoldenJson("alert-confirmation", alert.body.blocks, volatile(b));
    await dm(b, ALICE, `follow ${steady}`);
    await dm(a, BOB, `follow ${target}`);
    const stopped = await dm(b, BOB, `unfollow ${target}`);
    expect(String(stopped.body.text)).toContain(`Stopped following ${target}`);

    const list = await dm(a, ALICE, "following");
    const text = String(list.body.text);
    expect(text).toContain("You follow 2 customers and have 1 alert");
    expect(text).toContain(target);
    expect(text).toContain(steady);
    expect(text).toContain(`1. ${target} goes above ${threshold}%`);
    expect(String((await dm(a, BOB, "following")).body.text)).toContain("You follow no customers");
  });

  it("a newer snapshot in which the followed customer crosses the alert: exactly one DM, even with both replicas reloading it", async () => {
    // The target's row becomes the riskiest customer's (same values, own ID): same score as theirs.
    const lines = readFileSync(csv, "utf8").split("\n");
    const from = lines.find((l) => l.includes(riskiest))!;
    const at = lines.findIndex((l) => l.includes(target));
    lines[at] = from.replace(riskiest, target);
    writeFileSync(csv, lines.join("\n"));
    await score(csv);
    fake.reset();

    expect(await Promise.all([a.services.serving.reload(), b.services.serving.reload()])).toEqual([
      "swapped",
      "swapped",
    ]);
    const outcomes = await Promise.all([a.services.followsNotified(), b.services.followsNotified()]);
    expect(outcomes.reduce((n, o) => n + (o?.sent ?? 0), 0)).toBe(1);
    expect(outcomes.reduce((n, o) => n + (o?.claimedElsewhere ?? 0), 0)).toBe(1);

    const sent = dmsTo(ALICE);
    expect(sent).toHaveLength(1);
    const text = String(sent[0].body.text);
    expect(text).toContain(`${target}: churn risk`);
    expect(text).toContain(`You follow ${target}`);
    expect(text).toContain(`Alert 1: ${target} goes above ${threshold}%`);
    expect(text).not.toContain(steady); // the steady customer did not move
    await expectGoldenJson("follow-alert-dm", sent[0].body.blocks, volatile(a));
    expect(dmsTo(BOB)).toHaveLength(0); // Bob unfollowed

    // The ledger: one row per fired follow and alert, with where the message went.
    const snapshotId = a.services.serving.status().snapshot!.id;
    const rows = await store.sql.query<{ subject: string; message_ref: string | null }>(
      "select subject, message_ref from follow_notifications where snapshot_id = $1 order by subject",
      [snapshotId],
    );
    expect(rows.map((r) => r.subject.split(":")[0])).toEqual(["alert", "follow"]);
    expect(rows.every((r) => r.message_ref?.startsWith(ALICE))).toBe(true);
    const audits = [...(await a.audits()), ...(await b.audits())].filter((e) => e.action === "notify.follow");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: ALICE, surface: "slack", customerID: target });
  });

  it("unfollow stops it: after unfollowing, the next change sends nothing", async () => {
    await dm(a, ALICE, `unfollow ${target}`);
    const listed = String((await dm(b, ALICE, "following")).body.text);
    expect(listed).not.toContain(target);
    // The target drops back to the lowest risk in a newer snapshot: a band change, but nobody follows.
    const lines = readFileSync(csv, "utf8").split("\n");
    const at = lines.findIndex((l) => l.includes(target));
    const lowest = lines.find((l) => l.includes(steady))!;
    lines[at] = lowest.replace(steady, target);
    writeFileSync(csv, lines.join("\n"));
    await score(csv);
    fake.reset();
    await Promise.all([a.services.serving.reload(), b.services.serving.reload()]);
    await Promise.all([a.services.followsNotified(), b.services.followsNotified()]);
    expect(dmsTo(ALICE)).toHaveLength(0);
  });
});
