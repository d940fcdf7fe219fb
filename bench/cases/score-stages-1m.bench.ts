/**
 * Where 1M customers' score → snapshot time goes, today's Telco path beside the contract path, in
 * one process back to back (so under the same load): the simulated Telco-shaped CSV of
 * score-snapshot-1m through readCustomerInput, and the accounts table of score-contract-sources-1m
 * through readContractInput with its contract model, each through scoreCustomers' steps
 * (timed-score-customers.ts) into a snapshot writer, at the CLI's batch size. Per path and stage:
 * wall and CPU seconds (CPU is what the load from other jobs does not change). Also the models'
 * size, which TreeSHAP's cost follows. Setup (untimed, reported): both CSVs and both models — the
 * Telco one as score-snapshot-1m trains it, the accounts one with `engagetrack train --dataset`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import {
  simulateCustomers,
  writeSimulatedCsv,
  type Customer,
  type CustomerStatus,
} from "../../core/src/data/index.ts";
import { saveModel } from "../../core/src/model/index.ts";
import { trainCustomerModel } from "../../core/src/model/train-customer-model.ts";
import { openChurnModel, type ChurnModel } from "../../core/src/score/index.ts";
import { createSnapshotWriter } from "../../core/src/snapshot/index.ts";
import { readCustomerInput } from "../../cli/customer-input.ts";
import { readContractInput } from "../../cli/dataset-input.ts";
import { ACCOUNTS_CONTRACT_YAML } from "../../core/test/fixtures/accounts-cv.ts";
import { writeAccountsCsvFiles } from "./accounts-sources.ts";
import {
  createStageClock,
  stageMetrics,
  timedScoreCustomers,
  type StageClock,
} from "./timed-score-customers.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_ROWS ?? 1_000_000);
const ROOT = join(import.meta.dirname, "..", "..");

interface State {
  dir: string;
  telco: { csv: string; model: ChurnModel };
  accounts: { csv: string; model: ChurnModel };
  setup: Record<string, number | string>;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const round1 = (x: number) => Math.round(x * 10) / 10;

function modelSize(model: ChurnModel, prefix: string): Record<string, number> {
  const trees = model.ensemble.trees;
  let leaves = 0;
  for (const t of trees) for (const l of t.left) if (l === -1) leaves++;
  return {
    [`${prefix}trees`]: trees.length,
    [`${prefix}leaves`]: leaves,
    [`${prefix}features`]: model.ensemble.featureNames.length,
  };
}

/** One path into a snapshot, stage by stage; returns the writer's manifest with the clock. */
async function pass(
  dir: string,
  model: ChurnModel,
  read: (
    onBatch: (
      customers: Customer[],
      status: readonly CustomerStatus[] | undefined,
      firstRow: number,
    ) => Promise<void>,
  ) => Promise<unknown>,
  clock: StageClock,
) {
  const writer = await createSnapshotWriter({
    dir,
    model: { name: model.card.name, hash: model.hash },
    dataHash: "0".repeat(64),
    clock: () => new Date(0),
    contract: model.contract,
  });
  await read(async (customers, status, firstRow) => {
    clock.lap("read");
    await writer.append(await timedScoreCustomers(model, customers, { firstRow, status }, clock));
    clock.lap("append");
  });
  clock.lap("read");
  const manifest = await writer.finish();
  clock.lap("finish");
  return manifest;
}

export default defineCase<State>({
  name: `score stages, ${ROWS.toLocaleString("en-US")} customers: today's Telco path and the contract path`,
  runs: 1,
  warmup: 0,
  async setup() {
    const setup: Record<string, number | string> = { loadAtSetup: loadavg().map(round1).join(" ") };
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-stages-"));
    let t0 = performance.now();
    const telcoCsv = join(dir, "customers.csv");
    await writeSimulatedCsv(telcoCsv, { rows: ROWS, seed: 7 });
    const train = [...simulateCustomers({ rows: 20_000, seed: 8 })];
    await saveModel(
      join(dir, "telco-model"),
      trainCustomerModel(train, { name: "bench", dataSha256: null, seed: 1 }),
    );
    setup.telcoSetupSeconds = round1(seconds(t0));

    t0 = performance.now();
    const accounts = writeAccountsCsvFiles(dir, {
      rows: ROWS,
      trainRows: Math.min(20_000, ROWS),
      seed: 2026,
    });
    const contract = join(dir, "accounts.yaml");
    writeFileSync(contract, ACCOUNTS_CONTRACT_YAML);
    const cli = join(ROOT, "cli", "main.ts");
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        cli,
        "train",
        "--data",
        accounts.train,
        "--dataset",
        contract,
        "--out",
        join(dir, "accounts-model"),
        "--seed",
        "1",
        "--json",
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
    );
    setup.accountsSetupSeconds = round1(seconds(t0));
    const state: State = {
      dir,
      telco: { csv: telcoCsv, model: await openChurnModel(join(dir, "telco-model")) },
      accounts: { csv: accounts.csv, model: await openChurnModel(join(dir, "accounts-model")) },
      setup,
    };
    Object.assign(
      setup,
      modelSize(state.telco.model, "telco."),
      modelSize(state.accounts.model, "accounts."),
    );
    return state;
  },
  async run(state, ctx) {
    const metrics: Record<string, number | string> = { loadAtRun: loadavg().map(round1).join(" ") };
    const telco = createStageClock();
    let t0 = performance.now();
    const telcoManifest = await pass(
      join(state.dir, "snapshots-telco"),
      state.telco.model,
      (onBatch) =>
        readCustomerInput(state.telco.csv, (customers, firstRow) => onBatch(customers, undefined, firstRow), {
          quiet: true,
          quarantine: false,
        }),
      telco,
    );
    metrics["telco.totalSeconds"] = round1(seconds(t0));
    const accounts = createStageClock();
    t0 = performance.now();
    const accountsManifest = await pass(
      join(state.dir, "snapshots-accounts"),
      state.accounts.model,
      (onBatch) =>
        readContractInput(
          state.accounts.csv,
          state.accounts.model.contract!,
          (rows, status, firstRow) => onBatch(rows as unknown as Customer[], status, firstRow),
          { quiet: true, contentHash: true },
        ),
      accounts,
    );
    metrics["accounts.totalSeconds"] = round1(seconds(t0));
    metrics.loadAfterRun = loadavg().map(round1).join(" ");
    const mib = (m: { id: string }, sub: string) =>
      round1(statSync(join(state.dir, sub, m.id, "customers.arrow")).size / 2 ** 20);
    ctx.report({
      rows: ROWS,
      ...metrics,
      "telco.totalCpu": round1(Object.values(telco.cpu).reduce((a, b) => a + b, 0)),
      "accounts.totalCpu": round1(Object.values(accounts.cpu).reduce((a, b) => a + b, 0)),
      ...stageMetrics(telco, "telco."),
      ...stageMetrics(accounts, "accounts."),
      "telco.snapshotMiB": mib(telcoManifest, "snapshots-telco"),
      "accounts.snapshotMiB": mib(accountsManifest, "snapshots-accounts"),
      "accounts.snapshotSha256": accountsManifest.file.sha256.slice(0, 16),
      ...state.setup,
    });
    rmSync(join(state.dir, "snapshots-telco"), { recursive: true, force: true });
    rmSync(join(state.dir, "snapshots-accounts"), { recursive: true, force: true });
  },
  async teardown(state) {
    await state.telco.model.release();
    await state.accounts.model.release();
    rmSync(state.dir, { recursive: true, force: true });
  },
});
