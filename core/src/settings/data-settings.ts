/** Where customers, models and snapshots are, and the numbers the main job trains with. */
import { z } from "zod";
import { DEFAULT_RETENTION_COSTS } from "../model/decision-threshold.ts";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting, moneySetting, pathSetting } from "./setting-schemas.ts";

export const DEFAULT_MODEL_DIR = "models/demo";
export const DEFAULT_SNAPSHOTS_DIR = "data/snapshots";
export const DEFAULT_SIMULATE_ROWS = 5000;
export const DEFAULT_SEED = 42;
export const DEFAULT_OFFER_COST = DEFAULT_RETENTION_COSTS.offerCost;
export const DEFAULT_CUSTOMER_VALUE = DEFAULT_RETENTION_COSTS.customerValue;

export const DATA_SETTINGS = declareSettings("data", "README.md", {
  ENGAGETRACK_DATA: setting(
    z.string().optional(),
    "Customer table for `npm start` (CSV or Parquet); empty: simulate.",
  ),
  ENGAGETRACK_DATASET: setting(
    z.string().optional(),
    "Dataset contract of the commands that read customers: a preset or a YAML/JSON file.",
  ),
  ENGAGETRACK_SIMULATE_ROWS: setting(
    intSetting(100, 10_000_000).default(DEFAULT_SIMULATE_ROWS),
    "Customers to simulate when no data file is given.",
  ),
  ENGAGETRACK_SEED: setting(
    intSetting(0, 2 ** 31 - 1).default(DEFAULT_SEED),
    "Seed for simulation, splits and training.",
  ),
  ENGAGETRACK_MODEL_DIR: setting(pathSetting().default(DEFAULT_MODEL_DIR), "The trained model's folder."),
  ENGAGETRACK_SNAPSHOTS_DIR: setting(
    pathSetting().default(DEFAULT_SNAPSHOTS_DIR),
    "Where scored snapshots are published.",
  ),
  ENGAGETRACK_OFFER_COST: setting(
    moneySetting().default(DEFAULT_OFFER_COST),
    "Cost of one retention offer, for the decision threshold.",
  ),
  ENGAGETRACK_CUSTOMER_VALUE: setting(
    moneySetting().default(DEFAULT_CUSTOMER_VALUE),
    "Value of a saved customer, for the decision threshold.",
  ),
  // Read by tests and benchmarks only (they are not scanned); declared so it is documented once.
  ENGAGETRACK_TELCO_CSV: setting(
    z.string().optional(),
    "Tests and benchmarks only: where the real Telco CSV is.",
    { shownDefault: "../shared/data/telco.csv" },
  ),
});
