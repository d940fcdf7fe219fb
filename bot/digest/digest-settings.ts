/**
 * How digests run, read once from the environment by a composition root (the server, or
 * `engagetrack digest`) and validated; every bad setting is named, secrets never echoed.
 */
import { CodedError } from "../../core/src/errors/index.ts";
import {
  DATA_SETTINGS,
  DIGEST_SETTINGS,
  readSettings,
  SERVER_SETTINGS,
  SLACK_SETTINGS_SECTION,
  STORE_SETTINGS,
} from "../../core/src/settings/index.ts";

export {
  DEFAULT_LEASE_SECONDS,
  DEFAULT_OLD_LEDGER_DIR,
  DEFAULT_OUTBOX_DIR,
  DEFAULT_START_DELAY_SECONDS,
} from "../../core/src/settings/index.ts";

export interface DigestSettings {
  /** The schedules file. */
  configFile: string;
  /**
   * The shared store that holds the ledger (`DATABASE_URL`, else the embedded store in
   * `ENGAGETRACK_STORE_DIR`): what `digest --once` opens; the server passes its own.
   */
  store: { databaseUrl?: string; dir: string };
  /** Default folder of outbox destinations. */
  outboxDir: string;
  /** Run the schedules inside `engagetrack serve` (off where a Kubernetes CronJob runs `--once`). */
  inProcess: boolean;
  /** How long the server waits after start before its first (catch-up) run: warm-up comes first. */
  startDelayMs: number;
  /** How long a claim is honoured before another run may take it over (a crashed sender's). */
  leaseMs: number;
  modelDir: string;
  snapshotsDir: string;
  /** Base of notebook links when a schedule has none. */
  publicUrl?: string;
  slack?: { token: string; apiUrl?: string };
  /**
   * The owners file (`ENGAGETRACK_OWNERS_FILE`, the server's): where per-owner digests find each
   * owner's Slack ID, Teams object id or e-mail. Undefined: owners whose owner value is an e-mail.
   */
  ownersFile?: string;
  /**
   * Upgrades only: the ledger folder of a version before the shared store
   * (`ENGAGETRACK_DIGEST_LEDGER`, default data/digests/ledger), imported into the store once and
   * renamed `<dir>.imported`; a missing folder imports nothing.
   */
  importLedgerDir?: string;
  /** Test-only fault injection: stop for good right after claiming, or right after posting. */
  fault?: "after-claim" | "after-post";
}

/** What `digest --once` and the server's digest listener read (declared in core/src/settings). */
const READ = {
  ...DIGEST_SETTINGS.settings,
  ENGAGETRACK_MODEL_DIR: DATA_SETTINGS.settings.ENGAGETRACK_MODEL_DIR,
  ENGAGETRACK_SNAPSHOTS_DIR: DATA_SETTINGS.settings.ENGAGETRACK_SNAPSHOTS_DIR,
  ENGAGETRACK_PUBLIC_URL: SERVER_SETTINGS.settings.ENGAGETRACK_PUBLIC_URL,
  SLACK_BOT_TOKEN: SLACK_SETTINGS_SECTION.settings.SLACK_BOT_TOKEN,
  SLACK_API_URL: SLACK_SETTINGS_SECTION.settings.SLACK_API_URL,
  ENGAGETRACK_OWNERS_FILE: SERVER_SETTINGS.settings.ENGAGETRACK_OWNERS_FILE,
  ...STORE_SETTINGS.settings,
};

/** Settings refused: each entry names one variable and what is wrong with it. */
export class DigestSettingsError extends CodedError<"bad-config"> {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super("bad-config", `invalid digest settings: ${problems.join("; ")}`);
    this.name = "DigestSettingsError";
    this.problems = problems;
  }
}

/**
 * Reads the digest settings from environment variables (empty means unset, as in a copied
 * .env.example); throws `DigestSettingsError` listing every bad one.
 *
 * @example
 * const settings = digestSettingsFrom({ ENGAGETRACK_DIGESTS_IN_PROCESS: "false" });
 * settings.inProcess; // false
 */
export function digestSettingsFrom(env: NodeJS.ProcessEnv): DigestSettings {
  const read = readSettings(env, READ);
  if (!read.ok) throw new DigestSettingsError(read.problems);
  const c = read.settings;
  return {
    configFile: c.ENGAGETRACK_DIGESTS,
    store: {
      ...(c.DATABASE_URL !== undefined && { databaseUrl: c.DATABASE_URL }),
      dir: c.ENGAGETRACK_STORE_DIR,
    },
    outboxDir: c.ENGAGETRACK_DIGEST_OUTBOX,
    inProcess: c.ENGAGETRACK_DIGESTS_IN_PROCESS,
    startDelayMs: Math.round(c.ENGAGETRACK_DIGEST_START_DELAY_SECONDS * 1000),
    leaseMs: Math.round(c.ENGAGETRACK_DIGEST_LEASE_SECONDS * 1000),
    modelDir: c.ENGAGETRACK_MODEL_DIR,
    snapshotsDir: c.ENGAGETRACK_SNAPSHOTS_DIR,
    publicUrl: c.ENGAGETRACK_PUBLIC_URL?.replace(/\/+$/, ""),
    slack: c.SLACK_BOT_TOKEN ? { token: c.SLACK_BOT_TOKEN, apiUrl: c.SLACK_API_URL } : undefined,
    ...(c.ENGAGETRACK_OWNERS_FILE !== undefined && { ownersFile: c.ENGAGETRACK_OWNERS_FILE }),
    importLedgerDir: c.ENGAGETRACK_DIGEST_LEDGER,
    fault: c.ENGAGETRACK_DIGEST_FAULT,
  };
}
