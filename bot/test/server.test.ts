// The one server as a whole: snapshot hot reload (with leases across swaps and a retrained model),
// `engagetrack serve` as a real process (start without credentials, SIGTERM drain, config errors).
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChurnModel, type ChurnModel } from "../../core/src/score/index.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { runCli } from "../../cli/test/fixtures/run-cli.ts";
import { runInProcess } from "../../cli/test/fixtures/run-in-process.ts";
import { buildServedModel, publishSnapshot, type ServedModel } from "./fixtures/served-model.ts";
import { createServices, LISTENERS, serverConfigFrom, startServer, type Listener } from "../server.ts";
import { startServeProcess } from "./fixtures/serve-process.ts";
import { AUTH, TEST_KEY, startTestServer } from "./fixtures/test-server.ts";
import { waitFor } from "./fixtures/wait-for.ts";

let served: ServedModel;
beforeAll(async () => {
  served = await buildServedModel();
}, 120_000);
afterAll(() => served?.remove());

const customerIDs = async (dir: string, id?: string) => {
  const store = openSnapshotStore(dir);
  const snapshot = id ? await store.open(id) : (await store.latest())!;
  return new Set(snapshot.table.array("customerID") as string[]);
};

describe("snapshot hot reload", () => {
  it("serves a newly published snapshot without a restart; leased requests keep theirs; a retrained model comes with its snapshot", async () => {
    // Every model the server opens, and whether it was released.
    const models = new Map<ChurnModel, boolean>();
    const openModel = async (dir: string): Promise<ChurnModel> => {
      const model = await openChurnModel(dir);
      const wrapped: ChurnModel = {
        ...model,
        release: async () => {
          models.set(wrapped, true);
          await model.release();
        },
      };
      models.set(wrapped, false);
      return wrapped;
    };
    const open = () => [...models.values()].filter((released) => !released).length;
    const s = await startTestServer(
      served,
      { ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0.2" },
      { openModel },
      "reload",
    );
    try {
      const first = s.services.serving.status().snapshot!.id;
      const before = await customerIDs(served.snapshotsDir);
      const csv = join(served.dir, "customers-77.csv");
      await runInProcess(["data", "simulate", "--rows", "500", "--seed", "77", "--out", csv]);
      // A customer only the new snapshot has.
      const { readFileSync } = await import("node:fs");
      const newcomer = readFileSync(csv, "utf8")
        .split("\n")
        .slice(1)
        .map((l) => l.split(",")[0])
        .find((id) => id && !before.has(id))!;
      const get = (id: string) => fetch(`${s.url}/v1/customers/${id}`, { headers: AUTH });
      expect((await get(newcomer)).status).toBe(404);

      const lease = s.services.serving.acquire(); // an in-flight request
      await publishSnapshot(served, 77);
      await waitFor(async () => (await get(newcomer)).status === 200, 20_000, "the new snapshot");
      const second = s.services.serving.status().snapshot!.id;
      expect(second).not.toBe(first);
      expect((await (await get(newcomer)).json()).snapshot.id).toBe(second);
      expect((await (await fetch(`${s.url}/readyz`)).json()).snapshot.id).toBe(second);
      // The old lease still reads the old snapshot; the model (same hash) was not reopened.
      expect(lease.snapshot.manifest.id).toBe(first);
      expect(lease.snapshot.lookup([...before][0])).toBeDefined();
      lease.release();
      expect([models.size, open()]).toEqual([1, 1]);

      // A snapshot scored by a model that is not in ENGAGETRACK_MODEL_DIR: refused, the older one keeps serving.
      const otherModel = join(served.dir, "model-b");
      const trained = await runInProcess([
        "train",
        "--data",
        csv,
        "--seed",
        "9",
        "--name",
        "model",
        "--out",
        otherModel,
      ]);
      expect(trained.code).toBe(0);
      const held = s.services.serving.acquire();
      const scored = await runInProcess([
        "score",
        "--model",
        otherModel,
        "--data",
        csv,
        "--snapshots",
        served.snapshotsDir,
      ]);
      expect(scored.code).toBe(0);
      await waitFor(() => s.services.serving.status().reason !== null, 20_000, "the refused reload");
      const ready = await (await fetch(`${s.url}/readyz`)).json();
      expect(ready.status).toBe("ready");
      expect(ready.snapshot.id).toBe(second);
      expect(ready.warning).toMatch(
        /was scored by model model \([0-9a-f]{12}\), but .*model holds model \([0-9a-f]{12}\)/,
      );
      expect((await get(newcomer)).status).toBe(200);
      // The model directory was checked once for that snapshot, not at every poll.
      await new Promise((r) => setTimeout(r, 600));
      expect([models.size, open()]).toEqual([2, 1]);

      // Deploy the retrained model: the next poll serves its snapshot with it; the old model is
      // released once the last request holding it is done.
      for (const f of readdirSync(otherModel)) copyFileSync(join(otherModel, f), join(served.modelDir, f));
      await waitFor(() => s.services.serving.status().snapshot!.id !== second, 20_000, "the retrained model");
      const insight = await (await get(newcomer)).json();
      expect(insight.model.hash).not.toBe(held.model.hash);
      expect(s.services.serving.status().reason).toBeNull();
      expect(models.get(held.model)).toBe(false);
      held.release();
      await waitFor(() => models.get(held.model) === true, 5000, "the old model's release");
      expect(open()).toBe(1);
      const metrics = await (await fetch(`${s.url}/metrics`)).text();
      expect(metrics).toContain('engagetrack_snapshot_reloads_total{outcome="swapped"} 3');
      expect(metrics).toMatch(/engagetrack_snapshot_reloads_total\{outcome="failed"\} [1-9]/);
    } finally {
      await s.close();
    }
    expect(open()).toBe(0); // close() released the model still serving
  });
});

describe("listeners", () => {
  it("an adapter mounts its endpoint and hooks beside the API; an answer sent after its handler returned is measured", async () => {
    const events: string[] = [];
    const adapter: Listener = (app) => {
      app.onStart(() => void events.push("start"));
      app.onClose(() => void events.push("close"));
      app.route({
        method: "POST",
        path: "/slack/events",
        name: "slack-events",
        // Like Bolt's receiver: reads the raw body itself and answers later.
        handle({ req, res }) {
          let raw = "";
          req.on("data", (d: Buffer) => (raw += d.toString()));
          req.on("end", () =>
            setTimeout(() => {
              res.writeHead(202, { "content-type": "text/plain" });
              res.end(`got ${raw.length} bytes`);
            }, 150),
          );
        },
      });
    };
    const config = serverConfigFrom({
      PORT: "0",
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "listeners.log"),
      ENGAGETRACK_STORE_DIR: "memory",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
    });
    const services = await createServices(config, { logStream: { write: () => {} } });
    const server = await startServer(config, services, { listeners: [...LISTENERS, adapter] });
    try {
      expect(events).toEqual(["start"]);
      const res = await fetch(`${server.url}/slack/events`, { method: "POST", body: "payload=1" });
      expect([res.status, await res.text()]).toEqual([202, "got 9 bytes"]);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain(
        'engagetrack_http_requests_total{route="slack-events",method="POST",status="202"} 1',
      );
      const sum =
        /engagetrack_http_request_duration_seconds_sum\{route="slack-events",method="POST",status="202"\} ([\d.]+)/.exec(
          metrics,
        );
      expect(Number(sum![1])).toBeGreaterThanOrEqual(0.14);
      expect(() => server.app.route({ method: "POST", path: "/slack/events", handle: () => {} })).toThrow(
        "route already mounted: POST /slack/events",
      );
    } finally {
      await server.close();
      await services.close();
    }
    expect(events).toEqual(["start", "close"]);
  });
});

describe("engagetrack serve", () => {
  it("starts with no credentials and no snapshot, prints how to try it, reports not ready, exits 0 on SIGINT", async () => {
    const empty = join(served.dir, "no-snapshots-yet");
    mkdirSync(empty, { recursive: true });
    const p = await startServeProcess({
      ENGAGETRACK_MODEL_DIR: join(served.dir, "no-model"),
      ENGAGETRACK_SNAPSHOTS_DIR: empty,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-empty.log"),
      ENGAGETRACK_API_KEYS: "",
      ENGAGETRACK_CHART_SIGNING_SECRET: "",
      LLM_API_KEY: "",
    });
    const banner = p.stderr();
    expect(banner).toContain(`not ready yet: no snapshot in ${empty} yet: run \`npm start\``);
    expect(banner).toContain("refuses every request until API keys are set");
    expect(p.stdout()).toContain("ENGAGETRACK_CHART_SIGNING_SECRET is not set");
    const ready = await fetch(`${p.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
    p.child.kill("SIGINT");
    expect(await p.exited).toBe(0);
  });

  it("SIGTERM: stops accepting, lets the in-flight request finish, releases everything, exits 0", async () => {
    const p = await startServeProcess({
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-drain.log"),
      ENGAGETRACK_API_KEYS: `shop:${TEST_KEY}`,
    });
    const banner = p.stderr();
    expect(banner).toContain("serving snapshot");
    expect(banner).toContain("sed -n 's/^shop://p'");
    expect(banner).not.toContain(TEST_KEY);
    const id = /\/v1\/customers\/(\S+)/.exec(banner)![1];

    // A slow client: the body arrives in two parts, with SIGTERM in between.
    const body = JSON.stringify({ customerID: id, event: "login" });
    const { port } = new URL(p.url);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/v1/nudges",
          headers: { ...AUTH, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on("error", reject);
      req.write(body.slice(0, 10));
      void (async () => {
        await inFlight(p.url, 1);
        p.child.kill("SIGTERM");
        await waitFor(() => p.stdout().includes("draining in-flight requests"), 10_000, "draining");
        // No new connections while draining.
        await expect(fetch(`${p.url}/healthz`)).rejects.toThrow();
        req.end(body.slice(10));
      })().catch(reject);
    });
    const answer = await response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ customerID: id, event: "login", repeated: false });
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain('"inFlight":1,"msg":"draining in-flight requests"');
    expect(p.stdout()).toContain('"msg":"stopped"');
    expect(p.stdout()).not.toContain(TEST_KEY);
  });

  it("SIGTERM with a request that never finishes: gives up after the shutdown timeout and exits 0", async () => {
    const p = await startServeProcess({
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-timeout.log"),
      ENGAGETRACK_API_KEYS: `shop:${TEST_KEY}`,
      ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS: "1",
    });
    const { port } = new URL(p.url);
    const req = request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/v1/nudges",
      headers: { ...AUTH, "content-type": "application/json", "content-length": 100 },
    });
    req.on("error", () => {});
    req.write("{");
    await inFlight(p.url, 1);
    const started = Date.now();
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(p.stdout()).toContain("shutdown timeout: closing connections with requests still in flight");
  });

  it("refuses to start on bad settings, listing every one, exit 2", async () => {
    const run = await runCli(["serve"], {
      PORT: "99999",
      HOST: "not a host",
      ENGAGETRACK_API_KEYS: "shop",
      ENGAGETRACK_API_RATE_LIMIT: "lots",
      ENGAGETRACK_CHART_SIGNING_SECRET: "short-secret",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "soon",
      ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: "-5",
    });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toBe("engagetrack: invalid configuration (7 settings):");
    for (const name of [
      "PORT",
      "HOST",
      "ENGAGETRACK_API_KEYS",
      "ENGAGETRACK_API_RATE_LIMIT",
      "ENGAGETRACK_CHART_SIGNING_SECRET",
      "ENGAGETRACK_SNAPSHOT_POLL_SECONDS",
      "ENGAGETRACK_NUDGE_COOLDOWN_SECONDS",
    ]) {
      expect(lines.filter((l) => l.startsWith(`  - ${name}=`))).toHaveLength(1);
    }
    expect(run.stderr).not.toContain("short-secret");
  });

  it("a port in use is a start-up error naming PORT and HOST, exit 2", async () => {
    const first = await startServeProcess({
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-port.log"),
    });
    try {
      const port = new URL(first.url).port;
      const run = await runCli(["serve"], {
        PORT: port,
        ENGAGETRACK_MODEL_DIR: served.modelDir,
        ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
        ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-port2.log"),
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`PORT=${port} HOST=127.0.0.1: cannot listen there (EADDRINUSE)`);
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
    }
  });
});

/** Waits until the server handles `n` requests besides the /metrics request asking. */
async function inFlight(url: string, n: number): Promise<void> {
  await waitFor(
    async () =>
      (await (await fetch(`${url}/metrics`)).text()).includes(
        `engagetrack_http_requests_in_flight ${n + 1}\n`,
      ),
    10_000,
    `${n} request(s) in flight`,
  );
}
