/**
 * Words for one customer attribute, from the dataset contract: the feature's phrases, label, unit
 * and format say how any team's column reads in driver labels and the "why" sentence. For the
 * `telco` and `simulated` presets this says exactly what `describeValue` says today.
 */
import { money } from "../charts/chart-format.ts";
import { daysToIso } from "../data/contract-cells.ts";
import {
  contractFeature,
  featureDisplayLabel,
  type ContractFeature,
  type DatasetContract,
  type FeatureFormat,
} from "../data/dataset-contract.ts";

/** `{value}`, `{label}`, or a plural choice `{singular|plural}`, matched in one pass. */
const PLACEHOLDER = /\{(value|label|to|from)\}|\{([^{}|]*)\|([^{}|]*)\}/g;

const currencyFormats = new Map<string, Intl.NumberFormat>();

/** Whether a cell is missing: null, undefined or NaN (the encoder's missing value). */
export function isMissingValue(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** The format a feature's values are shown in: its own, else one that follows from its type. */
export function featureFormat(f: ContractFeature): FeatureFormat {
  if (f.format) return f.format;
  switch (f.type) {
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "date":
      return "date";
    default:
      return "text";
  }
}

/** A boolean cell (1/0, or true/false) as true/false; undefined when it is neither. */
export function booleanValue(value: unknown): boolean | undefined {
  if (value === 1 || value === true || value === "true") return true;
  if (value === 0 || value === false || value === "false") return false;
  return undefined;
}

/** A numeric cell as a number (numeric text is accepted); NaN when it is not one. */
function numericValue(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return NaN;
}

/** At most two decimals, no trailing zeros (the rounding today's chart labels use). */
function twoDecimals(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function currency(code: string): Intl.NumberFormat {
  let format = currencyFormats.get(code);
  if (!format) {
    // No grouping: "$1234.50", as every surface has shown money so far.
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: false,
    });
    currencyFormats.set(code, format);
  }
  return format;
}

/**
 * A present value of a feature as text, by its format: "$29.85", "12%", "2026-03-01", "5", "3.14";
 * booleans "yes"/"no"; category text as is.
 *
 * @example
 * formatContractValue(presetContract("telco"), contractFeature(telco, "MonthlyCharges")!, 29.85); // "$29.85"
 */
export function formatContractValue(contract: DatasetContract, f: ContractFeature, value: unknown): string {
  if (f.type === "boolean") {
    const b = booleanValue(value);
    return b === undefined ? String(value) : b ? "yes" : "no";
  }
  if (f.type === "category") return String(value);
  const v = numericValue(value);
  if (Number.isNaN(v)) return String(value);
  switch (featureFormat(f)) {
    case "currency":
      // Round as toFixed does first: ICU rounds the shortest decimal text (1.005 → 1.01), toFixed the double (1.00).
      return contract.revenue
        ? currency(contract.revenue.currency).format(Number(v.toFixed(2)))
        : v.toFixed(2);
    case "integer":
      return String(Math.round(v));
    case "percent":
      return `${twoDecimals(v * 100)}%`;
    case "date":
      return daysToIso(v);
    case "number":
      return twoDecimals(v);
    case "text":
      return String(value);
  }
}

/**
 * Fills a phrase's `{value}` and `{label}` (and `{to}`/`{from}` when given), and picks each
 * `{singular|plural}` by whether `count` is exactly 1.
 */
export function fillPhrase(
  phrase: string,
  fields: Partial<Record<"value" | "label" | "to" | "from", string>>,
  count: number,
): string {
  return phrase.replace(
    PLACEHOLDER,
    (whole, name: string | undefined, one: string | undefined, many: string | undefined) => {
      if (name !== undefined) return fields[name as keyof typeof fields] ?? whole;
      return count === 1 ? one! : many!;
    },
  );
}

/** The key a value has in a feature's `phrases`: category text, "true"/"false", an integer's digits. */
export function phraseKey(f: ContractFeature, value: unknown): string {
  if (f.type === "boolean") {
    const b = booleanValue(value);
    return b === undefined ? String(value) : String(b);
  }
  return String(value);
}

/**
 * A phrase for a column's value, from the contract ("a month-to-month contract", "3 customer
 * service calls"); a missing value says the feature's missing phrase; a column the contract does
 * not declare reads "column = value".
 *
 * @example
 * describeContractValue(presetContract("telco"), "tenure", 1); // "a tenure of 1 month"
 * describeContractValue(presetContract("telco"), "TotalCharges", null); // "no billing history yet"
 */
export function describeContractValue(contract: DatasetContract, column: string, value: unknown): string {
  const f = contractFeature(contract, column);
  if (!f) return `${column} = ${isMissingValue(value) ? "missing" : String(value)}`;
  const label = f.label ?? f.column;
  if (isMissingValue(value)) return f.missingPhrase ?? `${label} missing`;
  const key = phraseKey(f, value);
  if (f.phrases && Object.hasOwn(f.phrases, key)) return f.phrases[key];
  const shown = formatContractValue(contract, f, value);
  if (f.phrase) return fillPhrase(f.phrase, { value: shown, label }, numericValue(value));
  if (f.type === "boolean") return `${label}: ${shown}`;
  return `${label} ${shown}`;
}

/**
 * The short label used on charts and cards: "Contract = Month-to-month", "Tenure (months) = 5",
 * "Senior citizen = yes", "Signup = 2026-03-01", "Total charges = missing", and by the feature's
 * format: "Monthly fee = €50.36" (the house money format, in the revenue currency, USD when the
 * contract has none), "Discount = 12.5%", "Engagement score = 72".
 *
 * @example
 * contractDriverLabel(presetContract("telco"), "Contract", "One year"); // "Contract = One year"
 */
export function contractDriverLabel(contract: DatasetContract, column: string, value: unknown): string {
  const f = contractFeature(contract, column);
  const label = f ? featureDisplayLabel(f) : column;
  return `${label} = ${driverValue(contract, f, value)}`;
}

function driverValue(contract: DatasetContract, f: ContractFeature | undefined, value: unknown): string {
  if (isMissingValue(value)) return "missing";
  if (f?.type === "boolean") {
    const b = booleanValue(value);
    if (b !== undefined) return b ? "yes" : "no";
  }
  if (typeof value !== "number") return String(value);
  if (f?.type === "date" || f?.format === "date") return daysToIso(value);
  switch (f?.format) {
    case "currency":
      return money(value, contract.revenue?.currency ?? "USD");
    case "percent":
      return `${twoDecimals(value * 100)}%`;
    case "integer":
      return String(Math.round(value));
    default:
      return twoDecimals(value);
  }
}
