import type { ConversationCatalog, ConversationColumn } from "./conversation-catalog.ts";
import type { CustomerFilter } from "./intent.ts";

/** Filters found in a message, the words around them, or the first problem. */
export type ParsedFilters = { filters: CustomerFilter[]; rest: string[] } | { problem: string };

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
  let column = first.column;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k][1] === "==" || ops[k][1] === ":" ? "=" : ops[k][1];
    const piece = pieces[k + 1];
    const last = k === ops.length - 1;
    const { value, after } = unquote(piece);
    let valueWords = value.quoted ? [value.text] : words(value.text);
    let next: ConversationColumn | undefined;
    if (!last) {
      const tail = value.quoted ? words(after) : valueWords;
      const split = splitName(tail, catalog);
      if ("problem" in split) return split;
      next = split.column;
      // "plan=Free and persona=Student": the "and" joins two filters, it is not part of a value.
      const before = split.before.at(-1)?.toLowerCase() === "and" ? split.before.slice(0, -1) : split.before;
      if (value.quoted) rest.push(...before);
      else valueWords = before;
    } else if (value.quoted) {
      valueWords = [value.text, ...words(after)];
    }
    const parsed = parseValue(column, op, valueWords, value.quoted, catalog);
    if ("problem" in parsed) return parsed;
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

/** The column named by the longest run of words ending `ws`, and the words before it. */
function splitName(
  ws: string[],
  catalog: ConversationCatalog,
): { before: string[]; column: ConversationColumn } | { problem: string } {
  for (let n = Math.min(MAX_NAME_WORDS, ws.length); n >= 1; n--) {
    const column = catalog.column(ws.slice(ws.length - n).join(" "));
    if (column) return { before: ws.slice(0, ws.length - n), column };
  }
  const shown = ws.length ? JSON.stringify(ws[ws.length - 1].slice(0, 64)) : "(none)";
  return { problem: `unknown filter column: ${shown} (try ${filterColumnNames(catalog)})` };
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

const words = (text: string): string[] => text.split(/[\s,]+/).filter((w) => w !== "");
