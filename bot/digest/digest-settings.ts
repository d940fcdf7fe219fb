/**
 * How digests run, read once from the environment by a composition root (the server, or
 * `engagetrack digest`) and validated; every bad setting is named, secrets never echoed.
 */
import { z } from "zod";
import { readEnvSettings } from "../../core/src/index.ts";
import { DEFAULT_STORE_DIR } from "../../core/src/store/index.ts";
import { DEFAULT_DIGESTS_FILE } from "./digest-config.ts";

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

export const DEFAULT_OUTBOX_DIR = "data/outbox";
/** Where versions before the shared store kept the digest ledger (a folder of files). */
export const DEFAULT_OLD_LEDGER_DIR = "data/digests/ledger";
export const DEFAULT_LEASE_SECONDS = 600;
export const DEFAULT_START_DELAY_SECONDS = 30;

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => ["true", "1", "yes"].includes(v));

const schema = z.object({
  ENGAGETRACK_DIGESTS: z.string().min(1).default(DEFAULT_DIGESTS_FILE),
  ENGAGETRACK_DIGEST_OUTBOX: z.string().min(1).default(DEFAULT_OUTBOX_DIR),
  ENGAGETRACK_DIGEST_LEDGER: z.string().min(1).default(DEFAULT_OLD_LEDGER_DIR),
  ENGAGETRACK_DIGESTS_IN_PROCESS: bool.default(true),
  ENGAGETRACK_DIGEST_START_DELAY_SECONDS: z.coerce
    .number()
    .finite()
    .min(0)
    .max(24 * 3600)
    .default(DEFAULT_START_DELAY_SECONDS),
  ENGAGETRACK_DIGEST_LEASE_SECONDS: z.coerce
    .number()
    .finite()
    .min(1)
    .max(24 * 3600)
    .default(DEFAULT_LEASE_SECONDS),
  ENGAGETRACK_MODEL_DIR: z.string().min(1).default("models/demo"),
  ENGAGETRACK_SNAPSHOTS_DIR: z.string().min(1).default("data/snapshots"),
  ENGAGETRACK_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xox[a-z]-[A-Za-z0-9-]+$/, "a Slack bot token (xoxb-…)")
    .optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  ENGAGETRACK_OWNERS_FILE: z.string().min(1).optional(),
  ENGAGETRACK_DIGEST_FAULT: z.enum(["after-claim", "after-post"]).optional(),
  // The same store settings as the server's (bot/server-config.ts).
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, "a postgres:// or postgresql:// URL")
    .optional(),
  ENGAGETRACK_STORE_DIR: z.string().min(1).default(DEFAULT_STORE_DIR),
});

const SECRET = new Set(["SLACK_BOT_TOKEN", "DATABASE_URL"]);

/** Settings refused: each entry names one variable and what is wrong with it. */
export class DigestSettingsError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid digest settings: ${problems.join("; ")}`);
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
  const read = readEnvSettings(schema, env, SECRET);
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
    slack: c.SLACK_BOT_TOKEN
      ? { token: c.SLACK_BOT_TOKEN, apiUrl: c.SLACK_API_URL?.replace(/\/*$/, "/") }
      : undefined,
    ...(c.ENGAGETRACK_OWNERS_FILE !== undefined && { ownersFile: c.ENGAGETRACK_OWNERS_FILE }),
    importLedgerDir: c.ENGAGETRACK_DIGEST_LEDGER,
    fault: c.ENGAGETRACK_DIGEST_FAULT,
  };
}
