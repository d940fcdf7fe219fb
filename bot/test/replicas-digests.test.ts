// Digests and Teams installs across two `engagetrack serve` replicas on one PostgreSQL database,
// as real processes: a digest slot raced by both replicas' in-process schedulers and a
// `digest --once` (the CronJob) is sent once; a sender killed (SIGKILL) mid-send is taken over by
// the next run, which delivers once; two Teams installs at the same moment, one per replica, are
// both kept and both get the next digest. Slack is a fake Web API (bot/test/digest/fake-slack.ts)
// and Teams a fake connector, both on loopback and shared by every process.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../../cli/test/fixtures/run-cli.ts";
import { runInProcess } from "../../cli/test/fixtures/run-in-process.ts";
import { testPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { openStore, type Store } from "../../core/src/store/index.ts";
import { openStoreLedger, type Ledger } from "../digest/index.ts";
import { startFakeSlack, type FakeSlack } from "./digest/fake-slack.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "./fixtures/fake-teams-connector.ts";
import { buildServedModel, type ServedModel } from "./fixtures/served-model.ts";
import { startServeProcess, type ServeProcess } from "./fixtures/serve-process.ts";
import { pastLease } from "./fixtures/past-lease.ts";
import { waitFor } from "./fixtures/wait-for.ts";

const SLACK_TOKEN = "xoxb-test-0000-digests";
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const WEEKLY = { cron: "0 8 * * 1", timeZone: "Europe/London" };
const botAccount = { id: "28:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", name: "EngageTrack" };
const TEAMS = ["19:installed-on-a@thread.tacv2", "19:installed-on-b@thread.tacv2"];

interface Outcome {
  schedule: string;
  slot: string;
  destination: string;
  status: string;
  reason: string | null;
  messageRef: string | null;
}

const server = await testPostgres();
const skip = "skip" in server ? server.skip : undefined;

describe.skipIf(skip !== undefined)(
  `digests and Teams installs across two replicas on one PostgreSQL${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const url = (server as { url: string }).url;
    let served: ServedModel;
    let dir: string;
    let slack: FakeSlack;
    let connector: FakeTeamsConnector;
    let store: Store;
    let ledger: Ledger;
    let replicas: ServeProcess[] = [];
    const others: ServeProcess[] = [];
    let raceOnce: CliRun;

    /** A digests config file with these schedules (weekly, Monday 08:00 London). */
    const config = (name: string, schedules: Record<string, unknown[]>) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(
        path,
        JSON.stringify({
          schedules: Object.entries(schedules).map(([s, destinations]) => ({
            name: s,
            ...WEEKLY,
            destinations,
          })),
        }),
      );
      return path;
    };
    /** What every process shares: the database, the model, the fakes. */
    const common = () => ({
      DATABASE_URL: url,
      ENGAGETRACK_MODEL_DIR: served.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
      ENGAGETRACK_DIGEST_OUTBOX: join(dir, "outbox"),
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.apiUrl,
      ENGAGETRACK_TEAMS_NO_AUTH: "true",
      // An older conversations file to import: none (not the repository's data/teams).
      ENGAGETRACK_TEAMS_STORE: join(dir, "teams", "conversations.json"),
      ENGAGETRACK_PUBLIC_URL: "",
      ENGAGETRACK_DIGEST_FAULT: "",
      ENGAGETRACK_DIGEST_LEASE_SECONDS: "600",
    });
    const serve = (name: string, env: Record<string, string>) =>
      startServeProcess({
        ...common(),
        ENGAGETRACK_USAGE_LOG: join(dir, `usage-${name}.log`),
        ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
        ENGAGETRACK_CHART_SIGNING_SECRET: "chart-secret-for-tests-0123456789abcdef",
        ENGAGETRACK_DIGESTS_IN_PROCESS: "true",
        ENGAGETRACK_DIGEST_START_DELAY_SECONDS: "0",
        ...env,
      });
    const once = (configFile: string, env: Record<string, string> = {}) =>
      runCli(["digest", "--once", "--json"], { ...common(), ENGAGETRACK_DIGESTS: configFile, ...env });
    const onceInProcess = (configFile: string) =>
      runInProcess(["digest", "--once", "--json"], { ...common(), ENGAGETRACK_DIGESTS: configFile });
    const onceOutcomes = (run: CliRun): Outcome[] => {
      if (run.code !== 0) throw new Error(`digest --once exited ${run.code}:\n${run.stderr}`);
      return (JSON.parse(run.stdout) as { outcomes: Outcome[] }).outcomes;
    };
    /** The outcomes of a replica's digest runs, from its "digest run finished" log lines. */
    const serveOutcomes = (r: ServeProcess): Outcome[] =>
      (r.stdout() + r.stderr())
        .split("\n")
        .filter((line) => line.includes('"digest run finished"'))
        .flatMap((line) => (JSON.parse(line) as { outcomes: Outcome[] }).outcomes);
    const posts = (channel: string) => slack.posts.filter((p) => p.channel === channel && !p.threadTs);
    const resultsOf = (schedule: string) =>
      store.sql.query<{ destination: string; attempt: number; status: string; reason: string | null }>(
        "select destination, attempt, status, reason from digest_results where schedule = $1 order by destination, attempt",
        [schedule],
      );

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "et-replicas-digests-"));
      [served, slack, connector, store] = await Promise.all([
        buildServedModel({ rows: 300, seed: 21 }),
        startFakeSlack(),
        startFakeTeamsConnector(),
        openStore({ databaseUrl: url, sweepMs: 0 }),
      ]);
      ledger = openStoreLedger(store.sql, { leaseMs: 1000, clock: Date.now });
      // Whoever claims the slot first holds it while its post is answered: the others arrive meanwhile.
      slack.delay("chat.postMessage", 1500);
      const race = config("race", { race: [{ type: "outbox" }, { type: "slack", channel: "C0RACE" }] });
      // Two replicas whose catch-up run fires as they start, and the CronJob's run, all at once.
      const [a, b, run] = await Promise.all([
        serve("a", { ENGAGETRACK_DIGESTS: race }),
        serve("b", { ENGAGETRACK_DIGESTS: race }),
        once(race),
      ]);
      replicas = [a, b];
      raceOnce = run;
      await waitFor(
        () => replicas.every((r) => serveOutcomes(r).some((o) => o.schedule === "race")),
        60_000,
        "both replicas' catch-up digest runs",
      );
      slack.delay("chat.postMessage", 0);
    }, 240_000);

    afterAll(async () => {
      for (const r of [...replicas, ...others]) {
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGTERM");
        await r.exited;
      }
      await store?.close();
      await slack?.close();
      await connector?.close();
      served?.remove();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (!("skip" in server)) await server.stop();
    });

    it("a digest slot raced by both replicas' schedulers and a digest --once is sent once per destination", async () => {
      const runs = [...replicas.map(serveOutcomes), onceOutcomes(raceOnce)].map((os) =>
        os.filter((o) => o.schedule === "race"),
      );
      // Each of the three runs saw both destinations of the same (latest) slot ...
      const slot = runs[0][0].slot;
      for (const run of runs) {
        expect(run.map((o) => o.slot)).toEqual([slot, slot]);
      }
      // ... and of each destination exactly one run sent it; the others found it held or settled.
      const keys = [...new Set(runs.flat().map((o) => o.destination))];
      expect(keys).toHaveLength(2);
      for (const key of keys) {
        const statuses = runs
          .flat()
          .filter((o) => o.destination === key)
          .map((o) => o.status);
        expect(
          statuses.filter((s) => s === "sent"),
          `${key}: ${statuses}`,
        ).toHaveLength(1);
        expect(statuses.filter((s) => s === "busy" || s === "settled")).toHaveLength(2);
      }
      expect(posts("C0RACE")).toHaveLength(1);
      expect(posts("C0RACE")[0].metadata?.event_payload).toMatchObject({ schedule: "race", slot });
      expect(readdirSync(join(dir, "outbox", "race")).filter((f) => f.endsWith(".md"))).toEqual([
        `${slot.replaceAll(":", "-")}.md`,
      ]);
      // The store: one attempt per destination, one result, `sent`.
      expect((await resultsOf("race")).map((r) => [r.attempt, r.status])).toEqual([
        [1, "sent"],
        [1, "sent"],
      ]);
      for (const key of keys) expect((await ledger.entries("race", slot, key)).claims).toHaveLength(1);
    });

    it("a sender killed mid-send is taken over by the next run, which delivers once and never posts twice", async () => {
      // Replica c: its post reaches Slack, whose answer never comes back before c is killed.
      // Replica d: killed after claiming, before anything reached Slack (the test-only fault point).
      slack.delay("chat.postMessage", 120_000);
      // Long enough to be still held when the takeover runs, however slow the machine.
      const lease = { ENGAGETRACK_DIGEST_LEASE_SECONDS: "60" };
      const posted = { "kill-posted": [{ type: "slack", channel: "C0KILLA" }] };
      const early = { "kill-early": [{ type: "slack", channel: "C0KILLB" }] };
      const [c, d] = await Promise.all([
        serve("c", { ...lease, ENGAGETRACK_DIGESTS: config("posted", posted) }),
        serve("d", {
          ...lease,
          ENGAGETRACK_DIGESTS: config("early", early),
          ENGAGETRACK_DIGEST_FAULT: "after-claim",
        }),
      ]);
      others.push(c, d);
      await waitFor(() => posts("C0KILLA").length === 1, 60_000, "replica c's post, unanswered");
      await waitFor(async () => (await ledger.slots("kill-early")).length === 1, 60_000, "replica d's claim");
      c.child.kill("SIGKILL");
      d.child.kill("SIGKILL");
      expect([await c.exited, await d.exited]).toEqual([null, null]);
      slack.delay("chat.postMessage", 0);
      expect(posts("C0KILLB")).toHaveLength(0);

      // Both claims are held until their leases run out; then the CronJob's run takes them over.
      const [slotA] = await ledger.slots("kill-posted");
      const [slotB] = await ledger.slots("kill-early");
      expect(slotB).toBe(slotA);
      const held = [
        ...(await ledger.entries("kill-posted", slotA, "slack-C0KILLA")).claims,
        ...(await ledger.entries("kill-early", slotB, "slack-C0KILLB")).claims,
      ];
      expect(held.map((h) => [h.attempt, h.owner.pid])).toEqual([
        [1, c.child.pid],
        [1, d.child.pid],
      ]);
      const historyBefore = slack.calls.filter((x) => x.method === "conversations.history").length;
      // The CronJob's run, in this process with its clock past both leases (no wait for them).
      const lastLease = new Date(Math.max(...held.map((h) => Date.parse(h.leaseUntil)))).toISOString();
      const takeover = onceOutcomes(
        await pastLease(lastLease, () => onceInProcess(config("takeover", { ...posted, ...early }))),
      );
      expect(takeover).toMatchObject([
        {
          schedule: "kill-posted",
          slot: slotA,
          status: "sent",
          // c died before its chart was shared: the takeover shares it, once.
          reason:
            "already posted by an earlier attempt (found by its metadata); its missing chart was shared now",
          messageRef: `C0KILLA/${posts("C0KILLA")[0].ts}`,
        },
        { schedule: "kill-early", slot: slotB, status: "sent" },
      ]);
      expect(slack.uploads.filter((u) => u.channel === "C0KILLA")).toHaveLength(1);
      expect(slack.uploads.filter((u) => u.channel === "C0KILLB")).toHaveLength(1);
      // Each takeover looked at the channel's history before posting.
      expect(slack.calls.filter((x) => x.method === "conversations.history").length - historyBefore).toBe(2);
      expect(posts("C0KILLA")).toHaveLength(1);
      expect(posts("C0KILLB")).toHaveLength(1);
      for (const [schedule, s, key, dead] of [
        ["kill-posted", slotA, "slack-C0KILLA", c],
        ["kill-early", slotB, "slack-C0KILLB", d],
      ] as const) {
        const { claims, results } = await ledger.entries(schedule, s, key);
        expect(claims.map((x) => x.attempt)).toEqual([1, 2]);
        expect(claims[1].owner.pid).not.toBe(dead.child.pid);
        expect(results.map((r) => [r.attempt, r.status])).toEqual([[2, "sent"]]);
      }
    });

    it("two Teams installs at the same moment, one on each replica, are both kept and both get the digest", async () => {
      const install = (r: ServeProcess, conversationId: string, n: number) =>
        fetch(`${r.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            type: "conversationUpdate",
            id: `install-${n}`,
            channelId: "msteams",
            serviceUrl: connector.url,
            timestamp: "2026-11-21T10:00:00.000Z",
            from: { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" },
            recipient: botAccount,
            conversation: {
              id: conversationId,
              conversationType: "channel",
              isGroup: true,
              tenantId: "tenant-1",
            },
            membersAdded: [botAccount],
            channelData: { tenant: { id: "tenant-1" }, team: { id: `19:team-${n}`, name: `Team ${n}` } },
          }),
        });
      const statuses = await Promise.all(replicas.map((r, i) => install(r, TEAMS[i], i)));
      expect(statuses.map((s) => s.status)).toEqual([200, 200]);
      // Each replica said hello in its conversation.
      expect(connector.sent.map((s) => s.conversationId).sort()).toEqual([...TEAMS].sort());

      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{
          id: string;
          conversation: { reference: { serviceUrl: string } };
        }>("select id, conversation from teams_conversations order by id");
        expect(rows.map((r) => [r.id, r.conversation.reference.serviceUrl])).toEqual(
          TEAMS.map((id) => [id, connector.url]),
        );
      } finally {
        await client.end();
      }

      // The CronJob's digest run reaches both conversations through their stored references.
      const before = connector.sent.length;
      const teamsConfig = config("teams", {
        teams: TEAMS.map((conversationId) => ({ type: "teams", conversationId })),
      });
      const outcomes = onceOutcomes(
        await once(teamsConfig, { SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "" }),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["sent", "sent"]);
      const digests = connector.sent.slice(before);
      expect(digests.map((s) => s.conversationId)).toEqual(TEAMS);
      for (const s of digests) {
        expect(s.replyTo).toBeNull();
        expect(s.activity).toMatchObject({
          type: "message",
          summary: "teams churn digest",
          attachments: [{ contentType: "application/vnd.microsoft.card.adaptive" }],
        });
      }
    });
  },
);
