/**
 * What a snapshot's columnar file holds, column by column: every `Customer` field (typed as the
 * customer schema says), then inputRow, probability, margin, band, one `shap_<source>` column per
 * grouped-SHAP source and the top drivers. The writer, the part reader and the snapshot reader all
 * derive their layout from here.
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
} from "../data/schema.ts";
import type { RiskBand } from "./scored-batch.ts";

/** Version of the file layout; bumped when a column changes meaning or type. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** How one customer field is stored. Categories are dictionary-encoded with a fixed dictionary. */
export type ColumnSpec =
  | { kind: "id" }
  | { kind: "category"; values: readonly string[]; nullable: boolean }
  | { kind: "int32"; nullable: boolean }
  | { kind: "float64"; nullable: boolean };

const id: ColumnSpec = { kind: "id" };
const cat = (values: readonly string[], nullable = false): ColumnSpec => ({
  kind: "category",
  values,
  nullable,
});
const int: ColumnSpec = { kind: "int32", nullable: false };
const num = (nullable = false): ColumnSpec => ({ kind: "float64", nullable });

/**
 * Every `Customer` field in file order. Keyed by `keyof Required<Customer>`, so a new customer
 * field does not compile until it is given a column here.
 */
export const CUSTOMER_COLUMNS: { readonly [K in keyof Required<Customer>]: ColumnSpec } = {
  customerID: id,
  gender: cat(GENDERS),
  SeniorCitizen: int,
  Partner: cat(YES_NO),
  Dependents: cat(YES_NO),
  tenure: int,
  PhoneService: cat(YES_NO),
  MultipleLines: cat(MULTIPLE_LINES),
  InternetService: cat(INTERNET_SERVICES),
  OnlineSecurity: cat(INTERNET_ADDON),
  OnlineBackup: cat(INTERNET_ADDON),
  DeviceProtection: cat(INTERNET_ADDON),
  TechSupport: cat(INTERNET_ADDON),
  StreamingTV: cat(INTERNET_ADDON),
  StreamingMovies: cat(INTERNET_ADDON),
  Contract: cat(CONTRACTS),
  PaperlessBilling: cat(YES_NO),
  PaymentMethod: cat(PAYMENT_METHODS),
  MonthlyCharges: num(),
  TotalCharges: num(true),
  // Optional on Customer: scoring files may lack labels; null in the file when absent.
  Churn: cat(YES_NO, true),
  persona: cat(PERSONAS),
  planTier: cat(PLAN_TIERS),
  sessionsPerMonth: int,
  paymentDelayDays: int,
  supportCalls90d: int,
  engagementScore: num(),
  engagementLevel: cat(ENGAGEMENT_LEVELS),
  lifecycleStage: cat(LIFECYCLE_STAGES),
  variant: cat(VARIANTS),
  true_churn_probability: num(true),
};

export type CustomerColumn = keyof typeof CUSTOMER_COLUMNS;
export const CUSTOMER_COLUMN_NAMES = Object.keys(CUSTOMER_COLUMNS) as CustomerColumn[];

/** Customer fields that may be absent on a `Customer` (stored as null, read back as absent). */
export const OPTIONAL_CUSTOMER_COLUMNS: ReadonlySet<string> = new Set(["Churn", "true_churn_probability"]);

export const RISK_BANDS: readonly RiskBand[] = ["Low", "Medium", "High"];

/** Name of the grouped-SHAP column of a source: `shap_Contract`. */
export const shapColumn = (source: string): string => `shap_${source}`;

/** Score columns after the customer columns, before the SHAP columns. */
export const SCORE_COLUMNS = ["inputRow", "probability", "margin", "band"] as const;
export const DRIVERS_COLUMN = "drivers";
