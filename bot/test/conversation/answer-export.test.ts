// CSV exports over the accounts contract (not Telco): the file parses back as RFC 4180 with the
// contract's labels (currency named, simulated columns marked), holds customers to act on only,
// ranked like the at-risk list, with the snapshot's own numbers; a segment export is the segment
// table. The terminal writes it under the exports folder and prints the path. Goldens pin the
// reply text, the terminal text and the Adaptive Card.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { openStore, storeCustomerActions } from "../../../core/src/store/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { respond, type ConversationServices } from "../../conversation/index.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { terminalText } from "../../terminal/terminal-text.ts";
import { writeReplyOutputs } from "../../terminal/write-reply-outputs.ts";
import { ASKED_AT, conversationFixture, silentLogger } from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenText, GOLDEN_DIR } from "./golden-text.ts";

let ws: AccountsWorkspace;
let services: ConversationServices;
let dir: string;

beforeAll(async () => {
  ws = await accountsWorkspace({ rows: 900 });
  dir = await mkdtemp(join(tmpdir(), "et-export-"));
  services = {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: silentLogger(),
  };
}, 120_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ask = (text: string, s = services) => respond(text, { id: "U1", surface: "terminal" }, s);
const csvOf = (content: string) => parse(content, { record_delimiter: "\r\n" }) as string[][];

describe("CSV exports", () => {
  it("'export to csv': every customer to act on, ranked by revenue at risk, with the contract's labels and the snapshot's numbers", async () => {
    const reply = await ask("export to csv");
    expect(reply.kind).toBe("export");
    const [file] = reply.files;
    expect(file.mime).toBe("text/csv");
    expect(file.name).toBe(`at-risk-${ws.snapshot.manifest.id}.csv`);
    expect(file.content.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = csvOf(file.content);
    expect(header).toEqual([
      "account_id",
      "Churn probability (calibrated)",
      "Risk band",
      "Status",
      "Monthly fee (EUR)",
      "Revenue at risk per month (EUR)",
      "State",
      "International plan",
      "Voice mail plan",
      "Area code",
    ]);
    const summary = ws.snapshot.summary();
    expect(rows.length).toBe(summary.customers);
    expect(rows.every((r) => r[3] !== "churned")).toBe(true);
    const sum = rows.reduce((s, r) => s + Number(r[5]), 0);
    expect(Math.abs(sum - summary.revenueAtRisk!)).toBeLessThan(0.005 * rows.length);
    const atRisk = rows.map((r) => Number(r[5]));
    expect(atRisk).toEqual([...atRisk].sort((a, b) => b - a));
    for (const r of rows.slice(0, 20)) {
      const c = ws.snapshot.lookup(r[0])!;
      expect(Number(r[1])).toBeCloseTo(c.probability, 6);
      expect(r[2]).toBe(c.band);
      expect(r[6]).toBe(c.customer.state);
    }
    await expectGoldenText("export-all", reply.text);
  });

  it("'top at-risk 5 band=High as csv' is the at-risk list's five, in its order", async () => {
    const reply = await ask("top at-risk 5 band=High as csv");
    const list = await ask("top at-risk 5 band=High");
    const rows = csvOf(reply.files[0].content).slice(1);
    expect(rows.map((r) => r[0])).toEqual(list.ranked.map((r) => r.customerID));
    expect(rows.every((r) => r[2] === "High")).toBe(true);
    expect(reply.files[0].export).toEqual({
      list: {
        kind: "top-at-risk",
        limit: 5,
        filters: [{ column: "band", op: "in", values: ["High"] }],
        rankBy: "revenue",
      },
      snapshotId: ws.snapshot.manifest.id,
    });
  });

  it("leaves snoozed customers out, as the at-risk list does, and says how many", async () => {
    const store = await openStore({ dir: "memory", sweepMs: 0 });
    try {
      const withStore = { ...services, customerActions: storeCustomerActions(store.sql, store.replica) };
      const [first] = (await ask("top at-risk 1", withStore)).ranked;
      const snoozed = await ask(`snooze ${first.customerID} 7 days`, withStore);
      expect(snoozed.audit.outcome).toBe("ok");
      const reply = await ask("export to csv", withStore);
      const ids = csvOf(reply.files[0].content)
        .slice(1)
        .map((r) => r[0]);
      expect(ids).not.toContain(first.customerID);
      expect(ids.length).toBe(ws.snapshot.summary().customers - 1);
      expect(reply.text).toContain("(1 snoozed customer left out, as in the at-risk list)");
    } finally {
      await store.close();
    }
  });

  it("'export segment state' is the segment table", async () => {
    const reply = await ask("export segment state");
    const table = await ask("segment state");
    const rows = csvOf(reply.files[0].content);
    expect(rows[0]).toEqual([
      "State",
      "Customers",
      "Share",
      "Mean churn probability (calibrated)",
      "High risk customers",
      "Revenue at risk per month (EUR)",
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual(
      table.table!.rows.map((r) => [r[0], r[1].replace(/,/g, "")]),
    );
  });

  it("marks simulated columns in the header (the demo: every one)", async () => {
    const demo = await conversationFixture({ trainRows: 400 });
    try {
      const reply = await ask("top at-risk 3 as csv", demo.services());
      const header = csvOf(reply.files[0].content)[0];
      expect(header.slice(0, 4)).toEqual([
        "customerID",
        "Churn probability (calibrated)",
        "Risk band",
        "Status",
      ]);
      expect(header.slice(4).every((h) => h.endsWith("(simulated)"))).toBe(true);
      expect(reply.text).toContain("simulated data");
    } finally {
      await demo.close();
    }
  });

  it("the terminal writes the file under the exports folder and prints its path; Teams links it", async () => {
    const reply = await ask("export customers in Texas as csv");
    const exportsDir = join(dir, "outbox", "exports");
    const outputs = await writeReplyOutputs(reply, join(dir, "charts"), createChartRenderer(), exportsDir);
    const path = join(exportsDir, reply.files[0].name);
    expect(outputs.files).toEqual([
      { name: reply.files[0].name, path, bytes: Buffer.byteLength(reply.files[0].content) },
    ]);
    expect(await readFile(path, "utf8")).toBe(reply.files[0].content);
    await expectGoldenText("export-terminal", terminalText(reply, outputs).split(dir).join("<dir>"));
    const card = replyCard(reply, {
      chart: () => undefined,
      summary: () => "https://et.example.com/summaries/x.txt",
      file: (f) => `https://et.example.com/exports/${f.name}.csv`,
    });
    expect(JSON.stringify(card.actions)).toContain("Action.OpenUrl");
    await expectGoldenJson("export-card", card, {}, GOLDEN_DIR);
  });
});
