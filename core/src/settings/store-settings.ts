/** Where the state replicas share lives: PostgreSQL, or the embedded store. */
import { declareSettings, setting } from "./declare-settings.ts";
import { pathSetting, postgresUrlSetting } from "./setting-schemas.ts";

/** The embedded store's folder when `DATABASE_URL` is not set. */
export const DEFAULT_STORE_DIR = "data/store";

export const STORE_SETTINGS = declareSettings("store", "README.md", {
  DATABASE_URL: setting(
    postgresUrlSetting().optional(),
    "PostgreSQL server of the shared store; empty: the embedded store.",
    { secret: true },
  ),
  ENGAGETRACK_STORE_DIR: setting(
    pathSetting().default(DEFAULT_STORE_DIR),
    "Without DATABASE_URL: the embedded store's folder (`memory`: in memory).",
  ),
});
