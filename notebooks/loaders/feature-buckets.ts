/**
 * Buckets of one contract feature, for the pages generated from the contract: a category's values
 * (the contract's order, then any other value seen), a boolean's yes/no, and a number's bins — one
 * per value when an integer column has few, else quintile bins over every customer of the snapshot
 * (the same edges whatever filter a page applies). Labels are in the contract's words: its format
 * (money in the revenue currency, percent, date) and unit.
 */
import type { ColumnTable } from "arquero";
import {
  featureDisplayLabel,
  isSimulatedColumn,
  type ContractFeature,
  type DatasetContract,
} from "engagetrack";

/** The label of missing values. */
export const MISSING = "missing";
/** An integer column with at most this many distinct values gets one bucket per value. */
const MAX_DISTINCT = 12;
const QUANTILES = [0, 0.2, 0.4, 0.6, 0.8];

export interface FeatureBuckets {
  column: string;
  /** "Customer service calls", "Account age (days)". */
  label: string;
  type: ContractFeature["type"];
  simulated: boolean;
  /** Bucket labels in display order ("missing" last, when some value is missing). */
  segments: string[];
  /** A cell's bucket index (into `segments`). */
  indexOf(value: unknown): number;
}

/** The buckets of `feature` over the values of `table` (the snapshot's whole table). */
export function featureBuckets(
  contract: DatasetContract,
  feature: ContractFeature,
  table: ColumnTable,
): FeatureBuckets {
  const values = Array.from(table.array(feature.column) as ArrayLike<unknown>);
  const missing = values.some(isMissing);
  const base = {
    column: feature.column,
    label: featureDisplayLabel(feature),
    type: feature.type,
    simulated: isSimulatedColumn(contract, feature.column),
  };
  if (feature.type === "category" || feature.type === "boolean") {
    const names: string[] =
      feature.type === "boolean" ? ["yes", "no"] : [...(feature.values ?? []).map(String)];
    const nameOf = (v: unknown) => (feature.type === "boolean" ? (truthy(v) ? "yes" : "no") : String(v));
    for (const v of values) if (!isMissing(v) && !names.includes(nameOf(v))) names.push(nameOf(v));
    const segments = missing ? [...names, MISSING] : names;
    const index = new Map(segments.map((s, i) => [s, i]));
    return {
      ...base,
      segments,
      indexOf: (v) => (isMissing(v) ? index.get(MISSING)! : index.get(nameOf(v))!),
    };
  }
  const numbers = values
    .filter((v): v is number => !isMissing(v))
    .map(Number)
    .sort((a, b) => a - b);
  const distinct = [...new Set(numbers)];
  let froms: number[];
  let labels: string[];
  const fmt = (v: number) => formatNumber(contract, feature, v);
  const unit = feature.unit && feature.format !== "currency" ? ` ${feature.unit}` : "";
  if (feature.type === "integer" && distinct.length <= MAX_DISTINCT) {
    froms = distinct;
    labels = distinct.map((v) => `${fmt(v)}${unit}`);
  } else {
    froms = [
      ...new Set(
        QUANTILES.map((q) =>
          numbers.length ? nice(numbers[Math.floor(q * (numbers.length - 1))], feature) : 0,
        ),
      ),
    ];
    if (numbers.length && froms[0] > numbers[0]) froms[0] = numbers[0];
    labels = froms.map((from, i) => {
      const next = froms[i + 1];
      if (next === undefined) return `${fmt(from)}${unit} or more`;
      return `${fmt(from)} to under ${fmt(next)}${unit}`;
    });
  }
  const segments = missing || froms.length === 0 ? [...labels, MISSING] : labels;
  const missingIndex = segments.length - 1;
  return {
    ...base,
    segments,
    indexOf: (v) => {
      if (isMissing(v)) return missingIndex;
      const x = Number(v);
      let k = 0;
      for (let i = 0; i < froms.length && froms[i] <= x; i++) k = i;
      return k;
    },
  };
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v));
}

function truthy(v: unknown): boolean {
  return v === 1 || v === true || v === "true";
}

/** A bin edge rounded to two significant digits (whole days for dates, whole numbers for integers). */
function nice(v: number, feature: ContractFeature): number {
  if (feature.type === "date" || feature.type === "integer") return Math.floor(v);
  if (v === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.floor(v / scale) * scale;
}

const currencies = new Map<string, Intl.NumberFormat>();

/** A number in the feature's format: money in the contract's currency, percent, ISO date, or plain. */
export function formatNumber(contract: DatasetContract, feature: ContractFeature, v: number): string {
  const format =
    feature.format ?? (feature.type === "date" ? "date" : feature.type === "integer" ? "integer" : "number");
  switch (format) {
    case "currency": {
      const code = contract.revenue?.currency ?? "USD";
      let f = currencies.get(code);
      if (!f) {
        f = new Intl.NumberFormat("en-US", {
          style: "currency",
          currency: code,
          minimumFractionDigits: 0,
          maximumFractionDigits: 2,
        });
        currencies.set(code, f);
      }
      return f.format(v);
    }
    case "percent":
      return `${Math.round(v * 1000) / 10}%`;
    case "date":
      return new Date(Math.round(v) * 86_400_000).toISOString().slice(0, 10);
    case "integer":
      return Math.round(v).toLocaleString("en-US");
    default:
      return (Math.round(v * 100) / 100).toLocaleString("en-US");
  }
}

/** The contract's features a page charts: every feature, in the contract's order. */
export function chartedFeatures(contract: DatasetContract): ContractFeature[] {
  const excluded = new Set([contract.id.column, contract.label?.column, contract.experiment?.column]);
  return contract.features.filter((f) => !excluded.has(f.column));
}
