import { squash, type ConversationCatalog, type ConversationColumn } from "./conversation-catalog.ts";
import type { CustomerFilter } from "./intent.ts";
import type { Ambiguity } from "./phrase-filters.ts";
import { presetExtras } from "./preset-extras.ts";

/**
 * Filters found in a message, the words around them, the first problem, or a column name that
 * fits several columns ("support>5": tech support or support calls) with each reading.
 */
export type ParsedFilters =
  { filters: CustomerFilter[]; rest: string[] } | { problem: string } | { ambiguous: Ambiguity };

// An operator between a column's name and a value: "plan=", "persona: ", "customer service calls >".
const OPERATOR = /(<=|>=|==|!=|=|:|<|>)/g;
// Longest column name, in words, looked for before an operator (a contract's labels may be long).
const MAX_NAME_WORDS = 24;

/**
 * Finds `column<op>value` filters in `text` ("international plan=yes customer service calls>3",
 * "contract=Month-to-month persona:student tenure<12 payment=Electronic check"), naming columns
 * and values as the snapshot's catalogue knows them: a column by its name or label (several words
 * allowed, case, spaces and underscores ignored), a category value exactly or by a unique prefix
 * (`a|b` for either), a boolean by the contract's spellings or yes/no, a number with < <= > >= =.
 * Words that are not part of a filter come back in `rest`, in order.
 *
 * @example
 * parseFilters("10 international plan=yes", accountsCatalog);
 * // { filters: [{ column: "international_plan", op: "in", values: [1] }], rest: ["10"] }
 */
export function parseFilters(text: string, catalog: ConversationCatalog): ParsedFilters {
  const ops = [...text.matchAll(OPERATOR)];
  if (ops.length === 0) return { filters: [], rest: words(text) };
  // pieces[0] ends with the first column's name; pieces[k] holds the value of operator k-1, then
  // the name of operator k's column; the last piece is the last value and any words after it.
  const pieces: string[] = [];
  let at = 0;
  for (const m of ops) {
    pieces.push(text.slice(at, m.index));
    at = m.index + m[0].length;
  }
  pieces.push(text.slice(at));

  const rest: string[] = [];
  const filters: CustomerFilter[] = [];
  const first = splitName(words(pieces[0]), catalog);
  if ("problem" in first) return first;
  rest.push(...first.before);
  let column = first.named;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k][1] === "==" || ops[k][1] === ":" ? "=" : ops[k][1];
    const piece = pieces[k + 1];
    const last = k === ops.length - 1;
    const { value, after } = unquote(piece);
    let valueWords = value.quoted ? [value.text] : words(value.text);
    let next: Named | undefined;
    if (!last) {
      const tail = value.quoted ? words(after) : valueWords;
      const split = splitName(tail, catalog);
      if ("problem" in split) return split;
      next = split.named;
      // "plan=Free and persona=Student": the "and" joins two filters, it is not part of a value.
      const before = split.before.at(-1)?.toLowerCase() === "and" ? split.before.slice(0, -1) : split.before;
      if (value.quoted) rest.push(...before);
      else valueWords = before;
    } else if (value.quoted) {
      valueWords = [value.text, ...words(after)];
    }
    const parsed = readValue(column, op, ops[k][1], valueWords, value.quoted, catalog);
    if ("problem" in parsed || "ambiguous" in parsed) return parsed;
    filters.push(parsed.filter);
    rest.push(...parsed.rest);
    if (next) column = next;
  }
  return { filters: merge(filters), rest };
}

/** Column names people can filter by, for hints: the contract's segments first. */
export function filterColumnNames(catalog: ConversationCatalog, max = 8): string {
  const names = [...new Set([...catalog.segments, ...catalog.columns].map((c) => c.name))];
  return names.slice(0, max).join(", ") + (names.length > max ? ", …" : "");
}

/** A filter's column, or the columns its name fits when it fits several. */
type Named = ConversationColumn | { candidates: ConversationColumn[]; words: string[] };

/** The column named by the longest run of words ending `ws`, and the words before it. */
function splitName(
  ws: string[],
  catalog: ConversationCatalog,
): { before: string[]; named: Named } | { problem: string } {
  for (let n = Math.min(MAX_NAME_WORDS, ws.length); n >= 1; n--) {
    const named = resolveName(ws.slice(ws.length - n), catalog);
    if (named) return { before: ws.slice(0, ws.length - n), named };
  }
  const shown = ws.length ? JSON.stringify(ws[ws.length - 1].slice(0, 64)) : "(none)";
  return { problem: `unknown filter column: ${shown} (try ${filterColumnNames(catalog)})` };
}

/**
 * The column `name` means: the one whose column name, label or reply name it is (a plural too);
 * else, when the words are part of several columns' names ("support": tech support, support calls),
 * all of those — never one picked silently; else the one an alias names.
 */
function resolveName(name: string[], catalog: ConversationCatalog): Named | undefined {
  const key = squash(name.join(" "));
  if (key === "") return undefined;
  const exact = catalog.columns.filter((c) =>
    [c.column, c.label, c.name, c.label.replace(/\s*\(.*\)$/, "")].some(
      (k) => squash(k) === key || `${squash(k)}s` === key,
    ),
  );
  if (exact.length >= 1) return exact[0];
  const wanted = name.map(wordKey);
  const aliases = presetExtras(catalog.dataset)?.aliases ?? {};
  const containing = catalog.columns.filter((c) =>
    [
      c.name,
      c.label,
      c.column.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " "),
      ...(aliases[c.column] ?? []),
    ].some((n) =>
      containsRun(
        n
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .filter(Boolean)
          .map(wordKey),
        wanted,
      ),
    ),
  );
  if (containing.length >= 2) return { candidates: containing, words: name };
  return catalog.column(name.join(" "));
}

const wordKey = (w: string) => {
  const k = w.toLowerCase().replace(/[^a-z0-9]/g, "");
  return k.length > 3 && k.endsWith("s") ? k.slice(0, -1) : k;
};

function containsRun(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++)
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  return false;
}

/**
 * The filter of a column (or of one of several candidates, when only one of them holds the value
 * as a category: "payment=Electronic check"); otherwise each candidate's reading, to choose from.
 */
function readValue(
  named: Named,
  op: string,
  typed: string,
  ws: string[],
  quoted: boolean,
  catalog: ConversationCatalog,
): Parsed | { ambiguous: Ambiguity } {
  if (!("candidates" in named)) return parseValue(named, op, ws, quoted, catalog);
  const byValue = named.candidates.filter((c) => {
    if (c.kind === "number" || c.kind === "date") return false;
    return !("problem" in parseValue(c, op, ws, quoted, catalog));
  });
  if (byValue.length === 1) return parseValue(byValue[0], op, ws, quoted, catalog);
  const value = ws[0] ?? "";
  const source = [named.words.map(escapeRe).join("\\s+"), escapeRe(typed), escapeRe(value)].join("\\s*");
  return {
    ambiguous: {
      pattern: new RegExp(source, "i"),
      readings: named.candidates.map((c) => {
        if (c.kind === "number" || c.kind === "date")
          return `${c.name}${/^[<>]=?$/.test(op) || op === "=" ? op : ">"}${/^[\d.$]/.test(value) ? value : "0"}`;
        const parsed = op === "=" || op === "!=" ? parseValue(c, op, ws, quoted, catalog) : undefined;
        const shown =
          parsed && !("problem" in parsed) ? value : (c.values.find((v) => /^yes$/i.test(v)) ?? c.values[0]);
        return `${c.name}=${shown}`;
      }),
    },
  };
}

type Parsed = { filter: CustomerFilter; rest: string[] } | { problem: string };

function parseValue(
  column: ConversationColumn,
  op: string,
  ws: string[],
  quoted: boolean,
  catalog: ConversationCatalog,
): Parsed {
  if (column.kind === "number" || column.kind === "date") return numberFilter(column, op, ws);
  const kind = column.kind === "boolean" ? "yes/no column" : "category";
  if (op !== "=" && op !== "!=") {
    return { problem: `${column.name} is a ${kind}: use ${column.name}=<value>, not ${op}` };
  }
  const choices = column.values.join(", ");
  if (ws.length === 0 || ws[0].trim() === "") {
    return { problem: `missing ${column.name} value (one of ${choices})` };
  }
  // The longest run of leading words that names values ("Electronic check by probability" → "Electronic check").
  for (let k = quoted ? 1 : ws.length; k >= 1; k--) {
    const values = ws
      .slice(0, k)
      .join(" ")
      .split(/\s*[|/]\s*/)
      .map((part) => catalog.value(column, part));
    if (values.every((v) => typeof v === "string" || typeof v === "number")) {
      return {
        filter: {
          column: column.column,
          op: op === "=" ? "in" : "not-in",
          values: [...new Set(values as Array<string | number>)],
        },
        rest: ws.slice(k),
      };
    }
  }
  return { problem: `invalid ${column.name}: ${JSON.stringify(ws[0].slice(0, 64))} (one of ${choices})` };
}

function numberFilter(column: ConversationColumn, op: string, ws: string[]): Parsed {
  if (op === "!=") return { problem: `use <, <=, >, >= or = with ${column.name}` };
  const n = ws.length ? parseNumber(column, ws[0]) : NaN;
  if (!Number.isFinite(n)) {
    const example = column.kind === "date" ? "2026-01-31" : "12";
    return {
      problem: `invalid ${column.name}: ${JSON.stringify((ws[0] ?? "").slice(0, 64))} (${column.kind === "date" ? "a date" : "a number"}, e.g. ${column.name}<${example})`,
    };
  }
  // "tenure<12 months": the unit is not a leftover word.
  const rest = ws.slice(1);
  if (
    rest.length &&
    /^(months?|days?|weeks?|years?|minutes?|sessions?|calls?|dollars?|euros?|usd|eur|gbp|points?)$/i.test(
      rest[0],
    )
  )
    rest.shift();
  return { filter: { column: column.column, op: op as "=" | "<" | "<=" | ">" | ">=", value: n }, rest };
}

/** A number ("$70.5", "1,200", "15%"), or a date ("2026-01-31") as days since 1970 for a date column. */
function parseNumber(column: ConversationColumn, word: string): number {
  if (column.kind === "date") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(word);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : NaN;
  }
  const cleaned = word
    .replace(/^[$€£]/, "")
    .replace(/%$/, "")
    .replace(/,(?=\d{3}\b)/g, "");
  return cleaned === "" ? NaN : Number(cleaned);
}

/** Repeated category filters on one column mean either value ("persona=Student persona=Writer"). */
function merge(filters: CustomerFilter[]): CustomerFilter[] {
  const out: CustomerFilter[] = [];
  for (const f of filters) {
    const same = out.find((o) => o.column === f.column && o.op === "in" && f.op === "in");
    if (same && same.op === "in" && f.op === "in") same.values = [...new Set([...same.values, ...f.values])];
    else out.push(f);
  }
  return out;
}

function unquote(raw: string): { value: { text: string; quoted: boolean }; after: string } {
  const m = /^\s*(["'])(.*?)\1/.exec(raw);
  return m
    ? { value: { text: m[2], quoted: true }, after: raw.slice(m[0].length) }
    : { value: { text: raw, quoted: false }, after: "" };
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const words = (text: string): string[] => text.split(/[\s,]+/).filter((w) => w !== "");
