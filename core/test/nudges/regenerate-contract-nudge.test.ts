// Regenerate for a table described by its own contract: the next offer, then "there is no other".
import { describe, expect, it } from "vitest";
import { contractNudgeKey } from "../../src/nudges/contract-nudge-key.ts";
import { isNoOtherNudge } from "../../src/nudges/no-other-nudge-error.ts";
import { chooseContractRuleNudge } from "../../src/nudges/rule-contract-nudge-engine.ts";
import { accountFacts } from "./contract-facts.ts";

const onDemand = { trigger: "on-demand" as const };
const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
};

describe("regenerating a contract nudge", () => {
  it("offers the next action after the one shown, then says there is no other", () => {
    const facts = accountFacts("High");
    const first = chooseContractRuleNudge(facts, onDemand);
    expect(contractNudgeKey(first)).toBe("offer-what-if:international_plan");
    const second = chooseContractRuleNudge(facts, { ...onDemand, exclude: [contractNudgeKey(first)] });
    expect(second.offer?.column).toBe("voice_mail_plan");
    const err = caught(() =>
      chooseContractRuleNudge(facts, {
        ...onDemand,
        exclude: [contractNudgeKey(first), contractNudgeKey(second)],
      }),
    );
    expect(isNoOtherNudge(err)).toBe(true);
  });

  it("a customer with one possible nudge (a check-in call) has no other", () => {
    const facts = accountFacts("High", { whatIf: "none" });
    const only = chooseContractRuleNudge(facts, onDemand);
    expect(only.actionId).toBe("csm-check-in");
    const err = caught(() =>
      chooseContractRuleNudge(facts, { ...onDemand, exclude: [contractNudgeKey(only)] }),
    );
    expect(isNoOtherNudge(err)).toBe(true);
    expect((err as Error).message).toBe(
      "no other eligible nudge: the only eligible action (csm-check-in) already shown",
    );
  });
});
