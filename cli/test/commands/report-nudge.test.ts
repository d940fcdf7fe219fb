import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LLM_MODEL } from "../../../core/src/nudges/index.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";
import { fixturePresent } from "../../../core/test/model/fixture.ts";
import {
  insightFixture,
  SNAPSHOT_ID,
  type InsightFixture,
} from "../../../core/test/report/insight-fixture.ts";

// The commands run as real processes against the imported XGBoost fixture model and a fixed
// snapshot; the LLM is a local HTTP server (the only network the child may reach).
let fx: InsightFixture;
let server: Server;
let llmUrl: string;
let llmMode: "answer" | "fail" = "answer";
const requests: { authorization?: string; body: string }[] = [];
const KEY = "sk-test-0123456789abcdefghij";

beforeAll(async () => {
  if (!fixturePresent) return;
  fx = await insightFixture();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ authorization: req.headers.authorization, body });
      if (llmMode === "fail") {
        res.writeHead(500).end(`upstream broke; key was ${KEY}; ask ops@example.com`);
        return;
      }
      const content = JSON.stringify({
        action: "autopay-setup",
        message: "Pay automatically by card and never think about a due date again.",
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  llmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server?.close();
  await fx?.close();
});

let logCount = 0;
function cli(args: string[], env: Record<string, string> = {}) {
  const log = join(fx.dir, `logs-${++logCount}`, "usage.log");
  const run = runInProcess(
    [...args, "--model", join(fx.dir, "models/xgb-telco"), "--snapshots", join(fx.dir, "snapshots")],
    {
      ENGAGETRACK_USAGE_LOG: log,
      LLM_API_KEY: "",
      ...env,
    },
  );
  return { run, log };
}
const auditLines = async (log: string) =>
  (await readFile(log, "utf8"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((l) => l.kind === "audit")
    .map((l) => l.audit);

describe.skipIf(!fixturePresent)(
  "engagetrack report and nudge (skip without ../shared/fixtures/xgboost-telco)",
  () => {
    it("report prints the TXT summary and records one audit event in a 0600 log", async () => {
      const { run, log } = cli(["report", "7590-VHVEG"]);
      const { code, stdout, stderr } = await run;
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toMatch(/^EngageTrack customer summary: 7590-VHVEG\n/);
      expect(stdout).toContain(`from snapshot ${SNAPSHOT_ID} (scored 2026-11-21 09:00 UTC)`);
      expect(stdout).toContain("Action            Offer a longer contract [contract-upgrade]");
      expect((await stat(log)).mode & 0o777).toBe(0o600);
      const [audit, ...more] = await auditLines(log);
      expect(more).toEqual([]);
      expect(audit).toMatchObject({
        surface: "cli",
        action: "report",
        customerID: "7590-VHVEG",
        outcome: "ok",
        engine: "rules",
        snapshotId: SNAPSHOT_ID,
        modelHash: fx.model.hash,
        shown: { format: "txt", band: "High", nudge: "contract-upgrade", channel: "csm-call" },
      });
      expect(audit.latencyMs).toBeGreaterThan(0);
    });

    it("report --format json --out writes the CustomerInsight", async () => {
      const out = join(fx.dir, "7590.json");
      const { code, stderr } = await cli(["report", "7590-VHVEG", "--format", "json", "--out", out]).run;
      expect(code).toBe(0);
      expect(stderr).toContain("wrote");
      const insight = JSON.parse(await readFile(out, "utf8"));
      expect(insight).toMatchObject({
        schemaVersion: 1,
        customerID: "7590-VHVEG",
        risk: { band: "High" },
        nudge: { engine: "rules" },
      });
    });

    it("an unknown customer exits 2 with one message and an audited not-found", async () => {
      const { run, log } = cli(["report", "0000-NOONE"]);
      const { code, stdout, stderr } = await run;
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toBe(`engagetrack: no customer "0000-NOONE" in snapshot ${SNAPSHOT_ID}\n`);
      expect(await auditLines(log)).toMatchObject([
        { outcome: "not-found", errorCode: "unknown-customer", engine: null },
      ]);
    });

    it("nudge --event login goes through the trigger: in-app, not a repeat", async () => {
      const { code, stdout } = await cli(["nudge", "7590-VHVEG", "--event", "login", "--json"]).run;
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report).toMatchObject({ customerID: "7590-VHVEG", band: "High", repeated: false });
      expect(report.nudge).toMatchObject({
        trigger: "login",
        channel: "in-app",
        engine: "rules",
        fallbackReason: null,
      });
      expect(typeof report.shownAt).toBe("string");
    });

    it("nudge --llm without a key says the rule engine answered and why", async () => {
      const { code, stdout } = await cli(["nudge", "5575-GNVDE", "--llm"]).run;
      expect(code).toBe(0);
      expect(stdout).toContain("engine: rule engine (LLM not used: llm-off: LLM_API_KEY is not set)");
    });

    it("nudge --llm with a key uses the endpoint, and neither the key nor the customer reach the prompt or the log", async () => {
      llmMode = "answer";
      requests.length = 0;
      const { run, log } = cli(["nudge", "7590-VHVEG", "--llm", "--json"], {
        LLM_API_KEY: KEY,
        LLM_BASE_URL: llmUrl,
      });
      const { code, stdout } = await run;
      expect(code).toBe(0);
      expect(JSON.parse(stdout).nudge).toMatchObject({
        engine: "llm",
        llmModel: DEFAULT_LLM_MODEL,
        actionId: "autopay-setup",
        message: "Pay automatically by card and never think about a due date again.",
      });
      expect(requests).toHaveLength(1);
      expect(requests[0].authorization).toBe(`Bearer ${KEY}`);
      expect(requests[0].body).not.toContain("7590-VHVEG");
      expect(JSON.parse(requests[0].body).model).toBe(DEFAULT_LLM_MODEL);
      const text = await readFile(log, "utf8");
      expect(text).not.toContain(KEY);
      expect((await auditLines(log))[0]).toMatchObject({
        engine: "llm",
        action: "nudge",
        shown: { nudge: "autopay-setup" },
      });
    });

    it("nudge --llm falls back on 500s and logs the failure without secrets", async () => {
      llmMode = "fail";
      requests.length = 0;
      const { run, log } = cli(["nudge", "7590-VHVEG", "--llm"], {
        LLM_API_KEY: KEY,
        LLM_BASE_URL: llmUrl,
        LLM_TIMEOUT_MS: "3000",
      });
      const { code, stdout } = await run;
      expect(code).toBe(0);
      expect(stdout).toContain("engine: rule engine (LLM not used: llm-server-error)");
      expect(requests.length).toBeGreaterThanOrEqual(1);
      const text = await readFile(log, "utf8");
      expect(text).toContain('"code":"server-error"');
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("ops@example.com");
    });

    it("refuses bad settings naming them, without echoing the key", async () => {
      const { code, stderr } = await cli(["nudge", "7590-VHVEG"], {
        LLM_API_KEY: KEY,
        LLM_TIMEOUT_MS: "fast",
      }).run;
      expect(code).toBe(2);
      expect(stderr).toMatch(/^engagetrack: invalid configuration: LLM_TIMEOUT_MS="fast"/);
      expect(stderr).not.toContain(KEY);
    });
  },
);
