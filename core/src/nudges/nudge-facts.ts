import type { Contract, Customer, Persona, PlanTier, Variant } from "../data/schema.ts";
import type { EngagementLevel } from "../data/engagement-level.ts";
import type { LifecycleStage } from "../data/lifecycle-stage.ts";
import { describeValue } from "../explain/describe-value.ts";
import type { WhatIf } from "../explain/what-if.ts";
import type { Driver, RiskBand } from "../snapshot/scored-batch.ts";

/** One driver as a nudge sees it: the column, the customer's value in words, its log-odds effect. */
export interface DriverFact {
  source: string;
  /** "a month-to-month contract", "4 support calls in 90 days". */
  words: string;
  /** SHAP value in log-odds, rounded to 2 decimals (positive raises risk). */
  value: number;
}

/** One feasible what-if action with its effect in whole percent. */
export interface WhatIfFact {
  column: string;
  to: string;
  action: string;
  beforePercent: number;
  afterPercent: number;
  /** logit(before) − logit(after): the risk removed, in log-odds (comparable with drivers). */
  logOddsReduction: number;
}

/**
 * Everything the nudge engines may know about a customer: no ID, no names, no free text — only
 * validated categories, small whole numbers and the explanation. Built by `nudgeFacts`.
 */
export interface NudgeFacts {
  persona: Persona;
  planTier: PlanTier;
  band: RiskBand;
  /** Calibrated churn probability in whole percent. */
  riskPercent: number;
  contract: Contract;
  tenureMonths: number;
  paymentMethod: Customer["PaymentMethod"];
  paperlessBilling: Customer["PaperlessBilling"];
  paymentDelayDays: number;
  supportCalls90d: number;
  sessionsPerMonth: number;
  engagementLevel: EngagementLevel;
  engagementScore: number;
  lifecycleStage: LifecycleStage;
  internetService: Customer["InternetService"];
  techSupport: Customer["TechSupport"];
  onlineSecurity: Customer["OnlineSecurity"];
  onlineBackup: Customer["OnlineBackup"];
  deviceProtection: Customer["DeviceProtection"];
  variant: Variant;
  /** Top drivers, largest |value| first. */
  drivers: DriverFact[];
  /** Feasible actions that lower risk, largest reduction first. */
  whatIf: WhatIfFact[];
}

/** The parts of an explanation nudges use (an `Explanation` or a snapshot row). */
export interface ExplainedRisk {
  probability: number;
  band: RiskBand;
  drivers: readonly Driver[];
  whatIf: readonly WhatIf[];
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
};
const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The facts of one customer for the nudge engines, copied field by field from the validated
 * customer (an allow-list: nothing else, in particular not the ID, reaches a nudge or a prompt).
 *
 * @example
 * const facts = nudgeFacts(customer, await explainCustomer(model, customer), customer.variant);
 * facts.drivers[0].words; // "a month-to-month contract"
 */
export function nudgeFacts(customer: Customer, risk: ExplainedRisk, variant: Variant): NudgeFacts {
  return {
    persona: customer.persona,
    planTier: customer.planTier,
    band: risk.band,
    riskPercent: Math.round(risk.probability * 100),
    contract: customer.Contract,
    tenureMonths: customer.tenure,
    paymentMethod: customer.PaymentMethod,
    paperlessBilling: customer.PaperlessBilling,
    paymentDelayDays: customer.paymentDelayDays,
    supportCalls90d: customer.supportCalls90d,
    sessionsPerMonth: customer.sessionsPerMonth,
    engagementLevel: customer.engagementLevel,
    engagementScore: Math.round(customer.engagementScore),
    lifecycleStage: customer.lifecycleStage,
    internetService: customer.InternetService,
    techSupport: customer.TechSupport,
    onlineSecurity: customer.OnlineSecurity,
    onlineBackup: customer.OnlineBackup,
    deviceProtection: customer.DeviceProtection,
    variant,
    drivers: risk.drivers.map((d) => ({
      source: d.source,
      words: d.source in customer ? describeValue(d.source, customer[d.source as keyof Customer]) : d.source,
      value: round2(d.value),
    })),
    whatIf: risk.whatIf.map((w) => ({
      column: w.column,
      to: w.to,
      action: w.action,
      beforePercent: Math.round(w.before * 100),
      afterPercent: Math.round(w.after * 100),
      logOddsReduction: round2(logit(w.before) - logit(w.after)),
    })),
  };
}
