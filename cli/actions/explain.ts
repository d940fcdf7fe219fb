/**
 * `engagetrack explain --model <dir> --data <csv> [--id <customerID>] [--json]`: exact TreeSHAP per
 * customer. `--json` prints `[{id, margin, probability, base_value, contributions: {<feature>: value}}]`
 * with the model's own feature names; the summary adds the drivers in words and what-if actions.
 */
import type { CliIo } from "../cli-io.ts";
import { displaySafe } from "../../core/src/data/index.ts";
import type { Customer } from "../../core/src/data/schema.ts";
import { treeShap } from "../../core/src/explain/tree-shap.ts";
import { encodeColumns } from "../../core/src/features/index.ts";
import { explainCustomer, type ChurnModel } from "../../core/src/score/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { inputProblems, readCustomerInput } from "../customer-input.ts";
import { columnsSpec, inputLayout, openModelForCli, readNamedRows } from "../model-input.ts";
import { datasetOption, readContractInput } from "../dataset-input.ts";

interface ExplainOptions {
  model: string;
  data: string;
  dataset?: string;
  table?: string;
  query?: string;
  id?: string;
  json?: boolean;
  limit: string;
}

interface ExplainedRow {
  id: string;
  margin: number;
  probability: number;
  base_value: number;
  contributions: Record<string, number>;
}

export async function action(io: CliIo, options: ExplainOptions): Promise<number | void> {
  const model = await openModelForCli(options.model);
  try {
    const out = model.contract
      ? await explainContractCustomers(model, options)
      : (await inputLayout(model, options.data)) === "customers"
        ? await explainCustomers(model, options)
        : await explainColumns(model, options);
    io.stdout.write(options.json ? `${JSON.stringify(out.rows, null, 2)}\n` : `${out.text.join("\n")}\n`);
    return out.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
  } finally {
    await model.release();
  }
}

async function explainCustomers(model: ChurnModel, options: ExplainOptions) {
  const picked: Customer[] = [];
  const summary = await readCustomerInput(
    options.data,
    (customers) => {
      for (const c of customers) if (options.id === undefined || c.customerID === options.id) picked.push(c);
    },
    { quiet: true, quarantine: false },
  );
  if (options.id !== undefined && picked.length === 0) {
    throw new CliError(
      "unknown-customer",
      `no customer ${JSON.stringify(displaySafe(options.id))} in ${options.data}`,
    );
  }
  const rows: ExplainedRow[] = [];
  const text: string[] = [];
  const limit = options.id ? 1 : Math.max(0, Number(options.limit) || 0);
  for (const [i, c] of picked.entries()) {
    if (!options.json && i >= limit) break;
    const e = await explainCustomer(model, c);
    rows.push({
      id: c.customerID,
      margin: e.margin,
      probability: e.probability,
      base_value: e.baseValue,
      contributions: e.contributions,
    });
    text.push(
      `${displaySafe(c.customerID)}: ${e.sentence}`,
      `  drivers (log-odds): ${e.drivers.map((d) => `${displaySafe(d.label)} ${d.value >= 0 ? "+" : ""}${d.value.toFixed(2)}`).join(", ")}`,
      ...e.whatIf.slice(0, 3).map((w) => `  what if: ${w.action}: ${pct(w.before)} → ${pct(w.after)}`),
    );
  }
  if (!options.id && picked.length > limit && !options.json)
    text.push(`... ${picked.length - limit} more (use --id or --json)`);
  return { rows, text: [...text, ...inputProblems(summary)], rejected: summary.rejected };
}

/** Customers of a model trained under a dataset contract, read by that contract (or --dataset). */
async function explainContractCustomers(model: ChurnModel, options: ExplainOptions) {
  const contract = options.dataset ? (await datasetOption(options.dataset)).contract : model.contract!;
  const idColumn = contract.id.column;
  const picked: Customer[] = [];
  const source = { table: options.table, query: options.query };
  const summary = await readContractInput(
    options.data,
    contract,
    (rows) => {
      for (const r of rows)
        if (options.id === undefined || r[idColumn] === options.id) picked.push(r as unknown as Customer);
    },
    { ...source, quiet: true, quarantine: false },
  );
  if (options.id !== undefined && picked.length === 0)
    throw new CliError(
      "unknown-customer",
      `no customer ${JSON.stringify(displaySafe(options.id))} in ${options.data}`,
    );
  const rows: ExplainedRow[] = [];
  const text: string[] = [];
  const limit = options.id ? 1 : Math.max(0, Number(options.limit) || 0);
  for (const [i, c] of picked.entries()) {
    if (!options.json && i >= limit) break;
    const id = String((c as unknown as Record<string, unknown>)[idColumn]);
    const e = await explainCustomer(model, c);
    rows.push({
      id,
      margin: e.margin,
      probability: e.probability,
      base_value: e.baseValue,
      contributions: e.contributions,
    });
    text.push(
      `${displaySafe(id)}: ${e.sentence}`,
      `  drivers (log-odds): ${e.drivers.map((d) => `${displaySafe(d.label)} ${d.value >= 0 ? "+" : ""}${d.value.toFixed(2)}`).join(", ")}`,
      ...e.whatIf.slice(0, 3).map((w) => `  what if: ${w.action}: ${pct(w.before)} → ${pct(w.after)}`),
    );
  }
  if (!options.id && picked.length > limit && !options.json)
    text.push(`... ${picked.length - limit} more (use --id or --json)`);
  return { rows, text: [...text, ...inputProblems(summary)], rejected: summary.rejected };
}

async function explainColumns(model: ChurnModel, options: ExplainOptions) {
  const { rows: records, lines } = await readNamedRows(options.data);
  const keep = records
    .map((r, i) => ({ r, line: lines[i] }))
    .filter(({ r }) => options.id === undefined || r.customerID === options.id);
  if (options.id !== undefined && keep.length === 0) {
    throw new CliError(
      "unknown-customer",
      `no row with customerID ${JSON.stringify(displaySafe(options.id))} in ${options.data}`,
    );
  }
  let matrix;
  try {
    matrix = encodeColumns(
      columnsSpec(model),
      keep.map((k) => k.r),
      { file: options.data, lines: keep.map((k) => k.line) },
    );
  } catch (err) {
    throw new CliError("bad-input", (err as Error).message, { cause: err });
  }
  const { probability } = await model.score(matrix);
  const shap = treeShap(model.ensemble, matrix);
  const names = model.ensemble.featureNames;
  const rows = keep.map(({ r, line }, i) => ({
    id: r.customerID ?? `line ${line}`,
    margin: shap.margin[i],
    probability: probability[i],
    base_value: shap.base,
    contributions: Object.fromEntries(names.map((f, j) => [f, shap.values[i * names.length + j]])),
  }));
  const text = rows.slice(0, Number(options.limit) || 5).map((row) => {
    const top = Object.entries(row.contributions)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, 5);
    return `${displaySafe(row.id)}: ${pct(row.probability)}; ${top.map(([f, v]) => `${displaySafe(f)} ${v >= 0 ? "+" : ""}${v.toFixed(2)}`).join(", ")}`;
  });
  return { rows, text, rejected: 0 };
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
