import { z } from "zod";
import type { ConversationCatalog, ConversationColumn } from "./conversation-catalog.ts";
import { MAX_EXPORT, MAX_LIST, type CustomerFilter, type Intent } from "./intent.ts";

const name = z.string().trim().min(1).max(120);
const filterSchema = z.union([
  z.strictObject({
    column: name,
    op: z.enum(["in", "not-in"]),
    values: z
      .array(z.union([z.string().max(120), z.number().finite()]))
      .min(1)
      .max(20),
  }),
  z.strictObject({ column: name, op: z.enum(["<", "<=", ">", ">=", "="]), value: z.number().finite() }),
]);
const filters = z.array(filterSchema).max(8);
const rankBy = z.enum(["revenue", "probability"]);
const band = z.enum(["Low", "Medium", "High"]);
/** "my …": only the asker's accounts (the answer finds whose they are; the LLM only marks it). */
const scope = z.literal("mine").optional();
const since = z.union([
  z.strictObject({ kind: z.literal("previous") }),
  z.strictObject({ kind: z.literal("days"), days: z.number().int().min(0).max(3650) }),
  z.strictObject({ kind: z.literal("date"), date: z.string().regex(/^(?:\d{4}|-)-\d{2}-\d{2}$/) }),
]);

/**
 * The intents a question may be translated into (by an LLM, `translate-question.ts`), as JSON:
 * lists, counts, segments, experiments, comparisons, changes, exports, help, and segment follows
 * and alerts (a segment is filters, so it names no customer). Customer intents
 * are left out on purpose: no customer ID is ever sent to the LLM, so none can come back.
 */
export const translatedIntentSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("top-at-risk"),
    limit: z.number().int().min(1).max(MAX_LIST).default(10),
    filters: filters.default([]),
    rankBy: rankBy.default("revenue"),
    scope,
  }),
  z.strictObject({
    kind: z.literal("count"),
    measure: z.enum(["customers", "revenue-at-risk", "churn-rate", "mean-risk"]),
    filters: filters.default([]),
    scope,
  }),
  z.strictObject({ kind: z.literal("segment"), column: name, scope }),
  z.strictObject({ kind: z.literal("experiment"), key: z.string().max(64).nullable().default(null) }),
  z.strictObject({
    kind: z.literal("compare"),
    sides: z
      .array(z.strictObject({ label: z.string().trim().min(1).max(120), filters: filters.min(1) }))
      .length(2),
  }),
  z.strictObject({ kind: z.literal("changes"), since: since.default({ kind: "previous" }) }),
  z.strictObject({
    kind: z.literal("export"),
    list: z.discriminatedUnion("kind", [
      z.strictObject({
        kind: z.literal("top-at-risk"),
        limit: z.number().int().min(1).max(MAX_EXPORT).nullable().default(null),
        filters: filters.default([]),
        rankBy: rankBy.default("revenue"),
      }),
      z.strictObject({ kind: z.literal("segment"), column: name }),
    ]),
  }),
  z.strictObject({ kind: z.literal("help") }),
  // Segment follows and alerts: a segment is filters (no customer ID), so a translation may set one.
  z.strictObject({
    kind: z.literal("follow-segment"),
    filters: filters.default([]),
    band: band.default("High"),
    channel: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("alert-segment"),
    filters: filters.default([]),
    alert: z.enum(["above", "moves-up"]),
    threshold: z.number().gt(0).max(100),
    channel: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("unfollow-segment"),
    number: z.number().int().min(1).max(999_999).nullable().default(null),
    filters: filters.default([]),
    band: band.nullable().default(null),
  }),
]);

export type TranslatedIntent = z.infer<typeof translatedIntentSchema>;

/** A checked intent, or what was wrong with it (one sentence, for the log). */
export type IntentCheck = { ok: true; intent: Intent } | { ok: false; problem: string };

/**
 * Validates JSON from outside the parser (an LLM's answer) as an intent over `catalog`: the
 * schema first, then every column against the catalogue (by its column or its name), every
 * category value against the column's values, booleans as 1/0 (or yes/no), a declared
 * experiment's arms. The result is the same structure the parser makes, in stored column names
 * and values, so the answer computes every number itself.
 *
 * @example
 * checkIntent({ kind: "count", measure: "customers", filters: [{ column: "plan", op: "in", values: ["premium"] }] }, demo);
 * // { ok: true, intent: { kind: "count", measure: "customers", filters: [{ column: "planTier", op: "in", values: ["Premium"] }] } }
 */
export function checkIntent(
  json: unknown,
  catalog: ConversationCatalog,
  experiment: { column: string; key: string | null } | null,
): IntentCheck {
  const parsed = translatedIntentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `schema: ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const t = parsed.data;
  try {
    switch (t.kind) {
      case "top-at-risk":
        return {
          ok: true,
          intent: { ...t, filters: t.filters.map((f) => checkFilter(f, catalog)), notes: [] },
        };
      case "count":
        return { ok: true, intent: { ...t, filters: t.filters.map((f) => checkFilter(f, catalog)) } };
      case "segment":
        return {
          ok: true,
          intent: {
            kind: "segment",
            column: columnOf(t.column, catalog).column,
            ...(t.scope && { scope: t.scope }),
          },
        };
      case "experiment":
      case "help":
        return { ok: true, intent: t };
      case "follow-segment":
      case "unfollow-segment":
        return { ok: true, intent: { ...t, filters: t.filters.map((f) => checkFilter(f, catalog)) } };
      case "alert-segment":
        if (t.alert === "above" && t.threshold >= 100)
          return { ok: false, problem: `the threshold must be between 0% and 100% (got ${t.threshold})` };
        return { ok: true, intent: { ...t, filters: t.filters.map((f) => checkFilter(f, catalog)) } };
      case "changes":
        return { ok: true, intent: t };
      case "compare": {
        const sides = t.sides.map((s) => ({
          label: s.label,
          filters: s.filters.map((f) => checkFilter(f, catalog)),
        }));
        const arm = (f: CustomerFilter[]) =>
          experiment !== null && f.length === 1 && f[0].column === experiment.column && f[0].op === "in";
        return {
          ok: true,
          intent: {
            kind: "compare",
            sides: [sides[0], sides[1]],
            experiment:
              experiment && sides.every((s) => arm(s.filters)) ? (experiment.key ?? experiment.column) : null,
          },
        };
      }
      case "export":
        return {
          ok: true,
          intent: {
            kind: "export",
            list:
              t.list.kind === "segment"
                ? { kind: "segment", column: columnOf(t.list.column, catalog).column }
                : { ...t.list, filters: t.list.filters.map((f) => checkFilter(f, catalog)) },
          },
        };
    }
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
}

function columnOf(text: string, catalog: ConversationCatalog): ConversationColumn {
  const c = catalog.columns.find((x) => x.column === text) ?? catalog.column(text);
  if (!c) throw new Error(`unknown column: ${JSON.stringify(text.slice(0, 64))}`);
  return c;
}

function checkFilter(f: z.infer<typeof filterSchema>, catalog: ConversationCatalog): CustomerFilter {
  const column = columnOf(f.column, catalog);
  if ("value" in f) {
    if (column.kind !== "number" && column.kind !== "date")
      throw new Error(`${column.name} is not a number column (${f.op} ${f.value})`);
    return { column: column.column, op: f.op, value: f.value };
  }
  if (column.kind === "number" || column.kind === "date")
    throw new Error(`${column.name} is a number column: compare it with < <= > >= =`);
  const values = f.values.map((v) => {
    const value = catalog.value(column, String(v));
    if (typeof value === "object")
      throw new Error(`not a value of ${column.name}: ${JSON.stringify(String(v).slice(0, 64))}`);
    return value;
  });
  return { column: column.column, op: f.op, values: [...new Set(values)] };
}
