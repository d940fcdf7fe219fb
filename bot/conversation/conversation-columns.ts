import { CUSTOMER_COLUMNS } from "../../core/src/snapshot/index.ts";
import type { RiskBand } from "../../core/src/index.ts";

/** A snapshot column people may filter and segment by, with what its values are. */
export interface ConversationColumn {
  /** The snapshot column ("Contract", "planTier", "band"). */
  column: string;
  /** What people call it ("contract", "plan"): used in hints and filter descriptions. */
  name: string;
  /** Its name in a sentence or title ("payment method", "risk band"). */
  label: string;
  kind: "category" | "number";
  /** Allowed values of a category column, in their natural order. */
  values: readonly string[];
}

const BANDS: readonly RiskBand[] = ["Low", "Medium", "High"];

/** Short names first: the first alias of a column is its name in replies. */
const ALIASES: Record<string, readonly string[]> = {
  Contract: ["contract", "contracts", "term"],
  persona: ["persona", "personas"],
  planTier: ["plan", "plans", "tier", "plan tier"],
  engagementLevel: ["engagement", "engagement level", "level"],
  lifecycleStage: ["stage", "lifecycle", "lifecycle stage"],
  PaymentMethod: ["payment", "payment method", "pay", "method", "billing method"],
  InternetService: ["internet", "internet service"],
  gender: ["gender"],
  SeniorCitizen: ["senior", "senior citizen", "seniors"],
  Partner: ["partner"],
  Dependents: ["dependents"],
  PhoneService: ["phone", "phone service"],
  MultipleLines: ["lines", "multiple lines"],
  OnlineSecurity: ["security", "online security"],
  OnlineBackup: ["backup", "online backup"],
  DeviceProtection: ["protection", "device protection"],
  TechSupport: ["tech support", "support", "techsupport"],
  StreamingTV: ["streaming tv", "tv"],
  StreamingMovies: ["streaming movies", "movies"],
  PaperlessBilling: ["paperless", "paperless billing"],
  tenure: ["tenure", "months"],
  MonthlyCharges: ["charges", "monthly charges", "monthly", "mrr"],
  TotalCharges: ["total charges", "total"],
  sessionsPerMonth: ["usage", "sessions", "sessions per month", "usage frequency"],
  paymentDelayDays: ["payment delay", "delay", "late payment", "days late"],
  supportCalls90d: ["support calls", "calls", "tickets"],
  engagementScore: ["engagement score", "score"],
  variant: ["variant", "arm", "ab variant"],
  band: ["band", "risk", "risk band"],
  Churn: ["churn", "churned"],
};

/** Lowercase letters and digits only: "Month-to-month" → "monthtomonth". */
export const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

const LABELS: Record<string, string> = {
  band: "risk band",
  StreamingTV: "streaming TV",
  paymentDelayDays: "payment delay",
  supportCalls90d: "support calls (90 days)",
  variant: "A/B variant",
  tenure: "tenure (months)",
};

/** "PaymentMethod" → "payment method". */
const words = (column: string) =>
  column
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();

function build(): ConversationColumn[] {
  const out: ConversationColumn[] = [];
  for (const [column, aliases] of Object.entries(ALIASES)) {
    const base = { column, name: aliases[0], label: LABELS[column] ?? words(column) };
    if (column === "band") {
      out.push({ ...base, kind: "category", values: BANDS });
      continue;
    }
    const spec = CUSTOMER_COLUMNS[column as keyof typeof CUSTOMER_COLUMNS];
    if (!spec) throw new Error(`unknown snapshot column in the conversation catalogue: ${column}`);
    // SeniorCitizen is stored as 0/1 but people say yes/no.
    if (column === "SeniorCitizen") out.push({ ...base, kind: "category", values: ["No", "Yes"] });
    else if (spec.kind === "category") out.push({ ...base, kind: "category", values: spec.values });
    else if (spec.kind === "int32" || spec.kind === "float64")
      out.push({ ...base, kind: "number", values: [] });
  }
  return out;
}

/** Every column a conversation can filter or segment by (not the ID, not the simulation's truth). */
export const CONVERSATION_COLUMNS: readonly ConversationColumn[] = build();

const byKey = new Map<string, ConversationColumn>();
for (const c of CONVERSATION_COLUMNS) {
  byKey.set(squash(c.column), c);
  for (const alias of ALIASES[c.column]) byKey.set(squash(alias), c);
}

/**
 * The column a person means by `name`, ignoring case, spaces and punctuation ("Payment method",
 * "payment_method", "PaymentMethod" and "payment" are all `PaymentMethod`), or undefined.
 *
 * @example
 * resolveColumn("plan")?.column; // "planTier"
 */
export function resolveColumn(name: string): ConversationColumn | undefined {
  const key = squash(name);
  return byKey.get(key) ?? (key.endsWith("s") ? byKey.get(key.slice(0, -1)) : undefined);
}

/** Other words people use for some values (squashed): "monthly" contracts, "fibre" internet. */
const SYNONYMS: Record<string, Record<string, string>> = {
  Contract: {
    monthly: "Month-to-month",
    m2m: "Month-to-month",
    mtm: "Month-to-month",
    annual: "One year",
    yearly: "One year",
    "1year": "One year",
    "12months": "One year",
    "2year": "Two year",
    "2years": "Two year",
    "24months": "Two year",
  },
  InternetService: { fibre: "Fiber optic", fiber: "Fiber optic", fibreoptic: "Fiber optic", none: "No" },
  PaymentMethod: {
    card: "Credit card (automatic)",
    creditcard: "Credit card (automatic)",
    bank: "Bank transfer (automatic)",
  },
};

/** The category value `text` names: exact ignoring case and punctuation, else a unique prefix ("month" → "Month-to-month"). */
export function resolveValue(
  column: ConversationColumn,
  text: string,
): string | { choices: readonly string[] } {
  const key = squash(text);
  const values = column.values;
  if (key === "") return { choices: values };
  const synonym = SYNONYMS[column.column]?.[key];
  if (synonym) return synonym;
  const exact = values.filter((v) => squash(v) === key || squash(v) === key.replace(/s$/, ""));
  if (exact.length === 1) return exact[0];
  const prefixed = values.filter((v) => squash(v).startsWith(key));
  if (prefixed.length === 1) return prefixed[0];
  return { choices: values };
}
