/** Shared by `train`, `evaluate` and `run`: where training customers come from, and the booster parameters. */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSimulatedCsv } from "../core/src/data/index.ts";
import { resolveParams, type BoosterParams } from "../core/src/model/params.ts";
import { CliError } from "./cli-error.ts";
import { progressFor } from "./progress.ts";

/** The customer file to train on: `--data`, or `--simulate <rows>` written to data/generated/. */
export async function trainingFile(
  options: { data?: string; simulate?: string; seed: number; json?: boolean },
  generatedDir = "data/generated",
): Promise<string> {
  if (options.data && options.simulate)
    throw new CliError("bad-option", "give --data <csv> or --simulate <rows>, not both");
  if (options.data) return options.data;
  if (!options.simulate)
    throw new CliError("bad-option", "no training data: give --data <csv> or --simulate <rows>");
  const rows = Number(options.simulate);
  if (!Number.isInteger(rows) || rows < 100)
    throw new CliError(
      "bad-option",
      `invalid --simulate: ${JSON.stringify(options.simulate)} (a whole number ≥ 100)`,
    );
  const path = join(generatedDir, `simulated-${rows}-seed${options.seed}.csv`);
  await mkdir(generatedDir, { recursive: true });
  const progress = progressFor(process.stderr, options.json === true);
  progress.start(rows, "simulating");
  try {
    await writeSimulatedCsv(path, { rows, seed: options.seed, onProgress: (n) => progress.update(n) });
  } finally {
    progress.stop();
  }
  return path;
}

/** `--params file.json`: booster parameters with XGBoost's names, checked before any work starts. */
export async function paramsFile(path: string | undefined): Promise<Partial<BoosterParams>> {
  if (!path) return {};
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new CliError("bad-params", `cannot read parameters from ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CliError("bad-params", `${path}: expected a JSON object of booster parameters`);
  }
  try {
    resolveParams(json as Partial<BoosterParams>);
  } catch (cause) {
    throw new CliError("bad-params", `${path}: ${(cause as Error).message}`, { cause });
  }
  return json as Partial<BoosterParams>;
}

export function seedOption(raw: string): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0 || v > 2 ** 31 - 1)
    throw new CliError("bad-option", `invalid --seed: ${JSON.stringify(raw)}`);
  return v;
}

export function positiveNumber(name: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === "" || !(v >= 0) || !Number.isFinite(v))
    throw new CliError("bad-option", `invalid ${name}: ${JSON.stringify(raw)}`);
  return v;
}
