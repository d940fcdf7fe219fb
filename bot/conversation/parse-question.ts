import type { ConversationCatalog } from "./conversation-catalog.ts";
import type { CountMeasure, CustomerFilter, Intent } from "./intent.ts";
import { parseFilters } from "./parse-filters.ts";
import { mergeFilters, phraseFilters, type Ambiguity } from "./phrase-filters.ts";

/** The question that asks a measure with no filter: the suggestion when the rest is not understood. */
export const MEASURE_QUESTIONS: Record<CountMeasure, string> = {
  customers: "how many customers",
  "revenue-at-risk": "revenue at risk",
  "churn-rate": "churn rate",
  "mean-risk": "average churn risk",
};

// Words a count question may hold that add nothing to it.
const COUNT_FILLER = new Set(
  "a an the in on of for with among from at by who which that is are was were be been do does have has had there we our my currently today now right total please all any how many much number count what what's whats whose customers customer accounts account clients client users user people got exist existing pay paying using via".split(
    " ",
  ),
);

// Measures, each with the words that ask for it.
const MEASURES: { measure: CountMeasure; pattern: RegExp }[] = [
  {
    measure: "revenue-at-risk",
    pattern:
      /\b(?:how much (?:(?:monthly|total) )?(?:revenue|money|mrr|arr|income)(?: (?:is|are|do we have))?(?: at[- ]risk)?|(?:(?:total|monthly|our|the) )*(?:revenue|mrr|arr|money|income) (?:is |are )?at[- ]risk|at[- ]risk (?:revenue|mrr|money|income))\b/i,
  },
  {
    measure: "mean-risk",
    pattern:
      /\b(?:average|mean|avg|predicted|expected|forecast(?:ed)?|model(?:'s)?)\s+(?:churn\s+)?(?:risk|probability|rate|churn rate|likelihood)\b|\b(?:average|mean|avg)\s+churn\b/i,
  },
  {
    measure: "churn-rate",
    pattern:
      /\b(?:(?:historical|actual|past|real|observed)\s+)?(?:churn|attrition)\s+rate\b|\b(?:what\s+)?(?:percentage|percent|share|proportion|fraction)\s+of\b(?=.*\bchurned\b)/i,
  },
  {
    measure: "customers",
    pattern:
      /^(?:how many|number of|count(?: of)?|total(?: number of)?|(?:customer|account|client) count)\b|^(?:customers|accounts|clients) count\b/i,
  },
];

/** A filter reading that needs a choice: the input with the words replaced by each reading. */
export function ambiguityOptions(input: string, ambiguity: Ambiguity, fallback: string): string[] {
  return ambiguity.readings
    .slice(0, 5)
    .map((r) => (ambiguity.pattern.test(input) ? input.replace(ambiguity.pattern, r) : `${fallback} ${r}`));
}

/**
 * Counts, totals and rates ("how many month-to-month customers are high risk", "revenue at risk in
 * Texas", "churn rate of customers on the international plan", "average churn risk of students"),
 * with filters written as words or as column=value; undefined when the message asks none of these.
 * "at risk" in a count means the High risk band. Words that are neither part of the question nor a
 * filter make it `unclear`, with the question without them as the first suggestion; "by <column>"
 * is a segment question (`segment`).
 */
export function parseCount(
  s: string,
  input: string,
  catalog: ConversationCatalog,
  menu: readonly string[],
  segment: (column: string) => Intent,
): Intent | undefined {
  const found = MEASURES.find((m) => m.pattern.test(s));
  if (!found) return undefined;
  const { measure } = found;
  let rest = s.replace(found.pattern, " ");
  if (measure === "churn-rate") rest = rest.replace(/\b(?:have|has)?\s*churned\b/i, " ");
  const suggest = (): Intent => ({
    kind: "unclear",
    input,
    options: [MEASURE_QUESTIONS[measure], ...menu.filter((o) => o !== "help")],
  });
  // "how many customers by contract", "churn rate by plan": a segment question.
  const by =
    /^\s*(?:(?:customers|accounts|clients|users|are there|there are)\s+)*(?:by|per|across|for each|in each)\s+(.+)$/i.exec(
      rest,
    );
  if (by) {
    const column = catalog.column(by[1].replace(/\b(?:the|each)\b/gi, " ").trim());
    return column ? segment(column.column) : suggest();
  }
  // "churn rate of contract": a column named alone is a segment question too.
  const alone = rest.replace(/^\s*(?:of|for|on|in|the|\s)+/i, "").trim();
  if (measure !== "customers" && alone && catalog.column(alone) && catalog.column(alone)?.kind !== "boolean")
    return segment(catalog.column(alone)!.column);
  if (measure !== "revenue-at-risk") rest = rest.replace(/\bat[- ]risk\b/gi, " high-risk ");
  const operators = parseFilters(rest, catalog);
  if ("problem" in operators)
    return {
      kind: "invalid",
      about: "count",
      problem: operators.problem,
      hint: `e.g. ${MEASURE_QUESTIONS[measure]} in <value>, or ${MEASURE_QUESTIONS[measure]} <column>=<value>`,
    };
  if ("ambiguous" in operators)
    return {
      kind: "unclear",
      input,
      options: ambiguityOptions(input, operators.ambiguous, MEASURE_QUESTIONS[measure]),
    };
  const words = operators.rest.map((w) => w.replace(/^[([]+|[)\],]+$/g, "")).filter((w) => w !== "");
  const phrases = phraseFilters(words, catalog, { highRisk: "band" });
  if ("ambiguous" in phrases)
    return {
      kind: "unclear",
      input,
      options: ambiguityOptions(input, phrases.ambiguous, MEASURE_QUESTIONS[measure]),
    };
  const unknown = phrases.rest.filter((w) => !COUNT_FILLER.has(w.toLowerCase()));
  if (unknown.length) return suggest();
  const filters: CustomerFilter[] = mergeFilters([...operators.filters, ...phrases.filters]);
  return { kind: "count", measure, filters };
}

/**
 * Ranking questions that mean the at-risk list: "which customers should I call today", "who
 * should I call first", "who is most likely to churn", "call list", "who needs attention".
 */
export const RANKING =
  /^(?:(?:which|what)\b.*\b(?:customers?|accounts?|clients?|users?|students?|ones?)\b.*\b(?:should|must|do|to|can|need to)\b.*\b(?:call|contact|reach out|ring|e-?mail|phone|talk to|focus on|prioriti[sz]e|save|help)\b|who\b.*\b(?:should|must|do|can|to|need to)\b.*\b(?:call|contact|reach out|ring|e-?mail|phone|talk to|focus on|prioriti[sz]e|save|help)\b|(?:who|which (?:customers?|accounts?|clients?))(?:'s| is| are)? (?:the )?(?:most )?likely to (?:churn|leave|cancel)|(?:customers|accounts|clients) to (?:call|contact)\b|(?:today'?s )?call ?list\b|who needs? (?:attention|help|a call)\b|prioriti[sz]e (?:my |our )?(?:outreach|calls|customers|accounts)\b)/i;

/** Words of a ranking question that add nothing to the list it asks for. */
export const RANKING_FILLER = new Set(
  "which what who who's whos should must do does can need needs to i we you call calls calling contact reach out ring email e-mail phone talk focus prioritize prioritise prioritise save help first next today today's todays this week morning likely cancel attention a list call-list calllist outreach one ones".split(
    " ",
  ),
);

/** Questions the bot cannot answer yet (comparisons, changes over time, exports): a menu, never a guess. */
export function unsupportedQuestion(
  s: string,
  input: string,
  menu: readonly string[],
  ids: number,
): Intent | undefined {
  const options = (first: string[]) => [...new Set([...first, ...menu])];
  if (/\b(?:csv|xlsx?|excel|spreadsheet|export)\b/i.test(s))
    return { kind: "unclear", input, options: options(["top at-risk 10"]) };
  if (ids < 2 && /\b(?:compare|comparison|vs\.?|versus)\b/i.test(s)) {
    // Arms of an experiment: its verdict compares them; anything else: a segment table side by side.
    const arms = /\b(?:variants?|arms?|a and b|a vs\.? b|a\/b)\b/i.test(s);
    const segment = menu.find((o) => o.startsWith("segment ")) ?? "segment band";
    return { kind: "unclear", input, options: options([arms ? "experiment" : segment]) };
  }
  if (
    /\bsince\b|\bwhat(?:'s| is| has)? (?:new|changed)\b|\bchanges? (?:since|from|over)\b|\b(?:last|previous) (?:week|month|snapshot)\b/i.test(
      s,
    )
  )
    return { kind: "unclear", input, options: options(["top at-risk 10"]) };
  return undefined;
}
