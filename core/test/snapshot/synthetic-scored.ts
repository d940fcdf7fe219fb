/**
 * Seeded synthetic scored customers for snapshot tests and the snapshot bench: every column takes
 * varied values (all categories, nulls in the nullable columns), so a round trip checks them all.
 */
import {
  CONTRACTS,
  ENGAGEMENT_LEVELS,
  GENDERS,
  INTERNET_ADDON,
  INTERNET_SERVICES,
  LIFECYCLE_STAGES,
  MULTIPLE_LINES,
  PAYMENT_METHODS,
  PERSONAS,
  PLAN_TIERS,
  VARIANTS,
  YES_NO,
  type Customer,
} from "../../src/data/schema.ts";
import type { CustomerStatus } from "../../src/data/read-contract-rows.ts";
import type { Driver, RiskBand, ScoredBatch } from "../../src/snapshot/scored-batch.ts";
import { statusFromChurn } from "../../src/snapshot/status-from-churn.ts";

export const SOURCES = [
  "Contract",
  "tenure",
  "MonthlyCharges",
  "InternetService",
  "PaymentMethod",
  "engagementScore",
];

// mulberry32 with module state: no closure per row, so a million rows make little garbage.
let state = 0;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

export interface ScoredRow {
  customer: Customer;
  /** Default (in `toBatch`): from Churn (absent → current), as a legacy scorer gives it. */
  status?: CustomerStatus;
  inputRow: number;
  probability: number;
  margin: number;
  band: RiskBand;
  contributions: number[];
  drivers: Driver[];
}

export const bandOf = (p: number): RiskBand => (p >= 0.6 ? "High" : p >= 0.3 ? "Medium" : "Low");

/** One synthetic scored row for input row `inputRow` (same seed and row → same values). */
export function syntheticRow(
  inputRow: number,
  seed: number,
  sources: readonly string[] = SOURCES,
): ScoredRow {
  state = (seed * 1_000_003 + inputRow) >>> 0;
  const tenure = Math.floor(random() * 73);
  const monthly = Math.round((18 + random() * 100) * 100) / 100;
  const customer: Customer = {
    customerID: `C${String(inputRow).padStart(7, "0")}-${seed.toString(36).toUpperCase()}`,
    gender: pick(GENDERS),
    SeniorCitizen: random() < 0.16 ? 1 : 0,
    Partner: pick(YES_NO),
    Dependents: pick(YES_NO),
    tenure,
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
    MonthlyCharges: monthly,
    TotalCharges: tenure === 0 ? null : Math.round(monthly * tenure * 100) / 100,
    persona: pick(PERSONAS),
    planTier: pick(PLAN_TIERS),
    sessionsPerMonth: Math.floor(random() * 60),
    paymentDelayDays: Math.floor(random() * 30),
    supportCalls90d: Math.floor(random() * 8),
    engagementScore: Math.round(random() * 1000) / 10,
    engagementLevel: pick(ENGAGEMENT_LEVELS),
    lifecycleStage: pick(LIFECYCLE_STAGES),
    variant: pick(VARIANTS),
  };
  // Labels and simulation truth on some rows only: the nullable columns see both cases.
  if (random() < 0.7) customer.Churn = pick(YES_NO);
  if (random() < 0.5) customer.true_churn_probability = Math.round(random() * 1000) / 1000;
  const contributions = sources.map(() => Math.fround((random() - 0.5) * 2));
  const margin = contributions.reduce((a, b) => a + b, -1);
  const probability = 1 / (1 + Math.exp(-margin));
  const drivers: Driver[] = sources
    .map((source, s) => ({ source, label: `${source} = ${inputRow % (s + 3)}`, value: contributions[s] }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.source < b.source ? -1 : 1))
    .slice(0, Math.floor(random() * 6));
  return {
    customer,
    status: statusFromChurn(customer.Churn),
    inputRow,
    probability,
    margin,
    band: bandOf(probability),
    contributions,
    drivers,
  };
}

/** Packs rows into one ScoredBatch (in the given order). */
export function toBatch(
  rows: readonly ScoredRow[],
  sources: readonly string[] = SOURCES,
): ScoredBatch<Customer> {
  const contributions = new Float32Array(rows.length * sources.length);
  rows.forEach((r, i) => contributions.set(r.contributions, i * sources.length));
  return {
    customers: rows.map((r) => r.customer),
    status: rows.map((r) => r.status ?? statusFromChurn(r.customer.Churn)),
    inputRow: Int32Array.from(rows, (r) => r.inputRow),
    probability: Float64Array.from(rows, (r) => r.probability),
    margin: Float64Array.from(rows, (r) => r.margin),
    band: rows.map((r) => r.band),
    sources,
    contributions,
    drivers: rows.map((r) => r.drivers),
  };
}

/** Input rows 0..rows-1 in batches of `batchRows`, lazily (a million rows never sit in memory). */
export function* syntheticBatches(options: {
  rows: number;
  batchRows: number;
  seed: number;
  sources?: readonly string[];
  /** Keep only some input rows (a shard's); others are skipped. */
  keep?: (row: ScoredRow) => boolean;
}): Generator<ScoredBatch<Customer>> {
  const sources = options.sources ?? SOURCES;
  let rows: ScoredRow[] = [];
  for (let i = 0; i < options.rows; i++) {
    const row = syntheticRow(i, options.seed, sources);
    if (options.keep && !options.keep(row)) continue;
    rows.push(row);
    if (rows.length === options.batchRows) {
      yield toBatch(rows, sources);
      rows = [];
    }
  }
  if (rows.length > 0) yield toBatch(rows, sources);
}
