// Counts, totals and rates in chat over the accounts contract (not Telco): every number is the
// one core defines (riskSummary, historicalChurnRate, predictedChurnRate), checked here against
// plain loops over the snapshot's columns; churned customers are history and never counted as at
// risk; each reply names its definition. Goldens pin the text, Block Kit and Adaptive Card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { respond, type ConversationServices, type Reply } from "../../conversation/index.ts";
import { pct } from "../../conversation/reply-format.ts";
import { replyBlocks } from "../../slack/reply-blocks.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { ASKED_AT, silentLogger } from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenText, GOLDEN_DIR } from "./golden-text.ts";

let ws: AccountsWorkspace;
let services: ConversationServices;
let col: Record<string, unknown[]>;

beforeAll(async () => {
  ws = await accountsWorkspace();
  services = {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: silentLogger(),
  };
  col = Object.fromEntries(
    ["probability", "monthly_fee", "status", "state", "international_plan", "band"].map((name) => [
      name,
      ws.snapshot.table.array(name) as unknown[],
    ]),
  );
}, 60_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
});

const ask = (text: string) => respond(text, { id: "U1", surface: "terminal" }, services);
const fact = (r: Reply, label: string) => r.facts.find((f) => f.label === label)?.value;
const rows = (keep: (i: number) => boolean) => [...Array(ws.snapshot.size).keys()].filter(keep);
const euros = (n: number) =>
  `€${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const intl = (i: number) => col.international_plan[i] === 1;

describe("count answers", () => {
  it("counts customers to act on, by band, with churned customers apart", async () => {
    const reply = await ask("how many customers on the international plan are high risk?");
    const expected = rows((i) => col.status[i] !== "churned" && intl(i) && col.band[i] === "High");
    const churned = rows((i) => col.status[i] === "churned" && intl(i) && col.band[i] === "High");
    expect(reply.kind).toBe("count");
    expect(expected.length).toBeGreaterThan(0);
    expect(fact(reply, "Customers to act on")).toBe(expected.length.toLocaleString("en-US"));
    expect(fact(reply, "High risk")).toBe(expected.length.toLocaleString("en-US"));
    expect(fact(reply, "Already churned (history, not counted)")).toBe(
      churned.length ? churned.length.toLocaleString("en-US") : undefined,
    );
    expect(reply.title).toBe(
      `${expected.length.toLocaleString("en-US")} customers to act on (international plan=Yes, band=High)`,
    );
    expect(reply.audit).toMatchObject({ action: "ask.count", outcome: "ok" });
    await expectGoldenText("accounts-count", reply.text);
    await expectGoldenJson("accounts-count-blocks", replyBlocks(reply), {}, GOLDEN_DIR);
    await expectGoldenJson(
      "accounts-count-card",
      replyCard(reply, { chart: () => undefined, summary: (id) => `https://bot.example/summary/${id}` }),
      {},
      GOLDEN_DIR,
    );
  });

  it("never counts churned customers as at risk", async () => {
    const reply = await ask("how many churned accounts in Texas");
    const churned = rows((i) => col.status[i] === "churned" && col.state[i] === "TX");
    expect(fact(reply, "Customers to act on")).toBe("0");
    expect(reply.title).toBe(`${churned.length} churned customers (history) (status=churned, state=TX)`);
    expect(reply.text.replace(/\s+/g, " ")).toContain("none of them is counted as at risk");
  });

  it("sums revenue at risk in the contract's currency over customers to act on", async () => {
    const reply = await ask("what's our revenue at risk in Texas");
    const tx = rows((i) => col.status[i] !== "churned" && col.state[i] === "TX");
    const total = tx.reduce(
      (s, i) => s + ((col.monthly_fee[i] as number | null) ?? 0) * (col.probability[i] as number),
      0,
    );
    expect(fact(reply, "Monthly revenue at risk")).toBe(euros(total));
    expect(fact(reply, "Customers to act on")).toBe(tx.length.toLocaleString("en-US"));
    expect(reply.title).toBe(`Monthly revenue at risk (state=TX): ${euros(total)}`);
    expect(reply.sections[0].lines[0]).toMatch(/^revenue at risk: Σ monthly fee × churn probability/);
    await expectGoldenText("accounts-revenue-at-risk", reply.text);
  });

  it("gives the historical churn rate of labelled customers, and the predicted one beside it", async () => {
    const reply = await ask("churn rate of customers on the international plan");
    const labelled = rows((i) => intl(i) && (col.status[i] === "churned" || col.status[i] === "retained"));
    const churned = labelled.filter((i) => col.status[i] === "churned");
    const current = rows((i) => intl(i) && col.status[i] !== "churned");
    const mean = current.reduce((s, i) => s + (col.probability[i] as number), 0) / current.length;
    expect(churned.length).toBeGreaterThan(0);
    expect(fact(reply, "Historical churn rate")).toBe(pct(churned.length / labelled.length));
    expect(fact(reply, "Churned / with a known outcome")).toBe(`${churned.length} / ${labelled.length}`);
    expect(fact(reply, "Predicted churn rate (customers to act on)")).toBe(
      `${pct(mean)} of ${current.length.toLocaleString("en-US")}`,
    );
    expect(reply.text).toContain("history, not a prediction");
    await expectGoldenText("accounts-churn-rate", reply.text);
  });

  it("says when nothing matches instead of answering zero as a finding", async () => {
    const reply = await ask("revenue at risk for customers with monthly fee>100000");
    expect(reply.audit).toMatchObject({ outcome: "not-found", errorCode: "no-match" });
    expect(reply.text).toMatch(/^No customers match \(monthly fee>100000\)/);
  });
});
