// Segment follows and alerts end to end (issue 20): two real servers (two replicas) on one shared
// store, a fake Slack Web API, a real model. "This channel follows contract=<c> High" in a channel,
// a personal segment follow in a DM, and a channel alert on the segment's mean churn risk; then
// newer snapshots in which customers of the segment enter High (their rows become the riskiest
// customer's) are published and both replicas reload each one.
//
// The alert rule (`above`): it fires when the segment's mean risk is below p% in the previous
// snapshot and at or above it in the new one — once; not again while it stays above; again only
// after a snapshot below p% and a new crossing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { openSnapshotStore, type Snapshot } from "../../../core/src/snapshot/index.ts";
import type { Store } from "../../../core/src/store/index.ts";
import { FAKE_BOT, startFakeSlack, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, testStore, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const BOB = "U0BOB";
const CS = "C0CUSTSUCCESS";

let served: ServedModel;
let fake: FakeSlack;
let store: Store;
let a: TestServer;
let b: TestServer;
let csv: string;
let original: string[];
/** The riskiest current customer, whose row the entering customers take. */
let riskiest: string;
/** The segment: the riskiest customer's contract. */
let contract: string;
/** Two current customers below the band who enter it within the segment. */
let entering: [string, string];
/** A third, for after the unfollow. */
let third: string;
/** Customers outside the segment whose rows vary so every snapshot's data differs. */
let outside: [string, string, string, string];
let threshold: number;
/** The band followed: the riskiest customer's. */
let band: string;
let seq = 0;

async function score(lines: string[]): Promise<Snapshot> {
  writeFileSync(csv, lines.join("\n"));
  const run = await runInProcess([
    "score",
    "--model",
    served.modelDir,
    "--data",
    csv,
    "--snapshots",
    served.snapshotsDir,
  ]);
  if (run.code !== 0) throw new Error(`score failed: ${run.stderr}`);
  return (await openSnapshotStore(served.snapshotsDir).latest())!;
}

/** `lines` with each `[who, from]` customer's row replaced by `from`'s values under `who`'s ID. */
function withRows(lines: string[], ...swaps: Array<[string, string]>): string[] {
  const out = [...lines];
  for (const [who, from] of swaps) {
    const at = out.findIndex((l) => l.startsWith(`${who},`));
    const source = lines.find((l) => l.startsWith(`${from},`))!;
    out[at] = `${who},${source.slice(from.length + 1)}`;
  }
  return out;
}

/** The segment's mean churn probability over customers to act on, computed here row by row. */
function meanRisk(snapshot: Snapshot): number {
  const ids = snapshot.table.array(snapshot.idColumn) as string[];
  let sum = 0;
  let n = 0;
  for (const id of ids) {
    const c = snapshot.lookup(id)!;
    if (c.status === "churned" || (c.customer as Record<string, unknown>).Contract !== contract) continue;
    sum += c.probability;
    n++;
  }
  return sum / n;
}

/** A message from `user` on replica `server` (a DM, or a mention in a channel); resolves with the answer. */
async function say(server: TestServer, user: string, channel: string, text: string): Promise<FakeSlackCall> {
  const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
  const event = channel.startsWith("D")
    ? { type: "message", channel_type: "im", channel, user, text, ts }
    : { type: "app_mention", channel, user, text: `<@${FAKE_BOT.userId}> ${text}`, ts, event_ts: ts };
  const { res } = await postToSlackEndpoint(
    `${server.url}/slack/events`,
    eventBody(event, `Ev${seq}x${Date.now()}`),
    "application/json",
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const answered = (c: FakeSlackCall) =>
    c.method === "chat.postMessage" && c.body.channel === channel && c.body.thread_ts === ts;
  const calls = await fake.waitFor((all) => all.some(answered));
  return calls.find(answered)!;
}

/** Messages posted to `channel` (a channel, or a user's DM) outside any thread: the notifications. */
const postsTo = (channel: string) =>
  fake
    .callsOf("chat.postMessage")
    .filter((c) => c.body.channel === channel && c.body.thread_ts === undefined);

async function reloadBoth() {
  fake.reset();
  expect(await Promise.all([a.services.serving.reload(), b.services.serving.reload()])).toEqual([
    "swapped",
    "swapped",
  ]);
  const outcomes = await Promise.all([a.services.followsNotified(), b.services.followsNotified()]);
  return {
    sent: outcomes.reduce((n, o) => n + (o?.sent ?? 0), 0),
    claimedElsewhere: outcomes.reduce((n, o) => n + (o?.claimedElsewhere ?? 0), 0),
    failed: outcomes.reduce((n, o) => n + (o?.failed ?? 0), 0),
  };
}

function volatile(server: TestServer): Record<string, string> {
  const status = server.services.serving.status();
  return {
    [status.snapshot!.id]: "<snapshot>",
    [status.model!.hash.slice(0, 12)]: "<model>",
    [entering[0]]: "<entering-1>",
    [entering[1]]: "<entering-2>",
  };
}

beforeAll(async () => {
  served = await buildServedModel({ rows: 400, seed: 11 });
  csv = join(served.dir, "customers.csv");
  const sim = await runInProcess(["data", "simulate", "--rows", "300", "--seed", "5", "--out", csv]);
  if (sim.code !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  original = readFileSync(csv, "utf8").split("\n");
  const first = await score(original);
  fake = await startFakeSlack({ token: TOKEN });
  store = await testStore();
  const env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: `${ALICE},${BOB}`,
  };
  a = await startTestServer(served, env, { store }, "usage-a");
  b = await startTestServer(served, env, { store }, "usage-b");
  const ids = first.table.array(first.idColumn) as string[];
  const current = ids
    .map((id) => ({ id, ...first.lookup(id)! }))
    .filter((c) => c.status !== "churned")
    .sort((x, y) => x.probability - y.probability);
  const top = current[current.length - 1];
  riskiest = top.id;
  // The riskiest customer's band (this small model's riskiest may be Medium): the band followed.
  band = top.band;
  contract = String((top.customer as Record<string, unknown>).Contract);
  const low = current.filter((c) => c.band !== band);
  entering = [low[0].id, low[1].id];
  third = low[2].id;
  const others = current.filter(
    (c) =>
      (c.customer as Record<string, unknown>).Contract !== contract &&
      ![riskiest, ...entering, third].includes(c.id),
  );
  outside = [others[0].id, others[1].id, others[2].id, others[3].id];
}, 240_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await store?.close();
  await fake?.close();
  served?.remove();
});

describe("segment follows and alerts through Slack, on two replicas", () => {
  it("a channel follows a segment, a user follows one in a DM, and following lists them with numbers", async () => {
    const confirmed = await say(a, ALICE, CS, `this channel follows contract=${contract} ${band}`);
    expect(String(confirmed.body.text)).toContain(
      `This channel follows contract=${contract}: customers entering ${band} (segment 1)`,
    );
    await expectGoldenJson("segment-follow-confirmation", confirmed.body.blocks, volatile(a));

    const mine = await say(b, ALICE, `D${ALICE}`, `follow contract=${contract} ${band}`);
    expect(String(mine.body.text)).toContain(`You follow contract=${contract}: customers entering ${band}`);
    // Bob follows it too, then stops: he is told nothing.
    await say(a, BOB, `D${BOB}`, `follow contract=${contract} customers`);
    const stopped = await say(b, BOB, `D${BOB}`, "unfollow segment 1");
    expect(String(stopped.body.text)).toContain(`Stopped: contract=${contract}: customers entering High`);

    // Anyone in the channel sees the channel's follow (Bob did not set it).
    const listed = await say(b, BOB, CS, "following");
    expect(String(listed.body.text)).toContain(
      `1. contract=${contract}: customers entering ${band} (this channel)`,
    );
    const own = String((await say(a, ALICE, `D${ALICE}`, "following")).body.text);
    expect(own).toContain(`1. contract=${contract}: customers entering ${band} — now`);
    expect(own).not.toContain("(this channel)");
  });

  it("customers entering the band in the segment: exactly one channel post and one DM, even with both replicas reloading; the mean crossing p% alerts once", async () => {
    const before = a.services.serving.acquire();
    const m1 = meanRisk(before.snapshot);
    before.release();
    const second = await score(withRows(original, [entering[0], riskiest], [entering[1], riskiest]));
    const m2 = meanRisk(second);
    expect(m2 - m1).toBeGreaterThan(0.002);
    threshold = Number((((m1 + m2) / 2) * 100).toFixed(2));
    expect(m1 * 100).toBeLessThan(threshold);
    expect(m2 * 100).toBeGreaterThanOrEqual(threshold);
    const alert = await say(
      a,
      BOB,
      CS,
      `alert this channel when contract=${contract} goes above ${threshold}%`,
    );
    expect(String(alert.body.text)).toContain(
      `Segment alert 2: contract=${contract} mean churn risk goes above ${threshold}%`,
    );
    await expectGoldenJson("segment-alert-confirmation", alert.body.blocks, volatile(a));
    const list = await say(a, ALICE, CS, "following");
    await expectGoldenJson("following-with-segments", list.body.blocks, volatile(a));

    expect(await reloadBoth()).toEqual({ sent: 3, claimedElsewhere: 3, failed: 0 });
    const posts = postsTo(CS);
    expect(posts).toHaveLength(2);
    const follow = posts.find((p) => String(p.body.text).includes(`entered ${band}`))!;
    const text = String(follow.body.text);
    expect(text).toContain(`contract=${contract}: 2 customers entered ${band}`);
    expect(text).toContain(entering[0]);
    expect(text).toContain(entering[1]);
    expect(text).toContain("This channel follows");
    expect(text).toContain("simulated data");
    await expectGoldenJson("segment-follow-channel-post", follow.body.blocks, volatile(a));
    const crossed = posts.find((p) => p !== follow)!;
    expect(String(crossed.body.text)).toContain(`contract=${contract}: mean churn risk`);
    expect(String(crossed.body.text)).toContain(`goes above ${threshold}%`);
    await expectGoldenJson("segment-alert-channel-post", crossed.body.blocks, volatile(a));
    expect(postsTo(ALICE)).toHaveLength(1);
    expect(postsTo(BOB)).toHaveLength(0);

    const snapshotId = a.services.serving.status().snapshot!.id;
    const rows = await store.sql.query<{ subject: string; message_ref: string | null }>(
      "select subject, message_ref from follow_notifications where snapshot_id = $1 order by subject",
      [snapshotId],
    );
    expect(rows.map((r) => r.subject.split(":")[0])).toEqual([
      "segment-alert",
      "segment-follow",
      "segment-follow",
    ]);
    expect(rows.every((r) => r.message_ref !== null)).toBe(true);
    const audits = [...(await a.audits()), ...(await b.audits())].filter(
      (e) => e.action === "notify.segment",
    );
    expect(audits).toHaveLength(3);
  });

  it("the alert does not fire again while the mean stays above p%, nor when it drops; it fires on the next crossing", async () => {
    // Still above (only a customer outside the segment changed): nobody entered, nothing crossed.
    await score(
      withRows(original, [entering[0], riskiest], [entering[1], riskiest], [outside[0], outside[1]]),
    );
    expect(await reloadBoth()).toEqual({ sent: 0, claimedElsewhere: 0, failed: 0 });
    expect(postsTo(CS)).toHaveLength(0);
    // Back below p%: the two leave the band; leaving alone is not told.
    const below = await score(withRows(original, [outside[0], outside[2]]));
    expect(meanRisk(below) * 100).toBeLessThan(threshold);
    expect(await reloadBoth()).toEqual({ sent: 0, claimedElsewhere: 0, failed: 0 });
    // Crossing again: the alert fires again, and the follow names the two who entered again.
    await score(
      withRows(original, [entering[0], riskiest], [entering[1], riskiest], [outside[0], outside[3]]),
    );
    expect(await reloadBoth()).toMatchObject({ sent: 3, failed: 0 });
    expect(postsTo(CS)).toHaveLength(2);
  });

  it("unfollow stops it: after the channel unfollows, a customer entering the band is told to nobody in the channel", async () => {
    const stopped = await say(b, BOB, CS, `unfollow contract=${contract} ${band}`);
    expect(String(stopped.body.text)).toContain("Stopped 2 segment follows and alerts");
    expect(String((await say(a, ALICE, CS, "following")).body.text)).not.toContain("(this channel)");
    await score(
      withRows(
        original,
        [entering[0], riskiest],
        [entering[1], riskiest],
        [third, riskiest],
        [outside[1], outside[2]],
      ),
    );
    const told = await reloadBoth();
    expect(postsTo(CS)).toHaveLength(0);
    expect(postsTo(ALICE)).toHaveLength(1); // her own follow still runs
    expect(told).toMatchObject({ sent: 1, failed: 0 });
  });
});
