/**
 * The demo's friendly words: aliases of the shipped presets' columns ("plan" for planTier,
 * "payment" for PaymentMethod), other words for some of their values ("monthly" contracts, "fibre"
 * internet) and the columns whose bare values act as filters ("top at-risk students"). Keyed by
 * preset name and applied to those contracts only: any other table is named by its own contract.
 */
export interface PresetExtras {
  /** Short names first: the first alias of a column is its name in replies. */
  aliases: Record<string, readonly string[]>;
  /** Squashed words → a category value. */
  synonyms: Record<string, Record<string, string>>;
  bare: readonly string[];
}

const TELCO_ALIASES: Record<string, readonly string[]> = {
  Contract: ["contract", "contracts", "term"],
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
  band: ["band", "risk", "risk band"],
};

const TELCO_SYNONYMS: Record<string, Record<string, string>> = {
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

const EXTRAS: Record<string, PresetExtras> = {
  telco: { aliases: TELCO_ALIASES, synonyms: TELCO_SYNONYMS, bare: ["Contract"] },
  simulated: {
    aliases: {
      ...TELCO_ALIASES,
      persona: ["persona", "personas"],
      planTier: ["plan", "plans", "tier", "plan tier"],
      engagementLevel: ["engagement", "engagement level", "level"],
      lifecycleStage: ["stage", "lifecycle", "lifecycle stage"],
      sessionsPerMonth: ["usage", "sessions", "sessions per month", "usage frequency"],
      paymentDelayDays: ["payment delay", "delay", "late payment", "days late"],
      supportCalls90d: ["support calls", "calls", "tickets"],
      engagementScore: ["engagement score", "score"],
      variant: ["variant", "arm", "ab variant"],
    },
    synonyms: TELCO_SYNONYMS,
    bare: ["Contract", "persona", "planTier"],
  },
};

/** The extras of a shipped preset, by contract name; undefined for any other contract. */
export function presetExtras(name: string): PresetExtras | undefined {
  return EXTRAS[name];
}
