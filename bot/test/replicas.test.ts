// Two `engagetrack serve` processes on one PostgreSQL database, as two replicas of the AKS
// Deployment: whatever they must agree on (cooldowns, rate limits, Slack de-duplication, digest
// slots, Teams conversations) lives in the shared store, so it holds across both.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSnapshot } from "../../core/src/snapshot/index.ts";
import { runCli } from "../../core/test/fixtures/run-cli.ts";
import { testPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { buildServedModel, type ServedModel } from "./fixtures/served-model.ts";
import { startServeProcess, type ServeProcess } from "./fixtures/serve-process.ts";
import { AUTH, TEST_KEY } from "./fixtures/test-server.ts";

const LIMITED_KEY = "limited-key-0123456789abcdef";
const server = await testPostgres();
const skip = "skip" in server ? server.skip : undefined;

describe.skipIf(skip !== undefined)(
  `two replicas on one PostgreSQL${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let served: ServedModel;
    let replicas: ServeProcess[] = [];
    let ids: string[];
    const env = () => ({
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
      replicas = await Promise.all(
        ["a", "b"].map((name) =>
          startServeProcess({ ...env(), ENGAGETRACK_USAGE_LOG: join(served.dir, `usage-${name}.log`) }),
        ),
      );
    }, 180_000);

    afterAll(async () => {
      for (const r of replicas) {
        r.child.kill("SIGTERM");
        await r.exited;
      }
      served?.remove();
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
