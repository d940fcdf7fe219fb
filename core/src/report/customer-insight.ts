import type { Customer, Variant } from "../data/schema.ts";
import { DEFAULT_EXPERIMENT_KEY, EVEN_SPLIT, type VariantWeights } from "../data/variant.ts";
import type { EngagementLevel } from "../data/engagement-level.ts";
import type { LifecycleStage } from "../data/lifecycle-stage.ts";
import { valueWords } from "../explain/value-words.ts";
import type { WhatIf } from "../explain/what-if.ts";
import type { Nudge, NudgeEngine, NudgeTrigger } from "../nudges/nudge.ts";
import { nudgeFacts } from "../nudges/nudge-facts.ts";
import { variantFor } from "../nudges/nudge-variant.ts";
import { explainCustomer, type ChurnModel } from "../score/index.ts";
import type { RiskBand, Snapshot } from "../snapshot/index.ts";
import { InsightError } from "./insight-error.ts";
import { insightParts } from "./insight-parts.ts";
import { insightDataset, type InsightDataset } from "./insight-dataset.ts";

/** Version of the `CustomerInsight` layout (JSON consumers check it). */
export const INSIGHT_SCHEMA_VERSION = 1;

/** One driver of the customer's score, in words and in log-odds. */
export interface InsightDriver {
  source: string;
  /** "Contract = Month-to-month" (charts, cards). */
  label: string;
  /** "a month-to-month contract" (sentences). */
  words: string;
  /** SHAP value in log-odds; positive raises risk. */
  value: number;
}

/**
 * Everything EngageTrack says about one customer: profile, calibrated probability and band,
 * engagement, explanation, nudge and experiment arm, and where it came from (model, snapshot).
 * The bot card, the TXT summary, the JSON API and the notebook user page all render this object,
 * so the numbers agree everywhere. Plain data: JSON round-trips it unchanged.
 */
export interface CustomerInsight {
  schemaVersion: typeof INSIGHT_SCHEMA_VERSION;
  customerID: string;
  /** The data set the values come from, and which are simulated (the demo's: all of them). */
  dataset: InsightDataset;
  /** When this insight was built (ISO 8601). */
  generatedAt: string;
  profile: {
    persona: Customer["persona"];
    planTier: Customer["planTier"];
    seniorCitizen: boolean;
    partner: boolean;
    dependents: boolean;
    subscription: {
      contract: Customer["Contract"];
      tenureMonths: number;
      monthlyCharges: number;
      /** null for customers not billed yet. */
      totalCharges: number | null;
      paymentMethod: Customer["PaymentMethod"];
      paperlessBilling: boolean;
      phoneService: Customer["PhoneService"];
      multipleLines: Customer["MultipleLines"];
      internetService: Customer["InternetService"];
      /** Add-on services the customer has ("online backup", "streaming TV"). */
      addOns: string[];
    };
  };
  engagement: {
    score: number;
    level: EngagementLevel;
    lifecycleStage: LifecycleStage;
    sessionsPerMonth: number;
    paymentDelayDays: number;
    supportCalls90d: number;
  };
  risk: {
    /** Calibrated churn probability (what users see). */
    probability: number;
    band: RiskBand;
    /** Model margin (log-odds) and the expected margin it starts from. */
    margin: number;
    baseValue: number;
    /** Where Medium and High start (calibrated probability), from the model card. */
    bands: { medium: number; high: number };
    /** Probability from which the model card recommends an offer. */
    decisionThreshold: number;
  };
  explanation: {
    /** "High risk (71%) mainly because of …". */
    sentence: string;
    drivers: InsightDriver[];
    whatIf: WhatIf[];
  };
  nudge: Nudge;
  experiment: { key: string; variant: Variant; strategy: string };
  model: { name: string; kind: string; hash: string; libraryVersion: string; trainingRows: number | null };
  snapshot: { id: string; createdAt: string };
}

export interface BuildInsightOptions {
  model: ChurnModel;
  snapshot: Snapshot;
  customerID: string;
  /** The rule engine, or the LLM engine with its fallback. */
  nudges: NudgeEngine;
  clock: () => Date;
  /** Experiment whose arm picks the nudge strategy; default the customer's enrolment ("nudge-strategy-2026"). */
  experimentKey?: string;
  variantWeights?: VariantWeights;
  trigger?: NudgeTrigger;
}

const ADD_ONS = [
  ["OnlineSecurity", "online security"],
  ["OnlineBackup", "online backup"],
  ["DeviceProtection", "device protection"],
  ["TechSupport", "tech support"],
  ["StreamingTV", "streaming TV"],
  ["StreamingMovies", "streaming movies"],
] as const;

/**
 * Builds the insight of one customer of a snapshot: looks the customer up, explains them with the
 * model that scored the snapshot (exact TreeSHAP, what-if actions), asks the nudge engine, and
 * records the model and snapshot. Errors are `InsightError`s: an unknown customer, or a snapshot
 * scored by another model (the numbers would disagree).
 *
 * @example
 * const snapshot = await openSnapshotStore("data/snapshots").latest();
 * const insight = await buildCustomerInsight({ model, snapshot, customerID: "7590-VHVEG",
 *   nudges: createRuleNudgeEngine(), clock: () => new Date() });
 * renderInsightText(insight);
 */
export async function buildCustomerInsight(options: BuildInsightOptions): Promise<CustomerInsight> {
  const { model, snapshot, customerID } = options;
  const manifest = snapshot.manifest;
  if (manifest.model.hash !== model.hash) {
    throw new InsightError(
      "model-mismatch",
      `snapshot ${manifest.id} was scored by model ${manifest.model.name} (${manifest.model.hash.slice(0, 12)}), not ${model.card.name} (${model.hash.slice(0, 12)})`,
    );
  }
  if (model.encoder.kind !== "customer") {
    throw new InsightError(
      "model-reads-columns",
      `model ${model.card.name} reads named columns, not customers`,
    );
  }
  const row = snapshot.lookup(customerID);
  if (!row)
    throw new InsightError(
      "unknown-customer",
      `no customer ${JSON.stringify(customerID)} in snapshot ${manifest.id}`,
    );
  const c = row.customer;
  const explanation = await explainCustomer(model, c);
  const experimentKey = options.experimentKey ?? DEFAULT_EXPERIMENT_KEY;
  const variant = variantFor(c, experimentKey, options.variantWeights ?? EVEN_SPLIT);
  const nudge = await options.nudges.decide(nudgeFacts(c, explanation, variant), {
    experimentKey,
    trigger: options.trigger ?? "on-demand",
  });
  // The built-in Telco words, as every surface has shown them for this insight.
  const parts = insightParts(
    model,
    explanation,
    c as unknown as Record<string, unknown>,
    valueWords(undefined),
  );
  return {
    schemaVersion: INSIGHT_SCHEMA_VERSION,
    customerID: c.customerID,
    dataset: insightDataset(snapshot.dataset),
    generatedAt: options.clock().toISOString(),
    profile: {
      persona: c.persona,
      planTier: c.planTier,
      seniorCitizen: c.SeniorCitizen === 1,
      partner: c.Partner === "Yes",
      dependents: c.Dependents === "Yes",
      subscription: {
        contract: c.Contract,
        tenureMonths: c.tenure,
        monthlyCharges: c.MonthlyCharges,
        totalCharges: c.TotalCharges ?? null,
        paymentMethod: c.PaymentMethod,
        paperlessBilling: c.PaperlessBilling === "Yes",
        phoneService: c.PhoneService,
        multipleLines: c.MultipleLines,
        internetService: c.InternetService,
        addOns: ADD_ONS.filter(([column]) => c[column] === "Yes").map(([, name]) => name),
      },
    },
    engagement: {
      score: c.engagementScore,
      level: c.engagementLevel,
      lifecycleStage: c.lifecycleStage,
      sessionsPerMonth: c.sessionsPerMonth,
      paymentDelayDays: c.paymentDelayDays,
      supportCalls90d: c.supportCalls90d,
    },
    risk: parts.risk,
    explanation: parts.explanation,
    nudge,
    experiment: { key: experimentKey, variant, strategy: nudge.strategy },
    model: parts.model,
    snapshot: { id: manifest.id, createdAt: manifest.createdAt },
  };
}
