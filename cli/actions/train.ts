/**
 * `engagetrack train --data <csv> | --simulate <rows> [--seed] [--params file] --out models/<name> [--json]`:
 * the default recipe (XGBoost-style boosting, early stopping, calibration, profit-based decision
 * threshold), saved as model.onnx + card.json.
 */
import { basename } from "node:path";
import type { CliIo } from "../cli-io.ts";
import { resolveParams, saveModel, ModelFileError } from "../../core/src/model/index.ts";
import { trainCustomerModel } from "../../core/src/model/train-customer-model.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { createReservoir, seededRandom, type Customer } from "../../core/src/data/index.ts";
import { inputProblems } from "../customer-input.ts";
import { trainingReference, writeReferenceProfile } from "../../core/src/digest/index.ts";
import { progressFor } from "../progress.ts";
import { chooseDataset, readContractInput, statusLine, type ContractInputSummary } from "../dataset-input.ts";
import { encoderSpecFromContract } from "../../core/src/features/contract-encoder-spec.ts";
import type { ContractRow, CustomerStatus, DatasetContract } from "../../core/src/data/index.ts";
import { paramsFile, positiveNumber, seedOption, trainingFile } from "../training-input.ts";

interface TrainOptions {
  /** Where ENGAGETRACK_DATASET is read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  data?: string;
  dataset?: string;
  table?: string;
  query?: string;
  simulate?: string;
  seed: string;
  params?: string;
  out: string;
  name?: string;
  offerCost: string;
  customerValue: string;
  saveRate: string;
  sample?: string;
  json?: boolean;
}

export async function action(io: CliIo, options: TrainOptions): Promise<number | void> {
  const report = await train({ ...options, env: io.env });
  io.stdout.write(options.json ? `${JSON.stringify(report.json, null, 2)}\n` : `${report.text.join("\n")}\n`);
  return report.json.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
}

export async function train(options: TrainOptions) {
  const seed = seedOption(options.seed);
  const costs = {
    offerCost: positiveNumber("--offer-cost", options.offerCost),
    customerValue: positiveNumber("--customer-value", options.customerValue),
    saveRate: positiveNumber("--save-rate", options.saveRate),
  };
  const params = await paramsFile(options.params);
  const file = await trainingFile({ ...options, seed });
  const sampleSize = options.sample === undefined ? undefined : sampleOption(options.sample);
  // Every table through its dataset contract: --dataset, ENGAGETRACK_DATASET, or the preset the
  // header matches (a Telco export reads as `telco`, nothing invented; the simulator's as `simulated`).
  const loaded = await loadContractTraining(file, options, sampleSize, seed);
  const { customers, summary } = loaded;
  if (!summary.hasChurn)
    throw new CliError(
      "no-labels",
      `${file} has no ${loaded.contract.label ? `${loaded.contract.label.column} column` : "label (the contract names none)"}: training needs labels`,
    );
  if (customers.length === 0)
    throw new CliError(
      "no-labels",
      `${file} has no labelled customers (every row is current): training needs history`,
    );
  let trained;
  // Progress per boosting round on a TTY: one bar per booster of the recipe.
  const progress = progressFor(process.stderr, options.json === true);
  const rounds = resolveParams(params).n_rounds;
  let current = -1;
  try {
    trained = trainCustomerModel(customers, {
      name: options.name ?? basename(options.out),
      dataSha256: summary.sha256,
      labels: loaded.labels,
      encoder: encoderSpecFromContract(loaded.contract),
      dataset: loaded.contract as unknown as Record<string, unknown>,
      seed,
      params,
      costs,
      onRound: (booster, round) => {
        if (booster !== current) {
          progress.stop();
          progress.start(rounds, `booster ${booster + 1}`);
          current = booster;
        }
        progress.update(round + 1);
      },
    });
  } catch (cause) {
    throw new CliError("training-failed", `cannot train on ${file}: ${(cause as Error).message}`, { cause });
  } finally {
    progress.stop();
  }
  let saved;
  try {
    saved = await saveModel(options.out, trained);
    // Beside the model, never inside it: the training data's distributions, for digests' drift checks.
    const reference = trainingReference(customers, { ensemble: trained.ensemble, card: saved.card });
    if (reference) await writeReferenceProfile(options.out, reference);
  } catch (cause) {
    if (cause instanceof ModelFileError) throw new CliError(cause.code, cause.message, { cause });
    throw cause;
  }
  const { fit } = trained;
  const m = fit.holdoutMetrics;
  const json = {
    name: saved.card.name,
    model: saved.modelPath,
    card: saved.cardPath,
    data: file,
    rows: customers.length,
    sampled_from: sampleSize === undefined ? null : summary.accepted,
    rejected: summary.rejected,
    trees: fit.ensemble.trees.length,
    strategy: fit.strategy,
    best_iterations: fit.bestIterations,
    train_seconds: fit.trainSeconds,
    holdout: m,
    calibration: fit.calibration.method,
    decision_threshold: fit.decision.threshold,
    risk_bands: fit.riskBands,
  };
  const text = [
    `trained ${saved.card.name} on ${customers.length} customers${sampleSize === undefined ? "" : ` (a seeded sample of ${summary.accepted})`} from ${file} in ${fit.trainSeconds.toFixed(2)} s`,
    `  ${fit.ensemble.trees.length} trees of depth ≤ ${fit.params.max_depth} (${fit.strategy}: ${fit.bestIterations.length} booster(s), early stopping at round ${fit.bestIterations.map((i) => i + 1).join(", ")}), ${fit.calibration.method} calibration`,
    `  held-out ${m.rows} rows: AUC ${m.auc.toFixed(3)}, PR AUC ${m.pr_auc.toFixed(3)}, log loss ${m.logloss.toFixed(3)}, Brier ${m.brier.toFixed(3)}, ECE ${m.ece.toFixed(3)}`,
    `  offer threshold ${fit.decision.threshold.toFixed(3)} (break-even ${fit.decision.breakEven.toFixed(3)}, ${(fit.decision.offerRate * 100).toFixed(0)}% of customers, profit ${fit.decision.profitPerCustomer.toFixed(2)} per customer); bands Medium ≥ ${fit.riskBands.medium}, High ≥ ${fit.riskBands.high}`,
    `  ${saved.modelPath}`,
    `  ${saved.cardPath}`,
    ...("statuses" in summary
      ? [
          `  ${statusLine(summary as ContractInputSummary)}; trained on the history (churned and retained), never on current customers`,
        ]
      : []),
    ...inputProblems(summary),
  ];
  return { json, text };
}

/**
 * Training rows through the dataset contract: only history (churned = 1, retained = 0); current
 * customers have no outcome yet. `--sample` keeps a seeded uniform sample of the history.
 */
async function loadContractTraining(
  file: string,
  options: TrainOptions,
  sampleSize: number | undefined,
  seed: number,
): Promise<{
  customers: Customer[];
  labels: Uint8Array;
  summary: ContractInputSummary;
  contract: DatasetContract;
}> {
  const source = { table: options.table, query: options.query };
  const { contract } = await chooseDataset(file, options.dataset, source, options.env);
  type Labelled = { row: ContractRow; y: number };
  const reservoir =
    sampleSize === undefined
      ? undefined
      : createReservoir<Labelled>(sampleSize, seededRandom(seed, 0x5a4d91e));
  const all: Labelled[] = [];
  const summary = await readContractInput(
    file,
    contract,
    (rows: ContractRow[], statuses: CustomerStatus[]) => {
      for (let i = 0; i < rows.length; i++) {
        if (statuses[i] === "current") continue;
        const item = { row: rows[i], y: statuses[i] === "churned" ? 1 : 0 };
        if (reservoir) reservoir.offer(item);
        else all.push(item);
      }
    },
    { ...source, quiet: options.json === true, label: "loading" },
  );
  const items = reservoir ? reservoir.items() : all;
  return {
    customers: items.map((x) => x.row) as unknown as Customer[],
    labels: Uint8Array.from(items, (x) => x.y),
    summary,
    contract,
  };
}

function sampleOption(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100)
    throw new CliError(
      "bad-sample",
      `--sample must be a whole number of at least 100 rows, got ${JSON.stringify(raw)}`,
    );
  return n;
}
