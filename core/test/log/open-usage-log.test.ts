import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openUsageLog } from "../../src/log/open-usage-log.ts";
import { recordAudit } from "../../src/log/record-audit.ts";

// Planted secrets in every format the scrubber knows, and e-mail addresses; none may reach the file.
const SECRETS = {
  bearer: "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5",
  slackBot: "xoxb-2741963581-3852074692-Q1w2E3r4T5y6U7i8",
  slackApp: "xapp-1-A0123BCDEF-4567890123-abcdef0123456789",
  slackUser: "xoxp-1111-2222-3333-abcdefabcdef",
  openai: "sk-proj-9aZ8bY7cX6dW5eV4fU3g",
  together: "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0",
  signing: "8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
  password: "correct-horse-battery-staple",
  basic: "YWxpY2U6czNjcjN0LXBhc3M=",
};
const EMAILS = ["jane.doe@example.com", "ops+alerts@corp.example.org", "bob%40example.net"];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "et-log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date("2026-11-21T13:00:00.000Z");

describe("openUsageLog", () => {
  it("lets no planted secret or e-mail address reach the file, whatever the logging path", async () => {
    const log = await openUsageLog({
      path: join(dir, "logs/usage.log"),
      level: "trace",
      clock,
      base: { service: "test", deployedBy: EMAILS[0] },
    });
    const { logger } = log;
    // 1. message strings and format arguments
    logger.info(`calling with Authorization: Bearer ${SECRETS.bearer} for ${EMAILS[0]}`);
    logger.warn(
      "token %s key %s mail %s obj %o json %j",
      SECRETS.slackBot,
      SECRETS.openai,
      EMAILS[1],
      { apiKey: SECRETS.together },
      { to: EMAILS[0] },
    );
    // 2. objects: secret-named keys at any depth, secrets inside ordinary strings, arrays, URLs, headers
    logger.info(
      {
        apiKey: SECRETS.together,
        LLM_API_KEY: SECRETS.together,
        config: {
          slack: { signingSecret: SECRETS.signing, botToken: SECRETS.slackBot },
          SLACK_APP_TOKEN: SECRETS.slackApp,
        },
        headers: {
          authorization: `Basic ${SECRETS.basic}`,
          "x-api-key": SECRETS.openai,
          cookie: `sid=${SECRETS.signing}`,
        },
        request: { url: `https://user:${SECRETS.password}@llm.example.com/v1?api_key=${SECRETS.together}` },
        notes: [`user typed ${SECRETS.slackUser} by mistake`, `cc ${EMAILS[2]}`],
        deep: {
          a: { b: { c: { d: { password: SECRETS.password, text: `password=${SECRETS.password}` } } } },
        },
      },
      "object fields",
    );
    // 3. errors: bare, under err, with causes and own properties
    const cause = new Error(`upstream said invalid key ${SECRETS.openai}`);
    const err = Object.assign(
      new Error(`request for ${EMAILS[0]} failed: LLM_API_KEY=${SECRETS.together}`, { cause }),
      {
        headers: { Authorization: `Bearer ${SECRETS.bearer}` },
        status: 401,
      },
    );
    logger.error(err);
    logger.error(err, "with a message mentioning %s", EMAILS[1]);
    logger.error({ err, during: "llm call" }, "err field");
    logger.fatal(new TypeError(`xoxb token ${SECRETS.slackBot}`));
    // 4. child loggers with secret bindings under innocent and secret names
    const child = logger.child({
      requestedBy: EMAILS[0],
      auth: `Bearer ${SECRETS.bearer}`,
      token: SECRETS.slackBot,
    });
    child.info({ signing_secret: SECRETS.signing }, "child line");
    child.child({ nested: `xapp token ${SECRETS.slackApp}` }).debug("grandchild line");
    // 5. the audit path
    recordAudit(logger, {
      actor: EMAILS[0],
      surface: "slack",
      action: "report",
      customerID: "7590-VHVEG",
      shown: { note: `sent to ${EMAILS[1]} with ${SECRETS.slackBot}`, band: "High" },
      engine: "llm",
      outcome: "ok",
      latencyMs: 12.5,
    });
    await log.close();

    const text = readFileSync(join(dir, "logs/usage.log"), "utf8");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(10);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const secret of [...Object.values(SECRETS), ...EMAILS, "hunter2", "jane.doe", "bob%40"]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    // The redaction markers are there and the rest of each line survives.
    expect(text).toContain("[REDACTED]");
    expect(text).toContain("[EMAIL]");
    expect(parsed[0]).toMatchObject({
      level: "info",
      time: "2026-11-21T13:00:00.000Z",
      service: "test",
      deployedBy: "[EMAIL]",
    });
    expect(parsed[2].headers).toEqual({
      authorization: "[REDACTED]",
      "x-api-key": "[REDACTED]",
      cookie: "[REDACTED]",
    });
    expect(parsed[3].err).toMatchObject({ type: "Error", status: 401, cause: { type: "Error" } });
    expect(parsed[3].msg).toMatch(/^request for \[EMAIL\] failed/);
    const audit = parsed[9];
    expect(audit).toMatchObject({ kind: "audit", msg: "audit report ok" });
    expect(audit.audit).toMatchObject({
      schemaVersion: 1,
      actor: "[EMAIL]",
      customerID: "7590-VHVEG",
      engine: "llm",
    });
  });

  it("creates the file with mode 0600, tightens an existing one, and rotates by size keeping N files", async () => {
    const path = join(dir, "usage.log");
    writeFileSync(path, "", { mode: 0o644 });
    const log = await openUsageLog({ path, maxBytes: 600, keep: 2, clock });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    for (let i = 0; i < 40; i++)
      log.logger.info({ i }, "a line long enough to fill the small file quickly .........");
    await log.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(["usage.log", "usage.log.1", "usage.log.2"]);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    const all = files
      .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n"))
      .filter(Boolean)
      .map((l) => JSON.parse(l).i as number);
    // The newest lines survive; the oldest were dropped with the third rotated file.
    expect(all).toContain(39);
    expect(all).not.toContain(0);
    expect(readFileSync(join(dir, "usage.log.2"), "utf8").length).toBeLessThan(1500);
  });

  it("creates a missing directory and refuses bad rotation settings", async () => {
    const log = await openUsageLog({ path: join(dir, "a/b/usage.log"), clock });
    log.logger.info("hello");
    await log.close();
    expect(readFileSync(join(dir, "a/b/usage.log"), "utf8")).toContain('"msg":"hello"');
    await expect(openUsageLog({ path: join(dir, "x.log"), maxBytes: 0 })).rejects.toThrow(
      "invalid log size limit: 0",
    );
    await expect(openUsageLog({ path: join(dir, "x.log"), keep: 0 })).rejects.toThrow(
      "invalid number of kept logs: 0",
    );
  });
});
