import type { CellResult } from "./parse-cell.ts";
import type { ContractFeature, DatasetContract } from "./dataset-contract.ts";

/** A validated cell: numbers (booleans as 1/0, dates as days since 1970-01-01), category text, or null (missing). */
export type CellValue = string | number | null;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** The boolean spellings accepted when a contract does not list its own (compared case-insensitively). */
export const DEFAULT_TRUE = ["yes", "true", "1", "y", "t"];
export const DEFAULT_FALSE = ["no", "false", "0", "n", "f"];

/** The default id rule: printable, short, nothing that could smuggle markup into chat or CSV. */
export const DEFAULT_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.@:+-]*$";

/** Days since 1970-01-01 (UTC) of an ISO date or timestamp, or NaN. */
export function isoDays(text: string): number {
  const m = ISO_DATE.exec(text);
  if (!m) return NaN;
  const ms = Date.parse(m[4] === undefined ? `${text}T00:00:00Z` : m[7] === undefined ? `${text.replace(" ", "T")}Z` : text.replace(" ", "T"));
  if (Number.isNaN(ms)) return NaN;
  // Reject dates that Date.parse rolled over (2026-02-30).
  if (new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDate() !== +m[3]) return NaN;
  return ms / DAY_MS;
}

/** The ISO date of a day count (for messages and display). */
export function daysToIso(days: number): string {
  return new Date(Math.round(days * DAY_MS)).toISOString().slice(0, 10);
}

/**
 * A parser from one raw cell to the feature's value, with the short reason when the cell breaks
 * the contract (`not one of "basic", "pro"`, `above 120`, `not a date (YYYY-MM-DD)`).
 *
 * @example
 * const parse = featureCellParser({ column: "calls", type: "integer", min: 0 });
 * parse("3"); // { ok: true, value: 3 }
 * parse("-1"); // { ok: false, reason: "below 0" }
 */
export function featureCellParser(f: ContractFeature): (raw: string) => CellResult<CellValue> {
  const missing = new Set((f.missing?.values ?? [""]).map((v) => v.trim()));
  const rejectMissing = f.missing?.treat === "reject";
  const value = valueParser(f);
  return (raw) => {
    const text = raw.trim();
    if (missing.has(text)) return rejectMissing ? { ok: false, reason: "missing" } : { ok: true, value: null };
    return value(text);
  };
}

function valueParser(f: ContractFeature): (text: string) => CellResult<CellValue> {
  switch (f.type) {
    case "category": {
      const allowed = new Set(f.values);
      const reason = `not one of ${f.values!.map((v) => JSON.stringify(v)).join(", ")}`;
      return (text) => (allowed.has(text) ? { ok: true, value: text } : { ok: false, reason });
    }
    case "boolean": {
      // "true"/"false" is how typed sources (Parquet, PostgreSQL booleans) write a boolean: always
      // accepted, whatever spellings the contract declares for text files.
      const yes = new Set([...(f.boolean?.true ?? DEFAULT_TRUE).map((v) => v.toLowerCase()), "true"]);
      const no = new Set([...(f.boolean?.false ?? DEFAULT_FALSE).map((v) => v.toLowerCase()), "false"]);
      const reason = `not ${[...(f.boolean?.true ?? ["yes", "true", "1"]), ...(f.boolean?.false ?? ["no", "false", "0"])].map((v) => JSON.stringify(v)).join(", ")}`;
      return (text) => {
        const t = text.toLowerCase();
        return yes.has(t) ? { ok: true, value: 1 } : no.has(t) ? { ok: true, value: 0 } : { ok: false, reason };
      };
    }
    case "date": {
      const min = f.min === undefined ? -Infinity : typeof f.min === "number" ? f.min : isoDays(f.min);
      const max = f.max === undefined ? Infinity : typeof f.max === "number" ? f.max : isoDays(f.max);
      return (text) => {
        const days = isoDays(text);
        if (Number.isNaN(days)) return { ok: false, reason: "not a date (YYYY-MM-DD)" };
        if (days < min) return { ok: false, reason: `before ${daysToIso(min)}` };
        if (days > max) return { ok: false, reason: `after ${daysToIso(max)}` };
        return { ok: true, value: days };
      };
    }
    case "number":
    case "integer": {
      const pattern = f.type === "integer" ? INTEGER : NUMBER;
      const notA = f.type === "integer" ? "not a whole number" : "not a number";
      const min = typeof f.min === "number" ? f.min : -Infinity;
      const max = typeof f.max === "number" ? f.max : Infinity;
      return (text) => {
        if (!pattern.test(text)) return { ok: false, reason: notA };
        const v = Number(text);
        if (!Number.isFinite(v)) return { ok: false, reason: notA };
        if (v < min) return { ok: false, reason: `below ${min}` };
        if (v > max) return { ok: false, reason: `above ${max}` };
        return { ok: true, value: v };
      };
    }
  }
}

/** A parser for the id column by the contract's pattern. */
export function idCellParser(contract: DatasetContract): (raw: string) => CellResult<string> {
  const pattern = new RegExp(contract.id.pattern ?? DEFAULT_ID_PATTERN);
  return (raw) => {
    const id = raw.trim();
    if (id === "") return { ok: false, reason: "empty" };
    if (id.length > 64) return { ok: false, reason: "longer than 64 characters" };
    if (!pattern.test(id))
      return {
        ok: false,
        reason: contract.id.pattern ? `does not match ${contract.id.pattern}` : "only letters, digits and - _ . @ : + are allowed",
      };
    return { ok: true, value: id };
  };
}
