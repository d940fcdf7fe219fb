// The conversation over a table that is NOT Telco (the accounts fixture and its hand-written
// contract): filters by the contract's column names and labels, lists over customers to act on
// with riskSummary's figures in euros, segments from the contract, help drawn from the data, no
// experiment, and no Telco or simulator column named anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, riskSummary, type Snapshot } from "../../../core/src/index.ts";
import { revenueAtRiskOf } from "../../../core/src/snapshot/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  chartSpec,
  conversationCatalog,
  respond,
  type ConversationServices,
  type Reply,
} from "../../conversation/index.ts";
import { ASKED_AT, silentLogger } from "../fixtures/conversation-fixture.ts";
import { expectGoldenText } from "./golden-text.ts";

let ws: AccountsWorkspace;
let services: ConversationServices;
let col: Record<string, unknown[]>;

beforeAll(async () => {
  ws = await accountsWorkspace();
  services = {
    // A contract snapshot serves the same conversation as the demo's (rows typed by the contract).
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: silentLogger(),
  };
  col = Object.fromEntries(
    [
      "account_id",
      "probability",
      "monthly_fee",
      "status",
      "state",
      "international_plan",
      "number_customer_service_calls",
    ].map((name) => [name, ws.snapshot.table.array(name) as unknown[]]),
  );
}, 60_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
});

const ask = (text: string) => respond(text, { id: "U1", surface: "terminal" }, services);

/** The rows a plain loop keeps: customers to act on (not churned) passing `keep`, by revenue at risk. */
function expectedList(keep: (i: number) => boolean): { id: string; atRisk: number; p: number }[] {
  const out: { id: string; atRisk: number; p: number }[] = [];
  for (let i = 0; i < ws.snapshot.size; i++) {
    if (col.status[i] === "churned" || !keep(i)) continue;
    const p = col.probability[i] as number;
    out.push({
      id: col.account_id[i] as string,
      atRisk: ((col.monthly_fee[i] as number | null) ?? 0) * p,
      p,
    });
  }
  return out.sort((a, b) => b.atRisk - a.atRisk || b.p - a.p || (a.id < b.id ? -1 : 1));
}

const euros = (n: number) =>
  `€${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Every word a reply shows: text, title, facts, sections, table, menu, ranked segments. */
const everything = (r: Reply) =>
  [
    r.title,
    r.text,
    ...r.facts.flatMap((f) => [f.label, f.value]),
    ...r.sections.flatMap((s) => [s.title, ...s.lines]),
    ...(r.table ? [...r.table.columns, ...r.table.rows.flat()] : []),
    ...(r.menu ?? []).flatMap((m) => [m.label, m.value]),
    ...r.ranked.flatMap((c) => c.segments.flatMap((s) => [s.column, s.label, s.value])),
    ...r.charts.flatMap((c) => [c.title, c.alt, c.text]),
  ].join("\n");

describe("top at-risk on the accounts table", () => {
  it("filters a yes/no column by its label: international plan=yes", async () => {
    const reply = await ask("top at-risk international plan=yes");
    const expected = expectedList((i) => col.international_plan[i] === 1);
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.title).toBe("Top 10 at-risk customers by revenue at risk (international plan=Yes)");
    expect(reply.ranked.map((r) => r.customerID)).toEqual(expected.slice(0, 10).map((e) => e.id));
    // The figures are riskSummary's over the same rows (core's one definition), in euros.
    const rows = ws.snapshot.actionable
      .params({ v: [1] })
      .filter("(d, $) => op.includes($.v, d.international_plan)");
    const summary = riskSummary(rows, ws.snapshot.revenue);
    expect(summary.currency).toBe("EUR");
    expect(reply.facts[0]).toEqual({
      label: "Matching customers",
      value: summary.customers.toLocaleString("en-US"),
    });
    expect(summary.customers).toBe(expected.length);
    expect(reply.facts[1]).toEqual({
      label: "Monthly revenue at risk (all matching)",
      value: euros(summary.revenueAtRisk!),
    });
    expect(summary.revenueAtRisk).toBeCloseTo(revenueAtRiskOf(rows, "monthly_fee"), 9);
    expect(summary.revenueAtRisk).toBeCloseTo(
      expected.reduce((s, e) => s + e.atRisk, 0),
      6,
    );
    expect(reply.facts[2]).toEqual({
      label: "Ranked by",
      value: "revenue at risk (monthly fee × churn probability)",
    });
    // Columns from the contract: id, risk, band, revenue, then its first two segments by label.
    expect(reply.table!.columns).toEqual([
      "#",
      "Customer",
      "Churn risk",
      "Band",
      "Monthly fee",
      "At risk/month",
      "State",
      "International plan",
    ]);
    for (const [i, r] of reply.ranked.entries()) {
      expect(r.currency).toBe("EUR");
      expect(r.segments[1]).toEqual({
        column: "international_plan",
        label: "International plan",
        value: "Yes",
      });
      expect(reply.table!.rows[i][5]).toBe(euros(r.revenueAtRisk!));
    }
    expect(reply.text).toContain("€");
    expect(reply.text).not.toContain("$");
    // No column here is simulated: no note.
    expect(reply.facts.some((f) => f.label === "Data")).toBe(false);
  });

  it.each([
    ["top at-risk customer service calls>3", ">", 3],
    ["top at-risk number_customer_service_calls>=4", ">=", 4],
    ["top 5 at-risk Customer_Service_Calls >= 4 by probability", ">=", 4],
  ])("filters a number by label or column name: %j", async (q, op, n) => {
    const reply = await ask(q);
    const keep = (i: number) => {
      const v = col.number_customer_service_calls[i] as number | null;
      return v !== null && (op === ">" ? v > n : v >= n);
    };
    const expected = expectedList(keep);
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.title).toMatch(/\(customer service calls>=?\d\)$/);
    expect(reply.facts[0].value).toBe(expected.length.toLocaleString("en-US"));
    if (q.includes("probability")) {
      const ps = expected.map((e) => e.p).sort((a, b) => b - a);
      expect(reply.ranked.map((r) => r.probability)).toEqual(ps.slice(0, 5));
    } else {
      expect(reply.ranked.map((r) => r.customerID)).toEqual(expected.slice(0, 10).map((e) => e.id));
    }
  });

  it("takes category values by unique prefix, and a bare value of a segment column", async () => {
    const a = await ask("top at-risk 5 state=c");
    const b = await ask("top at-risk 5 CA");
    expect(a.ranked.map((r) => r.customerID)).toEqual(
      expectedList((i) => col.state[i] === "CA")
        .slice(0, 5)
        .map((e) => e.id),
    );
    expect(b.ranked).toEqual(a.ranked);
    expect(a.title).toContain("(state=CA)");
  });

  it("never lists a churned customer unless status=churned asks for history", async () => {
    for (const q of [
      "top at-risk 50",
      "top at-risk 50 by probability",
      "top at-risk 50 international plan=yes",
    ]) {
      const reply = await ask(q);
      for (const r of reply.ranked) {
        expect(r.status).not.toBe("churned");
        expect(ws.snapshot.lookup(r.customerID)!.status).not.toBe("churned");
      }
    }
    const history = await ask("top at-risk 5 status=churned");
    const churned = ws.snapshot.summary().churned;
    expect(churned).toBeGreaterThan(0);
    expect(history.title).toBe("Churned customers (history), top 5 by revenue at risk (status=churned)");
    expect(history.facts[0]).toEqual({
      label: "Matching customers (history)",
      value: churned.toLocaleString("en-US"),
    });
    expect(history.ranked.every((r) => r.status === "churned")).toBe(true);
    expect(history.facts.some((f) => f.label.startsWith("Monthly revenue at risk"))).toBe(false);
  });

  it("a bad filter names the bad column and lists the real ones", async () => {
    const reply = await ask("top at-risk colour=red");
    expect(reply.kind).toBe("error");
    expect(reply.title).toBe(
      'unknown filter column: "colour" (try state, international plan, voice mail plan, area code, account age, voice mail messages, day minutes, day calls, …)',
    );
    expect(reply.text).toContain("e.g. top at-risk 10 state=CA");
    const value = await ask("top at-risk international plan=maybe");
    expect(value.title).toBe('invalid international plan: "maybe" (one of Yes, No)');
    const op = await ask("top at-risk state>3");
    expect(op.title).toBe("state is a category: use state=<value>, not >");
  });

  it("the list's text reads the same every time (golden)", async () => {
    const reply = await ask("top at-risk 5 international plan=yes");
    await expectGoldenText("accounts-top-at-risk", reply.text);
  });
});

describe("segments on the accounts table", () => {
  it("segment state: every state of the contract, over customers to act on, revenue in euros", async () => {
    const reply = await ask("segment state");
    expect(reply.kind).toBe("segment");
    expect(reply.title).toBe("Churn risk by state");
    expect(reply.charts[0]).toMatchObject({ chart: "segment-bars", id: "segment-state" });
    expect(reply.table!.columns).toEqual([
      "State",
      "Customers",
      "Share",
      "Avg churn risk",
      "High risk",
      "At risk/month",
    ]);
    expect(reply.table!.rows.map((r) => r[0])).toEqual(ws.contract.features[0].values);
    const total = reply.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(total).toBe(ws.snapshot.summary().customers);
    const ca = ws.snapshot.segments("state").find((s) => s.segment === "CA")!;
    expect(reply.table!.rows[0][5]).toBe(euros(ca.revenueAtRisk));
    const sum = ws.snapshot.segments("state").reduce((s, x) => s + x.revenueAtRisk, 0);
    expect(sum).toBeCloseTo(ws.snapshot.summary().revenueAtRisk!, 6);
    await expectGoldenText("accounts-segment-state", reply.text);
  });

  it("segment international plan: a yes/no column by its label, in the contract's words", async () => {
    const reply = await ask("segment international plan");
    expect(reply.title).toBe("Churn risk by international plan");
    expect(reply.table!.rows.map((r) => r[0])).toEqual(["No", "Yes"]);
    const yes = ws.snapshot.segments("international_plan").find((s) => s.segment === 1)!;
    expect(reply.table!.rows[1][1]).toBe(yes.customers.toLocaleString("en-US"));
    const spec = chartSpec(reply.charts[0]);
    expect(spec.table.columns[0]).toBe("International plan");
    const png = await createChartRenderer().png(spec);
    expect(png.kind).toBe("png");
  });

  it("segment a number: buckets that hold every customer to act on", async () => {
    const reply = await ask("segment customer service calls");
    expect(reply.title).toBe("Churn risk by customer service calls");
    const total = reply.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(total).toBe(ws.snapshot.summary().customers);
    expect(reply.table!.rows.length).toBeGreaterThan(1);
    expect(reply.table!.rows.length).toBeLessThanOrEqual(9);
    const minutes = await ask("segment day minutes");
    expect(minutes.table!.rows.length).toBeLessThanOrEqual(7);
    expect(minutes.table!.rows.at(-1)![0]).toMatch(/ or more$/);
  });

  it("an unknown segment column lists the contract's", async () => {
    const reply = await ask("segment contract");
    expect(reply.kind).toBe("error");
    expect(reply.title).toBe('unknown segment column: "contract"');
    expect(reply.text).toContain(
      "segment state (columns: state, international plan, voice mail plan, area code",
    );
  });
});

describe("help and experiment on the accounts table", () => {
  it("help: a real customer to act on, a real filter and the contract's segments", async () => {
    const reply = await ask("help");
    const top = expectedList(() => true)[0].id;
    expect(reply.kind).toBe("help");
    expect(reply.text).toContain(`why is ${top} at risk`);
    expect(reply.text).toContain("top at-risk 10 state=CA");
    expect(reply.text).toContain(
      "segment state — churn by segment (also: international plan, voice mail plan, area code, band",
    );
    expect(reply.text).toContain("experiment — this data set declares no experiment");
    expect(reply.menu!.map((m) => m.value)).toEqual(["top at-risk 10", "segment state", "help"]);
    const unclear = await ask("make me a sandwich");
    expect(unclear.menu!.map((m) => m.value)).toEqual([
      "help",
      "top at-risk 10",
      "segment state",
      "experiment",
    ]);
  });

  it("experiment: the contract declares none, so no verdict and no chart", async () => {
    const reply = await ask("experiment");
    expect(reply).toMatchObject({
      kind: "experiment",
      title: "This data set (accounts) declares no experiment: there is no A/B verdict to show",
      charts: [],
    });
    expect(everything(reply)).not.toMatch(/verdict:|variant|churn [\d.]+%/i);
  });
});

describe("no Telco or simulator column is named on the accounts table", () => {
  const TELCO = [
    "Contract",
    "contract=",
    "persona",
    "planTier",
    "MonthlyCharges",
    "customerID",
    "supportCalls90d",
    "paymentDelayDays",
    "variant",
    "7590-VHVEG",
    "$",
  ];
  it.each([
    "help",
    "top at-risk",
    "top at-risk 20 by probability",
    "top at-risk international plan=yes",
    "top at-risk customer service calls>3",
    "top at-risk status=churned",
    "top at-risk colour=red",
    "top at-risk 0",
    "segment state",
    "segment international plan",
    "segment band",
    "segment status",
    "segment account age",
    "segment",
    "experiment",
    "what is this",
  ])("%j", async (q) => {
    const shown = everything(await ask(q));
    for (const word of TELCO) expect(shown).not.toContain(word);
  });

  it("the catalogue is the contract's: every feature, by name and label, and no demo alias", () => {
    const catalog = conversationCatalog(ws.snapshot);
    expect(catalog.columns.map((c) => c.column)).toEqual([
      ...ws.contract.features.map((f) => f.column),
      "band",
      "status",
    ]);
    expect(catalog.column("plan")).toBeUndefined();
    expect(catalog.column("payment")).toBeUndefined();
    expect(catalog.column("Voice_Mail_Plan")?.column).toBe("voice_mail_plan");
    expect(catalog.column("account age (days)")?.column).toBe("account_length");
  });
});
