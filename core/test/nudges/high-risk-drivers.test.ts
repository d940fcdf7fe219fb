// Issue 20: "The nudge for a 97%-risk customer with 9 support calls in 90 days and payments 29 days
// late is 'Welcome aboard! Finish your setup checklist'". Every strategy addresses a High-risk
// customer's top drivers; the checklist only when those drivers call for it.
import { describe, expect, it } from "vitest";
import { DEFAULT_NUDGE_STRATEGIES } from "../../src/nudges/nudge-strategy.ts";
import { NUDGE_CATALOGUE } from "../../src/nudges/nudge-catalogue.ts";
import { chooseRuleNudge, planNudge } from "../../src/nudges/rule-nudge-engine.ts";
import type { ExplainedRisk } from "../../src/nudges/nudge-facts.ts";
import { facts } from "./facts.ts";

const onDemand = { experimentKey: "nudge-strategy-2026", trigger: "on-demand" as const };

/** 97% risk; the explanation's top drivers are the support calls and the late payments. */
const SUPPORT_AND_LATE: ExplainedRisk = {
  probability: 0.97,
  band: "High",
  drivers: [
    { source: "supportCalls90d", label: "Support calls (90 days) = 9", value: 1.32 },
    { source: "paymentDelayDays", label: "Payment delay (days) = 29", value: 1.05 },
    { source: "MonthlyCharges", label: "Monthly charges = 29.85", value: -0.12 },
  ],
  whatIf: [],
};
const newcomer = {
  lifecycleStage: "onboarding" as const,
  supportCalls90d: 9,
  paymentDelayDays: 29,
  tenure: 1,
};

describe("a High-risk customer's nudge addresses their top drivers, in every strategy", () => {
  for (const variant of ["A", "B"] as const) {
    it(`arm ${variant} (${DEFAULT_NUDGE_STRATEGIES.default[variant]}): support calls and late payments, not the setup checklist`, () => {
      const f = facts({ ...newcomer, variant }, SUPPORT_AND_LATE);
      const nudge = chooseRuleNudge(f, onDemand);
      expect(nudge.actionId).not.toBe("onboarding-checklist");
      expect(nudge.message).not.toMatch(/Welcome aboard/);
      const action = NUDGE_CATALOGUE.find((a) => a.id === nudge.actionId)!;
      expect(action.drivers.some((d) => d === "supportCalls90d" || d === "paymentDelayDays")).toBe(true);
      expect(nudge.reasons.filter((r) => r.kind === "driver").map((r) => r.rule)).not.toEqual([]);
      expect(nudge.strategy).toBe(DEFAULT_NUDGE_STRATEGIES.default[variant]);
      // Regenerating never reaches the checklist either: no alternative leaves the drivers aside.
      expect(nudge.alternatives).not.toContain("onboarding-checklist");
      expect(nudge.alternatives).not.toContain("value-recap");
    });
  }

  it("the engagement arm says why it left its own categories", () => {
    const nudge = chooseRuleNudge(facts({ ...newcomer, variant: "A" }, SUPPORT_AND_LATE), onDemand);
    const rank = nudge.reasons.find((r) => r.kind === "rank")!;
    expect(rank.rule).toBe("rank:high-risk-drivers");
    expect(rank.text).toMatch(/no engagement action addresses this High-risk customer's drivers/);
  });

  it("gives the checklist to a High-risk newcomer whose drivers call for it (tenure, low usage)", () => {
    const risk: ExplainedRisk = {
      probability: 0.81,
      band: "High",
      drivers: [
        { source: "tenure", label: "Tenure (months) = 1", value: 0.9 },
        { source: "sessionsPerMonth", label: "Sessions per month = 1", value: 0.6 },
      ],
      whatIf: [],
    };
    const nudge = chooseRuleNudge(
      facts(
        {
          variant: "A",
          lifecycleStage: "onboarding",
          supportCalls90d: 0,
          paymentDelayDays: 0,
          sessionsPerMonth: 1,
        },
        risk,
      ),
      onDemand,
    );
    expect(nudge.actionId).toBe("onboarding-checklist");
  });

  it("leaves Medium-risk customers to the strategy's own preference", () => {
    const medium = { ...SUPPORT_AND_LATE, probability: 0.45, band: "Medium" as const };
    const plan = planNudge(facts({ ...newcomer, variant: "A" }, medium), onDemand);
    expect(plan.ranked[0].action.id).toBe("onboarding-checklist");
  });
});
