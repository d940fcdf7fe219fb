import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import {
  CONTRACTS,
  GENDERS,
  INTERNET_ADDON,
  INTERNET_SERVICES,
  MULTIPLE_LINES,
  PAYMENT_METHODS,
  YES_NO,
  type Customer,
} from "../../src/data/schema.ts";
import {
  contractFeasibleChanges,
  contractWhatIf,
  type ContractChange,
} from "../../src/explain/contract-what-if.ts";
import { feasibleChanges, whatIf } from "../../src/explain/what-if.ts";
import { customer } from "../fixtures/customer.ts";

const pick = <T extends string>(values: readonly T[]) => fc.constantFrom(...values);

/** Any valid Telco customer: every category column drawn on its own (inconsistent mixes included). */
const telcoCustomer = fc
  .record({
    gender: pick(GENDERS),
    SeniorCitizen: fc.constantFrom(0, 1),
    Partner: pick(YES_NO),
    Dependents: pick(YES_NO),
    tenure: fc.integer({ min: 0, max: 120 }),
    PhoneService: pick(YES_NO),
    MultipleLines: pick(MULTIPLE_LINES),
    InternetService: pick(INTERNET_SERVICES),
    OnlineSecurity: pick(INTERNET_ADDON),
    OnlineBackup: pick(INTERNET_ADDON),
    DeviceProtection: pick(INTERNET_ADDON),
    TechSupport: pick(INTERNET_ADDON),
    StreamingTV: pick(INTERNET_ADDON),
    StreamingMovies: pick(INTERNET_ADDON),
    Contract: pick(CONTRACTS),
    PaperlessBilling: pick(YES_NO),
    PaymentMethod: pick(PAYMENT_METHODS),
    MonthlyCharges: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    TotalCharges: fc.option(
      fc.integer({ min: 0, max: 12_000_000 }).map((c) => c / 100),
      { nil: null },
    ),
  })
  .map((overrides) => customer(overrides as Partial<Customer>));

const sorted = (changes: ReadonlyArray<{ column: string; to: string | number; action: string }>) =>
  changes
    .map(({ column, to, action }) => ({ column, to, action }))
    .sort((a, b) => `${a.column}\0${a.to}`.localeCompare(`${b.column}\0${b.to}`));

/** A transparent stand-in model: risk falls with longer contracts and autopay, rises with paperless. */
function toyScore(cs: Customer[]): number[] {
  return cs.map((c) => {
    let p = 0.6;
    if (c.Contract === "One year") p -= 0.3;
    if (c.Contract === "Two year") p -= 0.5;
    if (c.PaymentMethod.includes("automatic")) p -= 0.1;
    if (c.TechSupport === "Yes") p -= 0.05;
    if (c.PaperlessBilling === "Yes") p += 0.02;
    return p;
  });
}

describe.each(["telco", "simulated"])("the %s preset's actions are today's feasible changes", (name) => {
  const contract = presetContract(name);

  it("for any valid Telco customer", () => {
    fc.assert(
      fc.property(telcoCustomer, (c) => {
        expect(sorted(contractFeasibleChanges(contract, c))).toEqual(sorted(feasibleChanges(c)));
      }),
      { seed: 20260301, numRuns: 2000 },
    );
  });

  it("every combination of the columns the rules read", () => {
    for (const Contract of CONTRACTS)
      for (const PaymentMethod of PAYMENT_METHODS)
        for (const InternetService of INTERNET_SERVICES)
          for (const TechSupport of INTERNET_ADDON)
            for (const PaperlessBilling of YES_NO) {
              const c = customer({ Contract, PaymentMethod, InternetService, TechSupport, PaperlessBilling });
              expect(sorted(contractFeasibleChanges(contract, c))).toEqual(sorted(feasibleChanges(c)));
            }
  });

  it("scores and ranks like whatIf", async () => {
    for (const c of [
      customer(),
      customer({ Contract: "One year", PaymentMethod: "Mailed check", PaperlessBilling: "No" }),
    ])
      expect(await contractWhatIf(contract, c, toyScore)).toEqual(await whatIf(c, toyScore));
  });
});

const OTHER = parseDatasetContractText(
  `contract: 1
name: mobile
id: { column: account_id }
label: { column: churn, churned: ["yes"], retained: ["no"] }
revenue: { column: monthly_fee, currency: EUR }
features:
  - { column: international_plan, type: boolean, label: International plan }
  - { column: voicemail, type: boolean, label: Voicemail }
  - { column: number_customer_service_calls, type: integer, label: Customer service calls, min: 0, max: 50 }
  - { column: monthly_fee, type: number, label: Monthly fee, format: currency, min: 0 }
  - { column: plan, type: category, label: Plan, values: [basic, plus, pro, max] }
  - { column: region, type: category, values: [north, south, abroad] }
  - { column: signup, type: date }
actions:
  - column: number_customer_service_calls
    by: -2
    min: 1
    phrase: "resolve issues so calls drop from {from} to {to} {call|calls}"
  - column: monthly_fee
    by: -5
    min: 10
    max: 100
    phrase: "cut the fee from {from} to {to}"
  - column: plan
    upward: true
    towards: [basic]
    when: [{ column: region, notIn: [abroad] }]
    phrase: "move to the {to} plan"
    phrases: { max: offer the max plan }
  - column: international_plan
    towards: ["true"]
    when: [{ column: region, in: [abroad] }, { column: voicemail, in: ["true"] }]
    phrase: add the international plan
  - column: voicemail
    towards: ["false", "true"]
    phrase: "voicemail {to}"
`,
  "mobile.yaml",
);

const account = (overrides: Record<string, unknown> = {}) => ({
  account_id: "A-1",
  international_plan: 0,
  voicemail: 1,
  number_customer_service_calls: 4,
  monthly_fee: 29.85,
  plan: "plus",
  region: "abroad",
  signup: 19_000,
  ...overrides,
});

const changesOf = (changes: ContractChange[], column: string) => changes.filter((k) => k.column === column);

describe("a contract for another table", () => {
  it("steps numbers by `by`, within the action's and the feature's bounds", () => {
    expect(changesOf(contractFeasibleChanges(OTHER, account()), "number_customer_service_calls")).toEqual([
      {
        column: "number_customer_service_calls",
        to: 2,
        action: "resolve issues so calls drop from 4 to 2 calls",
      },
    ]);
    expect(
      changesOf(
        contractFeasibleChanges(OTHER, account({ number_customer_service_calls: 2 })),
        "number_customer_service_calls",
      ),
    ).toEqual([
      {
        column: "number_customer_service_calls",
        to: 1,
        action: "resolve issues so calls drop from 2 to 1 call",
      },
    ]);
    expect(changesOf(contractFeasibleChanges(OTHER, account({ monthly_fee: 12.5 })), "monthly_fee")).toEqual([
      { column: "monthly_fee", to: 10, action: "cut the fee from €12.50 to €10.00" },
    ]);
    // Above the action's max: clamped into the bounds (a bigger cut, same direction).
    expect(
      changesOf(contractFeasibleChanges(OTHER, account({ monthly_fee: 150 })), "monthly_fee")[0]?.to,
    ).toBe(100);
  });

  it("offers no numeric change at the bound, against the step's direction, or for a missing value", () => {
    for (const calls of [1, 0, null, NaN])
      expect(
        changesOf(
          contractFeasibleChanges(OTHER, account({ number_customer_service_calls: calls })),
          "number_customer_service_calls",
        ),
      ).toEqual([]);
    for (const fee of [10, 8, null])
      expect(changesOf(contractFeasibleChanges(OTHER, account({ monthly_fee: fee })), "monthly_fee")).toEqual(
        [],
      );
  });

  it("upward offers every later value, towards adds its own, never the current one", () => {
    const plans = (plan: string, region = "north") =>
      changesOf(contractFeasibleChanges(OTHER, account({ plan, region })), "plan").map((k) => [
        k.to,
        k.action,
      ]);
    expect(plans("plus")).toEqual([
      ["pro", "move to the pro plan"],
      ["max", "offer the max plan"],
      ["basic", "move to the basic plan"],
    ]);
    expect(plans("max")).toEqual([["basic", "move to the basic plan"]]);
    expect(plans("basic")).toEqual([
      ["plus", "move to the plus plan"],
      ["pro", "move to the pro plan"],
      ["max", "offer the max plan"],
    ]);
    expect(plans("plus", "abroad")).toEqual([]);
  });

  it("booleans move to 1/0, never to the current value; when compares them as true/false", () => {
    const c = account();
    expect(changesOf(contractFeasibleChanges(OTHER, c), "international_plan")).toEqual([
      { column: "international_plan", to: 1, action: "add the international plan" },
    ]);
    expect(changesOf(contractFeasibleChanges(OTHER, c), "voicemail")).toEqual([
      { column: "voicemail", to: 0, action: "voicemail no" },
    ]);
    expect(changesOf(contractFeasibleChanges(OTHER, account({ voicemail: 0 })), "voicemail")).toEqual([
      { column: "voicemail", to: 1, action: "voicemail yes" },
    ]);
    expect(
      changesOf(contractFeasibleChanges(OTHER, account({ international_plan: 1 })), "international_plan"),
    ).toEqual([]);
    expect(
      changesOf(contractFeasibleChanges(OTHER, account({ voicemail: 0 })), "international_plan"),
    ).toEqual([]);
    expect(
      changesOf(contractFeasibleChanges(OTHER, account({ region: "north" })), "international_plan"),
    ).toEqual([]);
    expect(
      changesOf(contractFeasibleChanges(OTHER, account({ region: null })), "international_plan"),
    ).toEqual([]);
  });

  it("never offers a customer what they already have", () => {
    const customers = fc.record({
      international_plan: fc.constantFrom(0, 1),
      voicemail: fc.constantFrom(0, 1),
      number_customer_service_calls: fc.integer({ min: 0, max: 50 }),
      monthly_fee: fc.integer({ min: 0, max: 20_000 }).map((c) => c / 100),
      plan: fc.constantFrom("basic", "plus", "pro", "max"),
      region: fc.constantFrom("north", "south", "abroad"),
    });
    fc.assert(
      fc.property(customers, (c) => {
        for (const k of contractFeasibleChanges(OTHER, account(c)))
          expect(k.to).not.toBe((c as Record<string, unknown>)[k.column]);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it("scores each change alone, keeps those that lower risk enough, largest reduction first", async () => {
    const seen: Array<Record<string, unknown>[]> = [];
    const score = (cs: Array<ReturnType<typeof account>>) => {
      seen.push(cs);
      return cs.map((c) => {
        let p =
          0.5 +
          c.number_customer_service_calls * 0.02 -
          (c.plan === "max" ? 0.2 : c.plan === "pro" ? 0.1 : 0);
        if (c.international_plan === 1) p -= 0.003;
        if (c.voicemail === 0) p -= 0.1;
        return p;
      });
    };
    const c = account({ region: "south", plan: "plus", voicemail: 0 });
    const w = await contractWhatIf(OTHER, c, score);
    expect(seen[0][0]).toBe(c);
    expect(seen[0]).toHaveLength(1 + contractFeasibleChanges(OTHER, c).length);
    expect(w.map((x) => [x.action, x.from, x.to])).toEqual([
      ["offer the max plan", "plus", "max"],
      ["move to the pro plan", "plus", "pro"],
      ["resolve issues so calls drop from 4 to 2 calls", "4", "2"],
    ]);
    expect(w[0].before).toBeCloseTo(0.48);
    expect(w[0].after).toBeCloseTo(0.28);
    expect(w[0].delta).toBeCloseTo(-0.2);

    // International plan lowers risk by 0.003: under the default 0.005, kept when the bar is lower.
    const abroad = account({ voicemail: 1 });
    const actions = async (minReduction?: number) =>
      (await contractWhatIf(OTHER, abroad, score, { minReduction })).map((x) => x.action);
    expect(await actions()).not.toContain("add the international plan");
    expect(await actions(0.001)).toContain("add the international plan");
    expect(
      (await contractWhatIf(OTHER, abroad, score, { minReduction: 0.001 })).find(
        (x) => x.column === "international_plan",
      ),
    ).toMatchObject({
      from: "no",
      to: "yes",
    });
  });

  it("ties break by action", async () => {
    const w = await contractWhatIf(OTHER, account({ region: "north", plan: "basic" }), (cs) =>
      cs.map((c) => (c.plan === "basic" ? 0.5 : 0.4)),
    );
    expect(w.map((x) => x.action)).toEqual([
      "move to the plus plan",
      "move to the pro plan",
      "offer the max plan",
    ]);
  });
});
