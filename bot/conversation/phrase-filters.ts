import { squash, type ConversationCatalog, type ConversationColumn } from "./conversation-catalog.ts";
import type { CustomerFilter } from "./intent.ts";
import { presetExtras } from "./preset-extras.ts";
import { US_STATES } from "./us-states.ts";

/** A name or value that fits more than one column: where it stands in the message, and each reading as a filter. */
export interface Ambiguity {
  /** Matches the words as typed (spacing and case ignored). */
  pattern: RegExp;
  /** Each reading as a filter the parser understands: "support calls>5", "tech support=Yes". */
  readings: string[];
}

export type PhraseFilters = { filters: CustomerFilter[]; rest: string[] } | { ambiguous: Ambiguity };

export interface PhraseOptions {
  /**
   * "high risk" as a filter on the band (counts: "how many high risk customers"), or as a word
   * that adds nothing (ranked lists: the riskiest come first anyway). Medium and low risk filter always.
   */
  highRisk: "band" | "filler";
}

const NEGATION = new Set(["not", "no", "without", "non", "excluding"]);
// Words between a negation and what it negates: "not on the international plan".
const BRIDGE = new Set(["a", "an", "the", "on", "in", "any", "with", "using", "having", "of"]);
const MAX_PHRASE = 6;
// Values too common as words to stand alone as filters: the column must be named ("engagement low").
const VAGUE = new Set(["yes", "no", "low", "medium", "high", "true", "false", "none", "other"]);
const MORE = /^(?:more than|over|above|greater than|at least|fewer than|less than|under|below|at most)$/;

/**
 * Filters written as words, with the snapshot's catalogue: "in the premium plan", "on month-to-month
 * contracts", "with low engagement", "on the international plan" (a yes/no column named = yes;
 * "not on …", "without …" = no), "in area code 415", "in Texas" (a state's name for a column of
 * state codes), "students", "churned", "high risk", "more than 3 customer service calls". A value
 * that several columns hold comes back as an ambiguity (to offer each reading), never a guess.
 * Words that are no filter come back in `rest`, in order.
 *
 * @example
 * phraseFilters(["in", "the", "premium", "plan"], demoCatalog, { highRisk: "band" });
 * // { filters: [{ column: "planTier", op: "in", values: ["Premium"] }], rest: ["in", "the"] }
 */
export function phraseFilters(
  ws: readonly string[],
  catalog: ConversationCatalog,
  options: PhraseOptions,
): PhraseFilters {
  const filters: CustomerFilter[] = [];
  const rest: string[] = [];
  for (let i = 0; i < ws.length;) {
    let at = i;
    const negate = NEGATION.has(ws[i].toLowerCase());
    if (negate) {
      at = i + 1;
      while (at < ws.length && BRIDGE.has(ws[at].toLowerCase())) at++;
    }
    const hit = at < ws.length ? matchAt(ws, at, catalog, options) : undefined;
    if (hit && "ambiguous" in hit) return hit;
    if (hit && (!negate || (hit.filter && "values" in hit.filter && hit.negatable))) {
      if (hit.filter) filters.push(negate ? negated(hit.filter) : hit.filter);
      i = at + hit.length;
      continue;
    }
    rest.push(ws[i]);
    i++;
  }
  return { filters: mergeFilters(filters), rest };
}

/** Repeated category filters on one column mean either value ("students and writers"). */
export function mergeFilters(filters: readonly CustomerFilter[]): CustomerFilter[] {
  const out: CustomerFilter[] = [];
  for (const f of filters) {
    const same = out.find((o) => o.column === f.column && o.op === "in" && f.op === "in");
    if (same && same.op === "in" && f.op === "in") same.values = [...new Set([...same.values, ...f.values])];
    else out.push({ ...f, ...("values" in f ? { values: [...f.values] } : {}) } as CustomerFilter);
  }
  return out;
}

type Hit = { filter: CustomerFilter | null; length: number; negatable: boolean } | { ambiguous: Ambiguity };

function matchAt(
  ws: readonly string[],
  i: number,
  catalog: ConversationCatalog,
  options: PhraseOptions,
): Hit | undefined {
  for (let n = Math.min(MAX_PHRASE, ws.length - i); n >= 1; n--) {
    const words = ws.slice(i, i + n);
    const text = words.join(" ");
    const lower = text.toLowerCase();
    let m: RegExpExecArray | null;
    if (
      (m = /^(high|medium|low)(?:[- ]risk|-risk)$/.exec(lower)) &&
      catalog.columns.some((c) => c.column === "band")
    ) {
      const band = m[1][0].toUpperCase() + m[1].slice(1);
      if (band === "High" && options.highRisk === "filler")
        return { filter: null, length: n, negatable: false };
      return { filter: { column: "band", op: "in", values: [band] }, length: n, negatable: true };
    }
    if (
      n === 1 &&
      /^(churned|retained|churners)$/.test(lower) &&
      catalog.columns.some((c) => c.column === "status")
    ) {
      const status = lower === "retained" ? "retained" : "churned";
      return { filter: { column: "status", op: "in", values: [status] }, length: 1, negatable: true };
    }
    const named = catalog.column(text);
    if (named?.kind === "boolean")
      return { filter: { column: named.column, op: "in", values: [1] }, length: n, negatable: true };
    // "premium plan", "month-to-month contracts", "fiber optic internet", "low engagement".
    for (let k = n - 1; k >= 1; k--) {
      const column = catalog.column(words.slice(k).join(" "));
      const value =
        column?.kind === "category" ? exactValue(column, words.slice(0, k), catalog, true) : undefined;
      if (column && value !== undefined)
        return { filter: { column: column.column, op: "in", values: [value] }, length: n, negatable: true };
    }
    // "area code 415", "variant B", "plan premium", "international plan yes".
    for (let k = n - 1; k >= 1; k--) {
      const column = catalog.column(words.slice(0, k).join(" "));
      if (!column) continue;
      if (column.kind === "category") {
        const value = exactValue(column, words.slice(k), catalog, true);
        if (value !== undefined)
          return { filter: { column: column.column, op: "in", values: [value] }, length: n, negatable: true };
      } else if (column.kind === "boolean" && n - k === 1) {
        const value = catalog.value(column, words[k]);
        if (typeof value === "number")
          return { filter: { column: column.column, op: "in", values: [value] }, length: n, negatable: true };
      }
    }
    // "more than 3 customer service calls", "support calls over 5".
    const number = numberPhrase(words, catalog);
    if (number) return { filter: number, length: n, negatable: false };
    // "Texas" for a column of state codes.
    const state = US_STATES[squash(text)];
    if (state) {
      const holders = catalog.columns.filter((c) => c.kind === "category" && c.values.includes(state));
      if (holders.length === 1)
        return {
          filter: { column: holders[0].column, op: "in", values: [state] },
          length: n,
          negatable: true,
        };
    }
    // A value alone ("students", "dormant", "TX"), when exactly one column holds it.
    if (/^\d+$/.test(text) || VAGUE.has(squash(text))) continue;
    const hits = catalog.columns.flatMap((c) => {
      if (c.kind !== "category" || c.column === "band" || c.column === "status") return [];
      const value = exactValue(c, words, catalog, false);
      return value === undefined || c.values.some((v) => v === value && v.length === 1) ? [] : [{ c, value }];
    });
    if (hits.length === 1)
      return {
        filter: { column: hits[0].c.column, op: "in", values: [hits[0].value] },
        length: n,
        negatable: true,
      };
    if (hits.length > 1)
      return {
        ambiguous: {
          pattern: wordsPattern(words),
          readings: hits.map((h) => `${h.c.name}=${h.value}`),
        },
      };
  }
  return undefined;
}

/** The category value `words` name exactly (or in the plural, or by a preset's synonym); no prefixes. */
function exactValue(
  column: ConversationColumn,
  words: readonly string[],
  catalog: ConversationCatalog,
  columnNamed: boolean,
): string | undefined {
  const text = words.join(" ");
  const key = squash(text);
  if (key === "") return undefined;
  const synonym = presetExtras(catalog.dataset)?.synonyms[column.column]?.[key];
  if (synonym && column.values.includes(synonym)) return synonym;
  return column.values.find((v) => {
    const s = squash(v);
    if (s !== key && `${s}s` !== key) return false;
    // Two letters or fewer ("CA", "A"): as written, unless the column was named before it.
    return columnNamed || s.length > 2 || v === text;
  });
}

function numberPhrase(words: readonly string[], catalog: ConversationCatalog): CustomerFilter | undefined {
  const text = words.join(" ").toLowerCase();
  const m =
    /^(more than|over|above|greater than|at least|fewer than|less than|under|below|at most) (\$?[\d.,]+%?) (.+)$/.exec(
      text,
    ) ??
    /^(.+?) (?:of )?(more than|over|above|greater than|at least|fewer than|less than|under|below|at most) (\$?[\d.,]+%?)$/.exec(
      text,
    );
  if (!m) return undefined;
  const [comparator, value, name] = MORE.test(m[1]) ? [m[1], m[2], m[3]] : [m[2], m[3], m[1]];
  const column = catalog.column(name);
  const n = Number(
    value
      .replace(/^\$/, "")
      .replace(/%$/, "")
      .replace(/,(?=\d{3}\b)/g, ""),
  );
  if (!column || column.kind !== "number" || !Number.isFinite(n)) return undefined;
  const op = /^(more than|over|above|greater than)$/.test(comparator)
    ? ">"
    : comparator === "at least"
      ? ">="
      : comparator === "at most"
        ? "<="
        : "<";
  return { column: column.column, op, value: n };
}

function negated(filter: CustomerFilter): CustomerFilter {
  if (!("values" in filter)) return filter;
  if (
    filter.values.length === 1 &&
    (filter.values[0] === 1 || filter.values[0] === 0) &&
    filter.column !== "band"
  )
    return { ...filter, values: [1 - (filter.values[0] as number)] };
  return { ...filter, op: filter.op === "in" ? "not-in" : "in" };
}

/** A pattern for words as typed: any spacing between them, any case. */
export function wordsPattern(words: readonly string[]): RegExp {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![\\w-])${escaped.join("\\s+")}(?![\\w-])`, "i");
}
