import { INTERNET_ADDON_COLUMNS } from "./schema.ts";
/**
 * The embedded default data: a seeded simulator of Telco customers with enrichment and a known
 * churn mechanism. Telco columns are drawn one after another from conditional tables calibrated on
 * the shape of the IBM Telco data (senior → partner → dependents → contract → tenure → internet →
 * phone → lines → add-ons → billing → payment → charges); enrichment comes from `enrichCustomer`
 * exactly as for a real file; Churn is a Bernoulli draw of `trueChurnProbability`; each account gets
 * an owner (`accountOwner`, one of a handful of invented CSMs, `simulatedOwner`).
 */
import type { Contract, Customer, TelcoRecord } from "./schema.ts";
import { CONTRACTS, INTERNET_SERVICES, PAYMENT_METHODS } from "./schema.ts";
import type { RandomSource } from "./seeded-random.ts";
import { seededRandom } from "./seeded-random.ts";
import { drawBernoulli, drawIndex, drawNormal } from "./random-draws.ts";
import type { EnrichOptions, EnrichmentSource } from "./enrichment.ts";
import { enrichCustomer } from "./enrichment.ts";
import type { VariantWeights } from "./variant.ts";
import { DEFAULT_EXPERIMENT_KEY, EVEN_SPLIT, assignVariant } from "./variant.ts";
import { MAX_SIMULATED_ROWS, simulatedCustomerId } from "./simulated-customer-id.ts";
import { trueChurnProbability } from "./simulator-truth.ts";
import { simulatedOwner } from "./simulated-owner.ts";

export interface SimulateOptions {
  /** How many customers. */
  rows: number;
  /** An integer in [0, 2^32): the same seed gives the same customers, byte for byte. */
  seed: number;
  /** The experiment whose arm goes in `variant` (default "nudge-strategy-2026"). */
  experimentKey?: string;
  /** Relative weights of arms A and B (default an even split). */
  weights?: VariantWeights;
}

/** The simulator's default seed, used by the CLI and the demo when none is given. */
export const DEFAULT_SIMULATION_SEED = 2026;

/**
 * Simulated customers, one at a time (constant memory whatever `rows`). Row `i` depends only on
 * `seed` and `i`, so any slice of rows can be regenerated on its own.
 *
 * @example
 * for (const customer of simulateCustomers({ rows: 1000, seed: 7 })) {
 *   customer.Churn; // "Yes" with probability customer.true_churn_probability
 * }
 */
export function simulateCustomers(options: SimulateOptions): Generator<Customer, void, undefined> {
  const { rows, seed } = options;
  if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_SIMULATED_ROWS) {
    throw new RangeError(`invalid rows: ${rows}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`invalid seed: ${seed}`);
  const enrich = {
    experimentKey: options.experimentKey ?? DEFAULT_EXPERIMENT_KEY,
    weights: options.weights ?? EVEN_SPLIT,
  };
  // Fail on bad weights now, not at the first row.
  assignVariant("0000-AAAAA", enrich.experimentKey, enrich.weights);
  return generate(rows, seed, enrich);
}

function* generate(rows: number, seed: number, enrich: Required<EnrichOptions>): Generator<Customer, void, undefined> {
  for (let index = 0; index < rows; index++) yield simulateRow(index, seed, enrich);
}

/** Row `index` of the simulation under `seed`: Telco columns, enrichment, truth and the churn draw. */
function simulateRow(index: number, seed: number, enrich: Required<EnrichOptions>): Customer {
  const random = seededRandom(seed, index, 0x5171);
  const record = drawTelcoRecord(random, simulatedCustomerId(index, seed));
  const enrichment = enrichCustomer(record, enrich);
  const customer: Customer = Object.assign(record, enrichment);
  const probability = trueChurnProbability(customer);
  customer.Churn = drawBernoulli(random, probability) ? "Yes" : "No";
  customer.true_churn_probability = probability;
  // Drawn from its own hash, after everything else, so adding it moved no other value.
  customer.accountOwner = simulatedOwner(index, seed);
  return customer;
}

// --- conditional tables ------------------------------------------------------------------------
// Shares are rounded from the IBM Telco data's cross-tabulations; order follows the schema's lists.

const P_SENIOR = 0.162;
const P_MALE = 0.505;
const P_PARTNER = { senior: 0.502, other: 0.479 };
/** P(Dependents) by partner and senior. */
const P_DEPENDENTS = { partnerSenior: 0.145, partnerOther: 0.589, singleSenior: 0.014, singleOther: 0.115 };
/** Contract weights [Month-to-month, One year, Two year] by senior and partner. */
const CONTRACT_WEIGHTS = {
  seniorPartner: [0.604, 0.216, 0.18],
  seniorSingle: [0.81, 0.116, 0.074],
  otherPartner: [0.366, 0.25, 0.385],
  otherSingle: [0.662, 0.188, 0.15],
} as const;

/** Tenure bins (inclusive month ranges) and their weights by contract. */
const TENURE_BINS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 1],
  [2, 3],
  [4, 6],
  [7, 12],
  [13, 24],
  [25, 36],
  [37, 48],
  [49, 60],
  [61, 71],
  [72, 72],
];
/** Tenure-bin weights by contract and partner (customers with a partner stay longer on every contract). */
const TENURE_WEIGHTS: Readonly<Record<Contract, { partner: readonly number[]; single: readonly number[] }>> = {
  "Month-to-month": {
    partner: [0, 0.0667, 0.0652, 0.0768, 0.1304, 0.2087, 0.1717, 0.1188, 0.1065, 0.0536, 0.0014],
    single: [0, 0.2052, 0.1327, 0.113, 0.1607, 0.18, 0.0998, 0.0609, 0.0349, 0.0128, 0],
  },
  "One year": {
    partner: [0.0012, 0.006, 0.0036, 0.0096, 0.0386, 0.1157, 0.1398, 0.1663, 0.253, 0.247, 0.0193],
    single: [0, 0.0031, 0.0156, 0.0156, 0.0824, 0.1571, 0.2084, 0.2022, 0.1726, 0.1415, 0.0016],
  },
  "Two year": {
    partner: [0.0067, 0.0008, 0.0017, 0.0059, 0.0235, 0.0419, 0.0436, 0.0872, 0.1376, 0.4052, 0.2458],
    single: [0.004, 0.002, 0.004, 0.0119, 0.0219, 0.0795, 0.0875, 0.1471, 0.2247, 0.3181, 0.0994],
  },
};
/** Mean tenure by contract: add-on uptake is centred on it. */
const MEAN_TENURE: Readonly<Record<Contract, number>> = { "Month-to-month": 18, "One year": 42, "Two year": 57 };

/** Internet weights [DSL, Fiber optic, No] by contract and senior. */
const INTERNET_WEIGHTS: Readonly<Record<Contract, { senior: readonly number[]; other: readonly number[] }>> = {
  "Month-to-month": { senior: [0.197, 0.788, 0.015], other: [0.347, 0.486, 0.167] },
  "One year": { senior: [0.263, 0.653, 0.084], other: [0.405, 0.323, 0.271] },
  "Two year": { senior: [0.345, 0.49, 0.166], other: [0.373, 0.231, 0.396] },
};
type Internet = (typeof INTERNET_SERVICES)[number];

/** P(PhoneService) by internet: fiber and internet-less customers always have a phone line. */
const P_PHONE: Readonly<Record<Internet, number>> = { DSL: 0.718, "Fiber optic": 1, No: 1 };
/** P(MultipleLines | phone) by contract and internet, at the contract's mean tenure. */
const P_MULTIPLE_LINES: Readonly<Record<Contract, Readonly<Record<Internet, number>>>> = {
  "Month-to-month": { DSL: 0.258, "Fiber optic": 0.572, No: 0.088 },
  "One year": { DSL: 0.428, "Fiber optic": 0.686, No: 0.176 },
  "Two year": { DSL: 0.621, "Fiber optic": 0.818, No: 0.364 },
};

const ADD_ONS = INTERNET_ADDON_COLUMNS;
/** P(add-on) in ADD_ONS order, by internet and contract, at the contract's mean tenure. */
const P_ADD_ON: Readonly<Record<"DSL" | "Fiber optic", Readonly<Record<Contract, readonly number[]>>>> = {
  DSL: {
    "Month-to-month": [0.299, 0.303, 0.229, 0.277, 0.244, 0.251],
    "One year": [0.579, 0.489, 0.537, 0.572, 0.447, 0.454],
    "Two year": [0.771, 0.694, 0.763, 0.817, 0.643, 0.661],
  },
  "Fiber optic": {
    "Month-to-month": [0.166, 0.325, 0.318, 0.156, 0.47, 0.469],
    "One year": [0.412, 0.636, 0.631, 0.419, 0.737, 0.748],
    "Two year": [0.613, 0.718, 0.793, 0.718, 0.823, 0.818],
  },
};
/** Change in the log-odds of a second line / an add-on per 72 months of tenure above the contract mean. */
const TENURE_SLOPE_LINES = 2.0;
const TENURE_SLOPE_ADD_ONS = 1.2;

/** P(PaperlessBilling) by contract and internet. */
const P_PAPERLESS: Readonly<Record<Contract, Readonly<Record<Internet, number>>>> = {
  "Month-to-month": { DSL: 0.59, "Fiber optic": 0.794, No: 0.334 },
  "One year": { DSL: 0.528, "Fiber optic": 0.742, No: 0.272 },
  "Two year": { DSL: 0.489, "Fiber optic": 0.713, No: 0.27 },
};
/** Payment weights in PAYMENT_METHODS order (e-check, mailed, bank, card) by contract and internet. */
const PAYMENT_WEIGHTS: Readonly<Record<Contract, Readonly<Record<Internet, readonly number[]>>>> = {
  "Month-to-month": {
    DSL: [0.388, 0.3, 0.161, 0.151],
    "Fiber optic": [0.614, 0.094, 0.154, 0.138],
    No: [0.132, 0.62, 0.124, 0.124],
  },
  "One year": {
    DSL: [0.204, 0.24, 0.254, 0.302],
    "Fiber optic": [0.364, 0.067, 0.291, 0.278],
    No: [0.096, 0.451, 0.245, 0.209],
  },
  "Two year": {
    DSL: [0.092, 0.174, 0.357, 0.377],
    "Fiber optic": [0.214, 0.049, 0.378, 0.359],
    No: [0.028, 0.395, 0.279, 0.298],
  },
};

/**
 * Monthly charges are priced from the bundle, as in the real data (a linear fit there leaves a
 * residual of about $1): phone $20, a second line $5, DSL $25, fiber $50, security/backup/device
 * protection/tech support $5 each, each streaming service $10; plus a small per-customer deviation
 * (promotions, rounding), then rounded to $0.05. Range ≈ $18–119.
 */
const PRICE = { phone: 20, multipleLines: 5, dsl: 25, fiber: 50, addOn: 5, streaming: 10 } as const;

// --- drawing one record ------------------------------------------------------------------------

function drawTelcoRecord(random: RandomSource, customerID: string): EnrichmentSource {
  const senior = drawBernoulli(random, P_SENIOR);
  const gender = drawBernoulli(random, P_MALE) ? "Male" : "Female";
  const partner = drawBernoulli(random, senior ? P_PARTNER.senior : P_PARTNER.other);
  const pDependents = partner
    ? senior
      ? P_DEPENDENTS.partnerSenior
      : P_DEPENDENTS.partnerOther
    : senior
      ? P_DEPENDENTS.singleSenior
      : P_DEPENDENTS.singleOther;
  const dependents = drawBernoulli(random, pDependents);
  const contractWeights = senior
    ? partner
      ? CONTRACT_WEIGHTS.seniorPartner
      : CONTRACT_WEIGHTS.seniorSingle
    : partner
      ? CONTRACT_WEIGHTS.otherPartner
      : CONTRACT_WEIGHTS.otherSingle;
  const contract = CONTRACTS[drawIndex(random, contractWeights)];
  const [low, high] = TENURE_BINS[drawIndex(random, TENURE_WEIGHTS[contract][partner ? "partner" : "single"])];
  const tenure = low + Math.floor(random() * (high - low + 1));
  // Shift in log-odds for services that accumulate with time (second lines, add-ons).
  const seniority = (tenure - MEAN_TENURE[contract]) / 72;

  const internetWeights = INTERNET_WEIGHTS[contract];
  const internet = INTERNET_SERVICES[drawIndex(random, senior ? internetWeights.senior : internetWeights.other)];
  const phone = drawBernoulli(random, P_PHONE[internet]);
  const multipleLines =
    phone && drawBernoulli(random, shiftProbability(P_MULTIPLE_LINES[contract][internet], TENURE_SLOPE_LINES * seniority));
  // One cell per add-on, in ADD_ONS order; a loop, not closures, because this runs once per row.
  const addOns: Array<"Yes" | "No" | "No internet service"> = [];
  let addOnCount = 0;
  let streamingCount = 0;
  for (let i = 0; i < ADD_ONS.length; i++) {
    if (internet === "No") {
      addOns.push("No internet service");
      continue;
    }
    const p = shiftProbability(P_ADD_ON[internet][contract][i], TENURE_SLOPE_ADD_ONS * seniority);
    const has = drawBernoulli(random, p);
    addOns.push(has ? "Yes" : "No");
    if (has && i < 4) addOnCount++;
    if (has && i >= 4) streamingCount++;
  }
  const paperless = drawBernoulli(random, P_PAPERLESS[contract][internet]);
  const payment = PAYMENT_METHODS[drawIndex(random, PAYMENT_WEIGHTS[contract][internet])];

  const listPrice =
    (phone ? PRICE.phone : 0) +
    (multipleLines ? PRICE.multipleLines : 0) +
    (internet === "DSL" ? PRICE.dsl : internet === "Fiber optic" ? PRICE.fiber : 0) +
    PRICE.addOn * addOnCount +
    PRICE.streaming * streamingCount;
  const deviation = internet === "No" ? clamp(0.6 * drawNormal(random), -2, 2) : clamp(1.1 * drawNormal(random), -4, 4);
  const monthlyCharges = (Math.round((listPrice + deviation) * 20) * 5) / 100;
  // Bills drift over a customer's life (price changes, plan changes): total/tenure ≈ monthly, with a
  // spread that shrinks as the months average out; blank before the first bill, as in the real data.
  const drift = tenure > 1 ? clamp((0.21 * drawNormal(random)) / Math.sqrt(tenure), -0.35, 0.35) : 0;
  const totalCharges = tenure === 0 ? null : Math.round(monthlyCharges * tenure * (1 + drift) * 100) / 100;

  return {
    customerID,
    gender,
    SeniorCitizen: senior ? 1 : 0,
    Partner: partner ? "Yes" : "No",
    Dependents: dependents ? "Yes" : "No",
    tenure,
    PhoneService: phone ? "Yes" : "No",
    MultipleLines: phone ? (multipleLines ? "Yes" : "No") : "No phone service",
    InternetService: internet,
    OnlineSecurity: addOns[0],
    OnlineBackup: addOns[1],
    DeviceProtection: addOns[2],
    TechSupport: addOns[3],
    StreamingTV: addOns[4],
    StreamingMovies: addOns[5],
    Contract: contract,
    PaperlessBilling: paperless ? "Yes" : "No",
    PaymentMethod: payment,
    MonthlyCharges: monthlyCharges,
    TotalCharges: totalCharges,
  } satisfies Omit<TelcoRecord, "Churn">;
}

/** `p` moved by `shift` on the log-odds scale. */
function shiftProbability(p: number, shift: number): number {
  return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + shift)));
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}
