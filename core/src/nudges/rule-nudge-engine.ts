import { assembleNudge } from "./assemble-nudge.ts";
import type { NudgeAction } from "./nudge-action.ts";
import { NUDGE_CATALOGUE } from "./nudge-catalogue.ts";
import type { Nudge, NudgeContext, NudgeEngine } from "./nudge.ts";
import type { NudgeFacts } from "./nudge-facts.ts";
import {
  DEFAULT_NUDGE_STRATEGIES,
  strategyFor,
  type NudgeStrategy,
  type NudgeStrategyConfig,
} from "./nudge-strategy.ts";
import { rankActions, type RankedAction } from "./rank-actions.ts";
import { highRiskPlan } from "./high-risk-plan.ts";
import { NoOtherNudgeError } from "./no-other-nudge-error.ts";

export interface RuleEngineOptions {
  strategies?: NudgeStrategyConfig;
  catalogue?: readonly NudgeAction[];
}

/** The customer's strategy and eligible actions, best first (what both engines choose from). */
export interface NudgePlan {
  strategy: { name: string; strategy: NudgeStrategy; configured: boolean };
  ranked: RankedAction[];
  targeted: boolean;
  /**
   * A High-risk customer's plan kept to the actions that address their top risk drivers
   * (`highRiskPlan`): "strategy" within the strategy's categories; "widened" beyond them, because
   * none of the strategy's own actions does; undefined: not needed (not High risk, or no action
   * anywhere addresses a driver).
   */
  highRisk?: "strategy" | "widened";
}

/** Ranks the eligible actions of the customer's strategy; never empty (see `chooseRuleNudge`). */
export function planNudge(
  facts: NudgeFacts,
  context: NudgeContext,
  options: RuleEngineOptions = {},
): NudgePlan {
  const strategy = strategyFor(
    options.strategies ?? DEFAULT_NUDGE_STRATEGIES,
    context.experimentKey,
    facts.variant,
  );
  const catalogue = options.catalogue ?? NUDGE_CATALOGUE;
  let { ranked, targeted } = rankActions(facts, strategy.strategy, catalogue);
  if (ranked.length === 0) {
    // A strategy whose categories exclude every eligible action still answers: with the
    // catalogue's always-eligible actions, whatever their category.
    const always = catalogue.filter((a) => a.conditions.length === 0);
    const categories = [...new Set(always.map((a) => a.category))];
    ({ ranked, targeted } = rankActions(facts, { ...strategy.strategy, categories }, always));
    if (ranked.length === 0)
      throw new Error(`no eligible nudge under strategy ${JSON.stringify(strategy.name)}`);
  }
  const plan = highRiskPlan(facts, { strategy, ranked, targeted }, catalogue);
  return withoutExcluded(plan, context.exclude);
}

/**
 * The rule engine: the best-ranked eligible action of the customer's strategy, with its catalogue
 * message and every reason that chose it. Pure and deterministic. `fallbackReason` is recorded when
 * it answers in place of the LLM.
 *
 * @example
 * const nudge = chooseRuleNudge(facts, { experimentKey: "nudge-strategy-2026", trigger: "on-demand" });
 * nudge.actionId; // "contract-upgrade"
 */
export function chooseRuleNudge(
  facts: NudgeFacts,
  context: NudgeContext,
  options: RuleEngineOptions = {},
  fallbackReason: string | null = null,
): Nudge {
  const plan = planNudge(facts, context, options);
  const chosen = plan.ranked[0];
  return assembleNudge(facts, context, {
    ...plan,
    chosen,
    engine: { name: "rules" },
    message: chosen.action.message(facts),
    fallbackReason,
  });
}

/** The rule engine behind the `NudgeEngine` interface. */
export function createRuleNudgeEngine(options: RuleEngineOptions = {}): NudgeEngine {
  return { name: "rules", decide: async (facts, context) => chooseRuleNudge(facts, context, options) };
}

/** The plan without the actions already shown (Regenerate); throws `NoOtherNudgeError` when none is left. */
function withoutExcluded(plan: NudgePlan, exclude: readonly string[] | undefined): NudgePlan {
  if (!exclude?.length) return plan;
  const ranked = plan.ranked.filter((r) => !exclude.includes(r.action.id));
  if (ranked.length === 0) throw new NoOtherNudgeError(plan.ranked.map((r) => r.action.id));
  return { ...plan, ranked };
}
