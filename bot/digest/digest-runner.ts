import type { WebClient } from "@slack/web-api";
import type { Counter } from "prom-client";
import { createChartRenderer, type ChartRenderer } from "../../core/src/charts/server.ts";
import type { ExperimentConfig } from "../../core/src/experiments/index.ts";
import type { Logger } from "../../core/src/log/index.ts";
import type { SnapshotStore } from "../../core/src/snapshot/index.ts";
import { readExposures, storeCustomerActions, type SqlClient } from "../../core/src/store/index.ts";
import { createSlackWebClient } from "../slack/slack-web-client.ts";
import type { DigestConfig, DigestSchedule } from "./digest-config.ts";
import type { DigestDestination } from "./digest-destination.ts";
import type { DigestSettings } from "./digest-settings.ts";
import { createDigestSources, type DigestSourcesOptions } from "./digest-sources.ts";
import type { Ledger } from "./ledger.ts";
import { outboxDestination } from "./outbox-destination.ts";
import { ownerDestinations, type OwnerRoutes } from "./owner-destinations.ts";
import { loadOwnerDirectory } from "../services/owner-directory.ts";
import { runDigests, type DeliveryOutcome } from "./run-digests.ts";
import { slackDestination } from "./slack-destination.ts";
import { openStoreLedger } from "./store-ledger.ts";
import { teamsDestination, type TeamsSender } from "./teams-destination.ts";

export interface DigestRunnerOptions {
  settings: DigestSettings;
  config: DigestConfig;
  experiments: ExperimentConfig;
  logger: Logger;
  /** Milliseconds since the epoch. */
  clock: () => number;
  store: SnapshotStore;
  /** The shared store's database, which holds the ledger (`store.sql`). */
  sql: SqlClient;
  /** The server's serving lease (the newest snapshot already in memory); default the store's newest. */
  lease?: DigestSourcesOptions["lease"];
  /** Default: a warm renderer with the shipped fonts, made at the first digest. */
  renderer?: ChartRenderer;
  /** Default: `createSlackWebClient` when SLACK_BOT_TOKEN is set. */
  slack?: WebClient;
  /** Counts Slack 429s waited out (the server's `engagetrack_slack_retries_total`). */
  slackRetries?: Counter<"method" | "reason">;
  /** The Teams bot's proactive sender; Teams destinations are skipped without one. */
  teams?: TeamsSender;
  /**
   * A link to the risk-distribution chart image (Teams cards link images, never inline them): the
   * whole team's, or with an owner their book's (per-owner digests).
   */
  chartUrl?: (owner?: string) => string | undefined;
  /** Per-owner digests: where owners are reached; default the owners file of `settings.ownersFile`. */
  owners?: OwnerRoutes["directory"];
  onFault?: (point: string) => void;
}

export interface DigestRunner {
  readonly ledger: Ledger;
  /** One run: the latest due slot of each schedule (or `slot`), once per destination. */
  run(options?: { slot?: Date; schedule?: string }): Promise<DeliveryOutcome[]>;
}

/**
 * Wires a digest run from settings: the ledger (in the shared store), snapshot sources, destination clients (Slack from
 * SLACK_BOT_TOKEN through `createSlackWebClient`, the outbox by default) and a chart renderer.
 * `engagetrack digest --once` and the server's scheduler both run through it.
 *
 * @example
 * const runner = createDigestRunner({ settings, config, experiments, logger, clock: Date.now,
 *   store: openSnapshotStore(settings.snapshotsDir), sql: shared.sql });
 * const outcomes = await runner.run();
 */
export function createDigestRunner(options: DigestRunnerOptions): DigestRunner {
  const { settings, logger } = options;
  // An older version's ledger folder is imported once — never into a throwaway in-memory store,
  // which would lose it at exit.
  const throwaway = options.sql.engine === "pglite" && options.sql.where === "memory";
  const ledger = openStoreLedger(options.sql, {
    leaseMs: settings.leaseMs,
    clock: options.clock,
    importDir: throwaway ? undefined : settings.importLedgerDir,
    logger,
  });
  const slack =
    options.slack ??
    (settings.slack
      ? createSlackWebClient({
          token: settings.slack.token,
          apiUrl: settings.slack.apiUrl,
          logger,
          retries: options.slackRetries,
        })
      : undefined);
  const sources = createDigestSources({
    store: options.store,
    modelDir: settings.modelDir,
    lease: options.lease,
    warn: (message, details) => logger.warn(details, message),
  });
  let renderer = options.renderer;
  // Read at the first per-owner schedule (a bad owners file fails that run, naming the file).
  let directory: Promise<OwnerRoutes["directory"]> | undefined;
  const destinations = (schedule: DigestSchedule): DigestDestination[] =>
    schedule.destinations.map((d) => {
      switch (d.type) {
        case "outbox":
          return outboxDestination(d.dir ?? settings.outboxDir);
        case "slack":
          return slackDestination(d.channel, slack);
        case "teams":
          return teamsDestination(d.conversationId, options.teams, {
            chartUrl: options.chartUrl && (() => options.chartUrl?.()),
          });
      }
    });
  return {
    ledger,
    run: (run = {}) =>
      runDigests({
        config: options.config,
        ledger,
        sources,
        destinations,
        ownerDestinations: async (schedule, owners) => {
          directory ??= options.owners
            ? Promise.resolve(options.owners)
            : loadOwnerDirectory(settings.ownersFile).catch((err: unknown) => {
                directory = undefined; // read again by the next run
                throw err;
              });
          const outbox = schedule.destinations.find((d) => d.type === "outbox");
          return ownerDestinations(schedule, owners, {
            directory: await directory,
            slack,
            teams: options.teams,
            chartUrl: options.chartUrl,
            outboxDir: (outbox?.type === "outbox" && outbox.dir) || settings.outboxDir,
          });
        },
        renderChart: (spec) => {
          renderer ??= createChartRenderer({ warn: (message, details) => logger.warn(details, message) });
          return renderer.png(spec);
        },
        experiments: options.experiments,
        clock: options.clock,
        logger,
        schedule: run.schedule,
        slot: run.slot,
        publicUrl: settings.publicUrl,
        fault: settings.fault,
        onFault: options.onFault,
        // Write-back in the shared store: snoozes and last actions (reads only: no replica name needed).
        customerActions: storeCustomerActions(options.sql, "digest"),
        // Nudge exposures: the experiment line compares exposed customers where there are any.
        exposures: (experimentKey) => readExposures(options.sql, experimentKey),
      }),
  };
}
