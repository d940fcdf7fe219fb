import { NUDGE_CATEGORIES } from "./nudge.ts";
import type { NudgeAction } from "./nudge-action.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import { MIN_TARGETED_SCORE, rankActions, type RankedAction } from "./rank-actions.ts";
import type { NudgePlan } from "./rule-nudge-engine.ts";

/** Whether an action addresses the customer's risk: top drivers that raise it, or a what-if that lowers it. */
const addressesDriver = (r: RankedAction) => r.score >= MIN_TARGETED_SCORE;

/**
 * A High-risk customer gets only actions that address their top risk drivers, whatever the
 * strategy: its own addressing actions in its own order when it has some; otherwise the catalogue's
 * addressing actions of any category (the strategy's categories first, then by risk addressed). So
 * a customer at 97% whose drivers are support calls and late payments never gets an onboarding
 * checklist, unless tenure or low usage — what the checklist addresses — are among the drivers.
 * Other bands, and High-risk customers whose drivers no action addresses, keep the plan as it is.
 */
export function highRiskPlan(
  facts: NudgeFacts,
  plan: NudgePlan,
  catalogue: readonly NudgeAction[],
): NudgePlan {
  if (facts.band !== "High") return plan;
  const own = plan.ranked.filter(addressesDriver);
  if (own.length > 0)
    return own.length === plan.ranked.length ? plan : { ...plan, ranked: own, highRisk: "strategy" };
  const preferred = plan.strategy.strategy.categories;
  const categories = [...preferred, ...NUDGE_CATEGORIES.filter((c) => !preferred.includes(c))];
  const widened = rankActions(
    facts,
    { ...plan.strategy.strategy, categories, driverTargeted: true },
    catalogue,
  ).ranked.filter(addressesDriver);
  if (widened.length === 0) return plan;
  return { ...plan, ranked: widened, targeted: true, highRisk: "widened" };
}
