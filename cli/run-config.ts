/**
 * The main job's configuration, read once from the environment (the composition root is the only
 * place that reads `process.env`) and validated; each bad setting is named in one message.
 */
import { z } from "zod";
import { CliError } from "./cli-error.ts";
import { readEnvSettings } from "../core/src/settings/index.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const nonNegative = z.coerce.number().min(0).finite();

const schema = z.object({
  ENGAGETRACK_DATA: z.string().optional(),
  ENGAGETRACK_SIMULATE_ROWS: int(100, 10_000_000).default(5000),
  ENGAGETRACK_SEED: int(0, 2 ** 31 - 1).default(42),
  ENGAGETRACK_MODEL_DIR: z.string().min(1).default("models/demo"),
  ENGAGETRACK_SNAPSHOTS_DIR: z.string().min(1).default("data/snapshots"),
  ENGAGETRACK_OFFER_COST: nonNegative.default(20),
  ENGAGETRACK_CUSTOMER_VALUE: nonNegative.default(500),
});

export interface RunConfig {
  /** Customer CSV, or undefined to simulate. */
  data?: string;
  simulateRows: number;
  seed: number;
  modelDir: string;
  snapshotsDir: string;
  offerCost: number;
  customerValue: number;
}

export function runConfigFrom(env: NodeJS.ProcessEnv): RunConfig {
  const read = readEnvSettings(schema, env);
  if (!read.ok) throw new CliError("bad-config", `invalid configuration: ${read.problems.join("; ")}`);
  const c = read.settings;
  return {
    data: c.ENGAGETRACK_DATA,
    simulateRows: c.ENGAGETRACK_SIMULATE_ROWS,
    seed: c.ENGAGETRACK_SEED,
    modelDir: c.ENGAGETRACK_MODEL_DIR,
    snapshotsDir: c.ENGAGETRACK_SNAPSHOTS_DIR,
    offerCost: c.ENGAGETRACK_OFFER_COST,
    customerValue: c.ENGAGETRACK_CUSTOMER_VALUE,
  };
}
