import type { z } from "zod";

export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Runs one cell schema on a raw string and returns the value or the schema's own short reason
 * (for a union such as "blank or a number", the reason of its last alternative).
 *
 * @example
 * parseCell(telcoCells.tenure, "200") // → { ok: false, reason: "above 120" }
 */
export function parseCell<T>(schema: z.ZodType<T, string>, raw: string): CellResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  let issue = result.error.issues[0] as z.core.$ZodIssue | undefined;
  while (issue?.code === "invalid_union" && issue.errors.length > 0) issue = issue.errors.at(-1)?.[0];
  return { ok: false, reason: issue?.message ?? "invalid" };
}

/**
 * `parseCell` for one column, remembering the results for the first `cacheSize` distinct raw
 * values: categories and small integers repeat on almost every row, and a schema is a pure
 * function of the raw string, so a million-row file runs each schema only a few hundred times
 * for those columns. A column whose values rarely repeat (amounts, probabilities) stops using the
 * cache once it is full, since hashing every cell would then cost more than it saves.
 */
export function cellParser<T>(schema: z.ZodType<T, string>, cacheSize = 4096): (raw: string) => CellResult<T> {
  const cache = new Map<string, CellResult<T>>();
  let hits = 0;
  let lookups = 0;
  let bypass = false;
  return (raw) => {
    if (bypass) return parseCell(schema, raw);
    lookups++;
    let result = cache.get(raw);
    if (result !== undefined) {
      hits++;
      return result;
    }
    result = parseCell(schema, raw);
    if (cache.size < cacheSize) cache.set(raw, result);
    else if (lookups >= 4 * cacheSize && hits < lookups / 2) bypass = true;
    return result;
  };
}
