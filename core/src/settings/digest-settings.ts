/** How digests run: schedules, outbox, ledger, in-process or a CronJob's `--once`. */
import { z } from "zod";
import { declareSettings, setting } from "./declare-settings.ts";
import { boolSetting, pathSetting, secondsSetting } from "./setting-schemas.ts";

export const DEFAULT_DIGESTS_FILE = "data/digests.json";
export const DEFAULT_OUTBOX_DIR = "data/outbox";
/** Where versions before the shared store kept the digest ledger (a folder of files). */
export const DEFAULT_OLD_LEDGER_DIR = "data/digests/ledger";
export const DEFAULT_LEASE_SECONDS = 600;
export const DEFAULT_START_DELAY_SECONDS = 30;

export const DIGEST_SETTINGS = declareSettings("digests", "README.md", {
  ENGAGETRACK_DIGESTS: setting(
    pathSetting().default(DEFAULT_DIGESTS_FILE),
    "Digest schedules and destinations.",
  ),
  ENGAGETRACK_DIGESTS_IN_PROCESS: setting(
    boolSetting().default(true),
    "Run the schedules inside `engagetrack serve` (false where a CronJob runs `digest --once`).",
  ),
  ENGAGETRACK_DIGEST_START_DELAY_SECONDS: setting(
    secondsSetting(0, 24 * 3600).default(DEFAULT_START_DELAY_SECONDS),
    "How long the server waits after start before its first digest run.",
  ),
  ENGAGETRACK_DIGEST_LEASE_SECONDS: setting(
    secondsSetting(1, 24 * 3600).default(DEFAULT_LEASE_SECONDS),
    "How long a digest claim is honoured before another run may take it over.",
  ),
  ENGAGETRACK_DIGEST_OUTBOX: setting(
    pathSetting().default(DEFAULT_OUTBOX_DIR),
    "Folder of outbox destinations without their own dir.",
  ),
  ENGAGETRACK_DIGEST_LEDGER: setting(
    pathSetting().default(DEFAULT_OLD_LEDGER_DIR),
    "Upgrades only: the ledger folder of a version before the shared store, imported once.",
  ),
  ENGAGETRACK_DIGEST_FAULT: setting(
    z.enum(["after-claim", "after-post"]).optional(),
    "Tests only: stop for good right after claiming, or right after posting.",
  ),
});
