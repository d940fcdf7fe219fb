/**
 * Enrichment: the simulated app behaviour of a customer (persona, plan, usage, payment delay,
 * support calls, engagement, lifecycle, A/B variant), derived ONLY from the customer's ID and their
 * non-label Telco columns. Churn and `true_churn_probability` are never read, so the same customer
 * gets the same values in any file, in any row order, with or without a Churn column.
 *
 * Randomness comes from a generator seeded by a stable hash of the customerID; the Telco columns
 * shape the distributions so behaviour is correlated with the account the way it would be in life.
 */
import type { Enrichment, Persona, TelcoRecord } from "./schema.ts";
import { PERSONAS } from "./schema.ts";
import type { RandomSource } from "./seeded-random.ts";
import { seededRandom } from "./seeded-random.ts";
import { drawBernoulli, drawExponential, drawIndex, drawNormal, drawPoisson } from "./random-draws.ts";
import { stableHash32 } from "./stable-hash.ts";
import { planTier } from "./plan-tier.ts";
import { engagementScore } from "./engagement-score.ts";
import { engagementLevel } from "./engagement-level.ts";
import { lifecycleStage } from "./lifecycle-stage.ts";
import type { VariantWeights } from "./variant.ts";
import { DEFAULT_EXPERIMENT_KEY, EVEN_SPLIT, assignVariant } from "./variant.ts";

/** The columns enrichment may read: every Telco column except the label. */
export type EnrichmentSource = Omit<TelcoRecord, "Churn">;

export interface EnrichOptions {
  /** The experiment whose arm goes in `variant` (default "nudge-strategy-2026"). */
  experimentKey?: string;
  /** Relative weights of arms A and B (default an even split). */
  weights?: VariantWeights;
}

/** Salt of the per-customer generator, so enrichment draws are unrelated to other uses of the ID hash. */
const ENRICHMENT_SALT = 0xe17c4;

/** Caps that keep the long tails of the draws plausible (well inside the schema's LIMITS). */
const MAX_SESSIONS = 400;
const MAX_DELAY_DAYS = 90;
const MAX_SUPPORT_CALLS = 40;

/**
 * The simulated behaviour of one customer: deterministic in the customerID and the non-label
 * columns. Calling it again, on a reordered file, or on a file without Churn gives the same values.
 *
 * @example
 * const e = enrichCustomer(record);
 * e.persona; // e.g. "Analyst"
 * e.variant === enrichCustomer({ ...record, Churn: "Yes" }).variant; // true: Churn is never read
 */
export function enrichCustomer(record: EnrichmentSource, options: EnrichOptions = {}): Enrichment {
  const random = seededRandom(stableHash32(record.customerID, ENRICHMENT_SALT));
  // Draw order is fixed (persona, sessions, delay, calls): changing it changes every customer's values.
  const persona = drawPersona(random, record);
  const sessionsPerMonth = drawSessionsPerMonth(random, record, persona);
  const paymentDelayDays = drawPaymentDelayDays(random, record);
  const supportCalls90d = drawSupportCalls90d(random, record);
  const behaviour = { sessionsPerMonth, paymentDelayDays, supportCalls90d };
  const score = engagementScore(record, behaviour);
  return {
    persona,
    planTier: planTier(record),
    sessionsPerMonth,
    paymentDelayDays,
    supportCalls90d,
    engagementScore: score,
    engagementLevel: engagementLevel(score),
    lifecycleStage: lifecycleStage(record.tenure, sessionsPerMonth),
    variant: assignVariant(
      record.customerID,
      options.experimentKey ?? DEFAULT_EXPERIMENT_KEY,
      options.weights ?? EVEN_SPLIT,
    ),
  };
}

/**
 * Persona weights start even-ish and tilt with the account: students are young, single, on
 * month-to-month plans; marketers stream and go paperless; analysts sign long contracts on fast
 * lines with tech support; writers skew senior and DSL.
 */
function drawPersona(random: RandomSource, r: EnrichmentSource): Persona {
  const senior = r.SeniorCitizen === 1;
  const student =
    0.22 *
    (senior ? 0.1 : 1) *
    (r.Dependents === "Yes" ? 0.4 : 1) *
    (r.Partner === "No" ? 1.5 : 1) *
    (r.Contract === "Month-to-month" ? 1.5 : 1);
  const marketer =
    0.28 *
    (r.StreamingTV === "Yes" || r.StreamingMovies === "Yes" ? 1.4 : 1) *
    (r.PaperlessBilling === "Yes" ? 1.3 : 1);
  const analyst =
    0.28 *
    (r.Contract === "Two year" ? 1.5 : 1) *
    (r.InternetService === "Fiber optic" ? 1.2 : 1) *
    (r.TechSupport === "Yes" ? 1.3 : 1);
  const writer = 0.22 * (senior ? 2.5 : 1) * (r.InternetService === "DSL" ? 1.3 : 1);
  return PERSONAS[drawIndex(random, [student, marketer, analyst, writer])];
}

const PERSONA_SESSIONS: Readonly<Record<Persona, number>> = { Student: 18, Marketer: 32, Analyst: 40, Writer: 24 };

/**
 * Sessions a month: a persona baseline, scaled up with tenure (habits form), contract length and a
 * fast line, with lognormal noise; a minority is dormant (0–3 sessions), more often on
 * month-to-month plans, in the first year and among seniors.
 */
function drawSessionsPerMonth(random: RandomSource, r: EnrichmentSource, persona: Persona): number {
  const pDormant =
    0.05 +
    (r.Contract === "Month-to-month" ? 0.1 : 0) +
    (r.tenure < 12 ? 0.05 : 0) +
    (r.SeniorCitizen === 1 ? 0.04 : 0);
  const dormant = drawBernoulli(random, pDormant);
  const dormantSessions = Math.floor(random() * 4);
  const noise = Math.exp(0.4 * drawNormal(random) - 0.08); // mean ≈ 1
  if (dormant) return dormantSessions;
  const streaming = (r.StreamingTV === "Yes" ? 1 : 0) + (r.StreamingMovies === "Yes" ? 1 : 0);
  const mean =
    PERSONA_SESSIONS[persona] *
    (0.55 + (0.45 * Math.min(r.tenure, 48)) / 48) *
    (r.Contract === "Month-to-month" ? 0.85 : r.Contract === "One year" ? 1 : 1.1) *
    (r.InternetService === "Fiber optic" ? 1.1 : r.InternetService === "DSL" ? 1 : 0.7) *
    (1 + 0.1 * streaming);
  return Math.min(MAX_SESSIONS, Math.round(mean * noise));
}

/**
 * Days the last bill was paid late: automatic payments are mostly on time, electronic checks least;
 * month-to-month customers and seniors are late more often and for longer.
 */
function drawPaymentDelayDays(random: RandomSource, r: EnrichmentSource): number {
  const method = r.PaymentMethod;
  const automatic = method === "Bank transfer (automatic)" || method === "Credit card (automatic)";
  const monthly = r.Contract === "Month-to-month";
  const pOnTime =
    (automatic ? 0.82 : method === "Mailed check" ? 0.55 : 0.4) -
    (monthly ? 0.12 : 0) -
    (r.SeniorCitizen === 1 ? 0.05 : 0);
  const onTime = drawBernoulli(random, pOnTime);
  const meanLate = (automatic ? 3 : method === "Mailed check" ? 6 : 8) * (monthly ? 1.4 : 1);
  const late = 1 + Math.floor(drawExponential(random, meanLate));
  return onTime ? 0 : Math.min(MAX_DELAY_DAYS, late);
}

/**
 * Support calls in the last 90 days: a negative binomial (Poisson with a gamma-distributed rate)
 * whose mean rises with fiber, missing tech support or security on an internet line (most of all
 * fiber without tech support), a second line, seniority and the first months of service.
 */
function drawSupportCalls90d(random: RandomSource, r: EnrichmentSource): number {
  const internet = r.InternetService !== "No";
  const fiber = r.InternetService === "Fiber optic";
  const noTechSupport = internet && r.TechSupport === "No";
  const lambda =
    0.5 +
    (fiber ? 0.8 : 0) +
    (noTechSupport ? 0.6 : 0) +
    (fiber && noTechSupport ? 0.5 : 0) +
    (internet && r.OnlineSecurity === "No" ? 0.2 : 0) +
    (r.MultipleLines === "Yes" ? 0.2 : 0) +
    (r.SeniorCitizen === 1 ? 0.3 : 0) +
    (r.tenure <= 6 ? 0.4 : 0);
  // Gamma(shape 2, scale 1/2): mean 1, so the call rate varies between customers (overdispersion).
  const frailty = (drawExponential(random, 1) + drawExponential(random, 1)) / 2;
  return Math.min(MAX_SUPPORT_CALLS, drawPoisson(random, lambda * frailty));
}
