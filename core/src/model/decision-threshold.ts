/**
 * What a retention offer costs and what it can win. Defaults: an offer (discount, call) costs 20,
 * a kept customer is worth 500 (about a year and a half of Telco's median monthly charge of ~70,
 * before costs), and an offer keeps 30% of the customers who would otherwise have left — an
 * assumption to replace with the team's own measured save rate (the A/B experiments measure it).
 */
export interface RetentionCosts {
  offerCost: number;
  customerValue: number;
  /** Fraction of would-be churners an offer keeps. */
  saveRate: number;
}

export const DEFAULT_RETENTION_COSTS: Readonly<RetentionCosts> = Object.freeze({
  offerCost: 20,
  customerValue: 500,
  saveRate: 0.3,
});

export interface DecisionThreshold {
  /** Make an offer when calibrated probability ≥ threshold. */
  threshold: number;
  /** Profit of that policy on the held-out rows, per customer (offers to non-churners count as pure cost). */
  profitPerCustomer: number;
  /** Fraction of held-out customers who would get an offer. */
  offerRate: number;
  /** Where an offer pays for itself if the probability is exact: offerCost / (saveRate × customerValue). */
  breakEven: number;
}

/**
 * Picks the offer threshold that maximises the profit realised on held-out customers:
 * offering to customer i earns saveRate × customerValue − offerCost if they churn and
 * −offerCost if not. Candidates are the distinct calibrated probabilities; the threshold is put
 * midway between the last one offered and the next one down, so it does not sit on a held-out
 * value. With perfectly calibrated probabilities the optimum is near `breakEven`
 * (0.133 with the defaults), far below 0.5: a 20 offer is worth making on a 1-in-7 chance of
 * saving a customer worth 500. When no threshold makes a profit, it is 1 (no offers).
 *
 * @example
 * chooseDecisionThreshold(labels, calibrated, { offerCost: 20, customerValue: 500, saveRate: 0.3 });
 * // Telco, default recipe, out-of-fold: { threshold: 0.146, profitPerCustomer: 25.4, offerRate: 0.55, breakEven: 0.133 }
 */
export function chooseDecisionThreshold(
  labels: ArrayLike<number>,
  probs: ArrayLike<number>,
  costs: Partial<RetentionCosts> = {},
): DecisionThreshold {
  const c = { ...DEFAULT_RETENTION_COSTS, ...costs };
  for (const k of ["offerCost", "customerValue", "saveRate"] as const) {
    if (!(Number.isFinite(c[k]) && c[k] >= 0)) throw new Error(`invalid ${k}: ${c[k]}`);
  }
  if (c.saveRate > 1) throw new Error(`invalid saveRate: ${c.saveRate}`);
  const n = labels.length;
  if (probs.length !== n) throw new Error(`probabilities length ${probs.length}, labels length ${n}`);
  const breakEven =
    c.saveRate * c.customerValue > 0 ? c.offerCost / (c.saveRate * c.customerValue) : Infinity;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
  const win = c.saveRate * c.customerValue - c.offerCost;
  let profit = 0;
  let best = 0;
  let bestCount = 0;
  let threshold = 1;
  for (let k = 0; k < n;) {
    const p = probs[order[k]];
    while (k < n && probs[order[k]] === p) {
      profit += labels[order[k]] >= 0.5 ? win : -c.offerCost;
      k++;
    }
    if (profit > best) {
      best = profit;
      bestCount = k;
      threshold = k < n ? (p + probs[order[k]]) / 2 : p;
    }
  }
  return {
    threshold,
    profitPerCustomer: n > 0 ? best / n : 0,
    offerRate: n > 0 ? bestCount / n : 0,
    breakEven: Math.min(breakEven, 1),
  };
}
