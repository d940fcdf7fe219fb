import { describe, expect, it } from "vitest";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import { contractNudgeFacts } from "../../src/nudges/contract-nudge-facts.ts";
import { ACCOUNTS_CONTRACT_YAML } from "../fixtures/accounts-cv.ts";
import {
  account,
  accountFacts,
  ACCOUNTS_CONTRACT,
  ACCOUNTS_WITH_OWNER_AND_EXPERIMENT,
  ACCOUNTS_WITH_SIMULATED,
  ACCOUNTS_WITHOUT_ACTIONS,
  explained,
} from "./contract-facts.ts";

describe("contractNudgeFacts", () => {
  it("words drivers and what-ifs in the contract's own words, largest first", () => {
    const facts = accountFacts("High");
    expect(facts).toEqual({
      contract: "accounts",
      band: "High",
      riskPercent: 62,
      drivers: [
        { source: "international_plan", words: "on the international plan", value: 0.92 },
        { source: "number_customer_service_calls", words: "4 customer service calls", value: 0.61 },
        { source: "total_day_minutes", words: "265.1 day minutes", value: 0.35 },
        { source: "voice_mail_plan", words: "no voice mail plan", value: 0.18 },
        { source: "account_length", words: "Account length 120", value: -0.07 },
      ],
      whatIf: [
        {
          column: "international_plan",
          to: "no",
          action: "move off the international plan",
          beforePercent: 62,
          afterPercent: 35,
          // logit(0.62) − logit(0.3472)
          logOddsReduction: 1.12,
        },
        {
          column: "voice_mail_plan",
          to: "yes",
          action: "offer a voice mail plan",
          beforePercent: 62,
          afterPercent: 55,
          logOddsReduction: 0.31,
        },
      ],
      declaredActions: 2,
      experiment: null,
      simulated: [],
    });
  });

  it("is an allow-list: no id, no owner, no revenue figure, no column the contract does not declare", () => {
    const row = account({
      csm_email: "jane.doe@example.com",
      campaign: "call-first",
      notes: "VIP, call Jane",
    });
    const risk = {
      ...explained("High"),
      // A driver on a column the contract does not declare is dropped, not described as "notes = …".
      drivers: [...explained("High").drivers, { source: "notes", label: "notes", value: 0.5 }],
    };
    const facts = contractNudgeFacts(ACCOUNTS_WITH_OWNER_AND_EXPERIMENT, row, risk);
    expect(Object.keys(facts).sort()).toEqual([
      "band",
      "contract",
      "declaredActions",
      "drivers",
      "experiment",
      "riskPercent",
      "simulated",
      "whatIf",
    ]);
    const text = JSON.stringify(facts);
    expect(text).not.toMatch(/ACC-20931|20931|jane|example\.com|csm_email|VIP|notes/i);
    // The monthly fee is the revenue column: absent, as it is not among the drivers.
    expect(text).not.toMatch(/82\.5|monthly/i);
    expect(facts.drivers.map((d) => d.source)).not.toContain("notes");
  });

  it("shows a revenue figure only in a driver's own words", () => {
    const risk = {
      ...explained("High"),
      drivers: [{ source: "monthly_fee", label: "Monthly fee = 82.5", value: 0.4 }],
    };
    const facts = contractNudgeFacts(ACCOUNTS_CONTRACT, account(), risk);
    expect(facts.drivers).toEqual([{ source: "monthly_fee", words: "a monthly fee of $82.50", value: 0.4 }]);
  });

  it("claims no arm when the contract declares no experiment, whatever arm is passed", () => {
    expect(accountFacts("High", { arm: "B" }).experiment).toBeNull();
    const row = account({ variant: "B" });
    expect(contractNudgeFacts(ACCOUNTS_CONTRACT, row, explained("High"), "B").experiment).toBeNull();
  });

  it("takes the arm of a declared experiment from the customer's cell, or the one passed", () => {
    const c = ACCOUNTS_WITH_OWNER_AND_EXPERIMENT;
    expect(contractNudgeFacts(c, account({ campaign: "call-first" }), explained("High")).experiment).toEqual({
      key: "winter-retention",
      arm: "call-first",
    });
    expect(
      contractNudgeFacts(c, account({ campaign: "call-first" }), explained("High"), "control").experiment,
    ).toEqual({ key: "winter-retention", arm: "control" });
    // Not enrolled (a blank cell): no arm.
    expect(contractNudgeFacts(c, account({ campaign: null }), explained("High")).experiment).toBeNull();
    expect(() => contractNudgeFacts(c, account(), explained("High"), "B")).toThrow(
      'unknown arm "B" of experiment "winter-retention" (arms: control, call-first)',
    );
  });

  it("names the experiment by its column when the contract gives no key", () => {
    const c = parseDatasetContractText(
      `${ACCOUNTS_CONTRACT_YAML}experiment: { column: cohort, arms: [a, b], control: a }\n`,
      "accounts-cohort.yaml",
    );
    expect(contractNudgeFacts(c, account({ cohort: "b" }), explained("Low")).experiment).toEqual({
      key: "cohort",
      arm: "b",
    });
  });

  it("lists the driver and what-if columns the simulator made", () => {
    expect(accountFacts("High", { contract: ACCOUNTS_WITH_SIMULATED }).simulated).toEqual([
      "international_plan",
      "number_customer_service_calls",
    ]);
    const demo = parseDatasetContractText(`simulated: true\n${ACCOUNTS_CONTRACT_YAML}`, "accounts-demo.yaml");
    expect(accountFacts("High", { contract: demo }).simulated).toEqual([
      "international_plan",
      "number_customer_service_calls",
      "total_day_minutes",
      "voice_mail_plan",
      "account_length",
    ]);
  });

  it("keeps only what-ifs of the contract's actions, and counts the actions it declares", () => {
    const facts = accountFacts("High", { contract: ACCOUNTS_WITHOUT_ACTIONS });
    expect(facts.whatIf).toEqual([]);
    expect(facts.declaredActions).toBe(0);
  });

  it("gives the same facts whatever order the explanation lists drivers and what-ifs in", () => {
    const risk = explained("High");
    const shuffled = { ...risk, drivers: [...risk.drivers].reverse(), whatIf: [...risk.whatIf].reverse() };
    expect(contractNudgeFacts(ACCOUNTS_CONTRACT, account(), shuffled)).toEqual(accountFacts("High"));
  });
});
