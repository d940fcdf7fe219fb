// Answers against a real model and the snapshot it scored (built once, in-process): every intent
// kind, the numbers checked against the snapshot computed independently, one golden reply text,
// and one audit event per question.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import {
  analyzeExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  findExperiment,
  verdict,
} from "../../../core/src/experiments/index.ts";
import {
  buildCustomerInsight,
  createRuleNudgeEngine,
  loadSnapshot,
  openUsageLog,
  renderInsightText,
  type ChurnModel,
  type NudgeEngine,
} from "../../../core/src/index.ts";
import { auditEventSchema } from "../../../core/src/log/index.ts";
import {
  answer,
  chartSpec,
  parseIntent,
  respond,
  warmSnapshot,
  type ConversationServices,
  type Reply,
} from "../../conversation/index.ts";
import {
  ASKED_AT,
  conversationFixture,
  SNAPSHOT_ID,
  type ConversationFixture,
} from "../fixtures/conversation-fixture.ts";
import { expectGoldenText } from "./golden-text.ts";

let fx: ConversationFixture;
let services: ConversationServices;
/** Plain arrays of the snapshot's columns, for computing expectations without the code under test. */
let col: Record<string, unknown[]>;
/** The customer with the most monthly revenue at risk (computed here by a plain loop). */
let riskiest: string;

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 2000, seed: 42 });
  services = fx.services();
  col = Object.fromEntries(
    [
      "customerID",
      "probability",
      "band",
      "MonthlyCharges",
      "Contract",
      "persona",
      "tenure",
      "SeniorCitizen",
      "status",
    ].map((name) => [name, fx.snapshot.table.array(name) as unknown[]]),
  );
  let best = -1;
  for (let i = 0; i < fx.snapshot.size; i++) {
    const r = (col.MonthlyCharges[i] as number) * (col.probability[i] as number);
    if (r > best) [best, riskiest] = [r, col.customerID[i] as string];
  }
});
afterAll(async () => {
  await fx?.close();
});

const ask = (text: string, s: ConversationServices = services) => answer(parseIntent(text), s);
const pct = (p: number) => `${Math.round(p * 100)}%`;

describe("customer answers", () => {
  it("the insight card: risk, band, engagement, plan, persona, variant, drivers, best action, nudge, waterfall, buttons", async () => {
    const reply = await ask(`why is ${riskiest} at risk?`);
    const scored = fx.snapshot.lookup(riskiest)!;
    expect(reply.kind).toBe("insight");
    expect(reply.customerID).toBe(riskiest);
    expect(reply.title).toBe(`${riskiest}: ${scored.band} churn risk (${pct(scored.probability)})`);
    const facts = Object.fromEntries(reply.facts.map((f) => [f.label, f.value]));
    expect(facts["Churn risk"]).toBe(`${pct(scored.probability)} (${scored.band})`);
    expect(facts.Persona).toBe(scored.customer.persona);
    expect(facts.Plan).toMatch(new RegExp(`^${scored.customer.planTier}, ${scored.customer.Contract}, `));
    expect(facts.Engagement).toMatch(
      new RegExp(`^${Math.round(scored.customer.engagementScore)}/100 \\(${scored.customer.engagementLevel}`),
    );
    expect(facts.Experiment).toMatch(new RegExp(`: variant ${scored.customer.variant} \\(`));
    expect(reply.drivers).toHaveLength(5);
    expect(reply.drivers.every((d) => d.value >= 0 === (d.effect === "raises"))).toBe(true);
    expect(reply.whatIf!.after).toBeLessThan(reply.whatIf!.before);
    expect(reply.nudge).toMatchObject({ engine: "rules", engineWords: "rule engine" });
    expect(reply.nudge!.message.length).toBeGreaterThan(10);
    expect(reply.actions.map((a) => [a.id, a.label, a.value])).toEqual([
      ["why", "Why?", `drivers ${riskiest}`],
      ["summary", "Download summary", `summary ${riskiest}`],
      ["regenerate-nudge", "Regenerate nudge", `nudge ${riskiest}`],
    ]);
    expect(reply.source).toEqual({ snapshotId: SNAPSHOT_ID, modelHash: fx.model.hash });
    expect(reply.audit).toMatchObject({
      action: "ask.customer",
      customerID: riskiest,
      outcome: "ok",
      engine: "rules",
      shown: { band: scored.band, chart: "shap-waterfall" },
    });
    // The waterfall: from the explanation, ending at the customer's margin; drawn as a real PNG.
    const [chart] = reply.charts;
    expect(chart).toMatchObject({ chart: "shap-waterfall", id: `shap-waterfall-${riskiest}` });
    expect(chart.alt).toContain(`customer ${riskiest}`);
    expect(chart.text).toMatch(/^Why this prediction\?\nStep/);
    if (chart.chart !== "shap-waterfall") throw new Error("not a waterfall");
    const sum = chart.input.baseValue + chart.input.drivers.reduce((s, d) => s + d.value, 0);
    expect(sum).toBeCloseTo(scored.margin, 4);
    const png = await createChartRenderer().png(chartSpec(chart));
    expect(png.kind).toBe("png");
    // The plain text says it all, and reads the same every time.
    expect(reply.text).toContain(`Best action: ${reply.whatIf!.action}`);
    expect(reply.text).toContain("Nudge (rule engine): ");
    await expectGoldenText("insight-reply", reply.text);
    // Plain data: what an adapter in another process would receive is the same reply.
    expect(JSON.parse(JSON.stringify(reply))).toEqual(reply);
  });

  it("finds an ID typed in another case", async () => {
    const reply = await ask(`tell me about ${riskiest.toLowerCase()}`);
    expect(reply.kind).toBe("insight");
    expect(reply.customerID).toBe(riskiest);
  });

  it("answers an unknown ID with the closest IDs and a menu", async () => {
    const typo = `${riskiest.slice(0, -1)}${riskiest.endsWith("Q") ? "R" : "Q"}`;
    const reply = await ask(typo);
    expect(reply.kind).toBe("not-found");
    expect(reply.title).toMatch(new RegExp(`^no customer ${typo}; closest: ${riskiest}(, |$)`));
    expect(reply.menu![0]).toEqual({ label: riskiest, value: `tell me about ${riskiest}` });
    expect(reply.audit).toMatchObject({
      outcome: "not-found",
      errorCode: "unknown-customer",
      customerID: typo,
    });
    const far = await ask("tell me about 0000-AAAAAAAAAAAAAAAAAAAA");
    expect(far.title).toMatch(/^no customer 0000-AAAAAAAAAAAAAAAAAAAA in snapshot .*, and no similar ID$/);
  });

  it("the full driver list adds up from the average customer to this one", async () => {
    const reply = await ask(`drivers ${riskiest}`);
    const scored = fx.snapshot.lookup(riskiest)!;
    expect(reply.kind).toBe("drivers");
    expect(reply.drivers.length).toBe(fx.snapshot.manifest.sources.length);
    const total = reply.drivers.reduce((s, d) => s + d.value, 0);
    const [waterfall] = (await ask(riskiest)).charts;
    if (waterfall.chart !== "shap-waterfall") throw new Error("not a waterfall");
    expect(waterfall.input.baseValue + total).toBeCloseTo(scored.margin, 4);
    for (let i = 1; i < reply.drivers.length; i++) {
      expect(Math.abs(reply.drivers[i - 1].value)).toBeGreaterThanOrEqual(Math.abs(reply.drivers[i].value));
    }
    expect(reply.table!.rows).toHaveLength(reply.drivers.length);
    expect(reply.actions.map((a) => a.id)).toEqual(["summary", "regenerate-nudge"]);
  });

  it("the summary is the TXT summary core renders, as a file", async () => {
    const reply = await ask(`summary ${riskiest}`);
    const insight = await buildCustomerInsight({
      model: fx.model,
      snapshot: fx.snapshot,
      customerID: riskiest,
      nudges: createRuleNudgeEngine(),
      clock: () => ASKED_AT,
      trigger: "on-demand",
    });
    expect(reply.kind).toBe("summary");
    expect(reply.files).toEqual([
      { name: `${riskiest}-summary.txt`, mime: "text/plain", content: renderInsightText(insight) },
    ]);
    expect(reply.audit.shown).toMatchObject({ format: "txt" });
  });

  it("regenerates the nudge with its reasons", async () => {
    const reply = await ask(`regenerate nudge for ${riskiest}`);
    expect(reply.kind).toBe("nudge");
    expect(reply.nudge!.engine).toBe("rules");
    expect(reply.sections[0].lines.length).toBeGreaterThan(0);
    // Another press gives yet another nudge: the button carries the ones already shown.
    expect(reply.actions.map((a) => a.id)).toEqual(["why", "summary", "regenerate-nudge"]);
    expect(reply.actions[2].value).toMatch(
      new RegExp(`^nudge ${riskiest} except [a-z-]+,${reply.nudge!.actionId}$`),
    );
  });

  it("says so when the snapshot was scored by another model, or there is none yet", async () => {
    const other = { ...fx.model, hash: "f".repeat(64) } as ChurnModel;
    const mismatch = await ask(riskiest, { ...services, model: () => other });
    expect(mismatch).toMatchObject({
      kind: "error",
      audit: { errorCode: "model-mismatch", outcome: "error" },
    });
    expect(mismatch.text).toMatch(/was scored by model .*run `npm start`/);
    for (const q of [riskiest, "top at-risk", "segment plan", "experiment"]) {
      const none = await ask(q, { ...services, snapshot: () => undefined });
      expect(none).toMatchObject({
        kind: "error",
        text: "no snapshot yet: run `npm start` to score customers first",
      });
    }
  });

  it("never throws: a failing nudge engine becomes an apology with a code, and a warning in the log", async () => {
    const broken: NudgeEngine = {
      name: "rules",
      decide: () => Promise.reject(new Error("engine exploded")),
    };
    const reply = await ask(riskiest, { ...services, nudges: broken });
    expect(reply).toMatchObject({ kind: "error", audit: { errorCode: "unexpected", outcome: "error" } });
    expect(reply.text).not.toContain("exploded");
  });
});

describe("top at-risk", () => {
  it("ranks the matching customers to act on by revenue at risk, with the total and the distribution chart", async () => {
    const reply = await ask("top at-risk 7 contract=Month-to-month persona=Student");
    // The same list by a plain loop over the snapshot's columns (churned customers are history).
    const expected: { id: string; revenue: number; p: number }[] = [];
    for (let i = 0; i < fx.snapshot.size; i++) {
      if (col.status[i] === "churned") continue;
      if (col.Contract[i] !== "Month-to-month" || col.persona[i] !== "Student") continue;
      const p = col.probability[i] as number;
      expected.push({ id: col.customerID[i] as string, revenue: (col.MonthlyCharges[i] as number) * p, p });
    }
    expected.sort((a, b) => b.revenue - a.revenue || b.p - a.p || (a.id < b.id ? -1 : 1));
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.ranked.map((r) => r.customerID)).toEqual(expected.slice(0, 7).map((e) => e.id));
    for (const r of reply.ranked) {
      expect(r.revenueAtRisk).toBeCloseTo(r.monthlyRevenue! * r.probability, 9);
      expect(r.status).not.toBe("churned");
      const { customer } = fx.snapshot.lookup(r.customerID)!;
      expect([customer.Contract, customer.persona]).toEqual(["Month-to-month", "Student"]);
      // The list shows the contract's first segments: Contract, then Plan tier.
      expect(r.segments).toEqual([
        { column: "Contract", label: "Contract", value: "Month-to-month" },
        { column: "planTier", label: "Plan tier", value: customer.planTier },
      ]);
    }
    const total = expected.reduce((s, e) => s + e.revenue, 0);
    expect(reply.facts[0]).toEqual({
      label: "Matching customers",
      value: expected.length.toLocaleString("en-US"),
    });
    expect(reply.facts[1].value).toBe(
      `$${total.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    );
    expect(reply.title).toBe(
      "Top 7 at-risk customers by revenue at risk (contract=Month-to-month, persona=Student)",
    );
    expect(reply.table!.rows).toHaveLength(7);
    expect(reply.actions.map((a) => a.value)).toEqual(
      expected.slice(0, 5).map((e) => `tell me about ${e.id}`),
    );
    const [chart] = reply.charts;
    if (chart.chart !== "risk-distribution") throw new Error("not the distribution");
    expect(chart.input.reduce((s, b) => s + b.customers, 0)).toBe(expected.length);
    // The same chart has the same cache key (adapters keep rendered PNGs by it); another does not.
    const again = await ask("top at-risk 7 contract=month-to-month persona=student");
    expect(again.charts[0].cacheKey).toBe(chart.cacheKey);
    expect((await ask("top at-risk 7")).charts[0].cacheKey).not.toBe(chart.cacheKey);
    expect(reply.audit.shown).toEqual({
      listed: 7,
      matched: expected.length,
      rankBy: "revenue",
      filters: "Contract,persona",
      history: false,
    });
    // The demo is simulated through and through, and says so.
    expect(reply.facts).toContainEqual({
      label: "Data",
      value: "simulated data (every customer here was made by the simulator)",
    });
  });

  it("ranks by probability on request, and filters numbers and yes/no columns", async () => {
    const reply = await ask("top 5 at-risk tenure<12 senior=yes by probability");
    const ps: number[] = [];
    for (let i = 0; i < fx.snapshot.size; i++) {
      if (col.status[i] === "churned") continue;
      if ((col.tenure[i] as number) < 12 && col.SeniorCitizen[i] === 1) ps.push(col.probability[i] as number);
    }
    ps.sort((a, b) => b - a);
    expect(reply.ranked.map((r) => r.probability)).toEqual(ps.slice(0, 5));
    expect(reply.facts[0].value).toBe(ps.length.toLocaleString("en-US"));
  });

  it("says when nothing matches, without a chart", async () => {
    const reply = await ask("top at-risk tenure>1000");
    expect(reply).toMatchObject({
      kind: "top-at-risk",
      ranked: [],
      charts: [],
      audit: { outcome: "not-found" },
    });
    expect(reply.title).toBe("No customers to act on match (tenure>1000)");
  });
});

describe("segments and experiments", () => {
  it("churn by contract: the catalogue chart, and a table that adds up to the snapshot", async () => {
    const reply = await ask("segment contract");
    expect(reply.kind).toBe("segment");
    expect(reply.charts[0]).toMatchObject({ chart: "contract-segmentation", id: "contract-segmentation" });
    expect(reply.table!.rows.map((r) => r[0])).toEqual(["Month-to-month", "One year", "Two year"]);
    const customers = reply.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(customers).toBe(fx.snapshot.summary().customers);
    const seg = fx.snapshot.segments("Contract");
    expect(reply.table!.rows[0][5]).toBe(
      `$${seg.find((s) => s.segment === "Month-to-month")!.revenueAtRisk.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    );
    expect(reply.text).toMatch(
      /^Churn risk by contract: [\d,]+ customers to act on; highest average churn risk: /,
    );
  });

  it.each([
    ["segment payment method", "segment-bars", "Churn risk by payment method", 4],
    ["segment tenure", "segment-bars", "Churn risk by tenure (months)", 6],
    ["segment senior citizen", "segment-bars", "Churn risk by senior citizen", 2],
    ["segment usage", "usage-frequency", "Churn risk by usage frequency (sessions per month)", 7],
    ["segment engagement", "engagement-levels", "Churn risk by engagement level", 3],
  ])("%j → %s", async (q, chart, title, rows) => {
    const reply = await ask(q);
    expect(reply.charts[0].chart).toBe(chart);
    expect(reply.title).toBe(title);
    expect(reply.table!.rows).toHaveLength(rows);
    expect(reply.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0)).toBe(
      fx.snapshot.summary().customers,
    );
    const png = await createChartRenderer().png(chartSpec(reply.charts[0]));
    expect(png.kind).toBe("png");
  });

  it("the experiment verdict is the one core's analysis gives, with the A/B chart", async () => {
    const reply = await ask("experiment");
    const report = analyzeExperiment(fx.snapshot.table, findExperiment(DEFAULT_EXPERIMENT_CONFIG));
    expect(reply.kind).toBe("experiment");
    expect(reply.sections[0]).toEqual({ title: "Verdict", lines: [verdict(report)] });
    expect(reply.charts[0]).toMatchObject({ chart: "ab-variants", id: "ab-variants-nudge-strategy-2026" });
    expect(reply.text).toContain(`Verdict: ${verdict(report)}`);
    expect((await ask("experiment NUDGE-STRATEGY-2026")).kind).toBe("experiment");
  });

  it("an unknown experiment lists the declared ones", async () => {
    const reply = await ask("experiment pricing-2027");
    expect(reply).toMatchObject({
      kind: "not-found",
      title: "no experiment pricing-2027; declared: nudge-strategy-2026",
      menu: [{ label: "nudge-strategy-2026", value: "experiment nudge-strategy-2026" }],
    });
  });
});

describe("help, menus and errors", () => {
  it("help lists the questions with a menu", async () => {
    const reply = await ask("help");
    expect(reply.kind).toBe("help");
    expect(reply.text).toMatch(/top at-risk 10 contract=Month-to-month /);
    expect(reply.text).not.toContain("7590-VHVEG");
    expect(reply.menu!.map((m) => m.value)).toEqual([
      "top at-risk 10",
      "segment contract",
      "experiment",
      "help",
    ]);
  });

  it("unclear input gets a short menu; a bad filter gets the reason and an example", async () => {
    const menu = await ask("make me a sandwich");
    expect(menu).toMatchObject({ kind: "menu", audit: { outcome: "invalid", errorCode: "not-understood" } });
    expect(menu.menu!.length).toBeLessThanOrEqual(5);
    const bad = await ask("top at-risk contract=Three year");
    expect(bad).toMatchObject({ kind: "error", audit: { action: "ask.top-at-risk", outcome: "invalid" } });
    expect(bad.text).toBe(
      'invalid contract: "Three" (one of Month-to-month, One year, Two year)\ne.g. top at-risk 10 contract=Month-to-month',
    );
  });
});

describe("warmSnapshot", () => {
  it("prepares a freshly loaded snapshot without changing any answer", async () => {
    const fresh = await loadSnapshot(join(fx.snapshotsDir, SNAPSHOT_ID));
    const warmed = { ...services, snapshot: () => fresh };
    warmSnapshot(warmed);
    warmSnapshot({ ...services, snapshot: () => undefined });
    for (const q of [
      "top at-risk 5",
      "top at-risk 5 by probability",
      "segment persona",
      "experiment",
      riskiest.toLowerCase(),
    ]) {
      const [a, b] = [await ask(q, warmed), await ask(q)];
      expect(a.text).toBe(b.text);
    }
  });
});

describe("respond", () => {
  it("writes exactly one valid audit event per question, with who asked and where, and nothing else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "et-audit-"));
    try {
      const log = await openUsageLog({ path: join(dir, "usage.log") });
      const s = fx.services(log.logger);
      const asker = { id: "U123ABC", surface: "slack" as const };
      const questions = [
        riskiest,
        "top at-risk 3",
        "segment plan",
        "experiment",
        "gibberish words",
        `summary ${riskiest}`,
      ];
      const replies: Reply[] = [];
      for (const q of questions) replies.push(await respond(q, asker, s));
      await log.close();
      const lines = (await readFile(join(dir, "usage.log"), "utf8"))
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l));
      const events = lines.filter((l) => l.kind === "audit").map((l) => auditEventSchema.parse(l.audit));
      expect(events.map((e) => e.action)).toEqual([
        "ask.customer",
        "ask.top-at-risk",
        "ask.segment",
        "ask.experiment",
        "ask.unclear",
        "ask.summary",
      ]);
      for (const e of events) {
        expect(e).toMatchObject({ actor: "U123ABC", surface: "slack", snapshotId: SNAPSHOT_ID });
        expect(e.latencyMs).toBeGreaterThanOrEqual(0);
      }
      expect(events[0]).toMatchObject({ customerID: riskiest, modelHash: fx.model.hash, engine: "rules" });
      expect(events[4]).toMatchObject({ outcome: "invalid", errorCode: "not-understood" });
      // The question's words and the reply's text are not logged, only scalar facts.
      const raw = await readFile(join(dir, "usage.log"), "utf8");
      expect(raw).not.toContain("gibberish");
      expect(raw).not.toContain(replies[0].nudge!.message);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
