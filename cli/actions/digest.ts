/**
 * `engagetrack digest --once [--slot <ISO time>] [--schedule <name>] [--json]`: one digest run — the
 * latest due slot of each schedule in the digests file (or the given slot), claimed, sent and
 * recorded in the ledger (in the shared store) once per destination; what a Kubernetes CronJob
 * runs. Exit 1 when a destination failed (recorded, retried by the next run); exit 2 when the store
 * cannot be used (the embedded one held by a running `serve`, an unreachable DATABASE_URL).
 *
 * `engagetrack digest --dry-run [--schedule <name>] [--slot <ISO time>] [--json]`: the digest of the
 * newest snapshot as Markdown (or the report as JSON), compared with what the schedule's first
 * destination received last; nothing is sent or recorded. For a per-owner schedule (`per: "owner"`),
 * the plan: each owner's book (customers to act on, High, revenue at risk) and where their digest
 * would go.
 *
 * Configured by the environment (see the README): ENGAGETRACK_DIGESTS, DATABASE_URL (or
 * ENGAGETRACK_STORE_DIR), ENGAGETRACK_DIGEST_OUTBOX, SLACK_BOT_TOKEN, ENGAGETRACK_PUBLIC_URL,
 * ENGAGETRACK_MODEL_DIR, ENGAGETRACK_SNAPSHOTS_DIR; upgrades: ENGAGETRACK_DIGEST_LEDGER (an older
 * version's ledger folder, imported by `--once` before its first claim).
 */
import type { CliIo } from "../cli-io.ts";
import { formatTable, riskDistribution } from "../../core/src/charts/index.ts";
import { buildDigestReport, cronSchedule, slotIso } from "../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENTS_FILE, readExperimentConfig } from "../../core/src/experiments/index.ts";
import { createLogger } from "../../core/src/log/index.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { LOG_SETTINGS, readSettings } from "../../core/src/settings/index.ts";
import { openStore, StoreError, type Store } from "../../core/src/store/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";

interface DigestOptions {
  once?: boolean;
  dryRun?: boolean;
  slot?: string;
  schedule?: string;
  json?: boolean;
}

export async function action(io: CliIo, options: DigestOptions): Promise<number | void> {
  if (Boolean(options.once) === Boolean(options.dryRun)) {
    throw new CliError("bad-option", "give --once (send the due digests) or --dry-run (preview one)");
  }
  const slot = options.slot === undefined ? undefined : parseSlot(options.slot);
  // Loaded on demand: the other commands need none of the delivery modules.
  const digest = await import("../../bot/digest/index.ts");
  const settings = await badConfig(() => digest.digestSettingsFrom(io.env));
  const config = await badConfig(() =>
    digest.readDigestConfig(settings.configFile, {
      missing: digest.digestFileMissing(settings.configFile),
    }),
  );
  const experiments = await badConfig(() =>
    readExperimentConfig(DEFAULT_EXPERIMENTS_FILE, { missing: "default" }),
  );
  const store = openSnapshotStore(settings.snapshotsDir);
  const logger = createLogger(io.stderr, {
    level: logLevel(io.env) ?? (options.json ? "warn" : "info"),
    base: { service: "digest" },
  });

  const shared = await openSharedStore(
    settings.store,
    options.once ? "engagetrack digest --once" : "engagetrack digest --dry-run",
  );
  try {
    return await (options.dryRun ? dryRun(shared) : once(shared));
  } finally {
    await shared.close();
  }

  async function dryRun(shared: Store) {
    const schedule = options.schedule
      ? config.schedules.find((s) => s.name === options.schedule)
      : config.schedules[0];
    if (!schedule) {
      throw new CliError(
        "unknown-schedule",
        options.schedule
          ? `no schedule ${JSON.stringify(options.schedule)} in ${settings.configFile}; declared: ${config.schedules.map((s) => s.name).join(", ") || "none"}`
          : `${settings.configFile} declares no schedules`,
      );
    }
    const sources = digest.createDigestSources({
      store,
      modelDir: settings.modelDir,
      warn: (message, details) => logger.warn(details, message),
    });
    const current = await sources.current();
    if (!current) {
      throw new CliError(
        "no-snapshot",
        `no snapshot in ${settings.snapshotsDir}: run \`npm start\` (or engagetrack score) first`,
      );
    }
    try {
      const cron = cronSchedule(schedule.cron, schedule.timeZone);
      const at = slot ?? cron.latest(new Date()) ?? new Date(Math.floor(Date.now() / 1000) * 1000);
      if (schedule.per === "owner") return await ownerPlan(schedule, slotIso(at), current.snapshot, shared);
      const ledger = digest.openStoreLedger(shared.sql, { leaseMs: settings.leaseMs, clock: Date.now });
      // What the schedule's first destination saw last (read only: a dry run records nothing).
      const [first] = runnerDestinations(digest, settings, schedule);
      const baseline = first ? await ledger.lastDelivered(first.key) : undefined;
      const previous =
        baseline && baseline.snapshotId !== current.snapshot.manifest.id
          ? await sources.open(baseline.snapshotId)
          : undefined;
      const report = buildDigestReport(
        digest.digestInputFor({
          schedule,
          slot: slotIso(at),
          current,
          baseline,
          previous,
          experiments,
          publicUrl: settings.publicUrl,
        }),
      );
      if (options.json) {
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const spec = riskDistribution(report.chart.bins);
        io.stdout.write(
          digest.renderDigestMarkdown(report, {
            kind: "text",
            text: formatTable(spec.title, spec.table),
            alt: spec.alt,
          }),
        );
      }
    } finally {
      current.release();
    }
  }

  /** A per-owner schedule's dry run: the plan, owner by owner (no chat API is called). */
  async function ownerPlan(
    schedule: import("../../bot/digest/index.ts").DigestSchedule,
    at: string,
    snapshot: import("../../core/src/digest/index.ts").DigestSnapshot,
    shared: Store,
  ) {
    const { loadOwnerDirectory } = await import("../../bot/services/owner-directory.ts");
    const directory = await badConfig(() => loadOwnerDirectory(settings.ownersFile));
    const { teams } = await teamsForCli(io.env, logger, shared);
    const outbox = schedule.destinations.find((d) => d.type === "outbox");
    const { createSlackWebClient } = await import("../../bot/slack/index.ts");
    const rows = digest.ownerPlan(schedule, snapshot, {
      directory,
      // A client that is never called: the plan only says a DM would go to Slack.
      slack: settings.slack ? createSlackWebClient({ token: settings.slack.token, logger }) : undefined,
      teams,
      outboxDir: (outbox?.type === "outbox" && outbox.dir) || settings.outboxDir,
    });
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ schedule: schedule.name, slot: at, snapshot: snapshot.manifest.id, owners: rows }, null, 2)}\n`
        : digest.renderOwnerPlan(schedule, at, snapshot, rows),
    );
  }

  async function once(shared: Store) {
    const teams = config.schedules.some(
      (sc) => sc.per === "owner" || sc.destinations.some((d) => d.type === "teams"),
    )
      ? await teamsForCli(io.env, logger, shared)
      : {};
    const runner = digest.createDigestRunner({
      settings,
      config,
      experiments,
      logger,
      clock: Date.now,
      store,
      sql: shared.sql,
      ...teams,
      onFault: (point) =>
        io.stderr.write(`engagetrack digest: fault ${point}: stopped, waiting to be killed\n`),
    });
    let outcomes;
    try {
      outcomes = await runner.run({ slot, schedule: options.schedule });
    } catch (err) {
      if (err instanceof digest.DigestSlotError) throw new CliError("bad-slot", err.message, { cause: err });
      if (err instanceof digest.LedgerImportError)
        throw new CliError("ledger-import", err.message, { cause: err });
      throw err;
    }
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ outcomes }, null, 2)}\n`);
    } else if (outcomes.length === 0) {
      io.stdout.write("no digest is due yet\n");
    } else {
      for (const o of outcomes) {
        const where = o.messageRef ? ` → ${o.messageRef}` : "";
        const why = o.reason ? ` (${o.reason})` : "";
        const owner = o.owner ? ` (owner ${o.owner})` : "";
        io.stdout.write(`${o.schedule} ${o.slot} ${o.destination}${owner}: ${o.status}${where}${why}\n`);
      }
    }
    return outcomes.some((o) => o.status === "failed") ? ExitCode.dataProblems : ExitCode.ok;
  }
}

/** A setting or file that cannot be used: its message, exit 2. */
async function badConfig<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new CliError("bad-config", (err as Error).message, { cause: err });
  }
}

/**
 * The shared store that holds the ledger, from the server's settings (DATABASE_URL, else the
 * embedded store): a store that cannot be used (held by a running `serve`, unreachable) is one
 * sentence, exit 2.
 */
async function openSharedStore(settings: { databaseUrl?: string; dir: string }, command: string) {
  try {
    return await openStore({ databaseUrl: settings.databaseUrl, dir: settings.dir, command, sweepMs: 0 });
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(err.code, err.message, { cause: err });
    throw err;
  }
}

function parseSlot(raw: string): Date {
  const at = new Date(raw);
  if (!/^\d{4}-\d\d-\d\dT/.test(raw) || Number.isNaN(at.getTime())) {
    throw new CliError(
      "bad-option",
      `invalid --slot: ${JSON.stringify(raw)} (an ISO 8601 time, e.g. 2026-07-06T07:00:00Z)`,
    );
  }
  return at;
}

/** The schedule's destinations with their ledger keys (no clients: a dry run sends nothing). */
function runnerDestinations(
  digest: typeof import("../../bot/digest/index.ts"),
  settings: { outboxDir: string },
  schedule: import("../../bot/digest/index.ts").DigestSchedule,
) {
  return schedule.destinations.map((d) =>
    d.type === "outbox"
      ? digest.outboxDestination(d.dir ?? settings.outboxDir)
      : d.type === "slack"
        ? digest.slackDestination(d.channel, undefined)
        : digest.teamsDestination(d.conversationId, undefined),
  );
}

/**
 * The Teams bot's sender and signed chart links, from the server's Teams and chart-link settings
 * only (MicrosoftApp*, HOST, ENGAGETRACK_PUBLIC_URL, ENGAGETRACK_CHART_SIGNING_SECRET,
 * ENGAGETRACK_CHART_URL_TTL_SECONDS) — the CronJob runs with the server's environment, and the rest
 * of the server's settings are not this run's business. Without usable settings Teams
 * destinations are skipped (recorded, retried later).
 */
async function teamsForCli(
  env: NodeJS.ProcessEnv,
  logger: import("../../core/src/log/index.ts").Logger,
  store: Store,
) {
  const { readSettings, SERVER_SETTINGS } = await import("../../core/src/settings/index.ts");
  const { teamsConfigFrom } = await import("../../bot/teams/teams-settings.ts");
  const { teamsSenderFrom } = await import("../../bot/teams/index.ts");
  const { createChartLinks } = await import("../../bot/services/index.ts");
  const {
    HOST,
    ENGAGETRACK_PUBLIC_URL,
    ENGAGETRACK_CHART_SIGNING_SECRET,
    ENGAGETRACK_CHART_URL_TTL_SECONDS,
  } = SERVER_SETTINGS.settings;
  const read = readSettings(env, {
    HOST,
    ENGAGETRACK_PUBLIC_URL,
    ENGAGETRACK_CHART_SIGNING_SECRET,
    ENGAGETRACK_CHART_URL_TTL_SECONDS,
  });
  const problems = read.ok ? [] : [...read.problems];
  const teams = read.ok ? teamsConfigFrom(env, read.settings.HOST, problems) : undefined;
  if (!read.ok || problems.length > 0) {
    logger.warn({ reason: problems.join("; ") }, "Teams settings unusable: Teams digests are skipped");
    return {};
  }
  const secret = read.settings.ENGAGETRACK_CHART_SIGNING_SECRET;
  const config = {
    teams,
    publicUrl: read.settings.ENGAGETRACK_PUBLIC_URL?.replace(/\/+$/, ""),
    charts: {
      secret: Buffer.from(secret ?? "", "utf8"),
      ephemeralSecret: !secret,
      ttlSeconds: read.settings.ENGAGETRACK_CHART_URL_TTL_SECONDS,
    },
  };
  const publicUrl = config.publicUrl;
  const links =
    publicUrl && !config.charts.ephemeralSecret
      ? createChartLinks({
          secret: config.charts.secret,
          ttlSeconds: config.charts.ttlSeconds,
          baseUrl: () => publicUrl,
          clock: Date.now,
        })
      : undefined;
  return {
    teams: teamsSenderFrom(config, { logger, store }),
    chartUrl: links
      ? (owner?: string) => links.url({ chart: "risk-distribution", ...(owner !== undefined && { owner }) })
      : undefined,
  };
}

/** LOG_LEVEL when set (validated as everywhere), else undefined: `--json` then logs warnings only. */
function logLevel(env: NodeJS.ProcessEnv) {
  const read = readSettings(env, { LOG_LEVEL: LOG_SETTINGS.settings.LOG_LEVEL });
  if (!read.ok) throw new CliError("bad-config", `invalid configuration: ${read.problems.join("; ")}`);
  return read.present.LOG_LEVEL === undefined ? undefined : read.settings.LOG_LEVEL;
}
