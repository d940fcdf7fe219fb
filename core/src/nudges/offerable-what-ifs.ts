import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { WhatIfFact } from "./nudge-facts.ts";
import { MIN_TARGETED_SCORE } from "./rank-actions.ts";

/** A feasible what-if that is not offered, and why. */
export interface WithheldWhatIf {
  whatIf: WhatIfFact;
  why: "simulated" | "too-small";
  /** The reason in words: "the current international plan is simulated". */
  text: string;
}

/**
 * Which of the customer's feasible what-ifs may be offered, best first: those on a column the
 * simulator did not make (an offer that rests on an invented value would state it as fact) that
 * remove at least `MIN_TARGETED_SCORE` log-odds of risk and move the shown percentage (an offer is
 * a customer's and a CSM's time: "35% → 35%" is not worth it). The rest are withheld with a reason.
 *
 * @example
 * offerableWhatIfs(facts).offers[0].action; // "move off the international plan"
 */
export function offerableWhatIfs(facts: ContractNudgeFacts): {
  offers: WhatIfFact[];
  withheld: WithheldWhatIf[];
} {
  const simulated = new Set(facts.simulated);
  const offers: WhatIfFact[] = [];
  const withheld: WithheldWhatIf[] = [];
  for (const w of facts.whatIf) {
    if (simulated.has(w.column)) {
      withheld.push({ whatIf: w, why: "simulated", text: `the customer's current ${w.column} is simulated` });
    } else if (w.logOddsReduction < MIN_TARGETED_SCORE || w.afterPercent >= w.beforePercent) {
      withheld.push({
        whatIf: w,
        why: "too-small",
        text: `lowers risk by only ${w.logOddsReduction.toFixed(2)} log-odds, ${w.beforePercent}% → ${w.afterPercent}%`,
      });
    } else {
      offers.push(w);
    }
  }
  return { offers, withheld };
}
