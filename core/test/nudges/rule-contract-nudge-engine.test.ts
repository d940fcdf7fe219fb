import fc from "fast-check";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stableStringify } from "../../src/model/stable-json.ts";
import type { RiskBand } from "../../src/snapshot/scored-batch.ts";
import { CONTRACT_NUDGE_CATALOGUE } from "../../src/nudges/contract-nudge-catalogue.ts";
import { contractNudgeFacts, type ContractNudgeFacts } from "../../src/nudges/contract-nudge-facts.ts";
import { numbersIn } from "../../src/nudges/llm-answer.ts";
import { planContractNudge } from "../../src/nudges/plan-contract-nudge.ts";
import {
  chooseContractRuleNudge,
  createContractRuleNudgeEngine,
} from "../../src/nudges/rule-contract-nudge-engine.ts";
import { expectGoldenFile } from "../fixtures/golden-file.ts";
import {
  account,
  accountFacts,
  ACCOUNTS_WITH_OWNER_AND_EXPERIMENT,
  ACCOUNTS_WITH_SIMULATED,
  ACCOUNTS_WITHOUT_ACTIONS,
  explained,
} from "./contract-facts.ts";

const GOLDEN_DIR = join(import.meta.dirname, "__golden__");
const onDemand = { trigger: "on-demand" as const };
const rules = (n: { reasons: { rule: string }[] }) => n.reasons.map((r) => r.rule);
const reason = (n: { reasons: { rule: string; text: string }[] }, rule: string) =>
  n.reasons.find((r) => r.rule === rule)?.text;

describe("the generic catalogue's eligibility", () => {
  it.each([
    ["High", "both", "offer-what-if"],
    ["Medium", "both", "offer-what-if"],
    ["High", "none", "csm-check-in"],
    ["Medium", "none", "csm-check-in"],
    ["High", "tiny", "csm-check-in"],
    ["Low", "both", "stay-in-touch"],
    ["Low", "none", "stay-in-touch"],
  ] as const)("%s risk with %s what-ifs: exactly one rule applies, %s", (band, whatIf, id) => {
    const facts = accountFacts(band, { whatIf });
    const applying = CONTRACT_NUDGE_CATALOGUE.filter((r) => r.conditions.every((c) => c.test(facts)));
    expect(applying.map((r) => r.id)).toEqual([id]);
    expect(chooseContractRuleNudge(facts, onDemand).actionId).toBe(id);
  });
});

describe("chooseContractRuleNudge", () => {
  it("offer-what-if at High risk: the action that removes the most risk, by a call from the CSM", () => {
    const nudge = chooseContractRuleNudge(accountFacts("High"), onDemand);
    expect(nudge).toMatchObject({
      contract: "accounts",
      actionId: "offer-what-if",
      title: "Best action: move off the international plan",
      channel: "csm-call",
      offer: { column: "international_plan", action: "move off the international plan" },
      engine: "rules",
      llmModel: null,
      fallbackReason: null,
      experiment: null,
      trigger: "on-demand",
      alternatives: ["offer a voice mail plan"],
    });
    expect(rules(nudge)).toEqual([
      "experiment:none",
      "rank:risk-removed",
      "eligible:offer-what-if/medium-or-high-risk",
      "eligible:offer-what-if/offerable-action",
      "driver:international_plan",
      "driver:number_customer_service_calls",
      "driver:total_day_minutes",
      "driver:voice_mail_plan",
      "what-if:international_plan",
      "channel:high-risk-csm-call",
      "engine:rules",
    ]);
    expect(reason(nudge, "rank:risk-removed")).toBe(
      "removes 1.12 log-odds of risk, the most among 2 offerable actions",
    );
    expect(reason(nudge, "what-if:international_plan")).toBe("move off the international plan: 62% → 35%");
    // The call also goes over the next drivers; the offered column is not repeated.
    expect(nudge.message).toBe(
      "We'd like to help you move off the international plan. Your account manager will call to talk it through and to go over your account: 4 customer service calls; 265.1 day minutes.",
    );
  });

  it("offer-what-if at Medium risk: the same offer by e-mail, no call", () => {
    const nudge = chooseContractRuleNudge(accountFacts("Medium"), onDemand);
    expect(nudge).toMatchObject({ actionId: "offer-what-if", channel: "email" });
    expect(reason(nudge, "channel:medium-risk-email")).toBe(
      "Medium risk: an e-mail (a call is kept for High risk)",
    );
    expect(nudge.message).toBe(
      "We'd like to help you move off the international plan. Reply to this e-mail and we'll set it up for you.",
    );
  });

  it("turns a team's 'offer …' phrase to the customer", () => {
    const risk = { ...explained("Medium"), whatIf: [explained("Medium").whatIf[1]] };
    const nudge = chooseContractRuleNudge(
      contractNudgeFacts(ACCOUNTS_WITH_SIMULATED, account(), risk),
      onDemand,
    );
    expect(nudge.message).toBe(
      "We'd like to offer you a voice mail plan. Reply to this e-mail and we'll set it up for you.",
    );
  });

  it("csm-check-in at High risk with nothing to offer: a call about the top drivers", () => {
    const nudge = chooseContractRuleNudge(accountFacts("High", { whatIf: "none" }), onDemand);
    expect(nudge).toMatchObject({
      actionId: "csm-check-in",
      channel: "csm-call",
      offer: null,
      alternatives: [],
    });
    expect(reason(nudge, "rank:no-offer")).toBe(
      "none of the contract's 2 actions applies to this customer and lowers risk: nothing to offer",
    );
    expect(nudge.message).toBe(
      "Your account manager will call to hear how things are going and to go over your account: on the international plan; 4 customer service calls.",
    );
  });

  it("csm-check-in at Medium risk is an e-mail, and says which what-ifs were too small to offer", () => {
    const nudge = chooseContractRuleNudge(accountFacts("Medium", { whatIf: "tiny" }), onDemand);
    expect(nudge).toMatchObject({ actionId: "csm-check-in", channel: "email", offer: null });
    expect(reason(nudge, "rank:no-offer")).toBe("no feasible action is worth offering (1 withheld, below)");
    expect(reason(nudge, "what-if-withheld:voice_mail_plan")).toBe(
      "not offered: offer a voice mail plan (lowers risk by only 0.02 log-odds, 34% → 34%)",
    );
    expect(nudge.message).toMatch(
      /^Your account manager would like to hear how things are going .* Just reply to this e-mail\.$/,
    );
  });

  it("stay-in-touch at Low risk: an in-app note, no offer, no call, and says why", () => {
    const nudge = chooseContractRuleNudge(accountFacts("Low"), onDemand);
    expect(nudge).toMatchObject({
      actionId: "stay-in-touch",
      title: "Stay in touch",
      channel: "in-app",
      offer: null,
      alternatives: [],
      message: "Thanks for being with us! If there's anything we could do better, tap here to tell us.",
    });
    expect(reason(nudge, "rank:low-risk")).toBe(
      "Low risk (8%): no offer is spent and no one's time is booked; 2 offerable actions kept for Medium and High risk",
    );
    expect(reason(nudge, "channel:low-risk-in-app")).toBe("Low risk: a note in the app (no e-mail, no call)");
    expect(rules(nudge).some((r) => r.startsWith("what-if:"))).toBe(false);
  });

  it.each(["High", "Medium", "Low"] as const)("an app event shows the %s-risk nudge in the app", (band) => {
    const nudge = chooseContractRuleNudge(accountFacts(band), { trigger: "login" });
    expect(nudge.channel).toBe("in-app");
    expect(nudge.trigger).toBe("login");
    expect(reason(nudge, "channel:event-login")).toBe("login event: shown in the app");
    if (band !== "Low") expect(nudge.message).toMatch(/Tap here to set it up\.$/);
  });

  it.each([
    ["High", "csm-check-in", "csm-call"],
    ["Medium", "csm-check-in", "email"],
    ["Low", "stay-in-touch", "in-app"],
  ] as const)("a contract without actions: %s risk → %s by %s", (band, id, channel) => {
    const facts = accountFacts(band, { contract: ACCOUNTS_WITHOUT_ACTIONS });
    const nudge = chooseContractRuleNudge(facts, onDemand);
    expect(nudge).toMatchObject({ actionId: id, channel, offer: null, alternatives: [] });
    if (band !== "Low")
      expect(reason(nudge, "rank:no-offer")).toBe(
        "the contract declares no actions: nothing to offer, so the check-in is about the top drivers",
      );
  });

  it("never quotes a simulated value and never offers an action that rests on one", () => {
    const nudge = chooseContractRuleNudge(
      accountFacts("High", { contract: ACCOUNTS_WITH_SIMULATED }),
      onDemand,
    );
    // international_plan is simulated: its (better) what-if is withheld; the voice mail plan is offered.
    expect(nudge.offer?.column).toBe("voice_mail_plan");
    expect(reason(nudge, "what-if-withheld:international_plan")).toBe(
      "not offered: move off the international plan (the customer's current international_plan is simulated)",
    );
    expect(reason(nudge, "driver:number_customer_service_calls")).toBe(
      "4 customer service calls raises risk (+0.61 log-odds); a simulated value, never quoted to the customer",
    );
    expect(nudge.message).not.toMatch(/international|customer service|\b4\b/);
    expect(nudge.message).toContain("265.1 day minutes");
    const checkIn = chooseContractRuleNudge(
      accountFacts("High", { contract: ACCOUNTS_WITH_SIMULATED, whatIf: "none" }),
      onDemand,
    );
    expect(checkIn.message).toBe(
      "Your account manager will call to hear how things are going and to go over your account: 265.1 day minutes; no voice mail plan.",
    );
  });

  it("records the arm of a declared experiment without letting it change the choice", () => {
    const facts = (arm: string) =>
      contractNudgeFacts(ACCOUNTS_WITH_OWNER_AND_EXPERIMENT, account({ campaign: arm }), explained("High"));
    const [control, treated] = [
      chooseContractRuleNudge(facts("control"), onDemand),
      chooseContractRuleNudge(facts("call-first"), onDemand),
    ];
    expect(treated.experiment).toEqual({ key: "winter-retention", arm: "call-first" });
    expect(treated.reasons[0]).toEqual({
      kind: "experiment",
      rule: "experiment:winter-retention/call-first",
      text: "arm call-first of winter-retention (recorded; every arm gets the same rules)",
    });
    expect({ ...control, experiment: null, reasons: control.reasons.slice(1) }).toEqual({
      ...treated,
      experiment: null,
      reasons: treated.reasons.slice(1),
    });
    expect(chooseContractRuleNudge(accountFacts("High"), onDemand).reasons[0]).toEqual({
      kind: "experiment",
      rule: "experiment:none",
      text: "no experiment arm: none is claimed",
    });
  });

  it("is deterministic: equal facts give equal nudges, through the engine too", async () => {
    const a = chooseContractRuleNudge(accountFacts("High"), onDemand);
    const b = await createContractRuleNudgeEngine().decide(structuredClone(accountFacts("High")), onDemand);
    expect(stableStringify(b)).toBe(stableStringify(a));
  });

  it("fails loudly when a custom catalogue leaves a customer uncovered", () => {
    expect(() =>
      chooseContractRuleNudge(accountFacts("Low"), onDemand, {
        catalogue: CONTRACT_NUDGE_CATALOGUE.slice(0, 2),
      }),
    ).toThrow("no generic nudge rule applies to a Low-risk customer");
  });
});

// Arbitrary generic facts: any band, drivers and what-ifs with numbers in their words.
const arbitraryFacts: fc.Arbitrary<ContractNudgeFacts> = fc
  .record({
    band: fc.constantFrom<RiskBand>("Low", "Medium", "High"),
    riskPercent: fc.integer({ min: 0, max: 100 }),
    drivers: fc.array(
      fc.record({
        source: fc.constantFrom("calls", "fee", "plan", "tenure", "usage"),
        words: fc.oneof(
          fc.integer({ min: 0, max: 500 }).map((n) => `${n} support calls`),
          fc.constantFrom("on the premium plan", "a monthly fee of $82.50", "no mobile app"),
        ),
        value: fc.integer({ min: -200, max: 200 }).map((v) => v / 100),
      }),
      { maxLength: 5 },
    ),
    whatIf: fc.array(
      fc.record({
        column: fc.constantFrom("plan", "addon", "calls"),
        to: fc.constantFrom("yes", "no", "3"),
        action: fc.constantFrom(
          "offer an annual plan",
          "add priority support",
          "reduce calls to 3",
          "Switch to paperless",
        ),
        beforePercent: fc.integer({ min: 1, max: 99 }),
        afterPercent: fc.integer({ min: 0, max: 99 }),
        logOddsReduction: fc.integer({ min: 0, max: 300 }).map((v) => v / 100),
      }),
      { maxLength: 4 },
    ),
    declaredActions: fc.integer({ min: 0, max: 4 }),
    simulated: fc.subarray(["calls", "fee", "plan", "addon"]),
  })
  .map((f) => ({ contract: "any", experiment: null, ...f }));

describe("generic rule nudges for any facts (property)", () => {
  it("exactly one rule applies; messages fit, add no number and never quote a simulated driver", () => {
    fc.assert(
      fc.property(
        arbitraryFacts,
        fc.constantFrom("on-demand" as const, "login" as const),
        (facts, trigger) => {
          const plan = planContractNudge(facts, { trigger });
          expect(CONTRACT_NUDGE_CATALOGUE.filter((r) => r.conditions.every((c) => c.test(facts)))).toEqual([
            plan.rule,
          ]);
          const nudge = chooseContractRuleNudge(facts, { trigger });
          expect(nudge.message.length).toBeGreaterThan(0);
          expect(nudge.message.length).toBeLessThanOrEqual(280);
          const allowed = new Set(numbersIn(JSON.stringify(facts)));
          expect(numbersIn(nudge.message).filter((n) => !allowed.has(n))).toEqual([]);
          for (const d of facts.drivers)
            if (
              facts.simulated.includes(d.source) &&
              !facts.drivers.some((o) => !facts.simulated.includes(o.source) && o.words.includes(d.words))
            )
              expect(nudge.message).not.toContain(d.words);
          if (nudge.offer) expect(facts.simulated).not.toContain(nudge.offer.column);
          expect(stableStringify(chooseContractRuleNudge(structuredClone(facts), { trigger }))).toBe(
            stableStringify(nudge),
          );
        },
      ),
      { seed: 20260301, numRuns: 300 },
    );
  });
});

describe("rendered generic nudges (golden JSON)", () => {
  it("a High-risk account in an experiment: offer the best action by a CSM call, with the arm", async () => {
    const facts = contractNudgeFacts(
      ACCOUNTS_WITH_OWNER_AND_EXPERIMENT,
      account({ campaign: "call-first", csm_email: "jane.doe@example.com" }),
      explained("High"),
    );
    const nudge = chooseContractRuleNudge(facts, onDemand);
    await expectGoldenFile(
      GOLDEN_DIR,
      "contract-nudge-high-offer",
      "json",
      `${JSON.stringify(nudge, null, 2)}\n`,
    );
  });

  it("a Medium-risk account of a team without actions: a check-in by e-mail, no arm", async () => {
    const nudge = chooseContractRuleNudge(
      accountFacts("Medium", { contract: ACCOUNTS_WITHOUT_ACTIONS }),
      onDemand,
    );
    await expectGoldenFile(
      GOLDEN_DIR,
      "contract-nudge-medium-check-in",
      "json",
      `${JSON.stringify(nudge, null, 2)}\n`,
    );
  });
});
