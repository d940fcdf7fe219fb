// Per-owner digests across two `engagetrack serve` replicas on one PostgreSQL database, as real
// processes: the slot raced by both replicas' in-process schedulers and a `digest --once` (the
// CronJob) gives each owner exactly one Slack DM, and the owner who cannot be reached is reported
// once. The table is the accounts table (not Telco) with an owner column; Slack is a fake Web API
// on loopback (users.lookupByEmail included).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../cli/test/fixtures/run-cli.ts";
import { testPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { openStore, type Store } from "../../core/src/store/index.ts";
import { ownerKey } from "../digest/index.ts";
import { ownerDigestWorld, perOwner, type OwnerDigestWorld } from "./digest/owner-digest-world.ts";
import { startFakeSlack, type FakeSlack } from "./fixtures/fake-slack.ts";
import { startServeProcess, type ServeProcess } from "./fixtures/serve-process.ts";
import { waitFor } from "./fixtures/wait-for.ts";

const SLACK_TOKEN = "xoxb-test-0000-owners";
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

interface Outcome {
  schedule: string;
  slot: string;
  destination: string;
  status: string;
  owner?: string;
  reason?: string | null;
}

const server = await testPostgres();
const skip = "skip" in server ? server.skip : undefined;

describe.skipIf(skip !== undefined)(
  `per-owner digests across two replicas on one PostgreSQL${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const url = (server as { url: string }).url;
    let world: OwnerDigestWorld;
    let slack: FakeSlack;
    let store: Store;
    let replicas: ServeProcess[] = [];
    let once: CliRun;

    const serveOutcomes = (r: ServeProcess): Outcome[] =>
      (r.stdout() + r.stderr())
        .split("\n")
        .filter((line) => line.includes('"digest run finished"'))
        .flatMap((line) => (JSON.parse(line) as { outcomes: Outcome[] }).outcomes);

    beforeAll(async () => {
      [world, slack, store] = await Promise.all([
        ownerDigestWorld(),
        startFakeSlack({ token: SLACK_TOKEN, usersByEmail: { "sam@example.com": "U0SAM" } }),
        openStore({ databaseUrl: url, sweepMs: 0 }),
      ]);
      const dir = world.workspace.dir;
      const digests = join(dir, "digests.json");
      writeFileSync(digests, JSON.stringify(perOwner("my-accounts")));
      const owners = join(dir, "owners.yaml");
      writeFileSync(
        owners,
        "owners:\n  - owner: Dana Whitfield\n    slack: U0DANA\n  - owner: Sam Ortiz\n    email: sam@example.com\n",
      );
      const common = {
        DATABASE_URL: url,
        ENGAGETRACK_MODEL_DIR: world.workspace.modelDir,
        ENGAGETRACK_SNAPSHOTS_DIR: world.workspace.snapshotsDir,
        ENGAGETRACK_DIGESTS: digests,
        ENGAGETRACK_DIGEST_OUTBOX: join(dir, "outbox"),
        ENGAGETRACK_OWNERS_FILE: owners,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ENGAGETRACK_TEAMS_STORE: join(dir, "teams", "conversations.json"),
        ENGAGETRACK_PUBLIC_URL: "",
        ENGAGETRACK_DIGEST_FAULT: "",
        ENGAGETRACK_DIGEST_LEASE_SECONDS: "600",
      };
      const serve = (name: string) =>
        startServeProcess({
          ...common,
          ENGAGETRACK_USAGE_LOG: join(dir, `usage-${name}.log`),
          ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
          ENGAGETRACK_CHART_SIGNING_SECRET: "chart-secret-for-tests-0123456789abcdef",
          ENGAGETRACK_DIGESTS_IN_PROCESS: "true",
          ENGAGETRACK_DIGEST_START_DELAY_SECONDS: "0",
        });
      // Whoever claims an owner first holds the claim while Slack answers: the others arrive meanwhile.
      slack.delay("chat.postMessage", 1500);
      const [a, b, run] = await Promise.all([
        serve("a"),
        serve("b"),
        runCli(["digest", "--once", "--json"], common),
      ]);
      replicas = [a, b];
      once = run;
      await waitFor(
        () => replicas.every((r) => serveOutcomes(r).some((o) => o.schedule === "my-accounts")),
        90_000,
        "both replicas' catch-up digest runs",
      );
      slack.delay("chat.postMessage", 0);
    }, 300_000);

    afterAll(async () => {
      for (const r of replicas) {
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGTERM");
        await r.exited;
      }
      await store?.close();
      await slack?.close();
      await world?.close();
      if (!("skip" in server)) await server.stop();
    });

    it("each owner's DM is sent once; the unreachable owner is reported once; one claim per owner", async () => {
      if (once.code !== 0) throw new Error(`digest --once exited ${once.code}:\n${once.stderr}`);
      const runs = [
        ...replicas.map(serveOutcomes),
        (JSON.parse(once.stdout) as { outcomes: Outcome[] }).outcomes,
      ].map((os) => os.filter((o) => o.schedule === "my-accounts"));
      const all = runs.flat();
      for (const owner of ["Dana Whitfield", "Sam Ortiz", "lee@example.com"]) {
        const statuses = all.filter((o) => o.destination === ownerKey(owner)).map((o) => o.status);
        expect(statuses, owner).toHaveLength(3);
        const done = owner === "lee@example.com" ? "skipped" : "sent";
        expect(
          statuses.filter((s) => s === done),
          `${owner}: ${statuses}`,
        ).toHaveLength(1);
        expect(statuses.filter((s) => s === "busy" || s === "settled")).toHaveLength(2);
      }
      const dms = slack.callsOf("chat.postMessage");
      expect(dms.map((c) => c.body.channel).sort()).toEqual(["U0DANA", "U0SAM"]);
      // (A replica's log redacts e-mail addresses: the owner's key names them.)
      const skipped = all.find((o) => o.status === "skipped")!;
      expect(skipped.destination).toBe(ownerKey("lee@example.com"));
      expect(skipped.reason).toMatch(/^owner "(lee@example\.com|\[EMAIL\])": no Slack user has the e-mail /);
      const results = await store.sql.query<{ destination: string; attempt: number; status: string }>(
        "select destination, attempt, status from digest_results where schedule = $1 order by destination",
        ["my-accounts"],
      );
      expect(results.map((r) => [r.attempt, r.status]).sort()).toEqual([
        [1, "sent"],
        [1, "sent"],
        [1, "skipped"],
      ]);
    });
  },
);
