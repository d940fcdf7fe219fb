import { existsSync, readFileSync } from "node:fs";
import { Counter } from "prom-client";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { createSlackWebClient } from "../slack/index.ts";
import { teamsSenderFrom } from "../teams/index.ts";
import type { Listener } from "../server-app.ts";
import { ServerConfigError } from "../server-config.ts";
import {
  DEFAULT_DIGEST_CONFIG,
  digestFileMissing,
  parseDigestConfig,
  type DigestConfig,
} from "./digest-config.ts";
import { createDigestRunner } from "./digest-runner.ts";
import { startDigestScheduler, type DigestScheduler, type DigestTimer } from "./digest-scheduler.ts";
import { DigestSettingsError, digestSettingsFrom, type DigestSettings } from "./digest-settings.ts";

/**
 * The server's digest listener, from the environment: with ENGAGETRACK_DIGESTS_IN_PROCESS on (the
 * default) it schedules the digests file's schedules inside the server; off (Kubernetes, where a
 * CronJob runs `engagetrack digest --once`), it mounts nothing. Bad settings or an invalid digests
 * file throw `ServerConfigError` before the server listens.
 *
 * @example
 * const server = await startServer(config, services, { listeners: [...LISTENERS, digestListenerFrom(env)] });
 */
export function digestListenerFrom(env: NodeJS.ProcessEnv, timer?: DigestTimer): Listener {
  let settings: DigestSettings;
  try {
    settings = digestSettingsFrom(env);
  } catch (err) {
    if (err instanceof DigestSettingsError) throw new ServerConfigError(err.problems);
    throw err;
  }
  if (!settings.inProcess) {
    return (app) =>
      app.onStart(() =>
        app.services.logger.info(
          "digests: in-process scheduler off (ENGAGETRACK_DIGESTS_IN_PROCESS=false); run `engagetrack digest --once` on a schedule",
        ),
      );
  }
  let config: DigestConfig;
  try {
    config =
      digestFileMissing(settings.configFile) === "default" && !existsSync(settings.configFile)
        ? DEFAULT_DIGEST_CONFIG
        : parseDigestConfig(JSON.parse(readFileSync(settings.configFile, "utf8")), settings.configFile);
  } catch (err) {
    throw new ServerConfigError([
      `ENGAGETRACK_DIGESTS=${JSON.stringify(settings.configFile)}: ${(err as Error).message}`,
    ]);
  }
  return digestListener(settings, config, timer);
}

/**
 * Mounts the in-process digest scheduler on the server: it starts once the server listens and
 * stops (waiting for a run in progress) at shutdown. Digests read the serving snapshot through a
 * lease, link their chart image through the server's signed chart links (Teams), and count
 * deliveries in `engagetrack_digest_deliveries_total{type,status}`.
 */
export function digestListener(
  settings: DigestSettings,
  config: DigestConfig,
  timer?: DigestTimer,
): Listener {
  return (app) => {
    const { services } = app;
    let scheduler: DigestScheduler | undefined;
    app.onStart(() => {
      const registry = services.metrics.registry;
      const deliveries =
        (registry.getSingleMetric("engagetrack_digest_deliveries_total") as
          Counter<"type" | "status"> | undefined) ??
        new Counter({
          name: "engagetrack_digest_deliveries_total",
          help: "Digest deliveries by destination type and outcome (sent, failed, skipped, settled, busy, superseded).",
          labelNames: ["type", "status"],
          registers: [registry],
        });
      const runner = createDigestRunner({
        settings: {
          ...settings,
          modelDir: services.config.insight.modelDir,
          snapshotsDir: services.config.insight.snapshotsDir,
        },
        config,
        experiments: services.experiments,
        logger: services.logger,
        clock: services.clock,
        store: openSnapshotStore(services.config.insight.snapshotsDir),
        // The server's shared store: every replica and `digest --once` claim slots in one ledger.
        sql: services.store.sql,
        lease: () => {
          try {
            const lease = services.serving.acquire();
            return { snapshot: lease.snapshot, card: lease.model.card, release: () => lease.release() };
          } catch {
            return undefined;
          }
        },
        // The server's own Slack and Teams settings (SLACK_*, MicrosoftApp*): one bot, one identity.
        slack: services.config.slack
          ? createSlackWebClient({
              token: services.config.slack.botToken,
              apiUrl: services.config.slack.apiUrl ?? undefined,
              logger: services.logger,
              retries: registry.getSingleMetric("engagetrack_slack_retries_total") as
                Counter<"method" | "reason"> | undefined,
            })
          : undefined,
        teams: teamsSenderFrom(services.config, services),
        chartUrl: (owner) =>
          services.links.url({ chart: "risk-distribution", ...(owner !== undefined && { owner }) }),
      });
      scheduler = startDigestScheduler({
        schedules: config.schedules,
        timer,
        startDelayMs: settings.startDelayMs,
        logger: services.logger,
        run: async (reason) => {
          const outcomes = await runner.run();
          for (const o of outcomes) deliveries.inc({ type: o.type, status: o.status });
          services.logger.info(
            {
              reason,
              outcomes: outcomes.map((o) => ({
                schedule: o.schedule,
                slot: o.slot,
                destination: o.destination,
                status: o.status,
                // Per-owner digests: whose, and why one was skipped (reported once per slot).
                ...(o.owner && { owner: o.owner }),
                ...(o.owner && o.status === "skipped" && { reason: o.reason }),
              })),
            },
            "digest run finished",
          );
        },
      });
      services.logger.info(
        {
          schedules: config.schedules.map((s) => `${s.name} (${s.cron}, ${s.timeZone})`),
          ledger: services.store.where,
          firstRunInSeconds: settings.startDelayMs / 1000,
        },
        "digests scheduled in process",
      );
    });
    app.onClose(async () => {
      await scheduler?.stop();
    });
  };
}
