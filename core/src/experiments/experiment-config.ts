/**
 * Experiments are configured in a file (`data/experiments.json`): a key, the two arms with their
 * weights, a start date, the primary metric (churn) and the secondary ones (engagement).
 * Arm A is always the control and B the treatment.
 *
 * How the file and a dataset contract fit together (see `declaredExperiment`): the contract's
 * `experiment {column, key, arms, control}` is what makes an experiment exist for a data set —
 * which column holds the arm, which arm is the control. The file only adds to the experiment of
 * the same key: start date, arm names, planned weights, metrics, the stated effect, alpha and
 * power. An entry whose key no contract declares is never analysed on that data set. The demo's
 * `simulated` preset declares `nudge-strategy-2026` on `variant` (A/B, a stable hash of the ID
 * and the key, `assignVariant`), so its entry here applies unchanged.
 */
import { z } from "zod";
import type { EnrichOptions } from "../data/enrichment.ts";
import { DEFAULT_EXPERIMENT_KEY, type VariantWeights } from "../data/variant.ts";

const arm = z
  .object({
    /** Display name of the arm ("control", "weekly nudge"). */
    name: z.string().trim().min(1).max(60),
    /** Relative weight of the arm in assignment. */
    weight: z.number().positive().finite(),
    description: z.string().max(500).optional(),
  })
  .strict();

export const SECONDARY_METRICS = ["engagement"] as const;

/** The engagement metric's column unless an experiment names another (the demo's score). */
export const DEFAULT_ENGAGEMENT_COLUMN = "engagementScore";

export const experimentSchema = z
  .object({
    key: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "only letters, digits, '.', '_' and '-' are allowed" }),
    description: z.string().max(500).optional(),
    /** ISO date the experiment started (YYYY-MM-DD); unknown for a contract-only experiment. */
    startDate: z.iso.date().optional(),
    variants: z.object({ A: arm, B: arm }).strict(),
    primaryMetric: z.literal("churn").default("churn"),
    secondaryMetrics: z.array(z.enum(SECONDARY_METRICS)).default(["engagement"]),
    /**
     * The column the engagement metric reads (default `DEFAULT_ENGAGEMENT_COLUMN`, the demo's
     * score); engagement is analysed only where the table has it.
     */
    engagementColumn: z.string().min(1).optional(),
    /** Smallest fall in churn worth detecting, absolute (0.02 = 2 points): sizes the power analysis. */
    minimumEffect: z.number().gt(0).lt(1).default(0.02),
    /** Two-sided significance level; intervals are at 1 − alpha. */
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** Power the experiment is planned for. */
    power: z.number().gt(0.5).lt(1).default(0.8),
  })
  .strict();

export const experimentConfigSchema = z
  .object({ experiments: z.array(experimentSchema).min(1) })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.experiments.forEach((e, i) => {
      if (seen.has(e.key))
        ctx.addIssue({
          code: "custom",
          path: ["experiments", i, "key"],
          message: `duplicate key "${e.key}"`,
        });
      seen.add(e.key);
    });
  });

/** One declared experiment, defaults filled in. */
export type Experiment = z.output<typeof experimentSchema>;
export type ExperimentConfig = z.output<typeof experimentConfigSchema>;

/** What `data/experiments.json` holds when the file is absent: the nudge-strategy test, 50/50. */
export const DEFAULT_EXPERIMENT_CONFIG: ExperimentConfig = experimentConfigSchema.parse({
  experiments: [
    {
      key: DEFAULT_EXPERIMENT_KEY,
      description: "Does the retention nudge (B) lower churn against business as usual (A)?",
      startDate: "2026-01-05",
      variants: { A: { name: "control", weight: 0.5 }, B: { name: "treatment", weight: 0.5 } },
      primaryMetric: "churn",
      secondaryMetrics: ["engagement"],
    },
  ],
});

/**
 * Validates a parsed experiments file; the error names the first bad field and where it is.
 *
 * @example
 * parseExperimentConfig(JSON.parse(text), "data/experiments.json").experiments[0].key; // "nudge-strategy-2026"
 */
export function parseExperimentConfig(value: unknown, source = "experiments config"): ExperimentConfig {
  const parsed = experimentConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  throw new Error(
    `invalid ${source}: ${where.replace(/^\./, "") || "(top level)"}: ${issue.message.toLowerCase()}`,
  );
}

/**
 * The experiment with this key (default: the nudge-strategy experiment if declared, else the first).
 *
 * @example
 * findExperiment(DEFAULT_EXPERIMENT_CONFIG).variants.B.weight; // 0.5
 */
export function findExperiment(config: ExperimentConfig, key?: string): Experiment {
  if (key === undefined) {
    return config.experiments.find((e) => e.key === DEFAULT_EXPERIMENT_KEY) ?? config.experiments[0];
  }
  const found = config.experiments.find((e) => e.key === key);
  if (!found) {
    const known = config.experiments.map((e) => JSON.stringify(e.key)).join(", ");
    throw new RangeError(`unknown experiment: ${JSON.stringify(key)} (declared: ${known})`);
  }
  return found;
}

/** The assignment weights of an experiment's two arms, as `assignVariant` takes them. */
export function experimentWeights(experiment: Experiment): VariantWeights {
  return { A: experiment.variants.A.weight, B: experiment.variants.B.weight };
}

/**
 * Enrichment options that assign `variant` under this experiment's key and weights.
 *
 * @example
 * enrichCustomer(record, enrichOptionsFor(findExperiment(config))).variant; // "A" or "B"
 */
export function enrichOptionsFor(experiment: Experiment): Required<EnrichOptions> {
  return { experimentKey: experiment.key, weights: experimentWeights(experiment) };
}
