/**
 * The customer schema: the single source of truth for column names, types, allowed values and
 * ranges, for the 21 IBM Telco columns and the enrichment columns. Cell schemas take the raw CSV
 * string and produce the typed value; the loader's error messages come from their issues.
 */
import { z } from "zod";
import { SIMULATED_OWNERS } from "./simulated-owner.ts";

// --- allowed categories ------------------------------------------------------------------------
export const GENDERS = ["Female", "Male"] as const;
export const YES_NO = ["Yes", "No"] as const;
export const MULTIPLE_LINES = ["No", "Yes", "No phone service"] as const;
export const INTERNET_SERVICES = ["DSL", "Fiber optic", "No"] as const;
export const INTERNET_ADDON = ["No", "Yes", "No internet service"] as const;
export const CONTRACTS = ["Month-to-month", "One year", "Two year"] as const;
export const PAYMENT_METHODS = [
  "Electronic check",
  "Mailed check",
  "Bank transfer (automatic)",
  "Credit card (automatic)",
] as const;
export const PERSONAS = ["Student", "Marketer", "Analyst", "Writer"] as const;
export const PLAN_TIERS = ["Free", "Standard", "Premium"] as const;
export const ENGAGEMENT_LEVELS = ["Low", "Medium", "High"] as const;
export const LIFECYCLE_STAGES = ["onboarding", "growing", "mature", "dormant"] as const;
export const VARIANTS = ["A", "B"] as const;

/** The six add-on columns that exist only with internet service (values: INTERNET_ADDON). */
export const INTERNET_ADDON_COLUMNS = [
  "OnlineSecurity",
  "OnlineBackup",
  "DeviceProtection",
  "TechSupport",
  "StreamingTV",
  "StreamingMovies",
] as const;

/** Upper bounds that separate "unusual" from "impossible" (documented in README). */
export const LIMITS = {
  tenureMonths: 120,
  monthlyCharges: 1000,
  totalCharges: 1000 * 120,
  sessionsPerMonth: 1000,
  paymentDelayDays: 365,
  supportCalls90d: 500,
} as const;

// --- cell schemas (raw string → typed value) ---------------------------------------------------
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

const category = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `not one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

const decimal = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(NUMBER, { error: "not a number" })
    .transform(Number)
    .pipe(z.number().min(min, { error: `below ${min}` }).max(max, { error: `above ${max}` }));

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(INTEGER, { error: "not a whole number" })
    .transform(Number)
    .pipe(z.number().int().min(min, { error: `below ${min}` }).max(max, { error: `above ${max}` }));

/** A blank cell (empty or whitespace) → null, otherwise the inner schema. */
const blankable = <T extends z.ZodType<unknown, string>>(inner: T) =>
  z.union([z.string().regex(/^\s*$/).transform(() => null), inner]);

/** IDs are printable, short and free of characters that could smuggle markup into chat or CSV. */
const customerId = z
  .string()
  .trim()
  .min(1, { error: "empty" })
  .max(64, { error: "longer than 64 characters" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "only letters, digits, '-', '_' and '.' are allowed" });

export const telcoCells = {
  customerID: customerId,
  gender: category(GENDERS),
  SeniorCitizen: z.enum(["0", "1"], { error: () => `not 0 or 1` }).transform((v) => (v === "1" ? 1 : 0)),
  Partner: category(YES_NO),
  Dependents: category(YES_NO),
  tenure: integer(0, LIMITS.tenureMonths),
  PhoneService: category(YES_NO),
  MultipleLines: category(MULTIPLE_LINES),
  InternetService: category(INTERNET_SERVICES),
  OnlineSecurity: category(INTERNET_ADDON),
  OnlineBackup: category(INTERNET_ADDON),
  DeviceProtection: category(INTERNET_ADDON),
  TechSupport: category(INTERNET_ADDON),
  StreamingTV: category(INTERNET_ADDON),
  StreamingMovies: category(INTERNET_ADDON),
  Contract: category(CONTRACTS),
  PaperlessBilling: category(YES_NO),
  PaymentMethod: category(PAYMENT_METHODS),
  MonthlyCharges: decimal(0, LIMITS.monthlyCharges),
  /** Blank for brand-new customers (tenure 0) in the real file: kept as null (missing), not rejected. */
  TotalCharges: blankable(decimal(0, LIMITS.totalCharges)),
  Churn: category(YES_NO),
} as const;

export const enrichmentCells = {
  persona: category(PERSONAS),
  planTier: category(PLAN_TIERS),
  sessionsPerMonth: integer(0, LIMITS.sessionsPerMonth),
  paymentDelayDays: integer(0, LIMITS.paymentDelayDays),
  supportCalls90d: integer(0, LIMITS.supportCalls90d),
  engagementScore: decimal(0, 100),
  engagementLevel: category(ENGAGEMENT_LEVELS),
  lifecycleStage: category(LIFECYCLE_STAGES),
  variant: category(VARIANTS),
} as const;

/**
 * Present only in simulated files, never features: the account's invented owner (the `simulated`
 * preset's owner column) and the simulation truth.
 */
export const simulationCells = {
  accountOwner: category(SIMULATED_OWNERS.map((o) => o.owner) as unknown as readonly [string, ...string[]]),
  true_churn_probability: decimal(0, 1),
} as const;

export type TelcoColumn = keyof typeof telcoCells;
export type EnrichmentColumn = keyof typeof enrichmentCells;

/** The 21 IBM Telco columns in the file's order. */
export const TELCO_COLUMNS = Object.keys(telcoCells) as TelcoColumn[];
/** Columns every customer file must have (Churn is only needed to train or evaluate). */
export const REQUIRED_COLUMNS = TELCO_COLUMNS.filter((c) => c !== "Churn");
export const ENRICHMENT_COLUMNS = Object.keys(enrichmentCells) as EnrichmentColumn[];
/** Every column we know; anything else in a file is an extra column (warned about, then ignored). */
export const KNOWN_COLUMNS: readonly string[] = [...TELCO_COLUMNS, ...ENRICHMENT_COLUMNS, ...Object.keys(simulationCells)];

// --- row types ----------------------------------------------------------------------------------
/** Whole-row schemas (the loader validates cell by cell, for errors that name the column). */
export const telcoRowSchema = z.object(telcoCells);
export const enrichmentSchema = z.object(enrichmentCells);

/** One Telco row as typed values (Churn optional: scoring files may not have it). */
export type TelcoRecord = Omit<z.output<typeof telcoRowSchema>, "Churn"> & { Churn?: "Yes" | "No" };
/** The simulated behaviour added to every customer. */
export type Enrichment = z.output<typeof enrichmentSchema>;
/**
 * One validated customer: Telco columns plus enrichment (plus, when simulated, the simulation truth
 * and the account's invented owner).
 */
export type Customer = TelcoRecord & Enrichment & { true_churn_probability?: number; accountOwner?: string };

export type Persona = (typeof PERSONAS)[number];
export type PlanTier = (typeof PLAN_TIERS)[number];
export type Contract = (typeof CONTRACTS)[number];
export type Variant = (typeof VARIANTS)[number];
