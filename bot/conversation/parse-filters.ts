import {
  CONVERSATION_COLUMNS,
  resolveColumn,
  resolveValue,
  type ConversationColumn,
} from "./conversation-columns.ts";
import type { CustomerFilter } from "./intent.ts";

/** Filters found in a message, the words around them, or the first problem. */
export type ParsedFilters = { filters: CustomerFilter[]; rest: string[] } | { problem: string };

// A filter starts with a column word and an operator: "contract=", "persona: ", "tenure <".
const START = /(?:^|[\s,(])([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|==|!=|=|:|<|>)\s*/g;

/**
 * Finds `column<op>value` filters in `text` ("contract=Month-to-month persona:student tenure<12
 * payment=Electronic check"), checking columns and category values against the customer schema
 * (ignoring case and punctuation; unique prefixes allowed; `a|b` for either). Words that are not
 * part of a filter come back in `rest`, in order.
 *
 * @example
 * parseFilters("10 contract=month-to-month persona=Student|Writer");
 * // { filters: [{ column: "Contract", op: "in", values: ["Month-to-month"] },
 * //             { column: "persona", op: "in", values: ["Student", "Writer"] }], rest: ["10"] }
 */
export function parseFilters(text: string): ParsedFilters {
  const starts = [...text.matchAll(START)];
  const rest: string[] = words(text.slice(0, starts[0]?.index ?? text.length));
  const filters: CustomerFilter[] = [];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1].index : text.length;
    const raw = text
      .slice(m.index + m[0].length, end)
      .replace(/[\s,]+$/, "")
      .replace(/\s+and$/i, "");
    const column = resolveColumn(m[1]);
    if (!column) {
      return {
        problem: `unknown filter column: ${JSON.stringify(m[1])} (try ${filterColumnNames()})`,
      };
    }
    const op = m[2] === "==" || m[2] === ":" ? "=" : (m[2] as "=" | "!=" | "<" | "<=" | ">" | ">=");
    const parsed =
      column.kind === "category" ? categoryFilter(column, op, raw) : numberFilter(column, op, raw);
    if ("problem" in parsed) return parsed;
    filters.push(parsed.filter);
    rest.push(...parsed.rest);
  }
  return { filters: merge(filters), rest };
}

/** Column names people can filter by, for hints. */
export function filterColumnNames(): string {
  return CONVERSATION_COLUMNS.slice(0, 8)
    .map((c) => c.name)
    .join(", ");
}

type Parsed = { filter: CustomerFilter; rest: string[] } | { problem: string };

function categoryFilter(column: ConversationColumn, op: string, raw: string): Parsed {
  if (op !== "=" && op !== "!=") {
    return { problem: `${column.name} is a category: use ${column.name}=<value>, not ${op}` };
  }
  const value = unquote(raw);
  const ws = value.quoted ? [value.text] : words(value.text);
  if (ws.length === 0 || ws[0].trim() === "") {
    return { problem: `missing ${column.name} value (one of ${column.values.join(", ")})` };
  }
  // The longest run of leading words that names values ("Electronic check by probability" → "Electronic check").
  for (let k = ws.length; k >= 1; k--) {
    const values = ws
      .slice(0, k)
      .join(" ")
      .split(/\s*[|/]\s*/)
      .map((part) => resolveValue(column, part));
    if (values.every((v) => typeof v === "string")) {
      return {
        filter: { column: column.column, op: op === "=" ? "in" : "not-in", values: [...new Set(values)] },
        rest: [...ws.slice(k), ...words(value.after)],
      };
    }
  }
  return {
    problem: `invalid ${column.name}: ${JSON.stringify(ws[0])} (one of ${column.values.join(", ")})`,
  };
}

function numberFilter(column: ConversationColumn, op: string, raw: string): Parsed {
  if (op === "!=") return { problem: `use <, <=, >, >= or = with ${column.name}` };
  const value = unquote(raw);
  const ws = [...words(value.text), ...words(value.after)];
  const n = ws.length ? Number(ws[0].replace(/^\$/, "").replace(/%$/, "")) : NaN;
  if (!Number.isFinite(n)) {
    return {
      problem: `invalid ${column.name}: ${JSON.stringify(ws[0] ?? "")} (a number, e.g. ${column.name}<12)`,
    };
  }
  // "tenure<12 months": the unit is not a leftover word.
  const rest = ws.slice(1);
  if (rest.length && /^(months?|days?|sessions?|calls?|dollars?|usd|points?)$/i.test(rest[0])) rest.shift();
  return {
    filter: { column: column.column, op: op as "=" | "<" | "<=" | ">" | ">=", value: n },
    rest,
  };
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

function unquote(raw: string): { text: string; quoted: boolean; after: string } {
  const m = /^\s*(["'])(.*?)\1/.exec(raw);
  return m
    ? { text: m[2], quoted: true, after: raw.slice(m[0].length) }
    : { text: raw, quoted: false, after: "" };
}

const words = (text: string): string[] => text.split(/[\s,]+/).filter((w) => w !== "");
