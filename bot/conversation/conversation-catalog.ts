import {
  featureDisplayLabel,
  isSimulatedColumn,
  presetContract,
  type ContractFeature,
  type DatasetContract,
} from "../../core/src/index.ts";
import { presetExtras } from "./preset-extras.ts";
import { snapshotMemo } from "./snapshot-memo.ts";

/** A column people may filter and segment by, as the data set's contract describes it. */
export interface ConversationColumn {
  /** The snapshot column ("international_plan", "band", "status"). */
  column: string;
  /** What replies call it in filters and hints ("international plan", "contract"). */
  name: string;
  /** Its label, capitalised as the contract writes it ("International plan", "Tenure (months)"). */
  label: string;
  /**
   * category: text values; boolean: stored 1/0, said with the contract's spellings or yes/no;
   * number: compared with < <= > >= =; date: stored as days since 1970, compared like numbers.
   */
  kind: "category" | "boolean" | "number" | "date";
  /** A category's values in their natural order; a boolean's words for [true, false]. */
  values: readonly string[];
  /** Whole numbers only (integer features, counts). */
  integer: boolean;
  /** Values made by the simulator, not read from the team's data. */
  simulated: boolean;
  /** The contract's display format ("currency" for money columns), when it gives one. */
  format: ContractFeature["format"] | null;
}

/** A filter or segment value: a category's text, a boolean's 1/0, or a number. */
export type CatalogValue = string | number;

/** Every column a conversation over one snapshot can name, and how to read names and values. */
export interface ConversationCatalog {
  /** The contract's name ("accounts", "simulated"). */
  dataset: string;
  /** Every data set is simulated (the demo). */
  simulated: boolean;
  /** Features, then the experiment arm (if declared), then band and status. */
  columns: readonly ConversationColumn[];
  /** The contract's segment columns, in contract order. */
  segments: readonly ConversationColumn[];
  /** Category columns whose values alone act as filters ("top at-risk students", "top at-risk CA"). */
  bare: readonly ConversationColumn[];
  /** The column a person means by `name` (case, spaces, punctuation ignored; label or column name). */
  column(name: string): ConversationColumn | undefined;
  /** The stored value `text` names, or the choices when it names none (or several). */
  value(column: ConversationColumn, text: string): CatalogValue | { choices: readonly string[] };
  /** A stored value in words: 1 → "Yes" for a boolean, a category's text as is. */
  display(column: ConversationColumn, value: unknown): string;
}

/** Lowercase letters and digits only: "Month-to-month" → "monthtomonth". */
export const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** "International plan" → "international plan"; "MRR" and "NPS score" keep their capitals. */
export function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

const BANDS = ["Low", "Medium", "High"] as const;
const STATUSES = ["current", "churned", "retained"] as const;
const YES = ["yes", "y", "true", "t", "1"];
const NO = ["no", "n", "false", "f", "0"];

/**
 * The conversation catalogue of a snapshot: every feature of its dataset contract (by column name
 * and by label), the experiment arm when the contract declares one, the risk band and the status.
 * Computed once per snapshot table. A snapshot with no recorded contract reads as the `simulated`
 * preset, whose friendly aliases ("plan", "payment") and value synonyms come along
 * (`preset-extras.ts`); no other contract gets them.
 *
 * @example
 * const catalog = conversationCatalog(snapshot);
 * catalog.column("customer service calls")?.column; // "number_customer_service_calls"
 */
export function conversationCatalog(snapshot: {
  table: { columnNames(): string[] };
  dataset: DatasetContract;
}): ConversationCatalog {
  return snapshotMemo(snapshot.table, "conversation-catalog", () => {
    const present = new Set(snapshot.table.columnNames());
    return catalogFromContract(snapshot.dataset, (c) => present.has(c));
  });
}

const presetCatalogs = new Map<string, ConversationCatalog>();

/** The catalogue of a shipped preset (the demo's is "simulated"): for parsing without a snapshot. */
export function presetCatalog(name: "simulated" | "telco"): ConversationCatalog {
  let catalog = presetCatalogs.get(name);
  if (!catalog) presetCatalogs.set(name, (catalog = catalogFromContract(presetContract(name))));
  return catalog;
}

/** The demo's columns (the `simulated` preset's catalogue), for callers without a snapshot. */
export const CONVERSATION_COLUMNS: readonly ConversationColumn[] = presetCatalog("simulated").columns;

/** The catalogue of `contract`; `present` keeps only the columns a table has (default: all). */
export function catalogFromContract(
  contract: DatasetContract,
  present: (column: string) => boolean = () => true,
): ConversationCatalog {
  const extras = presetExtras(contract.name);
  const columns: ConversationColumn[] = [];
  const base = (column: string, label: string) => ({
    column,
    name: extras?.aliases[column]?.[0] ?? lowerFirst(label),
    label,
    simulated: isSimulatedColumn(contract, column),
    format: null,
  });
  for (const f of contract.features) {
    if (!present(f.column)) continue;
    const label = featureDisplayLabel(f);
    // Named by the label without its unit ("account age", not "account age (days)").
    const named = base(f.column, f.label ?? f.column);
    const common = { ...named, label, format: f.format ?? null };
    if (f.type === "category") {
      columns.push({ ...common, kind: "category", values: f.values ?? [], integer: false });
    } else if (f.type === "boolean") {
      columns.push({
        ...common,
        kind: "boolean",
        values: [booleanWord(f.boolean?.true, "Yes"), booleanWord(f.boolean?.false, "No")],
        integer: true,
      });
    } else {
      columns.push({
        ...common,
        kind: f.type === "date" ? "date" : "number",
        values: [],
        integer: f.type === "integer" || f.format === "integer",
      });
    }
  }
  const experiment = contract.experiment;
  if (experiment && present(experiment.column) && !columns.some((c) => c.column === experiment.column)) {
    columns.push({
      ...base(experiment.column, "Experiment arm"),
      kind: "category",
      values: experiment.arms,
      integer: false,
    });
  }
  if (present("band"))
    columns.push({
      ...base("band", "Risk band"),
      name: "band",
      simulated: false,
      kind: "category",
      values: BANDS,
      integer: false,
    });
  if (present("status"))
    columns.push({
      ...base("status", "Status"),
      name: "status",
      simulated: false,
      kind: "category",
      values: STATUSES,
      integer: false,
    });

  const byKey = new Map<string, ConversationColumn>();
  const add = (key: string, c: ConversationColumn) => {
    const k = squash(key);
    if (k !== "" && !byKey.has(k)) byKey.set(k, c);
  };
  // Exact names first (column, label, label with unit), then the preset's aliases.
  for (const c of columns) {
    add(c.column, c);
    add(c.label, c);
    add(c.name, c);
    const f = contract.features.find((x) => x.column === c.column);
    if (f?.label) add(f.label, c);
  }
  for (const c of columns) for (const alias of extras?.aliases[c.column] ?? []) add(alias, c);

  const byColumn = new Map(columns.map((c) => [c.column, c]));
  const segments = contract.segments.flatMap((s) => byColumn.get(s) ?? []);
  const bare = extras
    ? extras.bare.flatMap((s) => byColumn.get(s) ?? [])
    : segments.filter((c) => c.kind === "category");

  const catalog: ConversationCatalog = {
    dataset: contract.name,
    simulated: contract.simulated === true,
    columns,
    segments,
    bare,
    column(name) {
      const key = squash(name);
      return byKey.get(key) ?? (key.endsWith("s") ? byKey.get(key.slice(0, -1)) : undefined);
    },
    value(column, text) {
      const key = squash(text);
      if (column.kind === "boolean") {
        const f = contract.features.find((x) => x.column === column.column);
        const yes = new Set([...YES, ...(f?.boolean?.true ?? []).map(squash), squash(column.values[0])]);
        const no = new Set([...NO, ...(f?.boolean?.false ?? []).map(squash), squash(column.values[1])]);
        if (yes.has(key) && !no.has(key)) return 1;
        if (no.has(key) && !yes.has(key)) return 0;
        return { choices: column.values };
      }
      const values = column.values;
      if (key === "") return { choices: values };
      const synonym = extras?.synonyms[column.column]?.[key];
      if (synonym) return synonym;
      const exact = values.filter((v) => squash(v) === key || squash(v) === key.replace(/s$/, ""));
      if (exact.length === 1) return exact[0];
      const prefixed = values.filter((v) => squash(v).startsWith(key));
      if (prefixed.length === 1) return prefixed[0];
      return { choices: values };
    },
    display(column, value) {
      if (value === null || value === undefined) return "–";
      if (column.kind === "boolean")
        return value === 1 || value === true ? column.values[0] : column.values[1];
      return String(value);
    },
  };
  return catalog;
}

/** A boolean's word: the contract's first spelling that is a word ("yes" → "Yes"), else `fallback`. */
function booleanWord(spellings: readonly string[] | undefined, fallback: string): string {
  const word = spellings?.find((s) => /[a-z]/i.test(s));
  return word ? word[0].toUpperCase() + word.slice(1) : fallback;
}
