/**
 * What the encoder does, as plain JSON: stored in every model card so training, scoring and
 * explanation use the same encoding. Two kinds:
 * - `customer`: a validated `Customer` (Telco columns + enrichment) → one-hot / ordinal / numeric features;
 * - `columns`: an imported model's own named numeric input columns, read as they are from a CSV.
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
  YES_NO,
} from "../data/schema.ts";

/** How one source column becomes features. */
export type FeatureSource =
  | { kind: "numeric"; column: string; label: string }
  | { kind: "onehot"; column: string; label: string; categories: string[] }
  | { kind: "ordinal"; column: string; label: string; categories: string[] };

export interface CustomerEncoderSpec {
  kind: "customer";
  version: 1;
  sources: FeatureSource[];
}

export interface ColumnsEncoderSpec {
  kind: "columns";
  version: 1;
  /** Input column names, in model order; each read as a number (blank = missing). */
  columns: string[];
}

export type EncoderSpec = CustomerEncoderSpec | ColumnsEncoderSpec;

/** Yes/No columns one-hot in the file's category order ("No" first), as pandas' get_dummies does. */
const yesNo = [...YES_NO].reverse();

const TELCO_SOURCES: FeatureSource[] = [
  { kind: "numeric", column: "SeniorCitizen", label: "Senior citizen" },
  { kind: "numeric", column: "tenure", label: "Tenure (months)" },
  { kind: "numeric", column: "MonthlyCharges", label: "Monthly charges" },
  { kind: "numeric", column: "TotalCharges", label: "Total charges" },
  { kind: "onehot", column: "gender", label: "Gender", categories: [...GENDERS] },
  { kind: "onehot", column: "Partner", label: "Partner", categories: yesNo },
  { kind: "onehot", column: "Dependents", label: "Dependents", categories: yesNo },
  { kind: "onehot", column: "PhoneService", label: "Phone service", categories: yesNo },
  { kind: "onehot", column: "MultipleLines", label: "Multiple lines", categories: sorted(MULTIPLE_LINES) },
  {
    kind: "onehot",
    column: "InternetService",
    label: "Internet service",
    categories: sorted(INTERNET_SERVICES),
  },
  ...(
    [
      ["OnlineSecurity", "Online security"],
      ["OnlineBackup", "Online backup"],
      ["DeviceProtection", "Device protection"],
      ["TechSupport", "Tech support"],
      ["StreamingTV", "Streaming TV"],
      ["StreamingMovies", "Streaming movies"],
    ] as const
  ).map(([column, label]): FeatureSource => ({
    kind: "onehot",
    column,
    label,
    categories: sorted(INTERNET_ADDON),
  })),
  { kind: "onehot", column: "Contract", label: "Contract", categories: [...CONTRACTS] },
  { kind: "onehot", column: "PaperlessBilling", label: "Paperless billing", categories: yesNo },
  { kind: "onehot", column: "PaymentMethod", label: "Payment method", categories: sorted(PAYMENT_METHODS) },
];

const ENRICHMENT_SOURCES: FeatureSource[] = [
  { kind: "onehot", column: "persona", label: "Persona", categories: [...PERSONAS] },
  { kind: "ordinal", column: "planTier", label: "Plan tier", categories: [...PLAN_TIERS] },
  { kind: "numeric", column: "sessionsPerMonth", label: "Sessions per month" },
  { kind: "numeric", column: "paymentDelayDays", label: "Payment delay (days)" },
  { kind: "numeric", column: "supportCalls90d", label: "Support calls (90 days)" },
  { kind: "numeric", column: "engagementScore", label: "Engagement score" },
  {
    kind: "ordinal",
    column: "engagementLevel",
    label: "Engagement level",
    categories: [...ENGAGEMENT_LEVELS],
  },
  { kind: "onehot", column: "lifecycleStage", label: "Lifecycle stage", categories: [...LIFECYCLE_STAGES] },
  { kind: "onehot", column: "variant", label: "Nudge variant", categories: ["A", "B"] },
];

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/**
 * The default encoding: the 21 Telco columns (in the same 45-feature layout XGBoost users get from
 * pandas' get_dummies) followed by the enrichment columns. `customerID`, `Churn` and
 * `true_churn_probability` are never features.
 *
 * @example
 * const spec = defaultEncoderSpec();
 * featureNames(spec).slice(0, 3); // ["SeniorCitizen", "tenure", "MonthlyCharges"]
 */
export function defaultEncoderSpec(options: { enrichment?: boolean } = {}): CustomerEncoderSpec {
  const sources = options.enrichment === false ? TELCO_SOURCES : [...TELCO_SOURCES, ...ENRICHMENT_SOURCES];
  return { kind: "customer", version: 1, sources: structuredClone(sources) };
}

/** One feature of the encoding: its model name, human label, and the source column it came from. */
export interface FeatureInfo {
  name: string;
  label: string;
  source: string;
  sourceLabel: string;
  /** The category a one-hot feature stands for. */
  category?: string;
}

/** Every feature of a spec, in model input order. */
export function featureInfo(spec: EncoderSpec): FeatureInfo[] {
  if (spec.kind === "columns") {
    return spec.columns.map((c) => ({ name: c, label: c, source: c, sourceLabel: c }));
  }
  return spec.sources.flatMap((s): FeatureInfo[] =>
    s.kind === "onehot"
      ? s.categories.map((category) => ({
          name: `${s.column}_${category}`,
          label: `${s.label} = ${category}`,
          source: s.column,
          sourceLabel: s.label,
          category,
        }))
      : [{ name: s.column, label: s.label, source: s.column, sourceLabel: s.label }],
  );
}

export function featureNames(spec: EncoderSpec): string[] {
  return featureInfo(spec).map((f) => f.name);
}
