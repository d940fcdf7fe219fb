/**
 * The main job's configuration, read once from the environment (the composition root is the only
 * place that reads `process.env`) and validated; each bad setting is named in one message.
 */
import { CliError } from "./cli-error.ts";
import { DATA_SETTINGS, readSettings } from "../core/src/settings/index.ts";

const {
  ENGAGETRACK_DATA,
  ENGAGETRACK_SIMULATE_ROWS,
  ENGAGETRACK_SEED,
  ENGAGETRACK_MODEL_DIR,
  ENGAGETRACK_SNAPSHOTS_DIR,
  ENGAGETRACK_OFFER_COST,
  ENGAGETRACK_CUSTOMER_VALUE,
} = DATA_SETTINGS.settings;
const RUN_SETTINGS = {
  ENGAGETRACK_DATA,
  ENGAGETRACK_SIMULATE_ROWS,
  ENGAGETRACK_SEED,
  ENGAGETRACK_MODEL_DIR,
  ENGAGETRACK_SNAPSHOTS_DIR,
  ENGAGETRACK_OFFER_COST,
  ENGAGETRACK_CUSTOMER_VALUE,
};

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
  const read = readSettings(env, RUN_SETTINGS);
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
