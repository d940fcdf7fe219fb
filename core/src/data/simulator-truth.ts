/**
 * The simulator's ground truth: the exact churn probability of every simulated customer. A model
 * trained on simulated data can be compared with the Bayes-optimal scores (`trueChurnProbability`),
 * and an A/B analysis with the true effect of variant B (`VARIANT_B_EFFECT`, `trueVariantEffect`).
 * Simulation truth only — never a feature, and meaningless for real customers.
 */
import type { Customer, Enrichment, Variant } from "./schema.ts";
import type { EnrichmentSource } from "./enrichment.ts";

/**
 * The known effect of variant B: among month-to-month customers it multiplies the odds of churn by
 * `oddsRatio` (0.75: a 25% cut in the odds; on the logit scale, + ln 0.75 ≈ −0.288). Customers on
 * one- or two-year contracts are unaffected. Variant A is the control.
 */
export const VARIANT_B_EFFECT = { contract: "Month-to-month", oddsRatio: 0.75 } as const;

/**
 * Coefficients of the true churn logit. Behavioural terms are chosen, not fitted, so behaviour
 * carries signal a Telco-only model cannot see. Telco terms started from a logistic regression on
 * the IBM Telco data (with the behavioural terms as a fixed offset); then the intercept and the
 * contract, internet, electronic-check, senior and dependents terms were adjusted (Gauss–Newton on
 * 60k simulated customers, variant effect included) until the simulated churn rates match the real
 * ones: overall 26.5%; month-to-month 42.7%, one year 11.3%, two year 2.8%; fiber 41.9%, DSL 19.0%,
 * no internet 7.4%; electronic check 45.3%; seniors 41.7%; dependents 15.5% (all within a point or
 * two at 50k rows).
 *
 *   logit = intercept
 *         + oneYear·[One year] + twoYear·[Two year]
 *         + fiber·[Fiber optic] + noInternet·[no internet]
 *         + electronicCheck·[Electronic check] + paperless·[PaperlessBilling]
 *         + senior·[SeniorCitizen] + dependents·[Dependents]
 *         + logTenure·ln(1 + tenure)
 *         + noTechSupport·[internet without TechSupport] + noOnlineSecurity·[internet without OnlineSecurity]
 *         + streaming·(StreamingTV + StreamingMovies)
 *         + supportCall·min(supportCalls90d, 10)
 *         + paymentDelayDay·min(paymentDelayDays, 30)
 *         + lowUsage·max(0, 1 − sessionsPerMonth / 10)
 *         + ln(VARIANT_B_EFFECT.oddsRatio)·[variant B and month-to-month]
 */
export const TRUE_CHURN_COEFFICIENTS = {
  intercept: -0.54,
  oneYear: -0.76,
  twoYear: -1.71,
  fiber: 0.52,
  noInternet: -0.16,
  electronicCheck: 0.34,
  paperless: 0.44,
  senior: 0.16,
  dependents: -0.48,
  logTenure: -0.65,
  noTechSupport: 0.2,
  noOnlineSecurity: 0.33,
  streaming: 0.35,
  supportCall: 0.12,
  paymentDelayDay: 0.04,
  lowUsage: 0.9,
} as const;

/** What the true churn probability reads: every column but the label, and the enrichment. */
export type TruthSource = EnrichmentSource & Enrichment;

/**
 * The true churn logit of a simulated customer (see `TRUE_CHURN_COEFFICIENTS`).
 *
 * @example
 * trueChurnLogit(customer); // e.g. -1.23
 */
export function trueChurnLogit(c: TruthSource): number {
  const k = TRUE_CHURN_COEFFICIENTS;
  const internet = c.InternetService !== "No";
  let logit =
    k.intercept +
    (c.Contract === "One year" ? k.oneYear : c.Contract === "Two year" ? k.twoYear : 0) +
    (c.InternetService === "Fiber optic" ? k.fiber : internet ? 0 : k.noInternet) +
    (c.PaymentMethod === "Electronic check" ? k.electronicCheck : 0) +
    (c.PaperlessBilling === "Yes" ? k.paperless : 0) +
    (c.SeniorCitizen === 1 ? k.senior : 0) +
    (c.Dependents === "Yes" ? k.dependents : 0) +
    k.logTenure * Math.log1p(c.tenure) +
    (internet && c.TechSupport === "No" ? k.noTechSupport : 0) +
    (internet && c.OnlineSecurity === "No" ? k.noOnlineSecurity : 0) +
    k.streaming * ((c.StreamingTV === "Yes" ? 1 : 0) + (c.StreamingMovies === "Yes" ? 1 : 0)) +
    k.supportCall * Math.min(c.supportCalls90d, 10) +
    k.paymentDelayDay * Math.min(c.paymentDelayDays, 30) +
    k.lowUsage * Math.max(0, 1 - c.sessionsPerMonth / 10);
  if (c.variant === "B" && c.Contract === VARIANT_B_EFFECT.contract) logit += Math.log(VARIANT_B_EFFECT.oddsRatio);
  return logit;
}

/**
 * The true probability that a simulated customer churns: the logistic of `trueChurnLogit`.
 *
 * @example
 * trueChurnProbability(customer); // e.g. 0.226
 */
export function trueChurnProbability(c: TruthSource): number {
  return 1 / (1 + Math.exp(-trueChurnLogit(c)));
}

/** The true effect of variant B on a population, with everything else held fixed. */
export interface TrueVariantEffect {
  customers: number;
  /** Mean true churn probability if everyone were in A. */
  churnIfAllA: number;
  /** Mean true churn probability if everyone were in B. */
  churnIfAllB: number;
  /** `churnIfAllB − churnIfAllA` (negative: B reduces churn). */
  difference: number;
}

/**
 * The expected churn difference B − A for a population: each customer's true probability under
 * both arms, averaged. This is the estimand of an A/B test run on that population (average
 * treatment effect on the churn rate), so an interval from the test can be checked against it.
 *
 * @example
 * trueVariantEffect(customers).difference; // ≈ -0.029 on the default simulation
 */
export function trueVariantEffect(customers: Iterable<Customer | TruthSource>): TrueVariantEffect {
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  for (const c of customers) {
    n++;
    sumA += trueChurnProbability(withVariant(c, "A"));
    sumB += trueChurnProbability(withVariant(c, "B"));
  }
  if (n === 0) throw new RangeError("no customers: the variant effect of an empty population is undefined");
  return { customers: n, churnIfAllA: sumA / n, churnIfAllB: sumB / n, difference: (sumB - sumA) / n };
}

function withVariant(c: TruthSource, variant: Variant): TruthSource {
  return c.variant === variant ? c : { ...c, variant };
}
