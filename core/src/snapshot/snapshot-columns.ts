/**
 * What a snapshot's columnar file holds, column by column: the customer columns (the legacy
 * layout's `Customer` fields below, or those a dataset contract describes: see
 * `snapshotColumnsFromContract`), then status, inputRow, probability, margin, band, one
 * `shap_<source>` column per grouped-SHAP source and the top drivers. The writer, the part reader
 * and the snapshot reader all derive their layout from here.
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

/**
 * Version of the file layout; bumped when a column changes meaning or type. 2: the status column,
 * and customer columns recorded in the manifest (any contract's). Version 1 files still read.
 */
export const SNAPSHOT_SCHEMA_VERSION = 2;

/**
 * How one customer column is stored. Non-nullable categories are dictionary-encoded with a fixed
 * dictionary; nullable ones as plain utf8 (see `snapshot-layout.ts`); text is free utf8.
 */
export type ColumnSpec =
  | { kind: "id" }
  | { kind: "category"; values: readonly string[]; nullable: boolean }
  | { kind: "int32"; nullable: boolean }
  | { kind: "float64"; nullable: boolean }
  | { kind: "text"; nullable: boolean };

/** One customer column of a snapshot, in file order. */
export interface SnapshotColumn {
  name: string;
  spec: ColumnSpec;
}

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
 * field does not compile until it is given a column here — except `accountOwner`: the simulated
 * preset's owner column, stored by the contract's layout (`snapshotColumnsFromContract`); the
 * legacy layout has no owner.
 */
export const CUSTOMER_COLUMNS: {
  readonly [K in keyof Required<Omit<Customer, "accountOwner">>]: ColumnSpec;
} = {
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

/** The legacy (Telco + enrichment) customer columns as a column list. */
export const LEGACY_CUSTOMER_COLUMNS: readonly SnapshotColumn[] = CUSTOMER_COLUMN_NAMES.map((name) => ({
  name,
  spec: CUSTOMER_COLUMNS[name],
}));

/** Customer fields that may be absent on a `Customer` (stored as null, read back as absent). */
export const OPTIONAL_CUSTOMER_COLUMNS: ReadonlySet<string> = new Set(["Churn", "true_churn_probability"]);

export const RISK_BANDS: readonly RiskBand[] = ["Low", "Medium", "High"];

/** Name of the grouped-SHAP column of a source: `shap_Contract`. */
export const shapColumn = (source: string): string => `shap_${source}`;

/** Every customer's status (current, churned, retained): after the customer columns (version ≥ 2). */
export const STATUS_COLUMN = "status";

/** Score columns after the status column, before the SHAP columns. */
export const SCORE_COLUMNS = ["inputRow", "probability", "margin", "band"] as const;
export const DRIVERS_COLUMN = "drivers";

/** Why a customer column cannot have this name (it is a snapshot's own column), or undefined. */
export function reservedColumnReason(name: string): string | undefined {
  if (
    name === STATUS_COLUMN ||
    name === DRIVERS_COLUMN ||
    (SCORE_COLUMNS as readonly string[]).includes(name)
  )
    return `${JSON.stringify(name)} is a snapshot column`;
  if (name.startsWith("shap_")) return `${JSON.stringify(name)} starts with shap_, which names SHAP columns`;
  // A customer is a plain object keyed by column name: this key would set its prototype.
  if (name === "__proto__") return `"__proto__" cannot name a column`;
  return undefined;
}
