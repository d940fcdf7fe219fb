/**
 * The dataset contract: what a team's customer table holds, in one file (YAML or JSON) that every
 * layer reads — the id and label columns, revenue, owner, segments, every feature's type, range,
 * label and explanation phrase, the actions a team can take, the columns kept out of the model, an
 * optional real experiment, and the columns the simulator may fill in. `telco` and `simulated` are
 * shipped presets (core/src/data/presets/); `engagetrack data init` drafts one for any file.
 */
import { z } from "zod";

/** A column name as it appears in the file's header. */
const columnName = z
  .string()
  .trim()
  .min(1, { error: "empty column name" })
  .max(128, { error: "column name longer than 128 characters" });

export const FEATURE_TYPES = ["number", "integer", "category", "boolean", "date"] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** How values are shown: plain number, whole number, money (in the revenue currency), a share, a date. */
export const FEATURE_FORMATS = ["number", "integer", "currency", "percent", "date", "text"] as const;
export type FeatureFormat = (typeof FEATURE_FORMATS)[number];

const missingSchema = z
  .object({
    /** Cell texts that mean "missing" (compared after trimming; default: the empty cell). */
    values: z.array(z.string()).default([""]),
    /** `missing`: kept as a missing value (the trees learn a default direction); `reject`: the row is rejected. */
    treat: z.enum(["missing", "reject"]).default("missing"),
    /** Warn (not reject) when the value is missing while this other numeric feature is above 0. */
    warnWhenPositive: columnName.optional(),
  })
  .strict();

const booleanSchema = z
  .object({
    true: z.array(z.string()).min(1),
    false: z.array(z.string()).min(1),
  })
  .strict();

const featureSchema = z
  .object({
    column: columnName,
    type: z.enum(FEATURE_TYPES),
    /** The human label ("Customer service calls"); default: the column name. */
    label: z.string().min(1).optional(),
    /** The unit shown beside the label on charts ("months", "days"). */
    unit: z.string().min(1).optional(),
    format: z.enum(FEATURE_FORMATS).optional(),
    /** Category: the allowed values, in encoding order. */
    values: z.array(z.string()).min(1).optional(),
    /** Category: one 0/1 input per value (default), or the value's position for ordered levels. */
    encoding: z.enum(["onehot", "ordinal"]).optional(),
    /** Number, integer, date (ISO): the allowed range, inclusive. */
    min: z.union([z.number(), z.string()]).optional(),
    max: z.union([z.number(), z.string()]).optional(),
    /** Boolean: the cell texts that mean true and false (default yes/no, true/false, 1/0, y/n, t/f). */
    boolean: booleanSchema.optional(),
    missing: missingSchema.optional(),
    /** Explanation phrase with `{value}` (and `{label}`): "{value} customer service calls". */
    phrase: z.string().min(1).optional(),
    /**
     * A phrase per value, overriding `phrase`: category values ("Yes": "on the international plan"),
     * boolean "true"/"false", or an integer's exact value ("0": "paying on time").
     */
    phrases: z.record(z.string(), z.string().min(1)).optional(),
    /** The phrase for a missing value ("no billing history yet"); default "{label} missing". */
    missingPhrase: z.string().min(1).optional(),
    /** A rule-made column (filled by the simulator): always shown as simulated. */
    simulated: z.boolean().optional(),
  })
  .strict();

const conditionSchema = z
  .object({
    column: columnName,
    in: z.array(z.string()).min(1).optional(),
    notIn: z.array(z.string()).min(1).optional(),
  })
  .strict();

const actionSchema = z
  .object({
    column: columnName,
    /** Category/boolean: the values a team can move a customer to (for a boolean: "true" or "false"). */
    towards: z.array(z.string()).min(1).optional(),
    /** Category: only towards values listed after the current one in `values` (e.g. longer contracts). */
    upward: z.boolean().optional(),
    /** Number/integer: the value the customer is moved to, by steps, within these bounds. */
    min: z.number().optional(),
    max: z.number().optional(),
    /** Number/integer: the change to try ("-2": two fewer calls); the result is clamped to min/max. */
    by: z.number().optional(),
    /** Only offer the action when every condition holds (e.g. add-ons only with internet service). */
    when: z.array(conditionSchema).optional(),
    /** The action in words with `{to}` / `{from}`: "switch to a {to} contract". */
    phrase: z.string().min(1),
    /** Category: a phrase per target value, overriding `phrase`. */
    phrases: z.record(z.string(), z.string().min(1)).optional(),
  })
  .strict();

const contractObject = z
  .object({
    /** Version of this file format. */
    contract: z.literal(1),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { error: "lowercase letters, digits, '-' and '_' (at most 64)" }),
    description: z.string().optional(),
    /** Every row of the table is made by the simulator (the built-in demo). */
    simulated: z.boolean().optional(),
    id: z
      .object({
        column: columnName,
        /** A regular expression every id must match (default: letters, digits, '-', '_', '.', '@', ':'). */
        pattern: z.string().optional(),
      })
      .strict(),
    label: z
      .object({
        column: columnName,
        churned: z.array(z.string()).min(1),
        retained: z.array(z.string()).min(1),
      })
      .strict()
      .optional(),
    revenue: z
      .object({
        column: columnName,
        currency: z.string().regex(/^[A-Z]{3}$/, { error: "an ISO 4217 code such as USD or EUR" }),
        period: z.enum(["month"]).default("month"),
      })
      .strict()
      .optional(),
    owner: z.object({ column: columnName }).strict().optional(),
    segments: z.array(columnName).default([]),
    features: z.array(featureSchema).min(1, { error: "a contract needs at least one feature" }),
    actions: z.array(actionSchema).default([]),
    exclude: z.array(z.object({ column: columnName, reason: z.string().min(1) }).strict()).default([]),
    experiment: z
      .object({
        column: columnName,
        key: z.string().min(1).optional(),
        arms: z.array(z.string()).min(2),
        control: z.string(),
      })
      .strict()
      .optional(),
    /** Columns the simulator fills in when the file lacks them (marked simulated everywhere). */
    simulate: z.object({ columns: z.array(columnName).min(1) }).strict().optional(),
  })
  .strict();

export type DatasetContract = z.output<typeof contractObject>;
export type DatasetContractInput = z.input<typeof contractObject>;
export type ContractFeature = DatasetContract["features"][number];
export type ContractAction = DatasetContract["actions"][number];
export type ContractCondition = NonNullable<ContractAction["when"]>[number];

/** The contract schema with the checks that span keys (every column named is declared, once). */
export const datasetContractSchema = contractObject.superRefine((c, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const features = new Map<string, ContractFeature>();
  c.features.forEach((f, i) => {
    if (features.has(f.column)) issue(["features", i, "column"], `${JSON.stringify(f.column)} is declared twice`);
    features.set(f.column, f);
    if (f.type === "category" && !f.values)
      issue(["features", i, "values"], `category ${JSON.stringify(f.column)} needs its allowed values`);
    if (f.type !== "category" && (f.values || f.encoding))
      issue(["features", i], `values and encoding are for category features, not ${f.type}`);
    if (f.type !== "boolean" && f.boolean) issue(["features", i, "boolean"], "only for boolean features");
    if (f.values && new Set(f.values).size !== f.values.length)
      issue(["features", i, "values"], "a value is listed twice");
    if (f.phrases && f.type !== "category" && f.type !== "boolean" && f.type !== "integer")
      issue(["features", i, "phrases"], "phrases per value are for category, boolean and integer features");
    if (f.phrases && f.type === "category")
      for (const v of Object.keys(f.phrases))
        if (!f.values?.includes(v))
          issue(["features", i, "phrases", v], `${JSON.stringify(v)} is not one of the feature's values`);
    if (typeof f.min === "number" && typeof f.max === "number" && f.min > f.max)
      issue(["features", i, "min"], `min ${f.min} is above max ${f.max}`);
    if (f.missing?.warnWhenPositive && !features.has(f.missing.warnWhenPositive) && !c.features.some((g) => g.column === f.missing!.warnWhenPositive))
      issue(["features", i, "missing", "warnWhenPositive"], `${JSON.stringify(f.missing.warnWhenPositive)} is not a feature`);
  });
  const roles: Array<[string, string | undefined]> = [
    ["id", c.id.column],
    ["label", c.label?.column],
    ["owner", c.owner?.column],
    ["experiment", c.experiment?.column],
  ];
  for (const [role, column] of roles)
    if (column !== undefined && features.has(column))
      issue([role, "column"], `${JSON.stringify(column)} is the ${role} column: it cannot also be a feature`);
  if (c.label) {
    const both = c.label.churned.filter((v) => c.label!.retained.includes(v));
    if (both.length > 0) issue(["label"], `${JSON.stringify(both[0])} is listed as both churned and retained`);
  }
  if (c.revenue && !features.has(c.revenue.column)) {
    // A revenue column that is not a feature is fine: it is read and shown, not learned from.
  }
  c.segments.forEach((s, i) => {
    const f = features.get(s);
    if (!f && s !== c.owner?.column) issue(["segments", i], `${JSON.stringify(s)} is not a feature`);
  });
  c.exclude.forEach((e, i) => {
    if (features.has(e.column)) issue(["exclude", i, "column"], `${JSON.stringify(e.column)} is also a feature`);
  });
  c.actions.forEach((a, i) => {
    const f = features.get(a.column);
    if (!f) return issue(["actions", i, "column"], `${JSON.stringify(a.column)} is not a feature`);
    if (f.type === "date") issue(["actions", i, "column"], "a date cannot be an action");
    if (f.type === "category" || f.type === "boolean") {
      if (!a.towards && !a.upward) issue(["actions", i], "give towards (the values to move to) or upward: true");
      const allowed = f.type === "boolean" ? ["true", "false"] : (f.values ?? []);
      a.towards?.forEach((t, k) => {
        if (!allowed.includes(t))
          issue(["actions", i, "towards", k], `${JSON.stringify(t)} is not a value of ${JSON.stringify(a.column)}`);
      });
    } else if (a.by === undefined) {
      issue(["actions", i, "by"], `a numeric action needs by (the change to try)`);
    }
    a.when?.forEach((w, k) => {
      if (!features.has(w.column)) issue(["actions", i, "when", k, "column"], `${JSON.stringify(w.column)} is not a feature`);
      if (!w.in && !w.notIn) issue(["actions", i, "when", k], "give in or notIn");
    });
  });
  if (c.experiment && !c.experiment.arms.includes(c.experiment.control))
    issue(["experiment", "control"], `${JSON.stringify(c.experiment.control)} is not one of the arms`);
  c.simulate?.columns.forEach((s, i) => {
    const f = features.get(s);
    if (!f && s !== c.experiment?.column) issue(["simulate", "columns", i], `${JSON.stringify(s)} is not a feature`);
  });
});

/** The columns the model learns from, in encoding order. */
export function modelFeatures(contract: DatasetContract): ContractFeature[] {
  return contract.features;
}

/** A feature by column name, or undefined. */
export function contractFeature(contract: DatasetContract, column: string): ContractFeature | undefined {
  return contract.features.find((f) => f.column === column);
}

/** Whether a column's values are made by the simulator rather than read from the team's data. */
export function isSimulatedColumn(contract: DatasetContract, column: string): boolean {
  if (contract.simulated) return true;
  if (contract.simulate?.columns.includes(column)) return true;
  return contractFeature(contract, column)?.simulated === true;
}

/** The label shown for a feature: "Tenure (months)" (label, then unit). */
export function featureDisplayLabel(f: ContractFeature): string {
  const label = f.label ?? f.column;
  return f.unit ? `${label} (${f.unit})` : label;
}
