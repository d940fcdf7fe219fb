import { describe, expect, it } from "vitest";
import { MAX_LIST, parseIntent, type CustomerFilter, type Intent } from "../../conversation/index.ts";

const ID = "7590-VHVEG";

describe("parseIntent: one customer", () => {
  it.each([
    [ID],
    [`${ID}?`],
    [`why is ${ID} at risk`],
    [`Why is ${ID} at risk?`],
    [`WHY IS ${ID} AT RISK?!`],
    [`why's ${ID} likely to churn`],
    [`tell me about ${ID}`],
    [`Tell me more about customer ${ID}.`],
    [`<@U123ABC> why is *${ID}* at risk?`],
    [`<@U123ABC|engagetrack> tell me about \`${ID}\``],
    [`<at>EngageTrack</at> ${ID}`],
    [`hey, can you show me ${ID} please`],
    [`what's up with ${ID}`],
    [`is ${ID} at risk`],
    [`customer #${ID}`],
    [`info ${ID}`],
    [`  why   is\t${ID}  at   risk  `],
    [`why is “${ID}” at risk`],
  ])("%j → customer", (text) => {
    expect(parseIntent(text)).toEqual({ kind: "customer", customerID: ID });
  });

  it("keeps the case the asker typed (the answer resolves case)", () => {
    expect(parseIntent("tell me about 7590-vhveg")).toEqual({ kind: "customer", customerID: "7590-vhveg" });
  });

  it("takes a word without digits as an ID only when the snapshot knows it", () => {
    expect(parseIntent("alice").kind).toBe("unclear");
    expect(parseIntent("alice", { isCustomerId: (w) => w === "alice" })).toEqual({
      kind: "customer",
      customerID: "alice",
    });
    expect(parseIntent("tell me about alice")).toEqual({ kind: "customer", customerID: "alice" });
  });

  it.each([
    [`summary ${ID}`, "summary"],
    [`Summary for ${ID}`, "summary"],
    [`download summary for ${ID}`, "summary"],
    [`summarise ${ID} as txt`, "summary"],
    [`${ID} summary please`, "summary"],
    [`drivers ${ID}`, "drivers"],
    [`all drivers for ${ID}`, "drivers"],
    [`nudge ${ID}`, "nudge"],
    [`regenerate nudge for ${ID}`, "nudge"],
    [`new nudge ${ID}`, "nudge"],
  ])("%j → %s", (text, kind) => {
    expect(parseIntent(text)).toEqual({ kind, customerID: ID });
  });

  it.each([["why?"], ["tell me about"], ["summary"], ["drivers"]])("%j asks which customer", (text) => {
    const intent = parseIntent(text);
    expect(intent.kind).toBe("invalid");
    expect(intent).toMatchObject({ problem: "which customer? no customer ID given" });
  });

  it("refuses an ID with characters no customer ID has", () => {
    expect(parseIntent("summary <script>")).toMatchObject({
      kind: "invalid",
      about: "summary",
      problem: expect.stringMatching(/^not a customer ID: "<script>"/),
    });
  });
});

describe("parseIntent: top at-risk", () => {
  const top = (over: Partial<Extract<Intent, { kind: "top-at-risk" }>> = {}) => ({
    kind: "top-at-risk",
    limit: 10,
    filters: [],
    rankBy: "revenue",
    notes: [],
    ...over,
  });
  const contract: CustomerFilter = { column: "Contract", op: "in", values: ["Month-to-month"] };
  const student: CustomerFilter = { column: "persona", op: "in", values: ["Student"] };

  it.each<[string, ReturnType<typeof top>]>([
    ["top at-risk", top()],
    ["top", top()],
    ["Top at risk", top()],
    ["top at-risk 5", top({ limit: 5 })],
    ["top 5 at-risk", top({ limit: 5 })],
    ["show me the top 25 at-risk customers", top({ limit: 25 })],
    ["who is most at risk?", top()],
    ["who's at risk", top()],
    ["riskiest customers", top()],
    ["top at-risk contract=Month-to-month", top({ filters: [contract] })],
    ["top at-risk contract=month-to-month", top({ filters: [contract] })],
    ["top at-risk Contract: month to month", top({ filters: [contract] })],
    ["top at-risk contract=monthly", top({ filters: [contract] })],
    ["top at-risk 10 contract=Month-to-month persona=Student", top({ filters: [contract, student] })],
    ["top at-risk contract=Month-to-month, persona=student", top({ filters: [contract, student] })],
    ["top at-risk contract=Month-to-month and persona=Student", top({ filters: [contract, student] })],
    ["top 10 at risk students on month-to-month", top({ filters: [student, contract] })],
    ["top at-risk persona=Students", top({ filters: [student] })],
    [
      "top at-risk persona=Student|Writer",
      top({ filters: [{ column: "persona", op: "in", values: ["Student", "Writer"] }] }),
    ],
    [
      "top at-risk persona=Student persona=Writer",
      top({ filters: [{ column: "persona", op: "in", values: ["Student", "Writer"] }] }),
    ],
    [
      "top at-risk payment=Electronic check",
      top({ filters: [{ column: "PaymentMethod", op: "in", values: ["Electronic check"] }] }),
    ],
    [
      'top at-risk payment_method="Bank transfer (automatic)" by probability',
      top({
        filters: [{ column: "PaymentMethod", op: "in", values: ["Bank transfer (automatic)"] }],
        rankBy: "probability",
      }),
    ],
    ["top at-risk plan!=Free", top({ filters: [{ column: "planTier", op: "not-in", values: ["Free"] }] })],
    ["top at-risk tenure<12", top({ filters: [{ column: "tenure", op: "<", value: 12 }] })],
    ["top at-risk tenure < 12 months", top({ filters: [{ column: "tenure", op: "<", value: 12 }] })],
    ["top at-risk charges>=$70.5", top({ filters: [{ column: "MonthlyCharges", op: ">=", value: 70.5 }] })],
    ["top at-risk band=high", top({ filters: [{ column: "band", op: "in", values: ["High"] }] })],
    ["top at-risk senior=yes", top({ filters: [{ column: "SeniorCitizen", op: "in", values: [1] }] })],
    ["top at-risk by probability", top({ rankBy: "probability" })],
    ["top 3 at-risk sorted by revenue", top({ limit: 3 })],
    [
      "top at-risk 5 contract=Month-to-month by probability",
      top({ limit: 5, filters: [contract], rankBy: "probability" }),
    ],
  ])("%j", (text, expected) => {
    expect(parseIntent(text)).toEqual(expected);
  });

  it("caps the list and says so", () => {
    expect(parseIntent("top at-risk 500")).toEqual(
      top({
        limit: MAX_LIST,
        notes: [`showing the top ${MAX_LIST}, the most one reply lists (asked for 500)`],
      }),
    );
  });

  it.each([
    [
      "top at-risk contract=Three year",
      /^invalid contract: "Three" \(one of Month-to-month, One year, Two year\)$/,
    ],
    ["top at-risk persona=Pilot", /^invalid persona: "Pilot" \(one of Student, Marketer, Analyst, Writer\)$/],
    ["top at-risk colour=red", /^unknown filter column: "colour" \(try contract, plan, persona, stage/],
    ["top at-risk plan>3", /^plan is a category: use plan=<value>, not >$/],
    ["top at-risk tenure<soon", /^invalid tenure: "soon" \(a number, e.g. tenure<12\)$/],
    ["top at-risk tenure!=3", /^use <, <=, >, >= or = with tenure$/],
    ["top at-risk contract=", /^missing contract value/],
    ["top at-risk 0", /^the list needs at least 1 customer$/],
    ["top at-risk with bananas", /^did not understand "bananas"/],
  ])("%j is a helpful error", (text, problem) => {
    const intent = parseIntent(text);
    expect(intent).toMatchObject({
      kind: "invalid",
      about: "top-at-risk",
      hint: expect.stringContaining("top at-risk"),
    });
    expect((intent as { problem: string }).problem).toMatch(problem);
  });

  it("takes a unique prefix of a value", () => {
    expect(parseIntent("top at-risk stage=dorm plan=prem")).toMatchObject({
      kind: "top-at-risk",
      filters: [
        { column: "lifecycleStage", values: ["dormant"] },
        { column: "planTier", values: ["Premium"] },
      ],
    });
  });

  it("refuses an ambiguous prefix, naming the choices", () => {
    expect(parseIntent("top at-risk payment=check")).toMatchObject({
      kind: "invalid",
      problem: expect.stringMatching(
        /^invalid payment: "check" \(one of .*Electronic check, Mailed check\)$/,
      ),
    });
    expect(parseIntent("top at-risk techsupport=n")).toMatchObject({
      kind: "invalid",
      problem: 'invalid tech support: "n" (one of No, No internet service, Yes)',
    });
  });
});

describe("parseIntent: segments, experiments, help", () => {
  it.each([
    ["segment contract", "Contract"],
    ["Segment by Contract", "Contract"],
    ["segments persona", "persona"],
    ["churn by plan", "planTier"],
    ["what is the churn by payment method?", "PaymentMethod"],
    ["risk by internet service", "InternetService"],
    ["breakdown by engagement", "engagementLevel"],
    ["split by support calls", "supportCalls90d"],
    ["segment tenure", "tenure"],
    ["segment payment_method", "PaymentMethod"],
    ["segment PaymentMethod", "PaymentMethod"],
    ["segment senior citizen", "SeniorCitizen"],
    ["segment band", "band"],
    ["by contract", "Contract"],
  ])("%j → segment %s", (text, column) => {
    expect(parseIntent(text)).toEqual({ kind: "segment", column });
  });

  it.each([["segment colour"], ["segment"], ["segment churn"]])(
    "%j names the problem and the columns",
    (text) => {
      expect(parseIntent(text)).toMatchObject({
        kind: "invalid",
        about: "segment",
        hint: expect.stringContaining("segment contract"),
      });
    },
  );

  it.each<[string, string | null]>([
    ["experiment", null],
    ["experiments", null],
    ["A/B test results", null],
    ["ab test", null],
    ["how is the experiment doing", null],
    ["experiment nudge-strategy-2026", "nudge-strategy-2026"],
    ["Experiment results for nudge-strategy-2026", "nudge-strategy-2026"],
  ])("%j → experiment %s", (text, key) => {
    expect(parseIntent(text)).toEqual({ kind: "experiment", key });
  });

  it("refuses an experiment key of several words", () => {
    expect(parseIntent("experiment big red button")).toMatchObject({ kind: "invalid", about: "experiment" });
  });

  it.each([["help"], ["HELP"], ["?"], [""], ["   "], ["hi"], ["hello"], ["<@U123>"], ["what can you do?"]])(
    "%j → help",
    (text) => {
      expect(parseIntent(text)).toEqual({ kind: "help" });
    },
  );
});

describe("parseIntent: unclear input gets a menu, never an exception", () => {
  it("offers the main questions for words it does not know", () => {
    expect(parseIntent("what's the weather like")).toEqual({
      kind: "unclear",
      input: "what's the weather like",
      options: ["help", "top at-risk 10", "segment contract", "experiment"],
    });
  });

  it("asks which one when a message names two customers", () => {
    expect(parseIntent("compare 7590-VHVEG and 5575-GNVDE")).toEqual({
      kind: "unclear",
      input: "compare 7590-VHVEG and 5575-GNVDE",
      options: ["tell me about 7590-VHVEG", "tell me about 5575-GNVDE"],
    });
    expect(parseIntent("summary 7590-VHVEG 5575-GNVDE")).toMatchObject({
      kind: "unclear",
      options: ["summary 7590-VHVEG", "summary 5575-GNVDE"],
    });
  });

  it("survives hostile and odd input", () => {
    const odd = [
      "\u0000\u001b[31m7590-VHVEG\u001b[0m",
      "x".repeat(10_000),
      "top at-risk " + "contract=Month-to-month ".repeat(500),
      "<<<>>>",
      "=",
      "top at-risk ===",
      "segment ../../etc/passwd",
      "\u202e7590-VHVEG",
      "🤖🤖🤖",
      "DROP TABLE customers; --",
      'top at-risk contract="unterminated',
    ];
    for (const text of odd) {
      const intent = parseIntent(text);
      expect(["customer", "unclear", "invalid", "top-at-risk", "help", "segment"]).toContain(intent.kind);
    }
    expect(parseIntent("\u001b[31m7590-VHVEG\u001b[0m")).toEqual({ kind: "customer", customerID: ID });
  });
});
