import type { NudgeAction, NudgeCondition } from "./nudge-action.ts";
import type { DriverFact, NudgeFacts, WhatIfFact } from "./nudge-facts.ts";
import type { NudgeStrategy } from "./nudge-strategy.ts";

/** Below this much addressed risk (log-odds), a driver-targeted strategy has nothing to aim at. */
export const MIN_TARGETED_SCORE = 0.05;

/** An eligible action with what earned it its place. */
export interface RankedAction {
  action: NudgeAction;
  /** The conditions it met (all of its conditions). */
  conditions: readonly NudgeCondition[];
  /** Risk-raising top drivers it addresses, largest first. */
  addressed: DriverFact[];
  /** The best what-if it enacts, if any. */
  whatIf: WhatIfFact | undefined;
  /** Σ addressed driver values + the what-if's log-odds reduction. */
  score: number;
  /** Position of its category in the strategy's preference list. */
  categoryRank: number;
}

/**
 * The catalogue actions this customer may get under `strategy`, best first. Deterministic: a
 * driver-targeted strategy ranks by the risk each action addresses (ties by category preference);
 * a generic strategy, or a targeted one with nothing to aim at (`targeted: false`), by category
 * preference, then addressed risk. Remaining ties go to the more specific action (more eligibility
 * conditions, so a catch-all comes last), then the ID.
 */
export function rankActions(
  facts: NudgeFacts,
  strategy: NudgeStrategy,
  catalogue: readonly NudgeAction[],
): { ranked: RankedAction[]; targeted: boolean } {
  const ranked: RankedAction[] = [];
  for (const action of catalogue) {
    const categoryRank = strategy.categories.indexOf(action.category);
    if (categoryRank < 0 || !action.conditions.every((c) => c.test(facts))) continue;
    const addressed = facts.drivers.filter((d) => d.value > 0 && action.drivers.includes(d.source));
    const whatIf = facts.whatIf
      .filter((w) => action.whatIfColumns.includes(w.column))
      .sort((a, b) => b.logOddsReduction - a.logOddsReduction)[0];
    const score = addressed.reduce((s, d) => s + d.value, 0) + (whatIf?.logOddsReduction ?? 0);
    ranked.push({
      action,
      conditions: action.conditions,
      addressed,
      whatIf,
      score: Math.round(score * 100) / 100,
      categoryRank,
    });
  }
  const tieBreak = (a: RankedAction, b: RankedAction) =>
    b.conditions.length - a.conditions.length ||
    (a.action.id < b.action.id ? -1 : a.action.id > b.action.id ? 1 : 0);
  const targeted = strategy.driverTargeted && ranked.some((r) => r.score >= MIN_TARGETED_SCORE);
  ranked.sort(
    targeted
      ? (a, b) => b.score - a.score || a.categoryRank - b.categoryRank || tieBreak(a, b)
      : (a, b) => a.categoryRank - b.categoryRank || b.score - a.score || tieBreak(a, b),
  );
  return { ranked, targeted };
}
