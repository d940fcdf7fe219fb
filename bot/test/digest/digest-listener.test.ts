import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  digestListener,
  digestListenerFrom,
  digestSettingsFrom,
  type DigestTimer,
} from "../../digest/index.ts";
import { ServerConfigError, serverConfigFrom } from "../../server-config.ts";
import { LISTENERS, startServer } from "../../server.ts";
import { createServices } from "../../services/index.ts";
import { startServeProcess } from "../fixtures/serve-process.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { waitFor } from "../fixtures/wait-for.ts";
import { weekly } from "./digest-world.ts";

let served: ServedModel;
beforeAll(async () => {
  served = await buildServedModel({ rows: 800 });
});
afterAll(() => served?.remove());

/** A timer the test moves by hand: `advance` fires what falls due, in time order. */
function manualTimer(start: number) {
  let now = start;
  let next = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timer: DigestTimer = {
    now: () => now,
    setTimeout(fn, ms) {
      pending.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await new Promise((r) => setTimeout(r, 0));
    }
    now = until;
  };
  return { timer, advance, pending };
}

describe("the server's digest listener", () => {
  it("sends at start and at each fire time from the serving snapshot, and counts deliveries in /metrics", async () => {
    const { timer, advance } = manualTimer(Date.parse("2026-07-08T12:00:00Z"));
    const outbox = join(served.dir, "outbox");
    const config = serverConfigFrom({
      PORT: "0",
      HOST: "127.0.0.1",
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "usage-digests.log"),
      ENGAGETRACK_STORE_DIR: "memory",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
      ENGAGETRACK_CHART_SIGNING_SECRET: "chart-secret-for-tests-0123456789abcdef",
    });
    const logs: string[] = [];
    const services = await createServices(config, {
      logStream: { write: (line: string) => void logs.push(line) },
      clock: timer.now,
    });
    const settings = digestSettingsFrom({
      ENGAGETRACK_DIGEST_OUTBOX: outbox,
      ENGAGETRACK_DIGEST_START_DELAY_SECONDS: "0",
    });
    const server = await startServer(config, services, {
      listeners: [...LISTENERS, digestListener(settings, weekly([{ type: "outbox" }]), timer)],
    });
    try {
      const folder = join(outbox, "weekly");
      const digests = () =>
        existsSync(folder)
          ? readdirSync(folder)
              .filter((f) => f.endsWith(".md"))
              .sort()
          : [];
      await waitFor(() => digests().length === 1, 30_000, "the start digest");
      expect(digests()).toEqual(["2026-07-06T07-00-00Z.md"]);
      const md = readFileSync(join(folder, "2026-07-06T07-00-00Z.md"), "utf8");
      // The served snapshot scored the training data itself: its drift from the training profile is nil.
      expect(md).toMatch(
        /Every scored customer compared with training data \(800 customers, sha256 [0-9a-f]{8}…\): score drift PSI 0\.00\d \(stable\)/,
      );
      expect(md).toContain("No input drifted beyond PSI 0.2.");
      expect(md).toContain("Calibration on 800 customers with known outcomes");

      // The next fire time is set when the run has finished, not when its file appears: wait for
      // that, or the clock moves before the timer exists (a race that depends on load).
      await waitFor(
        () => logs.some((l) => l.includes('"msg":"digest run finished"')),
        30_000,
        "the start run's end",
      );
      await advance(5 * 24 * 3600_000); // to Monday 13 July, 12:00
      await waitFor(() => digests().length === 2, 30_000, "the next week's digest");
      const next = readFileSync(join(folder, "2026-07-13T07-00-00Z.md"), "utf8");
      expect(next).toContain("No new snapshot since the last digest here (2026-07-06 07:00 UTC)");

      await waitFor(
        () => logs.filter((l) => l.includes('"msg":"digest run finished"')).length === 2,
        10_000,
        "run log",
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/engagetrack_digest_deliveries_total\{type="outbox",status="sent"\} 2/);
      // The ledger is the server's shared store: both slots claimed and recorded there.
      expect(
        await services.store.sql.query(
          "select r.slot, r.status from digest_results r join digest_claims c using (schedule, slot, destination, attempt) order by r.slot",
        ),
      ).toEqual([
        { slot: "2026-07-06T07:00:00Z", status: "sent" },
        { slot: "2026-07-13T07:00:00Z", status: "sent" },
      ]);
      expect(logs.some((l) => l.includes('"msg":"digests scheduled in process"'))).toBe(true);
    } finally {
      await server.close();
      await services.close();
    }
  });

  it("mounts nothing when ENGAGETRACK_DIGESTS_IN_PROCESS=false, and refuses bad settings before listening", () => {
    const hooks: string[] = [];
    const lines: string[] = [];
    const app = {
      services: { logger: { info: (m: string) => void lines.push(m) } },
      onStart: (hook: () => void) => {
        hooks.push("start");
        hook();
      },
      onClose: () => void hooks.push("close"),
    };
    digestListenerFrom({ ENGAGETRACK_DIGESTS_IN_PROCESS: "false" })(app as never);
    expect(hooks).toEqual(["start"]);
    expect(lines[0]).toContain("in-process scheduler off");

    const bad = join(served.dir, "digests-bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        schedules: [{ name: "w", cron: "0 8 * *", timeZone: "UTC", destinations: [{ type: "outbox" }] }],
      }),
    );
    expect(() => digestListenerFrom({ ENGAGETRACK_DIGESTS: bad })).toThrow(ServerConfigError);
    expect(() => digestListenerFrom({ ENGAGETRACK_DIGESTS: bad })).toThrow(
      `ENGAGETRACK_DIGESTS="${bad}": invalid digests config ${bad}: schedules.0.cron: invalid cron expression: "0 8 * *"`,
    );
    expect(() =>
      digestListenerFrom({ ENGAGETRACK_DIGEST_LEASE_SECONDS: "0", SLACK_BOT_TOKEN: "nope" }),
    ).toThrow(/ENGAGETRACK_DIGEST_LEASE_SECONDS="0": .*\n.*SLACK_BOT_TOKEN=\(hidden\)/);
  });

  it("runs inside `engagetrack serve` by default, and a bad digests file stops it before it listens", async () => {
    const outbox = join(served.dir, "serve-outbox");
    const env = {
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_USAGE_LOG: join(served.dir, "serve-digests.log"),
      ENGAGETRACK_DIGEST_OUTBOX: outbox,
      ENGAGETRACK_DIGEST_START_DELAY_SECONDS: "0",
      ENGAGETRACK_DIGESTS: "",
      ENGAGETRACK_DIGESTS_IN_PROCESS: "",
    };
    const p = await startServeProcess(env);
    try {
      await waitFor(
        () =>
          existsSync(join(outbox, "weekly")) &&
          readdirSync(join(outbox, "weekly")).some((f) => f.endsWith(".md")),
        60_000,
        "the in-process digest",
      );
      expect(p.stdout()).toContain('"msg":"digests scheduled in process"');
    } finally {
      p.child.kill("SIGTERM");
      expect(await p.exited).toBe(0);
    }

    const bad = join(served.dir, "digests-missing-destinations.json");
    writeFileSync(
      bad,
      JSON.stringify({ schedules: [{ name: "w", cron: "0 8 * * 1", timeZone: "UTC", destinations: [] }] }),
    );
    await expect(startServeProcess({ ...env, ENGAGETRACK_DIGESTS: bad })).rejects.toThrow(
      /serve exited with 2 before listening:[\s\S]*schedules\.0\.destinations/,
    );
  });
});
