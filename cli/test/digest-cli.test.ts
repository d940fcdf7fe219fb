/**
 * `engagetrack digest` as real processes: a dry run records nothing; `--once` processes racing for
 * one slot post once; a process killed (SIGKILL) after claiming, or after posting but before
 * recording, is followed by exactly one post in total; a failure exits 1 and is retried. The ledger
 * is the shared store: a real PostgreSQL server (DATABASE_URL) the processes share, or — without
 * one — an embedded store folder per test, which one process at a time holds. Slack is a fake Web
 * API on 127.0.0.1 (bot/test/digest/fake-slack.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../bot/test/digest/fake-slack.ts";
import { pastLease } from "../../bot/test/fixtures/past-lease.ts";
import { openStoreLedger, type Ledger } from "../../bot/digest/index.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { openStore } from "../../core/src/store/index.ts";
import { accountsWorkspace } from "../../core/test/fixtures/accounts-workspace.ts";
import { testPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { REPO } from "../../core/test/fixtures/paths.ts";
import { runCli } from "./fixtures/run-cli.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

const SLOT = "2026-07-06T07:00:00Z"; // a Monday 08:00 in London (BST)
let dir: string;
let slack: FakeSlack;
let env: Record<string, string>;
let n = 0;

const server = await testPostgres();
const databaseUrl = "skip" in server ? undefined : server.url;
/** The store settings of this test's processes: the shared server, else an embedded folder of its own. */
const storeEnv = (name: string): Record<string, string> =>
  databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: "", ENGAGETRACK_STORE_DIR: join(dir, name) };

/** Reads the ledger the processes wrote (the embedded folder is free between processes). */
async function withLedger<T>(settings: Record<string, string>, read: (ledger: Ledger) => Promise<T>) {
  const store = await openStore({
    databaseUrl: settings.DATABASE_URL || undefined,
    dir: settings.ENGAGETRACK_STORE_DIR,
    sweepMs: 0,
  });
  try {
    return await read(openStoreLedger(store.sql, { leaseMs: 1000, clock: Date.now }));
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-digest-cli-"));
  const run = await runInProcess(["run", "--json"], {
    ENGAGETRACK_MODEL_DIR: join(dir, "model"),
    ENGAGETRACK_SNAPSHOTS_DIR: join(dir, "snapshots"),
    ENGAGETRACK_SIMULATE_ROWS: "600",
    ENGAGETRACK_SEED: "42",
    ENGAGETRACK_DATA: "",
  });
  if (run.code !== 0) throw new Error(`engagetrack run failed: ${run.stderr}`);
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
  if (!("skip" in server)) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  // Each test its own config, channel (so its own ledger entries) and, embedded, its own store.
  n++;
  const config = join(dir, `digests-${n}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      schedules: [
        {
          name: "weekly",
          cron: "0 8 * * 1",
          timeZone: "Europe/London",
          destinations: [{ type: "slack", channel: `C0TEST${n}` }],
        },
      ],
    }),
  );
  env = {
    ENGAGETRACK_MODEL_DIR: join(dir, "model"),
    ENGAGETRACK_SNAPSHOTS_DIR: join(dir, "snapshots"),
    ENGAGETRACK_DIGESTS: config,
    ...storeEnv(`store-${n}`),
    ENGAGETRACK_DIGEST_OUTBOX: join(dir, `outbox-${n}`),
    ENGAGETRACK_DIGEST_LEASE_SECONDS: "3",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_API_URL: slack.apiUrl,
    ENGAGETRACK_PUBLIC_URL: "",
    ENGAGETRACK_DIGEST_FAULT: "",
  };
});

const posts = () => slack.posts.filter((p) => p.channel === `C0TEST${n}` && !p.threadTs);

/** `engagetrack digest …` as a child process we can kill. */
function spawnCli(args: string[], extra: Record<string, string> = {}) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO, "cli/main.ts"), ...args],
    {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1", ...env, ...extra },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ? -1 : code)),
  );
  const waitFor = async (text: string) => {
    const until = Date.now() + 90_000;
    while (!stderr.includes(text)) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${JSON.stringify(text)}:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, stderr: () => stderr };
}

describe("engagetrack digest", () => {
  it("--dry-run prints the digest as Markdown and records nothing", async () => {
    const md = await runInProcess(["digest", "--dry-run", "--slot", SLOT], env);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(
      /^# EngageTrack churn digest — weekly\n\nSlot 2026-07-06 07:00 UTC · snapshot /,
    );
    expect(md.stdout).toContain("First digest here: no earlier digest to compare with.");
    expect(md.stdout).toMatch(/Every scored customer compared with training data \([\d,]+ customers/);
    expect(md.stdout).toContain(
      "Simulated data: every customer and value in this digest comes from the simulator",
    );
    expect(md.stdout).toContain("```text\nChurn risk distribution\n");
    const json = await runInProcess(["digest", "--dry-run", "--json"], env);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.bands.map((b: { band: string }) => b.band)).toEqual(["High", "Medium", "Low"]);
    // The demo's digest: the bot's definitions, and no churned customer listed or counted.
    const snapshot = (await openSnapshotStore(env.ENGAGETRACK_SNAPSHOTS_DIR).latest())!;
    const summary = snapshot.summary();
    expect(summary.churned).toBeGreaterThan(0);
    expect(
      Object.fromEntries(report.bands.map((b: { band: string; customers: number }) => [b.band, b.customers])),
    ).toEqual(summary.bands);
    expect(report.snapshot.customers).toBe(summary.customers);
    expect(report.snapshot.customers + report.snapshot.churned).toBe(600);
    expect(report.revenueAtRisk.total).toBe(summary.revenueAtRisk);
    expect(report.newHighRisk.count).toBe(summary.bands.High);
    expect(report.newHighRisk.customers.length).toBeGreaterThan(0);
    for (const c of report.newHighRisk.customers as { id: string }[])
      expect(snapshot.lookup(c.id)!.status).not.toBe("churned");
    expect(report.dataset).toMatchObject({ name: "simulated", simulated: true });
    expect(report.experiment?.key).toBe("nudge-strategy-2026");
    expect(await withLedger(env, (l) => l.entries("weekly", SLOT, `slack-C0TEST${n}`))).toEqual({
      claims: [],
      results: [],
    });
    expect(posts()).toHaveLength(0);
  });

  it("refuses unusable options with exit 2", async () => {
    const none = await runInProcess(["digest"], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("give --once (send the due digests) or --dry-run (preview one)");
    const bad = await runInProcess(["digest", "--once", "--slot", "next monday"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --slot: "next monday"');
    const off = await runInProcess(["digest", "--once", "--slot", "2026-07-06T08:00:00Z"], env);
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("is not a time of schedule weekly (0 8 * * 1, Europe/London)");
    expect(posts()).toHaveLength(0);
  });

  it.skipIf(!databaseUrl)("posts once when two --once processes race for the same slot", async () => {
    const [a, b] = await Promise.all([
      runCli(["digest", "--once", "--slot", SLOT, "--json"], env),
      runCli(["digest", "--once", "--slot", SLOT, "--json"], env),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const statuses: string[] = [a, b].map((r) => JSON.parse(r.stdout).outcomes[0].status);
    // One sends; the other lost the claim race ("busy") or came after the result ("settled").
    expect(statuses.filter((x) => x === "sent")).toHaveLength(1);
    expect(statuses.filter((x) => x === "busy" || x === "settled")).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method === "chat.postMessage").length).toBeGreaterThanOrEqual(1);
  });

  it("after a process is killed between claim and send, the next run sends exactly once", async () => {
    // A lease long enough that the next run still finds it held; the clock then jumps past it.
    env.ENGAGETRACK_DIGEST_LEASE_SECONDS = "20";
    const crashed = spawnCli(["digest", "--once", "--slot", SLOT], {
      ENGAGETRACK_DIGEST_FAULT: "after-claim",
    });
    await crashed.waitFor("fault after-claim");
    crashed.child.kill("SIGKILL");
    expect(await crashed.exited).toBe(-1);
    expect(posts()).toHaveLength(0);

    const early = await runInProcess(["digest", "--once", "--slot", SLOT], env);
    expect(early.code).toBe(0);
    expect(early.stdout).toContain(": busy (claimed by ");
    const entries = () => withLedger(env, (l) => l.entries("weekly", SLOT, `slack-C0TEST${n}`));
    const [held] = (await entries()).claims;
    // The dead process's lease runs out: the next run's clock is past it (no 20 s wait).
    const after = await pastLease(held.leaseUntil, () =>
      runInProcess(["digest", "--once", "--slot", SLOT], env),
    );
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/slack-C0TEST\d+: sent → C0TEST\d+\//);
    expect(posts()).toHaveLength(1);
    const { claims, results } = await entries();
    expect(claims.map((c) => c.attempt)).toEqual([1, 2]);
    expect(results.map((r) => [r.attempt, r.status])).toEqual([[2, "sent"]]);
  });

  it("after a process is killed between posting and recording, the next run finds the post instead of repeating it", async () => {
    // Long enough to be still held when read below, however slow the machine; the clock jumps past it.
    env.ENGAGETRACK_DIGEST_LEASE_SECONDS = "20";
    const crashed = spawnCli(["digest", "--once", "--slot", SLOT], {
      ENGAGETRACK_DIGEST_FAULT: "after-post",
    });
    await crashed.waitFor("fault after-post");
    crashed.child.kill("SIGKILL");
    await crashed.exited;
    expect(posts()).toHaveLength(1);
    const [held] = (await withLedger(env, (l) => l.entries("weekly", SLOT, `slack-C0TEST${n}`))).claims;
    // The dead process's lease runs out: the next run's clock is past it (no 3 s wait).
    const after = await pastLease(held.leaseUntil, () =>
      runInProcess(["digest", "--once", "--slot", SLOT], env),
    );
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("sent → C0TEST");
    expect(after.stdout).toContain("(already posted by an earlier attempt (found by its metadata))");
    expect(posts()).toHaveLength(1);
    const again = await runInProcess(["digest", "--once", "--slot", SLOT], env);
    expect(again.stdout).toContain(": settled");
    expect(posts()).toHaveLength(1);
  });

  it("exits 1 when a destination fails, records why, and the next run retries", async () => {
    slack.fail("chat.postMessage", "not_in_channel");
    try {
      const failed = await runInProcess(["digest", "--once", "--slot", SLOT], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain(": failed (An API error occurred: not_in_channel)");
    } finally {
      slack.fail("chat.postMessage", null);
    }
    const retried = await runInProcess(["digest", "--once", "--slot", SLOT], env);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain(": sent → ");
    expect(posts()).toHaveLength(1);
    const { claims, results } = await withLedger(env, (l) => l.entries("weekly", SLOT, `slack-C0TEST${n}`));
    expect(claims.map((c) => c.attempt)).toEqual([1, 2]);
    expect(results.map((r) => [r.attempt, r.status, r.retry])).toEqual([
      [1, "failed", true],
      [2, "sent", false],
    ]);
  });

  it("stops with one sentence and exit 2 when another process holds the embedded store, and sends nothing", async () => {
    const folder = join(dir, `held-${n}`);
    const holder = await openStore({ dir: folder, command: "engagetrack serve", sweepMs: 0 });
    try {
      const held = { ...env, DATABASE_URL: "", ENGAGETRACK_STORE_DIR: folder };
      for (const mode of ["--once", "--dry-run"]) {
        const run = await runCli(["digest", mode, "--slot", SLOT], held);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stderr).toContain(
          `the embedded store ${folder} is in use by process ${process.pid} (engagetrack serve, since `,
        );
        expect(run.stderr).toContain("set DATABASE_URL to a PostgreSQL server both can share.");
        expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
    } finally {
      await holder.close();
    }
    expect(posts()).toHaveLength(0);
    // Once it is free, the same run sends, and records it in that store.
    const run = await runInProcess(["digest", "--once", "--slot", SLOT], {
      ...env,
      DATABASE_URL: "",
      ENGAGETRACK_STORE_DIR: folder,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(posts()).toHaveLength(1);
    const { results } = await withLedger({ ENGAGETRACK_STORE_DIR: folder }, (l) =>
      l.entries("weekly", SLOT, `slack-C0TEST${n}`),
    );
    expect(results.map((r) => r.status)).toEqual(["sent"]);
  });
});

describe("engagetrack digest on a contract snapshot (the accounts table, not Telco)", () => {
  const TELCO =
    /\b(Contract|tenure|persona|planTier|MonthlyCharges|customerID|supportCalls90d|paymentDelayDays|variant)\b/;
  const ACCOUNTS_SLOT = "2026-11-23T08:00:00Z"; // a Monday 08:00 in London (GMT)
  let accounts: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(join(dir, "accounts"));
    const ws = await accountsWorkspace({ dir: join(dir, "accounts") });
    const config = join(dir, "accounts-digests.json");
    writeFileSync(
      config,
      JSON.stringify({
        schedules: [
          {
            name: "weekly",
            cron: "0 8 * * 1",
            timeZone: "Europe/London",
            destinations: [{ type: "outbox" }],
          },
        ],
      }),
    );
    accounts = {
      ENGAGETRACK_MODEL_DIR: ws.modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: ws.snapshotsDir,
      ENGAGETRACK_DIGESTS: config,
      ...storeEnv("accounts-store"),
      ENGAGETRACK_DIGEST_OUTBOX: join(dir, "accounts-outbox"),
      ENGAGETRACK_PUBLIC_URL: "",
      ENGAGETRACK_DIGEST_FAULT: "",
      SLACK_BOT_TOKEN: "",
    };
  }, 60_000);

  it("--dry-run previews it in the table's own terms and records nothing", async () => {
    const md = await runInProcess(["digest", "--dry-run", "--slot", ACCOUNTS_SLOT], accounts);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("Data set: accounts — Mobile accounts (test table).");
    expect(md.stdout).toMatch(/Revenue at risk: €[\d,.]+\/month/);
    expect(md.stdout).toContain("## Risk by International plan");
    expect(md.stdout).toContain("No experiment declared for this data set.");
    // The fixture writes reference.json beside the model, as `run` does: drift is measured against it.
    expect(md.stdout).toMatch(
      /Every scored customer compared with training data \([\d,]+ customers\): score drift PSI \d\.\d{3} \(/,
    );
    expect(md.stdout).not.toContain("Drift not measured");
    expect(md.stdout).not.toMatch(TELCO);
    expect(md.stdout).not.toContain("$");
    expect(await withLedger(accounts, (l) => l.slots("weekly"))).not.toContain(ACCOUNTS_SLOT);
  });

  it("--once writes it to the outbox", async () => {
    const run = await runInProcess(["digest", "--once", "--slot", ACCOUNTS_SLOT, "--json"], accounts);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).outcomes).toMatchObject([{ status: "sent", type: "outbox" }]);
    const folder = join(accounts.ENGAGETRACK_DIGEST_OUTBOX, "weekly");
    const [file] = readdirSync(folder).filter((f) => f.endsWith(".md"));
    const md = readFileSync(join(folder, file), "utf8");
    expect(md).toContain("# EngageTrack churn digest — weekly");
    expect(md).toContain("snapshot 2026-11-21T09-00-00Z-accounts");
    expect(md).toMatch(/\| AC[\w-]*\d+ \|/);
    expect(md).not.toMatch(TELCO);
  });
});
