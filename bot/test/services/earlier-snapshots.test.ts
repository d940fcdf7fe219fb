// "What changed" through the real server and Slack: the server reads earlier snapshots of the
// serving snapshot's lineage from its snapshots folder (createEarlierSnapshots): after a newer
// snapshot of the same customers is published and swapped in, a DM "what changed" compares it
// with the newest earlier snapshot of the same lineage (the one served before).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { createEarlierSnapshots } from "../../services/earlier-snapshots.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";

let served: ServedModel;
let fake: FakeSlack;
let s: TestServer;
let csv: string;
let seq = 0;

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

async function dm(text: string) {
  const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
  const { res } = await postToSlackEndpoint(
    `${s.url}/slack/events`,
    eventBody(
      { type: "message", channel_type: "im", channel: `D${ALICE}`, user: ALICE, text, ts },
      `EvChg${seq}`,
    ),
    "application/json",
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const calls = await fake.waitFor((all) =>
    all.some((c) => c.method === "chat.postMessage" && c.body.thread_ts === ts),
  );
  return calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === ts)!;
}

beforeAll(async () => {
  served = await buildServedModel({ rows: 400, seed: 3 });
  csv = join(served.dir, "customers.csv");
  const sim = await runInProcess(["data", "simulate", "--rows", "300", "--seed", "9", "--out", csv]);
  if (sim.code !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  await score(csv);
  fake = await startFakeSlack({ token: TOKEN });
  s = await startTestServer(served, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: ALICE,
  });
}, 240_000);
afterAll(async () => {
  await s?.close();
  await fake?.close();
  served?.remove();
});

describe("what changed, on the server", () => {
  it("compares the serving snapshot with the newest earlier one of its lineage", async () => {
    const first = s.services.serving.status().snapshot!.id;
    // A week later: every month-to-month customer's row is the same, every one-year customer
    // moves to month-to-month (their risk rises).
    writeFileSync(csv, readFileSync(csv, "utf8").replace(/,One year,/g, ",Month-to-month,"));
    await score(csv);
    expect(await s.services.serving.reload()).toBe("swapped");
    const second = s.services.serving.status().snapshot!.id;
    expect((await s.services.earlier.list()).map((m) => m.id).slice(0, 2)).toEqual([second, first]);

    const answer = await dm("what changed?");
    const text = String(answer.body.text);
    expect(text).toContain(`(snapshot ${first})`);
    expect(text).toMatch(/\d+ newly High/);
    await expectGoldenJson("changes-slack", answer.body.blocks, {
      [first]: "<previous>",
      [second]: "<snapshot>",
    });
  });

  it("opens each earlier snapshot once while it is among the last two asked about", async () => {
    let opened = 0;
    const earlier = createEarlierSnapshots(
      { history: async () => [] },
      { open: async (id: string) => (opened++, { id }) as never },
    );
    await Promise.all([earlier.open("a"), earlier.open("a")]);
    await earlier.open("b");
    await earlier.open("a");
    expect(opened).toBe(2);
    await earlier.open("c"); // drops b (least recently used)
    await earlier.open("b");
    expect(opened).toBe(4);
  });
});
