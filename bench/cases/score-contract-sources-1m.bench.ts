/**
 * `engagetrack score --model <contract model> --data <source> --snapshots <dir>` on 1M rows of a
 * table that is not Telco-shaped (the accounts table and contract of core/test/fixtures), from each
 * source the product reads: a CSV file, the same rows as Parquet (64k-row groups) and as a
 * PostgreSQL table with typed columns. Each score is its own process, as a user runs it; one run
 * of this case scores all three sources in turn (interleaved, so a change in the machine's load
 * hits them alike), after one unmeasured warm-up round. Reported per source: median/min/max wall
 * time, rows/s, peak RSS and CPU time of the score process (the database server's work is not in
 * them), and the 1-minute load average while it ran. Every snapshot file must have the same
 * SHA-256 whatever the source: the case fails if not.
 *
 * Setup, untimed and reported in seconds: generating the CSV, writing the Parquet file, starting
 * PostgreSQL and loading the table, training the model with `engagetrack train --dataset` on the
 * first 20k rows, and an in-process pass that times the stages the score command goes through
 * (reading and validating each source alone; then, on the CSV, encoding, ONNX scoring, TreeSHAP,
 * grouping and top drivers, snapshot appends and finish; wall and CPU seconds). That pass repeats
 * scoreCustomers step by step (timed-score-customers.ts) and says whether its snapshot is
 * byte-identical to the command's. score-stages-1m puts today's Telco path beside it.
 *
 * Uses ENGAGETRACK_TEST_DATABASE_URL or starts a throwaway cluster (core/test/fixtures/postgres-server.ts)
 * and skips saying why when neither is possible. ENGAGETRACK_BENCH_ROWS sets a smaller table for a
 * quick try (default 1 000 000).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase, median } from "../harness.ts";
import type { Customer } from "../../core/src/data/index.ts";
import { openChurnModel } from "../../core/src/score/index.ts";
import { createSnapshotWriter } from "../../core/src/snapshot/index.ts";
import { readContractInput } from "../../cli/dataset-input.ts";
import { ACCOUNTS_CONTRACT_YAML } from "../../core/test/fixtures/accounts-cv.ts";
import {
  postgresSkipReason,
  testPostgres,
  type TestPostgres,
} from "../../core/test/fixtures/postgres-server.ts";
import { loadAccountsPostgres, writeAccountsCsvFiles, writeAccountsParquet } from "./accounts-sources.ts";
import type { ProcessUsage } from "./report-process-usage.ts";
import { createStageClock, stageMetrics, timedScoreCustomers } from "./timed-score-customers.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_ROWS ?? 1_000_000);
const TRAIN_ROWS = Math.min(20_000, ROWS);
const SEED = 2026;
const TABLE = "accounts";
const RUNS = 3;
const WARMUP = 1;

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "cli", "main.ts");
const USAGE_PRELOAD = join(import.meta.dirname, "report-process-usage.ts");

type SourceName = "csv" | "parquet" | "postgres";

interface Source {
  name: SourceName;
  args: string[];
  location: string;
  table?: string;
}

interface SourceRuns {
  seconds: number[];
  usage: ProcessUsage[];
  load: number[];
}

interface State {
  dir: string;
  server: TestPostgres;
  model: string;
  sources: Source[];
  runs: Record<SourceName, SourceRuns>;
  round: number;
  snapshotSha: string | undefined;
  dataHashes: Partial<Record<SourceName, string>>;
  snapshotMiB: number;
  setup: Record<string, number | string>;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const round1 = (x: number) => Math.round(x * 10) / 10;

function log(message: string): void {
  process.stderr.write(`  [score-contract-sources] ${message}\n`);
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs the CLI in its own process: exit code, stdout, stderr, wall seconds and its own usage. */
function runCli(
  args: string[],
  usageFile: string,
): Promise<{
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  usage: ProcessUsage;
  load: number;
}> {
  return new Promise((resolve, reject) => {
    const loads: number[] = [loadavg()[0]];
    const sampler = setInterval(() => loads.push(loadavg()[0]), 5_000);
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "--import", USAGE_PRELOAD, CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ENGAGETRACK_BENCH_USAGE_FILE: usageFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", (err) => {
      clearInterval(sampler);
      reject(err);
    });
    child.on("close", (code) => {
      const wall = seconds(t0);
      clearInterval(sampler);
      loads.push(loadavg()[0]);
      try {
        const usage = JSON.parse(readFileSync(usageFile, "utf8")) as ProcessUsage;
        rmSync(usageFile, { force: true });
        resolve({
          code: code ?? -1,
          stdout,
          stderr,
          seconds: wall,
          usage,
          load: loads.reduce((a, b) => a + b, 0) / loads.length,
        });
      } catch (err) {
        reject(
          new Error(`engagetrack ${args[0]} exited ${code} without its usage file: ${stderr.slice(-2000)}`, {
            cause: err,
          }),
        );
      }
    });
  });
}

/**
 * The score command's stages timed in this process: each source read and validated alone, then the
 * CSV through scoreCustomers' steps one at a time into a snapshot writer (the CLI's batch size).
 */
async function stageBreakdown(state: State): Promise<Record<string, number | string>> {
  const model = await openChurnModel(state.model);
  try {
    const contract = model.contract!;
    const out: Record<string, number | string> = {};
    for (const s of state.sources) {
      const t0 = performance.now();
      const summary = await readContractInput(s.location, contract, () => {}, {
        table: s.table,
        quiet: true,
        contentHash: true,
      });
      if (summary.accepted !== ROWS) throw new Error(`${s.name}: read ${summary.accepted} rows`);
      out[`${s.name}ReadValidateSeconds`] = round1(seconds(t0));
    }
    const pending = { dataHash: "" };
    const writer = await createSnapshotWriter({
      dir: join(state.dir, "snapshots-breakdown"),
      model: { name: model.card.name, hash: model.hash },
      dataHash: () => pending.dataHash,
      clock: () => new Date(),
      contract,
    });
    const t0 = performance.now();
    const clock = createStageClock();
    const summary = await readContractInput(
      state.sources[0].location,
      contract,
      async (records, status, firstRow) => {
        clock.lap("read");
        const batch = await timedScoreCustomers(
          model,
          records as unknown as Customer[],
          { firstRow, status },
          clock,
        );
        await writer.append(batch);
        clock.lap("append");
      },
      { quiet: true, contentHash: true },
    );
    clock.lap("read");
    pending.dataHash = summary.sha256;
    const manifest = await writer.finish();
    clock.lap("finish");
    Object.assign(out, stageMetrics(clock, "csvPass."));
    out.inProcessTotalSeconds = round1(seconds(t0));
    out.breakdownSnapshotSha256 = manifest.file.sha256.slice(0, 16);
    return out;
  } finally {
    await model.release();
  }
}

export default defineCase<State>({
  name: `score --snapshots from CSV, Parquet and PostgreSQL, ${ROWS.toLocaleString("en-US")} accounts (a process per source)`,
  target: "same snapshot SHA-256 from every source; per source as fast as today's 1M score (137–155 s)",
  runs: RUNS,
  warmup: WARMUP,
  skip: postgresSkipReason,
  async setup() {
    const setup: Record<string, number | string> = { loadAtSetup: loadavg().map(round1).join(" ") };
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-sources-"));
    let t0 = performance.now();
    const { csv, train, lines } = writeAccountsCsvFiles(dir, {
      rows: ROWS,
      trainRows: TRAIN_ROWS,
      seed: SEED,
    });
    setup.generateCsvSeconds = round1(seconds(t0));
    setup.csvMiB = round1(statSync(csv).size / 2 ** 20);

    t0 = performance.now();
    const parquet = join(dir, "accounts.parquet");
    await writeAccountsParquet(parquet, lines);
    setup.writeParquetSeconds = round1(seconds(t0));
    setup.parquetMiB = round1(statSync(parquet).size / 2 ** 20);

    const server = await testPostgres();
    if ("skip" in server) throw new Error(server.skip); // skip() already said no
    setup.postgresStartSeconds = round1(server.startMs / 1000);
    try {
      t0 = performance.now();
      await loadAccountsPostgres(server.url, TABLE, lines);
      setup.postgresLoadSeconds = round1(seconds(t0));

      const contract = join(dir, "accounts.yaml");
      writeFileSync(contract, ACCOUNTS_CONTRACT_YAML);
      const model = join(dir, "model");
      t0 = performance.now();
      const trained = await runCli(
        ["train", "--data", train, "--dataset", contract, "--out", model, "--seed", "1", "--json"],
        join(dir, "train-usage.json"),
      );
      if (trained.code !== 0) throw new Error(`train failed (${trained.code}): ${trained.stderr}`);
      setup.trainSeconds = round1(seconds(t0));
      setup.trainRows = TRAIN_ROWS;

      const state: State = {
        dir,
        server,
        model,
        sources: [
          { name: "csv", args: ["--data", csv], location: csv },
          { name: "parquet", args: ["--data", parquet], location: parquet },
          {
            name: "postgres",
            args: ["--data", server.url, "--table", TABLE],
            location: server.url,
            table: TABLE,
          },
        ],
        runs: {
          csv: { seconds: [], usage: [], load: [] },
          parquet: { seconds: [], usage: [], load: [] },
          postgres: { seconds: [], usage: [], load: [] },
        },
        round: 0,
        snapshotSha: undefined,
        dataHashes: {},
        snapshotMiB: 0,
        setup,
      };
      log(`setup: ${JSON.stringify(setup)}`);
      t0 = performance.now();
      Object.assign(setup, await stageBreakdown(state));
      setup.breakdownPassSeconds = round1(seconds(t0));
      log(`stage breakdown: ${JSON.stringify(setup)}`);
      return state;
    } catch (err) {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  },
  async run(state, ctx) {
    const measured = state.round >= WARMUP;
    for (const source of state.sources) {
      const out = join(state.dir, `snapshots-${source.name}-${state.round}`);
      const r = await runCli(
        ["score", "--model", state.model, ...source.args, "--snapshots", out, "--json"],
        join(state.dir, `usage-${source.name}.json`),
      );
      if (r.code !== 0)
        throw new Error(
          `score from ${source.name} failed (${r.code}): ${r.stderr}${r.stdout.slice(0, 2000)}`,
        );
      const report = JSON.parse(r.stdout) as { scored: number; rejected: number; snapshot: string };
      if (report.scored !== ROWS || report.rejected !== 0)
        throw new Error(`score from ${source.name}: scored ${report.scored}, rejected ${report.rejected}`);
      const file = join(out, report.snapshot, "customers.arrow");
      const sha = await sha256File(file);
      const manifest = JSON.parse(readFileSync(join(out, report.snapshot, "manifest.json"), "utf8")) as {
        dataHash: string;
        file: { sha256: string };
      };
      state.snapshotMiB = statSync(file).size / 2 ** 20;
      rmSync(out, { recursive: true, force: true });
      log(
        `round ${state.round}${measured ? "" : " (warm-up)"} ${source.name}: ${r.seconds.toFixed(1)} s, ` +
          `peak RSS ${(r.usage.peakRssKiB / 1024).toFixed(0)} MiB, CPU ${(r.usage.userSeconds + r.usage.systemSeconds).toFixed(1)} s, ` +
          `load ${r.load.toFixed(2)}, snapshot ${sha.slice(0, 16)}`,
      );
      if (sha !== manifest.file.sha256)
        throw new Error(`${source.name}: the manifest's file hash is not the file's`);
      state.snapshotSha ??= sha;
      if (sha !== state.snapshotSha)
        throw new Error(
          `snapshot from ${source.name} differs: sha256 ${sha}, the first source's ${state.snapshotSha}`,
        );
      state.dataHashes[source.name] = manifest.dataHash;
      if (!measured) continue;
      const runs = state.runs[source.name];
      runs.seconds.push(r.seconds);
      runs.usage.push(r.usage);
      runs.load.push(r.load);
    }
    state.round++;
    if (!measured) return;
    const metrics: Record<string, number | string> = {};
    for (const { name } of state.sources) {
      const { seconds: s, usage, load } = state.runs[name];
      const m = median(s);
      metrics[`${name}MedianSeconds`] = round1(m);
      metrics[`${name}MinSeconds`] = round1(Math.min(...s));
      metrics[`${name}MaxSeconds`] = round1(Math.max(...s));
      metrics[`${name}RowsPerSecond`] = Math.round(ROWS / m);
      metrics[`${name}PeakRssMiB`] = Math.round(Math.max(...usage.map((u) => u.peakRssKiB)) / 1024);
      metrics[`${name}CpuSeconds`] = round1(median(usage.map((u) => u.userSeconds + u.systemSeconds)));
      metrics[`${name}Load1`] = load.map((x) => x.toFixed(2)).join("/");
    }
    const dataHashes = new Set(Object.values(state.dataHashes));
    ctx.report({
      rows: ROWS,
      ...metrics,
      snapshotSha256: state.snapshotSha!.slice(0, 16),
      snapshotsIdentical: "yes",
      snapshotMiB: round1(state.snapshotMiB),
      // The manifest's data hash is the content hash of the cells as read: a CSV that spells values
      // otherwise than the typed sources' canonical text ("yes" for true, "12.0" for 12) differs.
      dataHashesAgree:
        dataHashes.size === 1
          ? "yes"
          : `no: ${state.sources.map((s) => `${s.name} ${state.dataHashes[s.name]?.slice(0, 8)}`).join(", ")}`,
      breakdownMatchesCli:
        state.setup.breakdownSnapshotSha256 === state.snapshotSha!.slice(0, 16) ? "yes" : "no",
      ...state.setup,
    });
  },
  async teardown(state) {
    await state.server.stop();
    rmSync(state.dir, { recursive: true, force: true });
  },
});
