// GET /v1/customers/:id and /summaries/<token>.txt on a real server over the accounts table (not
// Telco, core/test/fixtures/accounts.contract.yaml): the ContractInsight as JSON with machine-readable
// simulated markers, its TXT summary, a churned customer as history, and chat answers through the
// server's services in the table's own words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContractInsight, renderContractInsightText } from "../../../core/src/index.ts";
import { createContractRuleNudgeEngine } from "../../../core/src/nudges/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

const NOW = Date.parse("2026-11-21T15:00:00Z");
const FOREIGN =
  /\b(Contract|tenure|persona|planTier|MonthlyCharges|supportCalls90d|paymentDelayDays|variant)\b|7590-VHVEG/;

let ws: AccountsWorkspace;
let s: TestServer;
let currentId: string;
let churnedId: string;

beforeAll(async () => {
  ws = await accountsWorkspace();
  s = await startTestServer(ws, {}, { clock: () => NOW });
  const ids = ws.snapshot.table.array("account_id") as string[];
  const status = ws.snapshot.table.array("status") as string[];
  currentId = ids[status.indexOf("current")];
  churnedId = ids[status.indexOf("churned")];
}, 120_000);

afterAll(async () => {
  await s?.close();
  await ws?.close();
});

describe("a contract table through the API", () => {
  it("GET /v1/customers/:id → the ContractInsight, simulated values marked for machines", async () => {
    const res = await fetch(`${s.url}/v1/customers/${currentId}`, { headers: AUTH });
    expect(res.status).toBe(200);
    const insight = await res.json();
    expect(insight).toMatchObject({
      kind: "contract-insight",
      customerID: currentId,
      status: "current",
      dataset: { name: "accounts", idColumn: "account_id", simulated: false, simulatedColumns: [] },
      nudge: { contract: "accounts", engine: "rules" },
    });
    expect(insight.facts.length).toBeGreaterThan(10);
    for (const f of insight.facts) expect(typeof f.simulated).toBe("boolean");
    expect(insight.facts[0]).toMatchObject({ column: "monthly_fee", role: "revenue" });
    expect(insight.facts[0].text).toMatch(/^€\d+\.\d\d a month$/);
    expect(JSON.stringify(insight)).not.toMatch(FOREIGN);
    const expected = await buildContractInsight({
      model: ws.model,
      snapshot: ws.snapshot,
      customerID: currentId,
      nudges: createContractRuleNudgeEngine(),
      clock: () => new Date(NOW),
    });
    expect(insight).toEqual(JSON.parse(JSON.stringify(expected)));
    const txt = await fetch(`${s.url}/v1/customers/${currentId}`, {
      headers: { ...AUTH, accept: "text/plain" },
    });
    expect(txt.status).toBe(200);
    expect(await txt.text()).toBe(renderContractInsightText(expected));
  });

  it("a churned customer is history: no nudge, and the audit says so", async () => {
    const res = await fetch(`${s.url}/v1/customers/${churnedId}`, { headers: AUTH });
    const insight = await res.json();
    expect(insight).toMatchObject({ status: "churned", nudge: null });
    expect(insight.noNudgeReason).toContain("history");
    const audited = async () =>
      (await s.audits()).find((e) => e.action === "report" && e.customerID === churnedId);
    await waitFor(async () => (await audited()) !== undefined, 5000, "audit");
    const audit = await audited();
    expect(audit).toMatchObject({ outcome: "ok", engine: null, shown: { status: "churned", nudge: null } });
  });

  it("the signed summary link downloads the contract's TXT summary", async () => {
    const res = await fetch(s.services.summaries.url(currentId).replace(/^https?:\/\/[^/]+/, s.url));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${currentId}-summary.txt"`);
    const text = await res.text();
    expect(text).toMatch(new RegExp(`^EngageTrack customer summary: ${currentId} \\(accounts\\)\\n`));
    expect(text).not.toMatch(FOREIGN);
  });

  it("chat through the server's services answers in the table's own words", async () => {
    const reply = await s.services.ask(`tell me about ${currentId}`, { id: "U1", surface: "slack" });
    expect(reply.kind).toBe("insight");
    expect(reply.facts.map((f) => f.label)).toContain("Monthly fee");
    expect(reply.text).not.toMatch(FOREIGN);
    const typo = await s.services.ask(`tell me about ${currentId}x`, { id: "U1", surface: "slack" });
    expect(typo.menu?.[0]?.label).toBe(currentId);
  });
});
