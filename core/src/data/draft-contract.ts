import { CodedError } from "../errors/index.ts";
import { basename } from "node:path";
import { rocAuc } from "../model/metrics/auc.ts";
import {
  DEFAULT_FALSE,
  DEFAULT_ID_PATTERN,
  DEFAULT_TRUE,
  featureCellParser,
  isoDays,
} from "./contract-cells.ts";
import { DataFileError } from "./data-file-error.ts";
import type { DatasetContractInput, FeatureType } from "./dataset-contract.ts";
import type { CsvRecord } from "./read-csv-records.ts";
import { createReservoir } from "./reservoir-sample.ts";
import { seededRandom } from "./seeded-random.ts";

type FeatureInput = DatasetContractInput["features"][number];

export interface DraftOptions {
  /** The file's name in messages and in the draft's notes. */
  file: string;
  /** The contract's name (default: from the file name, e.g. "accounts" for accounts.csv). */
  name?: string;
  /** The id column (default: the one column unique in the sample with an id-like name). */
  id?: string;
  /** The label column (default: a two-valued column with a churn-like name, if there is one). */
  label?: string;
  /** The label value that means churned (default: the one that means yes/true/1/churned). */
  positive?: string;
  /**
   * Rows to look at (default 50,000): a seeded uniform sample of the whole file (reservoir), so
   * the same file always gives the same draft and a file sorted by date is not judged by its head.
   */
  sampleRows?: number;
}

/** A note on one decision, with the contract key it explains ("id", "label", "features.state", …). */
export interface DraftNote {
  /** `sample`, `id`, `label`, `revenue`, `owner`, `segments`, `leakage`, `actions`, `features.<column>` or `exclude.<column>`. */
  key: string;
  /** What the note is about, as printed before the colon: a role or a column name. */
  subject: string;
  text: string;
}

/** What {@link draftContract} guessed, and why. */
export interface ContractDraft {
  contract: DatasetContractInput;
  /** One line per decision: `id: account_id (unique in 5,000 rows, id-like name)`. */
  notes: string[];
  /** What a person should check before using the contract (likely leakage, rejected ids, …). */
  warnings: string[];
  /** The notes with the keys they explain (for comments beside those keys). */
  keyed: DraftNote[];
  /** What was read: data rows in the file, rows sampled, and how. */
  sample: { file: string; rows: number; sampled: number; method: "all" | "reservoir" };
}

export type DraftErrorCode =
  "no-id" | "ambiguous-id" | "unknown-column" | "ambiguous-label" | "bad-label" | "no-features";

/** A draft that cannot be made without the user's help (which id? which label?); the message says what to pass. */
export class DraftContractError extends CodedError<DraftErrorCode> {
  constructor(code: DraftErrorCode, message: string) {
    super(code, message);
    this.name = "DraftContractError";
  }
}

export const DEFAULT_SAMPLE_ROWS = 50_000;
/** A feature whose AUC alone reaches this is taken for leakage (it is known only after the outcome). */
export const LEAKAGE_AUC = 0.98;
/** Fewest labelled sample rows for the leakage check to mean anything. */
const MIN_LABELLED_FOR_LEAKAGE = 20;
const MAX_CATEGORY_VALUES = 50;
const MAX_SEGMENT_VALUES = 12;
const MAX_SEGMENTS = 5;
const SAMPLE_SEED = 0xd2af7;
/** Cell texts read as missing in typed (number, integer, date, boolean) columns, any case. */
const MISSING_TOKENS = new Set(["", "na", "n/a", "null", "nan", "-"]);
const TRUE_SPELLINGS = new Set(DEFAULT_TRUE);
const FALSE_SPELLINGS = new Set(DEFAULT_FALSE);

/**
 * Drafts a dataset contract from a sample of a file's records (the header first): guesses every
 * column's type, the id, the label and which value means churned, revenue, owner and segments,
 * keeps free text and likely leakage out of the model, and says why for each decision. No actions
 * are guessed: a team must say what it can change. The same records give the same draft.
 *
 * @example
 * const draft = await draftContract(readCsvRecords("accounts.csv"), { file: "accounts.csv" });
 * draft.contract.id; // { column: "account_id" }
 * draft.notes[1];    // "id: account_id (unique in 5,000 rows, id-like name)"
 */
export async function draftContract(
  records: AsyncIterable<CsvRecord>,
  options: DraftOptions,
): Promise<ContractDraft> {
  const { file } = options;
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  if (!Number.isInteger(sampleRows) || sampleRows < 1)
    throw new RangeError(`invalid sample size: ${sampleRows}`);

  const iterator = records[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataFileError("empty", file, `empty file: ${JSON.stringify(file)}`);
  const header = first.value.cells.map((c) => c.trim());
  checkHeader(header, file);

  const reservoir = createReservoir<string[]>(sampleRows, seededRandom(SAMPLE_SEED));
  let ragged = 0;
  let firstRaggedLine = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const { line, cells } = next.value;
    if (cells.length !== header.length) {
      if (ragged++ === 0) firstRaggedLine = line;
      continue;
    }
    reservoir.offer(cells);
  }
  const rows = reservoir.items().map((cells) => cells.map((c) => c.trim()));
  if (rows.length === 0) {
    if (ragged > 0)
      throw new DataFileError(
        "malformed-csv",
        file,
        `no usable rows in ${JSON.stringify(file)}: every row has a different number of fields than the header`,
        { line: firstRaggedLine },
      );
    throw new DataFileError("header-only", file, `no data rows: ${JSON.stringify(file)} has only a header`, {
      line: 1,
    });
  }

  const keyed: DraftNote[] = [];
  const warnings: string[] = [];
  const note = (key: string, subject: string, text: string) => keyed.push({ key, subject, text });
  const n = rows.length;
  const total = reservoir.seen + ragged;
  const method = reservoir.seen > n ? "reservoir" : "all";
  note(
    "sample",
    "sample",
    method === "all"
      ? `${count(n)} rows (the whole file)`
      : `${count(n)} of ${count(reservoir.seen)} rows (a seeded uniform sample: the same file gives the same draft)`,
  );
  if (ragged > 0)
    warnings.push(
      `${count(ragged)} ${ragged === 1 ? "row has" : "rows have"} a different number of fields than the header (first on line ${firstRaggedLine}): not sampled; data validate will reject them`,
    );

  const columns = header.map((name, index) => ({ name, index }));
  const usable = columns.filter((c) => {
    if (c.name === "") {
      warnings.push(`column ${c.index + 1} has no name: left out (a contract can only name named columns)`);
      return false;
    }
    if (c.name.length > 128) {
      warnings.push(
        `column ${c.index + 1} has a name longer than 128 characters: left out (rename it to use it)`,
      );
      return false;
    }
    return true;
  });
  const byName = new Map(usable.map((c) => [c.name, c]));
  const requireColumn = (name: string, flag: string) => {
    const column = byName.get(name.trim());
    if (!column)
      throw new DraftContractError(
        "unknown-column",
        `${flag} ${JSON.stringify(name)}: no such column in ${JSON.stringify(file)} (columns: ${listNames(usable.map((c) => c.name))})`,
      );
    return column;
  };

  const cellsOf = (index: number) => rows.map((r) => r[index]);

  // The id.
  let idColumn: { name: string; index: number };
  if (options.id !== undefined) {
    idColumn = requireColumn(options.id, "--id");
    const repeated = repeatedValues(cellsOf(idColumn.index));
    note(
      "id",
      "id",
      `${idColumn.name} (from --id; ${repeated === 0 ? `unique in ${count(n)} rows` : `${count(repeated)} repeated ${repeated === 1 ? "value" : "values"} in ${count(n)} rows`})`,
    );
    if (repeated > 0)
      warnings.push(
        `id ${idColumn.name}: ${count(repeated)} ${repeated === 1 ? "value is" : "values are"} repeated in the sample: data validate will reject every repeat`,
      );
  } else {
    const idLike = usable.filter((c) => isIdLikeName(c.name));
    const unique = idLike.filter((c) => isUnique(cellsOf(c.index)));
    if (unique.length === 1) {
      idColumn = unique[0];
      note("id", "id", `${idColumn.name} (unique in ${count(n)} rows, id-like name)`);
    } else if (unique.length > 1) {
      throw new DraftContractError(
        "ambiguous-id",
        `more than one id column: ${listNames(unique.map((c) => c.name))} are each unique with an id-like name; pass --id COL`,
      );
    } else {
      const near = idLike.map((c) => `${c.name} (${describeRepeats(cellsOf(c.index))})`);
      const uniqueOther = usable
        .filter((c) => !isIdLikeName(c.name) && isUnique(cellsOf(c.index)))
        .map((c) => c.name);
      throw new DraftContractError(
        "no-id",
        `no id column in ${JSON.stringify(file)}: no column is unique with an id-like name (id, *_id, customer, account, …)` +
          (near.length > 0 ? `; id-like but not unique: ${near.join(", ")}` : "") +
          (uniqueOther.length > 0 ? `; unique: ${listNames(uniqueOther)}` : "") +
          "; pass --id COL",
      );
    }
  }
  const badIds = cellsOf(idColumn.index).filter(
    (id) => id === "" || id.length > 64 || !new RegExp(DEFAULT_ID_PATTERN).test(id),
  );
  if (badIds.length > 0)
    warnings.push(
      `id ${idColumn.name}: ${count(badIds.length)} sampled ${badIds.length === 1 ? "id breaks" : "ids break"} the default id rule (1–64 letters, digits and - _ . @ : +), e.g. ${JSON.stringify(badIds[0])}: data validate will reject them unless id.pattern allows them`,
    );

  // Every other column's type (the label's too: it is judged as a two-valued column below).
  const profiles = new Map<string, ColumnGuess>();
  for (const c of usable)
    if (c.name !== idColumn.name) profiles.set(c.name, guessColumn(c.name, cellsOf(c.index)));

  // The label.
  let label: { column: string; index: number; churned: string[]; retained: string[] } | undefined;
  if (options.label !== undefined) {
    const column = requireColumn(options.label, "--label");
    if (column.name === idColumn.name)
      throw new DraftContractError("bad-label", `--label ${JSON.stringify(options.label)} is the id column`);
    const groups = labelGroups(cellsOf(column.index));
    if (groups.length !== 2)
      throw new DraftContractError(
        "bad-label",
        `label ${column.name} has ${groups.length} ${groups.length === 1 ? "value" : "values"} (${listNames(
          groups.flatMap((g) => g.spellings),
          8,
          true,
        )}): a label needs two, churned and retained (blank = a current customer)`,
      );
    label = { ...column, ...pickChurned(column.name, groups, options.positive, "from --label", note) };
  } else {
    const candidates = usable.filter(
      (c) =>
        c.name !== idColumn.name && isChurnLikeName(c.name) && labelGroups(cellsOf(c.index)).length === 2,
    );
    if (candidates.length > 1)
      throw new DraftContractError(
        "ambiguous-label",
        `more than one label column: ${listNames(candidates.map((c) => c.name))} each have two values and a churn-like name; pass --label COL`,
      );
    if (candidates.length === 1) {
      const column = candidates[0];
      label = {
        ...column,
        ...pickChurned(
          column.name,
          labelGroups(cellsOf(column.index)),
          options.positive,
          "two values, churn-like name",
          note,
        ),
      };
    } else {
      if (options.positive !== undefined)
        throw new DraftContractError(
          "bad-label",
          `--positive ${JSON.stringify(options.positive)} needs a label column, and none was found (a two-valued column with a churn-like name); pass --label COL`,
        );
      note(
        "label",
        "label",
        "none (no two-valued column with a churn-like name: every row is a current customer; pass --label COL if the file has one)",
      );
    }
  }
  if (label) {
    const blank = cellsOf(label.index).filter((v) => v === "").length;
    if (blank > 0)
      keyed.at(-1)!.text +=
        `; ${count(blank)} blank ${blank === 1 ? "row is a current customer" : "rows are current customers"} (no outcome yet)`;
    profiles.delete(label.column);
  }

  // Owner: a person's name, shown and grouped by, never learned from.
  const ownerColumn = usable.find(
    (c) =>
      profiles.has(c.name) &&
      isOwnerLikeName(c.name) &&
      profiles.get(c.name)!.kind !== "constant" &&
      profiles.get(c.name)!.kind !== "empty",
  );
  if (ownerColumn) {
    profiles.delete(ownerColumn.name);
    note(
      "owner",
      "owner",
      `${ownerColumn.name} (named like an account owner; shown and grouped by, not a model input)`,
    );
  } else note("owner", "owner", "none (no column named like owner, csm, account_manager or rep)");

  // Leakage: each candidate's AUC alone against the label, on the labelled sample rows.
  const auc = new Map<string, number>();
  if (label) {
    const churned = new Set(label.churned);
    const retained = new Set(label.retained);
    const labelled: number[] = [];
    const y: number[] = [];
    rows.forEach((r, i) => {
      const v = r[label!.index];
      if (churned.has(v) || retained.has(v)) {
        labelled.push(i);
        y.push(churned.has(v) ? 1 : 0);
      }
    });
    const positives = y.filter((v) => v === 1).length;
    if (labelled.length < MIN_LABELLED_FOR_LEAKAGE || positives === 0 || positives === labelled.length) {
      note(
        "leakage",
        "leakage",
        `not checked (${count(positives)} churned and ${count(labelled.length - positives)} retained rows in the sample)`,
      );
    } else {
      for (const c of usable) {
        const g = profiles.get(c.name);
        if (g?.kind !== "feature") continue;
        auc.set(
          c.name,
          aucAlone(
            g,
            labelled.map((i) => rows[i][c.index]),
            y,
          ),
        );
      }
      const leaks = [...auc.values()].filter((a) => a >= LEAKAGE_AUC).length;
      note(
        "leakage",
        "leakage",
        `each feature's AUC alone against ${label.column} on ${count(labelled.length)} labelled rows; ` +
          (leaks === 0
            ? `none reaches ${LEAKAGE_AUC}`
            : `${leaks} at ${LEAKAGE_AUC} or more ${leaks === 1 ? "is" : "are"} excluded`),
      );
    }
  } else note("leakage", "leakage", "not checked (no label)");

  // Features and exclusions, in file order.
  const features: FeatureInput[] = [];
  const exclude: Array<{ column: string; reason: string }> = [];
  for (const c of usable) {
    const g = profiles.get(c.name);
    if (!g) continue;
    for (const w of g.warnings) warnings.push(`${c.name}: ${w}`);
    if (g.kind !== "feature") {
      exclude.push({ column: c.name, reason: g.reason });
      note(`exclude.${c.name}`, c.name, `excluded, ${g.detail}`);
      continue;
    }
    const a = auc.get(c.name);
    const declaration = featureDeclaration(c.name, g);
    if (a !== undefined && a >= LEAKAGE_AUC) {
      exclude.push({
        column: c.name,
        reason: `likely leakage: predicts the label alone (AUC ${a.toFixed(2)})`,
      });
      note(`exclude.${c.name}`, c.name, `excluded, likely leakage (${g.type}; AUC ${a.toFixed(2)} alone)`);
      warnings.push(
        `${c.name} predicts ${label!.column} alone (AUC ${a.toFixed(2)}): left out as likely leakage (a value known only once a customer has left?). ` +
          `If it is known before a customer churns, move it from exclude to features as ${JSON.stringify(minimalFeature(declaration))}`,
      );
      continue;
    }
    features.push(declaration);
    note(`features.${c.name}`, c.name, g.summary + (a === undefined ? "" : `; AUC ${a.toFixed(2)} alone`));
  }
  if (features.length === 0)
    throw new DraftContractError(
      "no-features",
      `no column of ${JSON.stringify(file)} can be a model input` +
        (exclude.length > 0
          ? ` (excluded: ${exclude.map((e) => `${e.column}: ${e.reason}`).join("; ")})`
          : ""),
    );

  // Revenue: a monthly amount per customer.
  const revenueColumn = pickRevenue(features);
  if (revenueColumn) {
    const i = features.findIndex((x) => x.column === revenueColumn);
    features[i] = featureDeclaration(
      revenueColumn,
      profiles.get(revenueColumn) as Extract<ColumnGuess, { kind: "feature" }>,
      "currency",
    );
    note(
      "revenue",
      "revenue",
      `${revenueColumn} (a numeric column named like ${revenueKind(revenueColumn)}; currency USD assumed: change it if not)`,
    );
  } else
    note(
      "revenue",
      "revenue",
      "none (no numeric column named like monthly charges, mrr, revenue, fee or arpu)",
    );

  // Segments: the first few small categories and booleans, in file order.
  const segments = features
    .filter(
      (f) =>
        f.type === "boolean" ||
        (f.type === "category" && f.values!.length >= 2 && f.values!.length <= MAX_SEGMENT_VALUES),
    )
    .slice(0, MAX_SEGMENTS)
    .map((f) => f.column);
  note(
    "segments",
    "segments",
    segments.length > 0
      ? `${segments.join(", ")} (the first ${segments.length === 1 ? "category or boolean column" : `${segments.length} category and boolean columns`} with 2–${MAX_SEGMENT_VALUES} values)`
      : `none (no category or boolean column with 2–${MAX_SEGMENT_VALUES} values)`,
  );
  note("actions", "actions", "none guessed (a team must say what it can change): see the commented example");

  const contract: DatasetContractInput = {
    contract: 1,
    name: contractName(options.name ?? file),
    id: { column: idColumn.name },
    ...(label ? { label: { column: label.column, churned: label.churned, retained: label.retained } } : {}),
    ...(revenueColumn ? { revenue: { column: revenueColumn, currency: "USD" } } : {}),
    ...(ownerColumn ? { owner: { column: ownerColumn.name } } : {}),
    segments,
    features,
    ...(exclude.length > 0 ? { exclude } : {}),
  };
  const order = ["sample", "id", "label", "revenue", "owner", "segments", "leakage"];
  const rank = (k: DraftNote) => {
    const i = order.indexOf(k.key);
    if (i >= 0) return i;
    if (k.key === "actions") return order.length + 1;
    return order.length;
  };
  // Roles first, then columns in file order, then actions (the sort is stable).
  const sorted = keyed.toSorted((a, b) => rank(a) - rank(b));
  return {
    contract,
    notes: sorted.map((k) => `${k.subject}: ${k.text}`),
    warnings,
    keyed: sorted,
    sample: { file, rows: total, sampled: n, method },
  };
}

// ---------------------------------------------------------------------------------------------
// Column types

type ColumnGuess =
  | {
      kind: "feature";
      type: FeatureType;
      /** Category values (sorted) or boolean spellings. */
      values?: string[];
      boolean?: { true: string[]; false: string[] };
      /** Missing spellings beyond the empty cell, as the file writes them. */
      missing: string[];
      nonNegative: boolean;
      summary: string;
      warnings: string[];
    }
  | { kind: "exclude" | "constant" | "empty"; reason: string; detail: string; warnings: string[] };

function guessColumn(name: string, cells: string[]): ColumnGuess {
  const counts = new Map<string, number>();
  let blanks = 0;
  for (const v of cells) {
    if (v === "") blanks++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const n = cells.length;
  if (counts.size === 0)
    return {
      kind: "empty",
      reason: "always empty in the sample",
      detail: "always empty in the sample",
      warnings: [],
    };
  const blankNote = blanks > 0 ? `; blank in ${count(blanks)} rows (kept as missing)` : "";

  // Typed columns may spell missing as NA, null, - …
  const missingSpellings = [...counts.keys()]
    .filter((v) => MISSING_TOKENS.has(v.toLowerCase()))
    .sort(compareText);
  const present = [...counts.keys()].filter((v) => !MISSING_TOKENS.has(v.toLowerCase()));
  const missingRows = blanks + missingSpellings.reduce((s, v) => s + counts.get(v)!, 0);
  const missingNote =
    missingSpellings.length > 0
      ? `; missing in ${count(missingRows)} rows (${["", ...missingSpellings].map((v) => JSON.stringify(v)).join(", ")})`
      : blankNote;
  const constant = (value: string): ColumnGuess => ({
    kind: "constant",
    reason: "the same value in every sampled row",
    detail: `the same value in every sampled row (${JSON.stringify(value)})`,
    warnings: [],
  });

  if (present.length > 0) {
    const lower = new Set(present.map((v) => v.toLowerCase()));
    if ([...lower].every((v) => TRUE_SPELLINGS.has(v) || FALSE_SPELLINGS.has(v))) {
      const t = present.filter((v) => TRUE_SPELLINGS.has(v.toLowerCase())).sort(compareText);
      const f = present.filter((v) => FALSE_SPELLINGS.has(v.toLowerCase())).sort(compareText);
      if (t.length > 0 && f.length > 0)
        return {
          kind: "feature",
          type: "boolean",
          boolean: { true: t, false: f },
          missing: missingSpellings,
          nonNegative: false,
          summary: `boolean (${[...t, ...f].map((v) => JSON.stringify(v)).join(" / ")})${missingNote}`,
          warnings: [],
        };
    }
    const looksLikeCode = isCodeLikeName(name) || present.some((v) => /^[+-]?0\d/.test(v));
    const integer = featureCellParser({ column: name, type: "integer" });
    const number = featureCellParser({ column: name, type: "number" });
    const numeric = (parse: typeof integer) =>
      present.every((v) => {
        const r = parse(v);
        return r.ok && (parse !== integer || Number.isSafeInteger(r.value));
      });
    const type: FeatureType | undefined = looksLikeCode
      ? undefined
      : numeric(integer)
        ? "integer"
        : numeric(number)
          ? "number"
          : present.every((v) => !Number.isNaN(isoDays(v)))
            ? "date"
            : undefined;
    if (type) {
      if (present.length === 1 && missingRows === 0) return constant(present[0]);
      const value = (v: string) => (type === "date" ? isoDays(v) : Number(v));
      let lo = present[0];
      let hi = present[0];
      for (const v of present) {
        if (value(v) < value(lo) || (value(v) === value(lo) && compareText(v, lo) < 0)) lo = v;
        if (value(v) > value(hi) || (value(v) === value(hi) && compareText(v, hi) < 0)) hi = v;
      }
      const nonNegative = type !== "date" && value(lo) >= 0;
      const distinct = present.length;
      if (type === "integer" && distinct === n && n >= 100)
        return {
          kind: "exclude",
          reason: "unique in every sampled row: an identifier or row number, not a model input",
          detail: `unique in every sampled row (an identifier or row number?)`,
          warnings: [],
        };
      return {
        kind: "feature",
        type,
        missing: missingSpellings,
        nonNegative,
        summary: `${type}${nonNegative ? ", min 0" : ""} (seen ${lo} to ${hi})${missingNote}`,
        warnings: [],
      };
    }
  }

  // Text: a category when its values are few and repeated, otherwise free text.
  const values = [...counts.keys()].sort(compareText);
  const nonBlank = n - blanks;
  if (values.length === 1 && blanks === 0) return constant(values[0]);
  const warnings: string[] = [];
  const number = featureCellParser({ column: name, type: "number" });
  const odd = values.filter((v) => !number(v).ok);
  const oddRows = odd.reduce((s, v) => s + counts.get(v)!, 0);
  const mixed = odd.length > 0 && odd.length <= 3 && oddRows <= 0.05 * nonBlank && !isCodeLikeName(name);
  if (mixed)
    warnings.push(
      `numbers except ${odd.map((v) => JSON.stringify(v)).join(", ")} (${count(oddRows)} ${oddRows === 1 ? "row" : "rows"}): read as text; ` +
        "if those mean missing, make it a number feature and list them under missing.values",
    );
  const symbols = values.filter(
    (v) => /^[-+]?[$€£¥]?\s?[-+]?\d[\d,]*(\.\d+)?\s?%?$/.test(v) && !/^[-+]?\d+(\.\d+)?$/.test(v),
  );
  if (
    symbols.length > 0 &&
    symbols.length + values.filter((v) => /^[-+]?\d+(\.\d+)?$/.test(v)).length === values.length &&
    !isCodeLikeName(name)
  )
    warnings.push(
      `numbers written with symbols (e.g. ${JSON.stringify(symbols[0])}): read as text; export plain numbers to use it as a number`,
    );
  const dates = values.filter((v) => /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}( .*)?$/.test(v));
  if (dates.length === values.length)
    warnings.push(
      `dates not in ISO form (e.g. ${JSON.stringify(dates[0])}): read as text; export them as YYYY-MM-DD to use them as dates`,
    );
  if (values.length <= MAX_CATEGORY_VALUES && values.length * 2 <= nonBlank) {
    const why = isCodeLikeName(name) || values.some((v) => /^[+-]?0\d/.test(v)) ? "a code, " : "";
    return {
      kind: "feature",
      type: "category",
      values,
      missing: [],
      nonNegative: false,
      summary: `category (${why}${values.length} values)${blankNote}`,
      warnings,
    };
  }
  const code = isCodeLikeName(name) || values.every((v) => /^\d+$/.test(v));
  const reason = mixed
    ? "numbers mixed with text"
    : code
      ? "a code with too many values for a category"
      : "free text";
  return {
    kind: "exclude",
    reason,
    detail: `${reason} (${count(values.length)} distinct values in ${count(nonBlank)} rows)`,
    warnings,
  };
}

function featureDeclaration(
  column: string,
  g: Extract<ColumnGuess, { kind: "feature" }>,
  format?: FeatureInput["format"],
): FeatureInput {
  const label = humanLabel(column);
  const f: FeatureInput = { column, type: g.type, label, ...(format ? { format } : {}) };
  if (g.type === "category") f.values = g.values;
  if ((g.type === "number" || g.type === "integer") && g.nonNegative) f.min = 0;
  if (g.type === "boolean") f.boolean = g.boolean;
  if (g.missing.length > 0) f.missing = { values: ["", ...g.missing] };
  if (g.type === "boolean") f.phrases = { true: `${label}: yes`, false: `${label}: no` };
  else if (g.type === "category") f.phrase = `${label} {value}`;
  else f.phrase = `${label}: {value}`;
  return f;
}

/** The least a declaration needs to validate (for the "put it back" hint). */
function minimalFeature(f: FeatureInput): FeatureInput {
  const { column, type, values, boolean, min, missing } = f;
  return {
    column,
    type,
    ...(values ? { values } : {}),
    ...(boolean ? { boolean } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(missing ? { missing } : {}),
  };
}

/** Strength of one column alone against the label: max(AUC, 1 − AUC); missing is a value of its own. */
function aucAlone(g: Extract<ColumnGuess, { kind: "feature" }>, cells: string[], y: number[]): number {
  const missing = new Set(["", ...g.missing]);
  if (g.type === "number" || g.type === "integer" || g.type === "date") {
    const value = (v: string) => (g.type === "date" ? isoDays(v) : Number(v));
    const strength = (fill: number) => {
      const a = rocAuc(
        y,
        cells.map((v) => (missing.has(v) ? fill : value(v))),
      );
      return Math.max(a, 1 - a);
    };
    // Missing sorted below everything, then above: either way can be what gives a leak away.
    return cells.some((v) => missing.has(v))
      ? Math.max(strength(-Infinity), strength(Infinity))
      : strength(0);
  }
  const key = (v: string) =>
    missing.has(v) ? "\u0000missing" : g.type === "boolean" ? String(TRUE_SPELLINGS.has(v.toLowerCase())) : v;
  const totals = new Map<string, { rows: number; churned: number }>();
  cells.forEach((v, i) => {
    const t = totals.get(key(v)) ?? { rows: 0, churned: 0 };
    t.rows++;
    t.churned += y[i];
    totals.set(key(v), t);
  });
  const a = rocAuc(
    y,
    cells.map((v) => totals.get(key(v))!.churned / totals.get(key(v))!.rows),
  );
  return Math.max(a, 1 - a);
}

// ---------------------------------------------------------------------------------------------
// The label

interface LabelGroup {
  /** Lowercase form shared by the spellings. */
  key: string;
  spellings: string[];
}

/** The label's non-blank values, grouped case-insensitively ("Yes" and "yes" are one value). */
function labelGroups(cells: string[]): LabelGroup[] {
  const groups = new Map<string, Set<string>>();
  for (const v of cells) {
    if (v === "") continue;
    const k = v.toLowerCase();
    if (!groups.has(k)) groups.set(k, new Set());
    groups.get(k)!.add(v);
  }
  return [...groups.entries()]
    .map(([key, s]) => ({ key, spellings: [...s].sort(compareText) }))
    .sort((a, b) => compareText(a.key, b.key));
}

const CHURNED_WORDS = new Set([
  "churn",
  "churned",
  "left",
  "exited",
  "cancelled",
  "canceled",
  "attrited",
  "lost",
  "lapsed",
  "closed",
  "terminated",
]);
const RETAINED_WORDS = new Set(["retained", "stayed", "active", "existing", "current", "renewed", "open"]);

function pickChurned(
  column: string,
  groups: LabelGroup[],
  positive: string | undefined,
  why: string,
  note: (key: string, subject: string, text: string) => void,
): { column: string; churned: string[]; retained: string[] } {
  let churnedIndex: number;
  let how: string;
  if (positive !== undefined) {
    churnedIndex = groups.findIndex((g) => g.key === positive.trim().toLowerCase());
    if (churnedIndex < 0)
      throw new DraftContractError(
        "bad-label",
        `--positive ${JSON.stringify(positive)} is not a value of ${column} (values: ${groups
          .flatMap((g) => g.spellings)
          .map((v) => JSON.stringify(v))
          .join(", ")})`,
      );
    how = "from --positive";
  } else {
    const yes = groups.map((g) => {
      const words = nameTokens(g.key);
      if (TRUE_SPELLINGS.has(g.key) || words.some((w) => CHURNED_WORDS.has(w))) return 1;
      if (FALSE_SPELLINGS.has(g.key) || words.some((w) => RETAINED_WORDS.has(w))) return 0;
      return -1;
    });
    const yesCount = yes.filter((v) => v === 1).length;
    const noCount = yes.filter((v) => v === 0).length;
    if (yesCount === 1) {
      churnedIndex = yes.indexOf(1);
      const k = groups[churnedIndex].key;
      how = TRUE_SPELLINGS.has(k)
        ? `the value that means ${k === "1" ? "true" : k}`
        : "the value that means churned";
    } else if (yesCount === 0 && noCount === 1) {
      churnedIndex = 1 - yes.indexOf(0);
      how = "the value that does not mean retained";
    } else
      throw new DraftContractError(
        "bad-label",
        `cannot tell which value of ${column} means churned (${groups
          .flatMap((g) => g.spellings)
          .map((v) => JSON.stringify(v))
          .join(", ")}); pass --positive VALUE`,
      );
  }
  const churned = groups[churnedIndex].spellings;
  const retained = groups[1 - churnedIndex].spellings;
  const quote = (vs: string[]) => vs.map((v) => JSON.stringify(v)).join(", ");
  note(
    "label",
    "label",
    `${column} (${why}); churned = ${quote(churned)} (${how}), retained = ${quote(retained)}`,
  );
  return { column, churned, retained };
}

// ---------------------------------------------------------------------------------------------
// Names

/** Lowercase words of a column name: "customerID" → customer id, "Total_Day-Minutes" → total day minutes. */
function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const ID_ENTITIES = new Set(["account", "customer", "user", "client", "subscriber", "member", "contact"]);
const ID_SUFFIXES = new Set(["number", "no", "num", "code", "ref", "key", "nr"]);

function isIdLikeName(name: string): boolean {
  const t = nameTokens(name);
  if (t.length === 0) return false;
  const last = t.at(-1)!;
  if (last === "id" || last === "uuid" || last === "guid" || last === "ids") return true;
  if (t.length === 1 && ID_ENTITIES.has(t[0])) return true;
  return t.length === 2 && ID_ENTITIES.has(t[0]) && ID_SUFFIXES.has(t[1]);
}

const CHURN_NAMES = new Set([
  "churn",
  "churned",
  "churning",
  "exited",
  "attrition",
  "attrited",
  "cancelled",
  "canceled",
  "left",
  "lapsed",
  "defected",
]);

function isChurnLikeName(name: string): boolean {
  return nameTokens(name).some((w) => CHURN_NAMES.has(w));
}

function isOwnerLikeName(name: string): boolean {
  const t = nameTokens(name);
  if (t.some((w) => w === "owner" || w === "csm" || w === "rep" || w === "representative")) return true;
  return t.includes("manager") && (t.includes("account") || t.includes("success") || t.length === 1);
}

function isCodeLikeName(name: string): boolean {
  return nameTokens(name).some(
    (w) => w === "code" || w === "zip" || w === "zipcode" || w === "postcode" || w === "postal",
  );
}

const NOT_MONTHLY = new Set(["total", "lifetime", "annual", "yearly", "cumulative", "ltv"]);

/** 0 mrr, 1 monthly charges, 2 arpu, 3 revenue, 4 fee; undefined when not revenue-like. */
function revenueRank(name: string): number | undefined {
  const t = nameTokens(name);
  if (t.some((w) => NOT_MONTHLY.has(w))) return undefined;
  if (t.includes("mrr")) return 0;
  if (
    (t.includes("monthly") || t.includes("month")) &&
    t.some((w) => ["charge", "charges", "price", "bill", "amount", "spend", "payment"].includes(w))
  )
    return 1;
  if (t.includes("arpu")) return 2;
  if (t.includes("revenue")) return 3;
  if (t.includes("fee") || t.includes("fees")) return 4;
  return undefined;
}

function revenueKind(name: string): string {
  return ["mrr", "monthly charges", "arpu", "revenue", "a fee"][revenueRank(name)!];
}

function pickRevenue(features: FeatureInput[]): string | undefined {
  let best: { column: string; rank: number } | undefined;
  for (const f of features) {
    if (f.type !== "number" && f.type !== "integer") continue;
    const rank = revenueRank(f.column);
    if (rank !== undefined && (best === undefined || rank < best.rank)) best = { column: f.column, rank };
  }
  return best?.column;
}

/**
 * A label people read: "number_customer_service_calls" → "Number customer service calls",
 * "MonthlyCharges" → "Monthly charges", "customerID" → "Customer ID" (acronyms stay).
 */
export function humanLabel(column: string): string {
  const words = column
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()));
  if (words.length === 0) return column;
  const head = words[0];
  return [head[0].toUpperCase() + head.slice(1), ...words.slice(1)].join(" ");
}

/** A contract name from a file name: "Accounts 2026.csv" → "accounts-2026". */
function contractName(source: string): string {
  const stem = basename(source).replace(/(\.[A-Za-z0-9]{1,8})+$/, "");
  const name = stem
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 64)
    .replace(/[-_]+$/, "");
  return name === "" ? "dataset" : name;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function checkHeader(header: string[], file: string): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const c of header) {
    if (c !== "" && seen.has(c)) duplicates.add(c);
    seen.add(c);
  }
  if (duplicates.size > 0)
    throw new DataFileError(
      "duplicate-columns",
      file,
      `duplicate column names in ${JSON.stringify(file)}: ${[...duplicates].map((c) => JSON.stringify(c)).join(", ")}`,
      { line: 1 },
    );
}

/** Every cell filled and different. */
function isUnique(cells: string[]): boolean {
  return !cells.includes("") && new Set(cells).size === cells.length;
}

/** How many values occur more than once (blanks count as repeats of each other). */
function repeatedValues(cells: string[]): number {
  const counts = new Map<string, number>();
  for (const v of cells) counts.set(v, (counts.get(v) ?? 0) + 1);
  let repeated = 0;
  for (const c of counts.values()) if (c > 1) repeated++;
  return repeated;
}

function describeRepeats(cells: string[]): string {
  const blanks = cells.filter((v) => v === "").length;
  if (blanks > 0) return `${count(blanks)} blank`;
  const r = repeatedValues(cells);
  return `${count(r)} repeated ${r === 1 ? "value" : "values"}`;
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 5000 → "5,000" (fixed, not locale-dependent). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function listNames(names: string[], max = 10, quote = false): string {
  const shown = names.slice(0, max).map((v) => (quote ? JSON.stringify(v) : v));
  return shown.join(", ") + (names.length > max ? `, … (${names.length - max} more)` : "");
}
