/**
 * `engagetrack digest` with a per-owner schedule, in process: `--dry-run` shows the plan (each
 * owner's book and where their digest would go; nothing sent, nothing written), `--once` sends one
 * digest per owner and its summary names each owner. The table is the accounts table (not Telco)
 * with an owner column (bot/test/digest/owner-digest-world.ts).
 */
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerBook } from "../../bot/digest/index.ts";
import {
  ownerDigestWorld,
  perOwner,
  type OwnerDigestWorld,
} from "../../bot/test/digest/owner-digest-world.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

const SLOT = "2026-11-23T08:00:00Z";
let world: OwnerDigestWorld;
let env: Record<string, string>;

beforeAll(async () => {
  world = await ownerDigestWorld();
  const dir = world.workspace.dir;
  const config = join(dir, "digests.json");
  writeFileSync(config, JSON.stringify(perOwner("my-accounts")));
  env = {
    ENGAGETRACK_DIGESTS: config,
    ENGAGETRACK_MODEL_DIR: world.workspace.modelDir,
    ENGAGETRACK_SNAPSHOTS_DIR: world.workspace.snapshotsDir,
    ENGAGETRACK_DIGEST_OUTBOX: world.outboxDir,
    ENGAGETRACK_STORE_DIR: "memory",
    DATABASE_URL: "",
    SLACK_BOT_TOKEN: "",
    MicrosoftAppId: "",
    ENGAGETRACK_TEAMS_NO_AUTH: "",
    ENGAGETRACK_OWNERS_FILE: "",
  };
}, 120_000);
afterAll(() => world?.close());

describe("engagetrack digest, per owner", () => {
  it("--dry-run with no chat configured: each owner's book and their outbox folder; nothing written", async () => {
    const run = await runInProcess(["digest", "--dry-run", "--schedule", "my-accounts", "--slot", SLOT], env);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const s = world.workspace.snapshot;
    const dana = ownerBook(s, "Dana Whitfield").summary();
    expect(run.stdout).toContain("# Per-owner digest plan — my-accounts");
    expect(run.stdout).toContain(
      "Each owner in account_manager gets a digest of their own customers to act on:",
    );
    expect(run.stdout).toContain(`| Dana Whitfield | ${dana.customers} | ${dana.bands.High} | `);
    expect(run.stdout).toContain(`outbox ${world.outboxDir}/my-accounts/dana-whitfield |`);
    expect(run.stdout).toContain(`outbox ${world.outboxDir}/my-accounts/lee-example-com |`);
    expect(run.stdout).toContain(`outbox ${world.outboxDir}/my-accounts/sam-ortiz |`);
    expect(existsSync(world.outboxDir)).toBe(false);
  });

  it("--dry-run with Slack configured: DMs by ID or e-mail, and the owner who cannot be reached says what is missing", async () => {
    const owners = join(world.workspace.dir, "owners.yaml");
    writeFileSync(owners, "owners:\n  - owner: Sam Ortiz\n    slack: U0SAM\n");
    const run = await runInProcess(
      ["digest", "--dry-run", "--schedule", "my-accounts", "--slot", SLOT, "--json"],
      {
        ...env,
        SLACK_BOT_TOKEN: "xoxb-test-0000",
        SLACK_API_URL: "http://127.0.0.1:9/",
        ENGAGETRACK_OWNERS_FILE: owners,
      },
    );
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as {
      owners: Array<{ owner: string; destination: string | null; unavailable: string | null }>;
    };
    expect(plan.owners.map((o) => [o.owner, o.destination, o.unavailable])).toEqual([
      [
        "Dana Whitfield",
        null,
        `owner "Dana Whitfield" has no destination: a Slack user ID or e-mail is needed in the owners file ${owners} (ENGAGETRACK_OWNERS_FILE)`,
      ],
      ["lee@example.com", "slack DM lee@example.com", null],
      ["Sam Ortiz", "slack DM U0SAM", null],
    ]);
  });

  it("--once with no chat configured: one Markdown digest per owner in the outbox; the summary names each owner", async () => {
    const run = await runInProcess(["digest", "--once", "--schedule", "my-accounts", "--slot", SLOT], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(
        `^my-accounts ${SLOT} owner-[0-9a-f]{16} \\(owner Dana Whitfield\\): sent → .*/my-accounts/dana-whitfield/2026-11-23T08-00-00Z\\.md$`,
      ),
    );
    expect(readdirSync(join(world.outboxDir, "my-accounts")).sort()).toEqual([
      "dana-whitfield",
      "lee-example-com",
      "sam-ortiz",
    ]);
  });
});
