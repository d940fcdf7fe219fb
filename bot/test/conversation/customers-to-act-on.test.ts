// The demo (simulated preset, a legacy snapshot with churned customers in it): no churned customer
// is ever listed or counted as at risk unless `status=churned` asks for history, and the list's
// figures are the snapshot's own summary (riskSummary), whatever the question's wording.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  parseIntent,
  answer,
  conversationCatalog,
  type ConversationServices,
} from "../../conversation/index.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";

let fx: ConversationFixture;
let services: ConversationServices;

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 2000, seed: 42 });
  services = fx.services();
});
afterAll(async () => {
  await fx?.close();
});

const ask = (text: string) =>
  answer(parseIntent(text, { catalog: conversationCatalog(fx.snapshot) }), services);
const dollars = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe("customers to act on, on the demo", () => {
  it("the demo snapshot holds churned customers (else this proves nothing)", () => {
    expect(fx.snapshot.summary().churned).toBeGreaterThan(100);
  });

  it.each([
    "top at-risk 50",
    "top at-risk 50 by probability",
    "top at-risk 50 band=high",
    "top at-risk 50 contract=month-to-month",
    "top 50 at-risk students",
    "top at-risk 50 tenure<6 by probability",
    "top at-risk 50 status=current|retained",
  ])("%j lists no churned customer", async (q) => {
    const reply = await ask(q);
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.ranked.length).toBeGreaterThan(0);
    for (const r of reply.ranked) expect(fx.snapshot.lookup(r.customerID)!.status).not.toBe("churned");
  });

  it("the unfiltered list's count and revenue at risk are the snapshot's summary", async () => {
    const reply = await ask("top at-risk");
    const summary = fx.snapshot.summary();
    expect(reply.facts[0]).toEqual({
      label: "Matching customers",
      value: summary.customers.toLocaleString("en-US"),
    });
    expect(reply.facts[1]).toEqual({
      label: "Monthly revenue at risk (all matching)",
      value: dollars(summary.revenueAtRisk!),
    });
    // The distribution chart counts the same customers.
    const [chart] = reply.charts;
    if (chart.chart !== "risk-distribution") throw new Error("not the distribution");
    expect(chart.input.reduce((s, b) => s + b.customers, 0)).toBe(summary.customers);
  });

  it("status=churned asks for history on purpose, and the reply says so", async () => {
    const reply = await ask("top at-risk 5 status=churned by probability");
    expect(reply.title).toBe("Churned customers (history), top 5 by churn probability (status=churned)");
    expect(reply.ranked.map((r) => fx.snapshot.lookup(r.customerID)!.status)).toEqual(
      Array(5).fill("churned"),
    );
    expect(reply.facts[0]).toEqual({
      label: "Matching customers (history)",
      value: fx.snapshot.summary().churned.toLocaleString("en-US"),
    });
    expect(reply.table!.columns).not.toContain("At risk/month");
  });

  it("segments count customers to act on; segment status shows history too", async () => {
    const contract = await ask("segment contract");
    const total = contract.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(total).toBe(fx.snapshot.summary().customers);
    const status = await ask("segment status");
    expect(status.table!.rows.map((r) => r[0])).toEqual(["current", "churned", "retained"]);
    expect(status.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0)).toBe(fx.snapshot.size);
    expect(status.facts[0].label).toBe("Customers (history included)");
  });
});
