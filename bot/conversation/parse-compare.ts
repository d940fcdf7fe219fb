import type { ConversationCatalog } from "./conversation-catalog.ts";
import type { CompareSide, CustomerFilter, Intent } from "./intent.ts";
import { parseFilters } from "./parse-filters.ts";
import { mergeFilters, phraseFilters } from "./phrase-filters.ts";

/** Where a comparison starts or what joins its two sides. */
const COMPARE = /^(?:compare|comparison(?: of)?|(?:what(?:'s| is) the )?difference(?:s)? between)\b\s*/i;
const JOIN = /\s+(?:vs\.?|versus|v\.?|against|compared (?:to|with)|and|with|to)\s+/i;
// Words of a comparison that name what is compared, not who.
const MEASURE_WORDS =
  /\b(?:churn(?: rates?| risk)?|risk|revenue(?: at risk)?|customers?|accounts?|clients?|users?|people|segments?|groups?|the|of|for|how|do|does|is|are|between|side by side)\b/gi;
const ARM_WORDS = /^(?:variants?|arms?|groups?|versions?)\s+/i;
// Words a side may carry besides its filters.
const SIDE_FILLER = new Set([
  "a",
  "an",
  "the",
  "in",
  "on",
  "with",
  "who",
  "are",
  "is",
  "those",
  "ones",
  "all",
  "risk",
]);

/**
 * A comparison of two groups of customers: "compare A and B", "A vs B", "students vs analysts",
 * "compare variant A and B", "month-to-month versus two year contracts", "TX vs CA",
 * "compare contract=Month-to-month and contract=Two year". Each side is a value of one column, a
 * filter or a few (read like the at-risk list's: column=value or words); a side that names only a
 * value takes the other side's column ("variant A and B"). When both sides are arms of the
 * declared experiment, `experiment` names it so the answer adds its verdict. Undefined when the
 * message is no comparison; `invalid` when a side cannot be read.
 *
 * @example
 * parseCompare("students vs analysts", demoCatalog);
 * // { kind: "compare", sides: [{ label: "students", filters: [persona=Student] }, { label: "analysts", … }], experiment: null }
 */
export function parseCompare(
  s: string,
  input: string,
  catalog: ConversationCatalog,
  experiment: { column: string; key: string | null } | null,
  menu: readonly string[],
): Intent | undefined {
  const started = COMPARE.test(s);
  if (!started && !/\s(?:vs\.?|versus)\s/i.test(` ${s} `)) return undefined;
  const body = s
    .replace(COMPARE, "")
    .replace(/[?!.]+$/, "")
    .trim();
  const parts = splitSides(body);
  // Not understood: comparisons that work, in the catalogue's own values (never a guess).
  const suggest = (known?: CustomerFilter[]): Intent => ({
    kind: "unclear",
    input,
    options: [...new Set([...compareExamples(catalog, known), ...menu])].slice(0, 6),
  });
  if (!parts) return suggest();
  const sides: CompareSide[] = [];
  const read = parts.map((p) => readSide(p, catalog, experiment));
  for (let i = 0; i < 2; i++) {
    let filters = read[i];
    // "variant A and B", "month-to-month vs two year": a bare value takes the other side's column.
    const other = read[1 - i];
    if (!filters && other?.length === 1 && "values" in other[0]) {
      const column = catalog.columns.find((c) => c.column === other[0].column);
      const text = parts[i].replace(ARM_WORDS, "").trim();
      const value = column ? catalog.value(column, text) : undefined;
      if (column && value !== undefined && (typeof value === "string" || typeof value === "number"))
        filters = [{ column: column.column, op: "in", values: [value] }];
    }
    if (!filters || filters.length === 0) return suggest(other ?? undefined);
    sides.push({ label: parts[i], filters });
  }
  const arm = (side: CompareSide) =>
    experiment !== null &&
    side.filters.length === 1 &&
    side.filters[0].column === experiment.column &&
    side.filters[0].op === "in";
  return {
    kind: "compare",
    sides: [sides[0], sides[1]],
    experiment: experiment && sides.every(arm) ? (experiment.key ?? experiment.column) : null,
  };
}

/**
 * Comparisons to offer instead: a known side against the other values of its column, or the
 * first segment column's first values.
 */
export function compareExamples(catalog: ConversationCatalog, known?: CustomerFilter[]): string[] {
  const f = known?.length === 1 && "values" in known[0] && known[0].op === "in" ? known[0] : undefined;
  const column = f
    ? catalog.columns.find((c) => c.column === f.column)
    : catalog.segments.find((c) => c.kind === "category" && c.values.length > 1);
  if (!column || column.kind === "number" || column.kind === "date") return [];
  const mine = f ? catalog.display(column, f.values[0]) : column.values[0];
  return column.values
    .filter((v) => v !== mine)
    .slice(0, 2)
    .map((v) => `compare ${column.name}=${mine} and ${column.name}=${v}`);
}

/** The two sides' words, or null when the message holds fewer or more than two. */
function splitSides(body: string): [string, string] | null {
  const cleaned = body.replace(MEASURE_WORDS, " ").replace(/\s+/g, " ").trim();
  // The first joining word splits (a value may itself hold "and" only if quoted: rare; the other
  // joins — vs, versus — are tried first so "TX and CA vs NY" stays two sides).
  for (const join of [/\s+(?:vs\.?|versus|v\.?|against|compared (?:to|with))\s+/i, JOIN]) {
    const m = join.exec(` ${cleaned} `);
    if (!m) continue;
    const at = m.index - 1;
    const left = cleaned.slice(0, Math.max(0, at)).trim();
    const right = cleaned.slice(at + m[0].length).trim();
    if (left && right) return [left, right];
  }
  return null;
}

/** A side's filters (column=value, or words the catalogue knows), or null when words are left over. */
function readSide(
  text: string,
  catalog: ConversationCatalog,
  experiment: { column: string } | null,
): CustomerFilter[] | null {
  // "A", "arm b", "variant B": an arm of the declared experiment (one letter, any case).
  if (experiment) {
    const column = catalog.columns.find((c) => c.column === experiment.column);
    const name = text.replace(ARM_WORDS, "").trim().toLowerCase();
    const arm = column?.values.find((v) => v.toLowerCase() === name);
    if (column && arm !== undefined) return [{ column: column.column, op: "in", values: [arm] }];
  }
  const parsed = parseFilters(text, catalog);
  if ("problem" in parsed || "ambiguous" in parsed) return null;
  const words = parsed.rest.map((w) => w.replace(/^[([]+|[)\],]+$/g, "")).filter((w) => w !== "");
  const phrases = phraseFilters(words, catalog, { highRisk: "band" });
  if ("ambiguous" in phrases) return null;
  const rest = phrases.rest.filter((w) => !SIDE_FILLER.has(w.toLowerCase()));
  const filters = mergeFilters([...parsed.filters, ...phrases.filters]);
  return rest.length === 0 && filters.length > 0 ? filters : null;
}
