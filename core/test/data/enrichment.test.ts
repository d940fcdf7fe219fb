import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { enrichCustomer, type EnrichmentSource } from "../../src/data/enrichment.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import {
  ENRICHMENT_COLUMNS,
  enrichmentCells,
  telcoCells,
  type Customer,
  type Enrichment,
  type TelcoRecord,
} from "../../src/data/schema.ts";
import { seededRandom } from "../../src/data/seeded-random.ts";
import { customer } from "../fixtures/customer.ts";

const TELCO_CSV =
  process.env.ENGAGETRACK_TELCO_CSV ?? fileURLToPath(new URL("../../../../shared/data/telco.csv", import.meta.url));
const haveTelco = existsSync(TELCO_CSV);

/** The real IBM Telco rows, typed through the schema's cell parsers. */
function telcoRecords(): TelcoRecord[] {
  const rows = parse(readFileSync(TELCO_CSV), { columns: true }) as Record<string, string>[];
  return rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(telcoCells)) record[column] = cell.parse(row[column]);
    return record as unknown as TelcoRecord;
  });
}

/** The Telco part of a simulated customer (what a file without enrichment columns would hold). */
function telcoPart(c: Customer): TelcoRecord {
  const record: Record<string, unknown> = { ...c };
  for (const column of ENRICHMENT_COLUMNS) delete record[column];
  delete record.true_churn_probability;
  return record as unknown as TelcoRecord;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const population = [...simulateCustomers({ rows: 4000, seed: 11 })].map(telcoPart);
const enriched = population.map((r) => enrichCustomer(r));

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function meanOf(records: TelcoRecord[], values: Enrichment[], pick: (e: Enrichment) => number, where: (r: TelcoRecord) => boolean) {
  const xs = records.flatMap((r, i) => (where(r) ? [pick(values[i])] : []));
  expect(xs.length).toBeGreaterThan(100);
  return mean(xs);
}

describe("enrichCustomer never reads the label", () => {
  it("gives the same values after permuting Churn and changing true_churn_probability", () => {
    const churns = shuffled(
      population.map((r) => r.Churn),
      5,
    );
    const relabelled = population.map((r, i) => ({ ...r, Churn: churns[i], true_churn_probability: 1 - i / 4000 }));
    expect(relabelled.some((r, i) => r.Churn !== population[i].Churn)).toBe(true);
    expect(relabelled.map((r) => enrichCustomer(r))).toEqual(enriched);
  });

  it("gives the same values without a Churn column", () => {
    const unlabelled = population.map(({ Churn: _churn, ...rest }) => rest satisfies EnrichmentSource);
    expect(unlabelled.map((r) => enrichCustomer(r))).toEqual(enriched);
  });

  it.skipIf(!haveTelco)("on the real Telco file: permuted Churn and shuffled rows leave every value unchanged", () => {
    const records = telcoRecords();
    const byId = new Map(records.map((r) => [r.customerID, enrichCustomer(r)]));
    const churns = shuffled(
      records.map((r) => r.Churn),
      9,
    );
    const permuted = shuffled(
      records.map((r, i) => ({ ...r, Churn: churns[i] })),
      10,
    );
    for (const r of permuted) expect(enrichCustomer(r)).toEqual(byId.get(r.customerID));
  });
});

describe("enrichCustomer is deterministic per customer", () => {
  it("gives the same values in any row order and on repeated calls", () => {
    const order = shuffled(
      population.map((_, i) => i),
      3,
    );
    for (const i of order) expect(enrichCustomer(population[i])).toEqual(enriched[i]);
  });

  it("does not depend on the order of the record's keys", () => {
    const r = population[0];
    const reversed = Object.fromEntries(Object.entries(r).reverse()) as unknown as TelcoRecord;
    expect(enrichCustomer(reversed)).toEqual(enriched[0]);
  });

  it("gives different customers different behaviour", () => {
    const sessions = new Set(enriched.map((e) => e.sessionsPerMonth));
    expect(sessions.size).toBeGreaterThan(30);
    const sameColumnsOtherId = enrichCustomer({ ...population[0], customerID: "0000-ZZZZZ" });
    const otherIds = Array.from({ length: 50 }, (_, i) =>
      enrichCustomer({ ...population[0], customerID: `${1000 + i}-ABCDE` }),
    );
    expect(otherIds.some((e) => e.sessionsPerMonth !== sameColumnsOtherId.sessionsPerMonth)).toBe(true);
  });

  it("produces values the schema accepts", () => {
    const rejected: string[] = [];
    for (const e of enriched) {
      for (const column of ENRICHMENT_COLUMNS) {
        const parsed = enrichmentCells[column].safeParse(String(e[column]));
        if (!parsed.success || parsed.data !== e[column]) rejected.push(`${column} = ${e[column]}`);
      }
    }
    expect(rejected).toEqual([]);
  });
});

describe("enrichment is correlated with the account", () => {
  const monthly = (r: TelcoRecord) => r.Contract === "Month-to-month";
  it("electronic check on month-to-month pays later than automatic payment on a long contract", () => {
    const late = meanOf(population, enriched, (e) => e.paymentDelayDays, (r) => monthly(r) && r.PaymentMethod === "Electronic check");
    const prompt = meanOf(
      population,
      enriched,
      (e) => e.paymentDelayDays,
      (r) => !monthly(r) && r.PaymentMethod.includes("automatic"),
    );
    expect(late).toBeGreaterThan(2 * prompt);
  });

  it("fiber without tech support calls support more than DSL with it", () => {
    const fiberNoSupport = meanOf(
      population,
      enriched,
      (e) => e.supportCalls90d,
      (r) => r.InternetService === "Fiber optic" && r.TechSupport === "No",
    );
    const dslSupport = meanOf(
      population,
      enriched,
      (e) => e.supportCalls90d,
      (r) => r.InternetService === "DSL" && r.TechSupport === "Yes",
    );
    expect(fiberNoSupport).toBeGreaterThan(1.5 * dslSupport);
  });

  it("long-tenure customers use the app more than new ones", () => {
    const veterans = meanOf(population, enriched, (e) => e.sessionsPerMonth, (r) => r.tenure >= 48);
    const newcomers = meanOf(population, enriched, (e) => e.sessionsPerMonth, (r) => r.tenure <= 6);
    expect(veterans).toBeGreaterThan(1.3 * newcomers);
  });

  it("uses every persona, plan tier, engagement level and lifecycle stage", () => {
    for (const column of ["persona", "planTier", "engagementLevel", "lifecycleStage", "variant"] as const) {
      const counts = new Map<string, number>();
      for (const e of enriched) counts.set(e[column], (counts.get(e[column]) ?? 0) + 1);
      const allowed = enrichmentCells[column].options;
      expect([...counts.keys()].sort()).toEqual([...allowed].sort());
      for (const n of counts.values()) expect(n / enriched.length).toBeGreaterThan(0.05);
    }
  });

  it("follows the documented rules for plan, engagement and lifecycle", () => {
    const e = enrichCustomer(customer({ MonthlyCharges: 19.95, InternetService: "No", OnlineSecurity: "No internet service" }));
    expect(e.planTier).toBe("Free");
    expect(enrichCustomer(customer({ MonthlyCharges: 95 })).planTier).toBe("Premium");
    expect(enrichCustomer(customer({ MonthlyCharges: 60 })).planTier).toBe("Standard");
    expect(enrichCustomer(customer({ tenure: 2 })).lifecycleStage).toBe("onboarding");
    for (const x of enriched) {
      expect(x.engagementLevel).toBe(x.engagementScore >= 65 ? "High" : x.engagementScore >= 40 ? "Medium" : "Low");
    }
  });
});
