// Two `engagetrack serve` processes on one PostgreSQL database, as two replicas of the AKS
// Deployment: whatever they must agree on (cooldowns, rate limits, Slack de-duplication, digest
// slots, Teams conversations) lives in the shared store, so it holds across both.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot } from "../../core/src/snapshot/index.ts";
import { runCli } from "../../cli/test/fixtures/run-cli.ts";
import { testPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { buildServedModel, type ServedModel } from "./fixtures/served-model.ts";
import { startServeProcess, type ServeProcess } from "./fixtures/serve-process.ts";
import { AUTH, TEST_KEY } from "./fixtures/test-server.ts";
import { startFakeSlack, FAKE_BOT, type FakeSlack } from "./fixtures/fake-slack.ts";
import { eventBody, postToSlackEndpoint } from "./fixtures/slack-request.ts";
import { waitFor } from "./fixtures/wait-for.ts";

const LIMITED_KEY = "limited-key-0123456789abcdef";
const SLACK_TOKEN = "xoxb-test-0000-replicas";
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const server = await testPostgres();
const skip = "skip" in server ? server.skip : undefined;

describe.skipIf(skip !== undefined)(
  `two replicas on one PostgreSQL${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let served: ServedModel;
    let replicas: ServeProcess[] = [];
    let ids: string[];
    let fake: FakeSlack;
    const start = (name: string) =>
      startServeProcess({ ...env(), ENGAGETRACK_USAGE_LOG: join(served.dir, `usage-${name}.log`) });
    const env = () => ({
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: (server as { url: string }).url,
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_API_KEYS: `test:${TEST_KEY},limited:${LIMITED_KEY}`,
      ENGAGETRACK_API_RATE_LIMIT: "6",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
      ENGAGETRACK_CHART_SIGNING_SECRET: "chart-secret-for-tests-0123456789abcdef",
      ENGAGETRACK_DIGESTS_IN_PROCESS: "false",
    });

    beforeAll(async () => {
      served = await buildServedModel({ rows: 300, seed: 21 });
      const snapshot = await loadSnapshot(join(served.snapshotsDir, readdirSync(served.snapshotsDir)[0]));
      ids = (snapshot.actionable.array("customerID") as string[]).slice(0, 10);
      fake = await startFakeSlack({ token: SLACK_TOKEN });
      replicas = await Promise.all(["a", "b"].map(start));
    }, 180_000);

    afterAll(async () => {
      for (const r of replicas) {
        r.child.kill("SIGTERM");
        await r.exited;
      }
      served?.remove();
      await fake?.close();
      if (!("skip" in server)) await server.stop();
    });

    it("a nudge cooldown holds across both: concurrent events for one customer get one decision", async () => {
      const nudge = (r: ServeProcess, event: string) =>
        fetch(`${r.url}/v1/nudges`, {
          method: "POST",
          headers: { ...AUTH, "content-type": "application/json" },
          body: JSON.stringify({ customerID: ids[0], event }),
        }).then(async (res) => ({ status: res.status, body: await res.json() }));
      const answers = await Promise.all([nudge(replicas[0], "login"), nudge(replicas[1], "login")]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(answers.filter((a) => a.body.repeated === false)).toHaveLength(1);
      expect(answers[0].body.nudge).toEqual(answers[1].body.nudge);
      expect(answers[0].body.shownAt).toBe(answers[1].body.shownAt);
      const later = await nudge(replicas[1], "refresh");
      expect(later.body).toMatchObject({ repeated: true, shownAt: answers[0].body.shownAt });
    });

    /** The replica's count of mentions acknowledged and ignored as repeated deliveries. */
    const dedupedMentions = async (r: ServeProcess) => {
      const text = await (await fetch(`${r.url}/metrics`)).text();
      const line = text
        .split("\n")
        .find((l) => l.startsWith('engagetrack_slack_interactions_total{kind="mention",outcome="deduped"}'));
      return line ? Number(line.split(" ").pop()) : 0;
    };

    it("a signed Slack event sent to both, and replayed to one after its restart, is answered once", async () => {
      const ts = "1700000000.000100";
      const body = eventBody(
        {
          type: "app_mention",
          user: "U0ALICE",
          channel: "C0GENERAL",
          text: `<@${FAKE_BOT.userId}> help`,
          ts,
          event_ts: ts,
        },
        "EvReplicas1",
      );
      const timestamp = Math.floor(Date.now() / 1000);
      const send = (r: ServeProcess) =>
        postToSlackEndpoint(`${r.url}/slack/events`, body, "application/json", {
          secret: SLACK_SECRET,
          timestamp,
        });
      const acks = await Promise.all(replicas.map(send));
      expect(acks.map((a) => a.res.status)).toEqual([200, 200]);
      // Help goes only to the asker (chat.postEphemeral, in the thread): answered once either way.
      const answers = () =>
        [...fake.callsOf("chat.postMessage"), ...fake.callsOf("chat.postEphemeral")].filter(
          (c) => c.body.thread_ts === ts,
        );
      await fake.waitFor(() => answers().length >= 1);
      // A restart forgets nothing: the store, not the process, remembers the delivery.
      replicas[0].child.kill("SIGTERM");
      expect(await replicas[0].exited).toBe(0);
      replicas[0] = await start("a2");
      expect((await send(replicas[0])).res.status).toBe(200);
      // The restarted replica counts the replay as a repeated delivery (and so never answers it):
      // wait for that count instead of a fixed time; a replay taken for new would never be counted.
      await waitFor(async () => (await dedupedMentions(replicas[0])) === 1, 30_000, "the replay's dedupe");
      expect(answers()).toHaveLength(1);
    });

    it("a rate limit of 6 a minute holds across both: 12 requests alternating between them, 6 answered", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${replicas[i % 2].url}/v1/customers/${ids[1]}`, {
          headers: { authorization: `Bearer ${LIMITED_KEY}` },
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(6);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    });
  },
);

describe("the embedded store serves one process", () => {
  it("a second engagetrack serve on the same store folder stops with one sentence, exit 2", async () => {
    const served = await buildServedModel({ rows: 200, seed: 5 });
    const env = {
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_STORE_DIR: join(served.dir, "store"),
      ENGAGETRACK_DIGESTS_IN_PROCESS: "false",
    };
    const first = await startServeProcess({ ...env, ENGAGETRACK_USAGE_LOG: join(served.dir, "first.log") });
    try {
      const second = await runCli(["serve"], {
        ...env,
        PORT: "0",
        ENGAGETRACK_USAGE_LOG: join(served.dir, "second.log"),
      });
      expect(second.code).toBe(2);
      const since = /since ([^)]+)\)/.exec(second.stderr)?.[1];
      expect(second.stderr.trim()).toBe(
        `engagetrack: the embedded store ${join(served.dir, "store")} is in use by process ${first.child.pid} (engagetrack serve, since ${since}); it serves one process at a time: stop that process, or set DATABASE_URL to a PostgreSQL server both can share.`,
      );
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      served.remove();
    }
  });
});
