import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";

// `engagetrack ask --llm` on a contract snapshot (the accounts table): the LLM is a local
// OpenAI-compatible server, the only network the run reaches; it picks the first action it is
// offered and words a message with no number, as a well-behaved model would.
let ws: AccountsWorkspace;
let server: Server;
let llmUrl: string;
let llmMode: "answer" | "fail" = "answer";
const requests: { authorization?: string; body: string }[] = [];
const KEY = "sk-test-0123456789abcdefghij";
const MESSAGE = "We would love to hear how your plan is working for you. Shall we talk it through?";

beforeAll(async () => {
  ws = await accountsWorkspace();
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      requests.push({ authorization: req.headers.authorization, body });
      if (llmMode === "fail") {
        res.writeHead(503).end("upstream down");
        return;
      }
      const facts = JSON.parse(JSON.parse(body).messages[1].content);
      const content = JSON.stringify({ action: facts.eligibleActions[0].id, message: MESSAGE });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  llmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}, 60_000);
afterAll(async () => {
  server?.close();
  await ws?.close();
});

/** A current customer of the snapshot: one the bot would offer a nudge for. */
function currentCustomer(): string {
  const ids = ws.snapshot.table.array("account_id") as string[];
  const status = ws.snapshot.table.array("status") as string[];
  return ids[status.indexOf("current")];
}

let runs = 0;
function ask(args: string[], env: Record<string, string> = {}) {
  return runInProcess(["ask", ...args, "--model", ws.modelDir, "--snapshots", ws.snapshotsDir], {
    ENGAGETRACK_USAGE_LOG: join(ws.dir, `logs-${++runs}`, "usage.log"),
    LLM_API_KEY: "",
    ...env,
  });
}

describe("engagetrack ask --llm on a contract snapshot", () => {
  it("shows the LLM's nudge, from a prompt with no customer ID and no key", async () => {
    llmMode = "answer";
    requests.length = 0;
    const id = currentCustomer();
    const r = await ask([id, "--llm"], { LLM_API_KEY: KEY, LLM_BASE_URL: llmUrl });
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0].authorization).toBe(`Bearer ${KEY}`);
    expect(requests[0].body).not.toContain(id);
    expect(requests[0].body).not.toContain(KEY);
    expect(r.stdout).toMatch(/Nudge \(LLM [^)]+\): /);
    expect(r.stdout).toContain(`"${MESSAGE}"`);
    expect(r.stdout).not.toContain("rule engine");
  });

  it("falls back to the rules, saying why, when the LLM is down", async () => {
    llmMode = "fail";
    requests.length = 0;
    const r = await ask([currentCustomer(), "--llm"], {
      LLM_API_KEY: KEY,
      LLM_BASE_URL: llmUrl,
      LLM_TIMEOUT_MS: "3000",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/Nudge \(rule engine \(LLM not used: llm-[a-z-]+\)\): /);
    expect(r.stdout).not.toContain(MESSAGE);
  }, 60_000);

  it("says the LLM is off without a key, and the rules answer", async () => {
    requests.length = 0;
    const r = await ask([currentCustomer(), "--llm"]);
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toHaveLength(0);
    expect(r.stdout).toContain("Nudge (rule engine (LLM not used: llm-off: LLM_API_KEY is not set)): ");
  });

  it("without --llm the rules answer and the LLM is never asked", async () => {
    requests.length = 0;
    const r = await ask([currentCustomer()], { LLM_API_KEY: KEY, LLM_BASE_URL: llmUrl });
    expect(r.code, r.stderr).toBe(0);
    expect(requests).toHaveLength(0);
    expect(r.stdout).toContain("Nudge (rule engine): ");
  });
});
