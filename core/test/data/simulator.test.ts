import { INTERNET_ADDON_COLUMNS } from "../../src/data/schema.ts";
import { describe, expect, it } from "vitest";
import { DEFAULT_SIMULATION_SEED, simulateCustomers } from "../../src/data/simulator.ts";
import { enrichCustomer } from "../../src/data/enrichment.ts";
import { SIMULATED_OWNERS, simulatedOwner } from "../../src/data/simulated-owner.ts";
import { ENRICHMENT_COLUMNS, telcoCells, TELCO_COLUMNS, type Customer, type TelcoRecord } from "../../src/data/schema.ts";

const ADD_ONS = INTERNET_ADDON_COLUMNS;

/** 50k customers from the default seed: the population the marginal checks run on. */
const customers = [...simulateCustomers({ rows: 50_000, seed: DEFAULT_SIMULATION_SEED })];

function share(where: (c: Customer) => boolean): number {
  return customers.filter(where).length / customers.length;
}
function churnRate(where: (c: Customer) => boolean): number {
  const group = customers.filter(where);
  return group.filter((c) => c.Churn === "Yes").length / group.length;
}

describe("simulateCustomers marginals match the IBM Telco data within ±3 points at 50k rows", () => {
  const cases: Array<[string, (c: Customer) => boolean, number, number]> = [
    // [group, membership, share of customers, churn rate] from the real file
    ["everyone", () => true, 1, 0.265],
    ["month-to-month", (c) => c.Contract === "Month-to-month", 0.55, 0.427],
    ["one year", (c) => c.Contract === "One year", 0.21, 0.113],
    ["two year", (c) => c.Contract === "Two year", 0.24, 0.028],
    ["fiber optic", (c) => c.InternetService === "Fiber optic", 0.44, 0.419],
    ["DSL", (c) => c.InternetService === "DSL", 0.344, 0.19],
    ["no internet", (c) => c.InternetService === "No", 0.217, 0.074],
    ["electronic check", (c) => c.PaymentMethod === "Electronic check", 0.34, 0.453],
    ["senior", (c) => c.SeniorCitizen === 1, 0.16, 0.417],
    ["paperless billing", (c) => c.PaperlessBilling === "Yes", 0.592, 0.336],
    ["with partner", (c) => c.Partner === "Yes", 0.483, 0.197],
    ["with dependents", (c) => c.Dependents === "Yes", 0.3, 0.155],
    ["no tech support", (c) => c.TechSupport === "No", 0.493, 0.416],
  ];
  it.each(cases)("%s", (_name, where, expectedShare, expectedChurn) => {
    expect(Math.abs(share(where) - expectedShare)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(churnRate(where) - expectedChurn)).toBeLessThanOrEqual(0.03);
  });

  it("tenure and monthly charges are spread like the real data", () => {
    const tenures = customers.map((c) => c.tenure);
    const meanTenure = tenures.reduce((a, b) => a + b, 0) / tenures.length;
    expect(Math.abs(meanTenure - 32.4)).toBeLessThan(2);
    expect(Math.abs(share((c) => c.tenure <= 12) - 0.31)).toBeLessThan(0.03);
    expect(Math.abs(share((c) => c.tenure >= 61) - 0.2)).toBeLessThan(0.03);
    const charges = customers.map((c) => c.MonthlyCharges);
    expect(Math.abs(charges.reduce((a, b) => a + b, 0) / charges.length - 64.8)).toBeLessThan(2);
    expect(Math.min(...charges)).toBeGreaterThanOrEqual(18);
    expect(Math.max(...charges)).toBeLessThanOrEqual(119);
  });
});

describe("simulated Telco columns are internally consistent", () => {
  it("customers without internet have no add-ons; without phone, no lines", () => {
    const inconsistent = customers.filter(
      (c) =>
        ADD_ONS.some((addOn) => (c[addOn] === "No internet service") !== (c.InternetService === "No")) ||
        (c.MultipleLines === "No phone service") !== (c.PhoneService === "No"),
    );
    expect(inconsistent).toEqual([]);
  });

  it("TotalCharges is blank exactly at tenure 0 and close to tenure × MonthlyCharges otherwise", () => {
    expect(customers.some((c) => c.tenure === 0)).toBe(true);
    const wrong = customers.filter((c) => {
      if (c.tenure === 0 || c.TotalCharges === null) return c.tenure !== 0 || c.TotalCharges !== null;
      const ratio = c.TotalCharges / (c.tenure * c.MonthlyCharges);
      return ratio < 0.6 || ratio > 1.4 || (c.tenure === 1 && c.TotalCharges !== c.MonthlyCharges);
    });
    expect(wrong).toEqual([]);
  });

  it("MonthlyCharges is priced from the bundle", () => {
    const mispriced = customers.filter((c) => {
      const list =
        (c.PhoneService === "Yes" ? 20 : 0) +
        (c.MultipleLines === "Yes" ? 5 : 0) +
        (c.InternetService === "DSL" ? 25 : c.InternetService === "Fiber optic" ? 50 : 0) +
        5 * ADD_ONS.slice(0, 4).filter((a) => c[a] === "Yes").length +
        10 * ADD_ONS.slice(4).filter((a) => c[a] === "Yes").length;
      return Math.abs(c.MonthlyCharges - list) > 4.05;
    });
    expect(mispriced).toEqual([]);
  });

  it("every Telco cell passes the schema when written as text", () => {
    const rejected: string[] = [];
    for (const c of customers.slice(0, 5000)) {
      for (const column of TELCO_COLUMNS) {
        const raw = c[column] === null ? "" : String(c[column]);
        if (!telcoCells[column].safeParse(raw).success) rejected.push(`${c.customerID} ${column} = ${raw}`);
      }
    }
    expect(rejected).toEqual([]);
  });

  it("IDs are unique and shaped like the real ones", () => {
    expect(new Set(customers.map((c) => c.customerID)).size).toBe(customers.length);
    expect(customers.filter((c) => !/^\d{4}-[A-Z]{5}$/.test(c.customerID))).toEqual([]);
  });
});

describe("simulateCustomers truth and enrichment", () => {
  it("enrichment equals enrichCustomer on the Telco columns alone", () => {
    const differing = customers.filter((c) => {
      const record: Record<string, unknown> = { ...c };
      for (const column of ENRICHMENT_COLUMNS) delete record[column];
      delete record.true_churn_probability;
      delete record.Churn;
      const expected = enrichCustomer(record as unknown as TelcoRecord);
      return ENRICHMENT_COLUMNS.some((column) => c[column] !== expected[column]);
    });
    expect(differing).toEqual([]);
  });

  it("Churn is a Bernoulli draw of true_churn_probability", () => {
    const meanP = customers.reduce((s, c) => s + (c.true_churn_probability as number), 0) / customers.length;
    const observed = share((c) => c.Churn === "Yes");
    // Sampling standard deviation of the churn rate at 50k rows is about 0.002.
    expect(Math.abs(observed - meanP)).toBeLessThan(0.008);
    const high = customers.filter((c) => (c.true_churn_probability as number) > 0.7);
    const low = customers.filter((c) => (c.true_churn_probability as number) < 0.05);
    expect(high.filter((c) => c.Churn === "Yes").length / high.length).toBeGreaterThan(0.7);
    expect(low.filter((c) => c.Churn === "Yes").length / low.length).toBeLessThan(0.05);
  });
});

describe("simulateCustomers is seeded", () => {
  it("repeats itself for a seed, differs between seeds, and row i does not depend on rows", () => {
    const a = [...simulateCustomers({ rows: 300, seed: 4 })];
    expect([...simulateCustomers({ rows: 300, seed: 4 })]).toEqual(a);
    expect([...simulateCustomers({ rows: 100, seed: 4 })]).toEqual(a.slice(0, 100));
    const b = [...simulateCustomers({ rows: 300, seed: 5 })];
    expect(b.filter((c, i) => c.customerID === a[i].customerID)).toEqual([]);
  });

  it("uses the experiment key and weights for the variant", () => {
    const heavyB = [...simulateCustomers({ rows: 2000, seed: 4, weights: { A: 1, B: 3 } })];
    const shareB = heavyB.filter((c) => c.variant === "B").length / heavyB.length;
    expect(Math.abs(shareB - 0.75)).toBeLessThan(0.04);
    const a = [...simulateCustomers({ rows: 500, seed: 4 })];
    const other = [...simulateCustomers({ rows: 500, seed: 4, experimentKey: "other" })];
    expect(other.map((c) => c.variant)).not.toEqual(a.map((c) => c.variant));
  });

  it("rejects bad options before yielding anything", () => {
    expect(() => simulateCustomers({ rows: -1, seed: 1 })).toThrow("invalid rows: -1");
    expect(() => simulateCustomers({ rows: 1.5, seed: 1 })).toThrow("invalid rows: 1.5");
    expect(() => simulateCustomers({ rows: 10, seed: -3 })).toThrow("invalid seed: -3");
    expect(() => simulateCustomers({ rows: 10, seed: 2 ** 32 })).toThrow("invalid seed: 4294967296");
    expect(() => simulateCustomers({ rows: 10, seed: 1, weights: { A: 0, B: 0 } })).toThrow("sum to 0");
  });
});

describe("simulateCustomers assigns each account an owner", () => {
  it("every customer has one of the simulated CSMs, in uneven books, the same for a seed", () => {
    const names = SIMULATED_OWNERS.map((o) => o.owner as string);
    expect(customers.filter((c) => !names.includes(c.accountOwner as string))).toEqual([]);
    const shares = names.map((n) => share((c) => c.accountOwner === n));
    // Every owner has a book; the books differ in size (22% down to 10%, ±1 point at 50k rows).
    expect(shares.map((s) => Math.round(s * 100))).toEqual([22, 20, 18, 16, 14, 10]);
    const a = [...simulateCustomers({ rows: 200, seed: 4 })].map((c) => c.accountOwner);
    expect([...simulateCustomers({ rows: 200, seed: 4 })].map((c) => c.accountOwner)).toEqual(a);
    expect([...simulateCustomers({ rows: 200, seed: 5 })].map((c) => c.accountOwner)).not.toEqual(a);
    expect(customers.slice(0, 50).map((c, i) => c.accountOwner === simulatedOwner(i, DEFAULT_SIMULATION_SEED))).not.toContain(false);
  });

  it("the owner is independent of churn: each book's churn rate is within 2 points of everyone's", () => {
    const overall = share((c) => c.Churn === "Yes");
    for (const { owner } of SIMULATED_OWNERS)
      expect(Math.abs(churnRate((c) => c.accountOwner === owner) - overall)).toBeLessThan(0.02);
  });
});
