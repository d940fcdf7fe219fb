import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contractFeature, type DatasetContract } from "../../src/data/dataset-contract.ts";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import { isoDays } from "../../src/data/contract-cells.ts";
import { money } from "../../src/charts/chart-format.ts";
import { contractDriverLabel, describeContractValue } from "../../src/explain/describe-contract-value.ts";
import { describeValue, driverLabel } from "../../src/explain/describe-value.ts";
import { defaultEncoderSpec } from "../../src/features/encoder-spec.ts";

/** Every column of describe-value.ts's PHRASES table. */
const PHRASE_COLUMNS = [
  "SeniorCitizen",
  "tenure",
  "MonthlyCharges",
  "TotalCharges",
  "gender",
  "Partner",
  "Dependents",
  "PhoneService",
  "MultipleLines",
  "InternetService",
  "OnlineSecurity",
  "OnlineBackup",
  "DeviceProtection",
  "TechSupport",
  "StreamingTV",
  "StreamingMovies",
  "Contract",
  "PaperlessBilling",
  "PaymentMethod",
  "persona",
  "planTier",
  "sessionsPerMonth",
  "paymentDelayDays",
  "supportCalls90d",
  "engagementScore",
  "engagementLevel",
  "lifecycleStage",
  "variant",
];

const NUMBERS = [0, 1, 2, 3, 12, 29.85, 55.5, 99.99, 1234.5, 1.005, 29.845];

/** The values to compare for one feature: every category value, 0/1 for booleans, a spread of numbers. */
function sampleValues(contract: DatasetContract, column: string): unknown[] {
  const f = contractFeature(contract, column)!;
  if (f.type === "category") return f.values!;
  if (f.type === "boolean") return [0, 1];
  const values = f.type === "integer" ? NUMBERS.filter(Number.isInteger) : NUMBERS;
  return column === "TotalCharges" ? [...values, null, undefined] : values;
}

describe.each(["telco", "simulated"])("the %s preset says what describeValue says", (name) => {
  const contract = presetContract(name);
  const columns = PHRASE_COLUMNS.filter((c) => contractFeature(contract, c));

  it("covers every feature of the preset from the PHRASES table", () => {
    expect(contract.features.map((f) => f.column).sort()).toEqual([...columns].sort());
  });

  it.each(columns)("%s, for every category value and a spread of numbers", (column) => {
    for (const value of sampleValues(contract, column))
      expect(describeContractValue(contract, column, value), `${column} = ${String(value)}`).toBe(
        describeValue(column, value),
      );
  });

  it("numeric columns, for any valid value", () => {
    for (const f of contract.features) {
      if (f.type !== "integer" && f.type !== "number") continue;
      const max = f.max as number;
      const values =
        f.type === "integer"
          ? fc.integer({ min: 0, max })
          : fc.oneof(
              fc.double({ min: 0, max, noNaN: true }),
              fc.integer({ min: 0, max: max * 100 }).map((cents) => cents / 100),
              fc.integer({ min: 0, max: max * 1000 }).map((n) => n / 1000),
            );
      fc.assert(
        fc.property(
          values,
          (v) => describeContractValue(contract, f.column, v) === describeValue(f.column, v),
        ),
        { seed: 20260301, numRuns: 500 },
      );
    }
  });

  it("the short chart label, for every value but booleans (yes/no instead of 1/0), money and whole numbers", () => {
    const spec = defaultEncoderSpec();
    for (const column of columns) {
      const source = spec.sources.find((s) => s.column === column)!;
      const format = contractFeature(contract, column)!.format;
      for (const value of sampleValues(contract, column)) {
        const label = contractDriverLabel(contract, column, value);
        if (column === "SeniorCitizen") expect(label).toBe(`Senior citizen = ${value === 1 ? "yes" : "no"}`);
        else if (format === "currency" && typeof value === "number")
          expect(label).toBe(`${source.label} = ${money(value, "USD")}`);
        else if (format === "integer" && typeof value === "number")
          expect(label).toBe(`${source.label} = ${Math.round(value)}`);
        else expect(label).toBe(driverLabel(source.label, value));
      }
    }
  });

  it("money in driver labels reads in dollars, as the rest of the demo shows it", () => {
    const money = contract.features.filter((f) => f.format === "currency").map((f) => f.column);
    expect(money).toEqual(["MonthlyCharges", "TotalCharges"]);
    expect(contractDriverLabel(contract, "MonthlyCharges", 29.85)).toBe("Monthly charges = $29.85");
    expect(contractDriverLabel(contract, "TotalCharges", 1889.5)).toBe("Total charges = $1,889.50");
    expect(contractDriverLabel(contract, "TotalCharges", null)).toBe("Total charges = missing");
  });
});

describe("the presets and the PHRASES table", () => {
  it("only the experiment arm (not a feature) falls back to column = value", () => {
    const simulated = presetContract("simulated");
    expect(PHRASE_COLUMNS.filter((c) => !contractFeature(simulated, c))).toEqual(["variant"]);
    expect(simulated.experiment?.column).toBe("variant");
    expect(describeContractValue(simulated, "variant", "A")).toBe("variant = A");
    expect(describeValue("variant", "A")).toBe("nudge variant A");
  });

  it("a column the preset does not declare reads column = value", () => {
    const telco = presetContract("telco");
    expect(describeContractValue(telco, "persona", "Analyst")).toBe("persona = Analyst");
    expect(describeContractValue(telco, "region", null)).toBe("region = missing");
    expect(describeContractValue(telco, "region", NaN)).toBe(describeValue("region", NaN));
  });
});

const OTHER = parseDatasetContractText(
  `contract: 1
name: mobile
id: { column: account_id }
label: { column: churn, churned: ["yes"], retained: ["no"] }
revenue: { column: monthly_fee, currency: EUR }
features:
  - column: international_plan
    type: boolean
    label: International plan
    phrases: { "true": on the international plan, "false": not on the international plan }
  - column: number_customer_service_calls
    type: integer
    label: Customer service calls
    min: 0
    phrase: "{value} customer service {call|calls}"
    phrases: { "0": never called customer service }
  - column: monthly_fee
    type: number
    label: Monthly fee
    format: currency
    phrase: "a monthly fee of {value}"
  - column: signup
    type: date
    label: Signup
    phrase: "signed up on {value}"
  - column: plan
    type: category
    label: Plan
    values: [basic, pro, constructor]
    phrases: { pro: the pro plan }
  - { column: voicemail, type: boolean, label: Voicemail }
  - { column: day_minutes, type: number, label: Day minutes, unit: minutes }
  - { column: discount, type: number, label: Discount, format: percent, missingPhrase: no discount on file }
  - { column: score, type: number, format: integer, phrase: "{label} at {value}" }
  - { column: region, type: category, values: [north, south] }
  - { column: last_seen, type: date, label: Last seen }
`,
  "mobile.yaml",
);

describe("a contract for another table", () => {
  it("booleans read their phrases from 1/0, or label: yes/no", () => {
    expect(describeContractValue(OTHER, "international_plan", 1)).toBe("on the international plan");
    expect(describeContractValue(OTHER, "international_plan", 0)).toBe("not on the international plan");
    expect(describeContractValue(OTHER, "voicemail", 1)).toBe("Voicemail: yes");
    expect(describeContractValue(OTHER, "voicemail", 0)).toBe("Voicemail: no");
  });

  it("picks singular or plural by whether the value is exactly 1, and an integer's own phrase first", () => {
    expect(describeContractValue(OTHER, "number_customer_service_calls", 1)).toBe("1 customer service call");
    expect(describeContractValue(OTHER, "number_customer_service_calls", 4)).toBe("4 customer service calls");
    expect(describeContractValue(OTHER, "number_customer_service_calls", 0)).toBe(
      "never called customer service",
    );
  });

  it("formats money in the revenue currency, dates as ISO, shares as percent, numbers with at most 2 decimals", () => {
    expect(describeContractValue(OTHER, "monthly_fee", 29.85)).toBe("a monthly fee of €29.85");
    expect(describeContractValue(OTHER, "monthly_fee", 1234.5)).toBe("a monthly fee of €1234.50");
    expect(describeContractValue(OTHER, "signup", isoDays("2024-01-15"))).toBe("signed up on 2024-01-15");
    expect(describeContractValue(OTHER, "last_seen", isoDays("2026-03-01"))).toBe("Last seen 2026-03-01");
    expect(describeContractValue(OTHER, "discount", 0.12)).toBe("Discount 12%");
    expect(describeContractValue(OTHER, "day_minutes", 181.456)).toBe("Day minutes 181.46");
    expect(describeContractValue(OTHER, "day_minutes", 180.5)).toBe("Day minutes 180.5");
    expect(describeContractValue(OTHER, "day_minutes", 180)).toBe("Day minutes 180");
    expect(describeContractValue(OTHER, "score", 71.6)).toBe("score at 72");
  });

  it("categories read their phrase, else label and value (a value named like an object key is just a value)", () => {
    expect(describeContractValue(OTHER, "plan", "pro")).toBe("the pro plan");
    expect(describeContractValue(OTHER, "plan", "basic")).toBe("Plan basic");
    expect(describeContractValue(OTHER, "plan", "constructor")).toBe("Plan constructor");
    expect(describeContractValue(OTHER, "region", "north")).toBe("region north");
  });

  it("a missing value reads the missing phrase, else label missing", () => {
    expect(describeContractValue(OTHER, "discount", null)).toBe("no discount on file");
    expect(describeContractValue(OTHER, "monthly_fee", NaN)).toBe("Monthly fee missing");
    expect(describeContractValue(OTHER, "international_plan", undefined)).toBe("International plan missing");
    expect(describeContractValue(OTHER, "account_id", "A-1")).toBe("account_id = A-1");
  });

  it("the short chart label", () => {
    expect(contractDriverLabel(OTHER, "plan", "pro")).toBe("Plan = pro");
    expect(contractDriverLabel(OTHER, "international_plan", 1)).toBe("International plan = yes");
    expect(contractDriverLabel(OTHER, "voicemail", 0)).toBe("Voicemail = no");
    expect(contractDriverLabel(OTHER, "signup", isoDays("2024-01-15"))).toBe("Signup = 2024-01-15");
    expect(contractDriverLabel(OTHER, "day_minutes", 181.456)).toBe("Day minutes (minutes) = 181.46");
    expect(contractDriverLabel(OTHER, "discount", 0.125)).toBe("Discount = 12.5%");
    expect(contractDriverLabel(OTHER, "monthly_fee", null)).toBe("Monthly fee = missing");
    expect(contractDriverLabel(OTHER, "score", 71.6)).toBe("score = 72");
    expect(contractDriverLabel(OTHER, "account_id", "A-1")).toBe("account_id = A-1");
  });

  it("money in a driver label reads in the house money format, in the revenue currency", () => {
    expect(contractDriverLabel(OTHER, "monthly_fee", 50.36)).toBe("Monthly fee = €50.36");
    expect(contractDriverLabel(OTHER, "monthly_fee", 1234.5)).toBe("Monthly fee = €1,234.50");
    expect(contractDriverLabel(OTHER, "monthly_fee", 0)).toBe("Monthly fee = €0.00");
  });

  it("money in a driver label reads in dollars when the contract names no revenue currency", () => {
    const { revenue: _revenue, ...rest } = OTHER;
    const noRevenue: DatasetContract = { ...rest };
    expect(contractDriverLabel(noRevenue, "monthly_fee", 50.36)).toBe("Monthly fee = $50.36");
  });

  it("the accounts contract's monthly fee driver reads in euros", () => {
    const accounts = readFileSync(new URL("../fixtures/accounts.contract.yaml", import.meta.url), "utf8");
    const contract = parseDatasetContractText(accounts, "accounts.contract.yaml");
    expect(contractDriverLabel(contract, "monthly_fee", 50.36)).toBe("Monthly fee = €50.36");
    expect(contractDriverLabel(contract, "number_customer_service_calls", 4)).toBe(
      "Customer service calls = 4",
    );
  });
});
