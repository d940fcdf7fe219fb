import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ENGAGEMENT_LEVELS,
  LIFECYCLE_STAGES,
  PERSONAS,
  PLAN_TIERS,
  type Customer,
} from "../../src/data/schema.ts";
import { numbersIn } from "../../src/nudges/llm-answer.ts";
import { NUDGE_CATALOGUE } from "../../src/nudges/nudge-catalogue.ts";
import { DEFAULT_NUDGE_STRATEGIES, parseNudgeStrategies } from "../../src/nudges/nudge-strategy.ts";
import { chooseRuleNudge, createRuleNudgeEngine } from "../../src/nudges/rule-nudge-engine.ts";
import { customer } from "../fixtures/customer.ts";
import { nudgeFacts } from "../../src/nudges/nudge-facts.ts";
import { facts, RISKY, whatIf } from "./facts.ts";

const onDemand = { experimentKey: "nudge-strategy-2026", trigger: "on-demand" as const };
const rules = (n: { reasons: { rule: string }[] }) => n.reasons.map((r) => r.rule);

describe("chooseRuleNudge", () => {
  it("variant B (retention) targets the largest addressed risk: contract driver plus its what-if, a CSM call at High risk", () => {
    const nudge = chooseRuleNudge(facts({ variant: "B" }), onDemand);
    expect(nudge).toMatchObject({
      actionId: "contract-upgrade",
      category: "contract",
      channel: "csm-call",
      engine: "rules",
      llmModel: null,
      fallbackReason: null,
      strategy: "retention",
      variant: "B",
      trigger: "on-demand",
    });
    // Contract +0.84 and tenure +0.30 addressed; the one-year what-if removes logit(.71) − logit(.43) = 1.18.
    expect(rules(nudge)).toEqual([
      "strategy:nudge-strategy-2026/B",
      "rank:risk-addressed",
      "eligible:contract-upgrade/short-contract",
      "eligible:contract-upgrade/not-low-risk",
      "driver:Contract",
      "driver:tenure",
      "what-if:Contract",
      "channel:high-risk-call",
      "engine:rules",
    ]);
    // High risk: of the 7 eligible actions, the 3 that address the customer's risk (high-risk-plan.ts).
    expect(nudge.reasons[1].text).toBe("addresses 2.32 log-odds of risk, the most among 3 eligible actions");
    expect(nudge.reasons[4].text).toBe("a month-to-month contract raises risk (+0.84 log-odds)");
    expect(nudge.reasons[6].text).toBe("switch to a one-year contract: 71% → 43%");
    expect(nudge.message).toBe(
      "Lock in your current price with a one-year contract: the same service, with no monthly renewals to think about.",
    );
    expect(nudge.alternatives[0]).toBe("autopay-setup");
  });

  it("variant A (engagement) gives the generic onboarding nudge in the app to the same customer", () => {
    const nudge = chooseRuleNudge(facts({ variant: "A" }), onDemand);
    expect(nudge).toMatchObject({
      actionId: "onboarding-checklist",
      channel: "in-app",
      strategy: "engagement",
      variant: "A",
    });
    expect(rules(nudge)).toContain("rank:category");
    expect(nudge.message).toContain("saved dashboards"); // the Analyst persona's feature
  });

  it("prefers the specific habit nudge to the catch-all recap in the same category", () => {
    // Medium risk: a High-risk customer's drivers would choose (see high-risk-drivers.test.ts).
    const f = facts(
      { variant: "A", tenure: 30, lifecycleStage: "mature", sessionsPerMonth: 5 },
      { ...RISKY, band: "Medium" },
    );
    const nudge = chooseRuleNudge(f, onDemand);
    expect(nudge.actionId).toBe("weekly-habit");
    expect(nudge.message).toBe(
      "You've opened the app 5 times this month. Pick a regular time each week and we'll send a gentle reminder so your work keeps moving.",
    );
    expect(nudge.alternatives).toContain("value-recap");
  });

  it("an app event shows the nudge in the app, with the reason", () => {
    const nudge = chooseRuleNudge(facts({ variant: "B" }), { ...onDemand, trigger: "login" });
    expect(nudge.channel).toBe("in-app");
    expect(nudge.reasons.find((r) => r.kind === "channel")).toEqual({
      kind: "channel",
      rule: "channel:event-login",
      text: "login event: shown in the app",
    });
  });

  it("spends no offers on Low-risk customers and says so when no driver is addressed", () => {
    const low = {
      probability: 0.12,
      band: "Low" as const,
      drivers: [{ source: "Contract", label: "", value: -0.9 }],
      whatIf: [],
    };
    const nudge = chooseRuleNudge(
      facts(
        {
          variant: "B",
          PaymentMethod: "Credit card (automatic)",
          tenure: 40,
          lifecycleStage: "mature",
          engagementLevel: "High",
        },
        low,
      ),
      onDemand,
    );
    expect(["contract-upgrade", "tech-support-addon", "protection-bundle"]).not.toContain(nudge.actionId);
    expect(rules(nudge)).toContain("rank:no-target");
    // Generic choice in the strategy's category order: habit formation comes before feature discovery.
    expect(nudge.actionId).toBe("value-recap");
  });

  it("is deterministic and independent of catalogue order", () => {
    const f = facts({ variant: "B", supportCalls90d: 6, paymentDelayDays: 12 });
    const a = chooseRuleNudge(f, onDemand);
    expect(chooseRuleNudge(structuredClone(f), onDemand)).toEqual(a);
    expect(chooseRuleNudge(f, onDemand, { catalogue: [...NUDGE_CATALOGUE].reverse() })).toEqual(a);
  });

  it("uses the strategy configured for the experiment key, and the default arms for unknown keys", async () => {
    const config = parseNudgeStrategies({
      experiments: { "spring-offer": { A: "retention", B: "engagement" } },
    });
    const f = facts({ variant: "A" });
    const spring = chooseRuleNudge(f, { ...onDemand, experimentKey: "spring-offer" }, { strategies: config });
    expect(spring).toMatchObject({
      strategy: "retention",
      actionId: "contract-upgrade",
      experimentKey: "spring-offer",
    });
    const other = await createRuleNudgeEngine({ strategies: config }).decide(f, {
      ...onDemand,
      experimentKey: "other",
    });
    expect(other.strategy).toBe("engagement");
    expect(other.reasons[0].text).toContain("(not configured: default arms)");
  });

  it("falls back to always-eligible actions when a strategy's categories exclude everything eligible", () => {
    const config = parseNudgeStrategies({
      strategies: {
        ...DEFAULT_NUDGE_STRATEGIES.strategies,
        narrow: { description: "billing only", categories: ["billing"] },
      },
      default: { A: "narrow", B: "narrow" },
    });
    const nudge = chooseRuleNudge(
      facts(
        { PaymentMethod: "Bank transfer (automatic)", paymentDelayDays: 0 },
        { ...RISKY, band: "Medium" },
      ),
      { ...onDemand, experimentKey: "other" },
      { strategies: config },
    );
    expect(nudge.actionId).toBe("value-recap");
    expect(rules(nudge)).toContain("eligible:value-recap/always");
  });

  it("writes messages of at most 280 characters whose numbers all come from the facts", () => {
    const arbCustomer = fc.record({
      persona: fc.constantFrom(...PERSONAS),
      planTier: fc.constantFrom(...PLAN_TIERS),
      engagementLevel: fc.constantFrom(...ENGAGEMENT_LEVELS),
      lifecycleStage: fc.constantFrom(...LIFECYCLE_STAGES),
      variant: fc.constantFrom("A" as const, "B" as const),
      Contract: fc.constantFrom("Month-to-month" as const, "One year" as const, "Two year" as const),
      PaymentMethod: fc.constantFrom(
        "Electronic check" as const,
        "Mailed check" as const,
        "Credit card (automatic)" as const,
      ),
      InternetService: fc.constantFrom("DSL" as const, "Fiber optic" as const, "No" as const),
      tenure: fc.integer({ min: 0, max: 72 }),
      sessionsPerMonth: fc.integer({ min: 0, max: 60 }),
      paymentDelayDays: fc.integer({ min: 0, max: 60 }),
      supportCalls90d: fc.integer({ min: 0, max: 12 }),
      band: fc.constantFrom("Low" as const, "Medium" as const, "High" as const),
      trigger: fc.constantFrom("on-demand" as const, "login" as const, "refresh" as const),
    });
    fc.assert(
      fc.property(arbCustomer, ({ band, trigger, ...c }) => {
        const cust = customer(c as Partial<Customer>);
        const f = nudgeFacts(cust, { ...RISKY, band }, cust.variant);
        const nudge = chooseRuleNudge(f, { ...onDemand, trigger });
        expect(nudge.message.length).toBeLessThanOrEqual(280);
        const allowed = new Set(numbersIn(JSON.stringify(f)));
        for (const n of numbersIn(nudge.message))
          expect(allowed.has(n), `${n} in ${nudge.message}`).toBe(true);
        const action = NUDGE_CATALOGUE.find((a) => a.id === nudge.actionId)!;
        expect(action.conditions.every((cond) => cond.test(f))).toBe(true);
      }),
      { seed: 20261121, numRuns: 300 },
    );
  });

  it("addresses what-if actions even when the driver is outside the top five", () => {
    const risk = {
      ...RISKY,
      drivers: RISKY.drivers.filter((d) => d.source !== "PaymentMethod" && d.source !== "Contract"),
    };
    const f = facts(
      { variant: "B" },
      {
        ...risk,
        whatIf: [
          whatIf(
            "PaymentMethod",
            "Electronic check",
            "Credit card (automatic)",
            "move to automatic card payments",
            0.71,
            0.3,
          ),
        ],
      },
    );
    expect(chooseRuleNudge(f, onDemand).actionId).toBe("autopay-setup");
  });
});
