/**
 * `engagetrack run` (what `npm start` runs): the main job on embedded defaults. Simulates customers
 * (or reads ENGAGETRACK_DATA), validates them, trains and calibrates the model, scores and explains
 * everyone into a snapshot, and reports what it did and who to call first.
 */
import type { CliIo } from "../cli-io.ts";
import { presetContract } from "../../core/src/data/index.ts";
import { ExitCode } from "../cli-error.ts";
import { chooseDataset } from "../dataset-input.ts";
import { runConfigFrom } from "../run-config.ts";
import { runContract } from "../run-contract.ts";
import { trainingFile } from "../training-input.ts";

export async function action(io: CliIo, options: { json?: boolean }): Promise<number | void> {
  const report = await run(io.env, options.json === true);
  io.stdout.write(options.json ? `${JSON.stringify(report.json, null, 2)}\n` : `${report.text.join("\n")}\n`);
  return report.json.data.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
}

async function run(env: NodeJS.ProcessEnv, quiet: boolean) {
  const config = runConfigFrom(env);
  const t0 = performance.now();
  // The embedded default: the simulator's customers, described by the `simulated` preset.
  if (!config.data) {
    const simulatedFile = await trainingFile({
      simulate: String(config.simulateRows),
      seed: config.seed,
      json: quiet,
    });
    return runContract(
      { ...config, data: simulatedFile },
      presetContract("simulated"),
      "the embedded default",
      quiet,
      t0,
      {
        rows: config.simulateRows,
        seed: config.seed,
      },
    );
  }
  // A team's own table (any schema, any source) goes through its dataset contract: the one named by
  // ENGAGETRACK_DATASET, or the preset its header matches (a Telco export reads as the `telco`
  // preset, with no invented columns; a simulator file as `simulated`).
  const { contract, how } = await chooseDataset(config.data, undefined, {}, env);
  return runContract(config, contract, how, quiet, t0);
}
