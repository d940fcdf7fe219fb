import { z } from "zod";
import { DEFAULT_EXPERIMENT_KEY } from "../data/variant.ts";
import type { Variant } from "../data/schema.ts";
import { NUDGE_CATEGORIES, type NudgeCategory } from "./nudge.ts";

/** How one experiment arm picks nudges. */
export interface NudgeStrategy {
  description: string;
  /** Categories this strategy may use, preferred first. */
  categories: NudgeCategory[];
  /**
   * true: rank eligible actions by the risk they address (the customer's top drivers that raise risk,
   * plus the log-odds a matching what-if removes); false: by category preference.
   */
  driverTargeted: boolean;
}

/** Which strategy each arm of each experiment uses; experiments not listed use `default`. */
export interface NudgeStrategyConfig {
  strategies: Record<string, NudgeStrategy>;
  default: Record<Variant, string>;
  experiments: Record<string, Record<Variant, string>>;
}

/** A: generic engagement nudges (the baseline); B: retention offers aimed at the customer's drivers. */
export const DEFAULT_NUDGE_STRATEGIES: NudgeStrategyConfig = {
  strategies: {
    engagement: {
      description: "baseline: generic engagement nudges (onboarding, habits, feature discovery)",
      categories: ["onboarding", "habit-formation", "feature-discovery"],
      driverTargeted: false,
    },
    retention: {
      description: "retention offers aimed at the customer's own risk drivers",
      categories: [
        "billing",
        "support",
        "contract",
        "add-on",
        "win-back",
        "onboarding",
        "habit-formation",
        "feature-discovery",
      ],
      driverTargeted: true,
    },
  },
  default: { A: "engagement", B: "retention" },
  experiments: { [DEFAULT_EXPERIMENT_KEY]: { A: "engagement", B: "retention" } },
};

const name = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "lowercase letters, digits and '-'");
const arms = z.strictObject({ A: name, B: name });
const strategySchema = z.strictObject({
  description: z.string().max(200).default(""),
  categories: z
    .array(z.enum(NUDGE_CATEGORIES))
    .min(1)
    .refine((c) => new Set(c).size === c.length, "a category is listed twice"),
  driverTargeted: z.boolean().default(false),
});

/** The schema of a strategy config file; every part is optional and defaults to `DEFAULT_NUDGE_STRATEGIES`. */
export const nudgeStrategyConfigSchema = z
  .strictObject({
    strategies: z.record(name, strategySchema).default(DEFAULT_NUDGE_STRATEGIES.strategies),
    default: arms.default(DEFAULT_NUDGE_STRATEGIES.default),
    experiments: z.record(z.string().min(1).max(100), arms).default(DEFAULT_NUDGE_STRATEGIES.experiments),
  })
  .superRefine((c, ctx) => {
    const known = (s: string) => Object.hasOwn(c.strategies, s);
    for (const v of ["A", "B"] as const) {
      if (!known(c.default[v]))
        ctx.addIssue({
          code: "custom",
          path: ["default", v],
          message: `unknown strategy ${JSON.stringify(c.default[v])}`,
        });
    }
    for (const [key, a] of Object.entries(c.experiments)) {
      for (const v of ["A", "B"] as const) {
        if (!known(a[v]))
          ctx.addIssue({
            code: "custom",
            path: ["experiments", key, v],
            message: `unknown strategy ${JSON.stringify(a[v])}`,
          });
      }
    }
  });

/**
 * Validates a strategy config (parsed JSON), filling defaults. The error names the source and the
 * first bad field.
 *
 * @example
 * parseNudgeStrategies(JSON.parse(text), "nudges.json").experiments["spring-offer"].B; // "retention"
 */
export function parseNudgeStrategies(json: unknown, where = "nudge strategy config"): NudgeStrategyConfig {
  const result = nudgeStrategyConfigSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid ${where}: ${issue.path.join(".") || "root"}: ${issue.message}`);
  }
  return result.data;
}

/**
 * The strategy of one arm of an experiment.
 *
 * @example
 * strategyFor(DEFAULT_NUDGE_STRATEGIES, "nudge-strategy-2026", "B").name; // "retention"
 */
export function strategyFor(
  config: NudgeStrategyConfig,
  experimentKey: string,
  variant: Variant,
): { name: string; strategy: NudgeStrategy; configured: boolean } {
  const arms = Object.hasOwn(config.experiments, experimentKey)
    ? config.experiments[experimentKey]
    : undefined;
  const name = (arms ?? config.default)[variant];
  const strategy = config.strategies[name];
  if (!strategy) throw new Error(`unknown nudge strategy: ${JSON.stringify(name)}`);
  return { name, strategy, configured: arms !== undefined };
}
